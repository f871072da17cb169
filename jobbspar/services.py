from django.db.models import F
from django.utils import timezone

from accounts.audit import Change, record

from .models import Heartbeat, RetentionPolicy


def heartbeat_beat(*, name: str = "celery", hostname: str = "") -> Heartbeat:
    """Record that a periodic task ran now. Safe to run twice: it only moves the time forward."""
    beat, created = Heartbeat.objects.get_or_create(
        name=name, defaults={"last_run_at": timezone.now(), "runs": 1, "hostname": hostname}
    )
    if not created:
        Heartbeat.objects.filter(pk=name).update(last_run_at=timezone.now(), runs=F("runs") + 1, hostname=hostname)
        beat.refresh_from_db()
    return beat


def retention_policy_update(*, policy: RetentionPolicy, actor, **fields) -> RetentionPolicy:
    """The administrator changes how long personal data is kept; the next night's run follows."""
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.updated_by = actor
    policy.save()
    record(actor, Change.RETENTION_CHANGE, policy, {name: str(value) for name, value in fields.items()})
    return policy
