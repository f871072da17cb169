from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import Change, record

from .models import AccessibilityReport, Heartbeat, RetentionPolicy


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


def accessibility_report(*, description: str, page: str = "", contact: str = "", actor=None) -> AccessibilityReport:
    """Someone cannot use part of the service: kept, and every administrator told (in the app, and
    by e-mail as they chose), with a link to the report in the administration."""
    from django.db.models import Q
    from django.urls import reverse

    from accounts.models import Role, User
    from accounts.notifications import Reminder, notify

    report = AccessibilityReport.objects.create(description=description.strip(), page=page.strip()[:300],
                                                contact=contact.strip()[:200], reported_by=actor)
    record(actor, Change.ACCESSIBILITY_REPORT, report, {"page": report.page})
    administrators = User.objects.filter(Q(is_superuser=True) | Q(memberships__role=Role.ADMINISTRATOR),
                                         is_active=True).distinct().values_list("pk", flat=True)
    url = reverse("admin:site_accessibilityreport_change", args=[report.pk])
    with translation.override("sv"):  # stored, like every reminder, in the interface's first language
        message = _("An accessibility problem is reported: %(text)s") % {"text": report.description[:300]}
    notify([Reminder(recipient_id=pk, rule="accessibility", object_key=str(report.pk), due_date=None,
                     message=message, url=url) for pk in administrators])
    return report
