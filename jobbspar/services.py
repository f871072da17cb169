from django.db.models import F
from django.utils import timezone

from .models import Heartbeat


def heartbeat_beat(*, name: str = "celery", hostname: str = "") -> Heartbeat:
    """Record that a periodic task ran now. Safe to run twice: it only moves the time forward."""
    beat, created = Heartbeat.objects.get_or_create(
        name=name, defaults={"last_run_at": timezone.now(), "runs": 1, "hostname": hostname}
    )
    if not created:
        Heartbeat.objects.filter(pk=name).update(last_run_at=timezone.now(), runs=F("runs") + 1, hostname=hostname)
        beat.refresh_from_db()
    return beat
