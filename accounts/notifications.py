"""Notifications: one row per reminder, unique by rule, object, due date and recipient."""

import datetime
from dataclasses import dataclass

from .models import Notification


@dataclass(frozen=True)
class Reminder:
    recipient_id: int
    rule: str
    object_key: str
    due_date: datetime.date | None
    message: str
    url: str = ""
    calendar: str = ""  # an iCalendar file e-mailed with it (an invitation to a meeting)

    @property
    def key(self):
        return f"{self.rule}:{self.object_key}:{self.due_date}:{self.recipient_id}"


def notify(reminders) -> int:
    """Store the reminders not stored before; returns how many are new. The unique key in the
    database is what guarantees "never twice" when two workers run at once."""
    unique = {r.key: r for r in reminders}
    existing = set(Notification.objects.filter(key__in=list(unique)).values_list("key", flat=True))
    new = [
        Notification(recipient_id=r.recipient_id, rule=r.rule, key=key, message=r.message[:400], url=r.url,
                     due_date=r.due_date, calendar=r.calendar)
        for key, r in unique.items()
        if key not in existing
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count() if user.is_authenticated else 0


def _claim(pending) -> list:
    """Take the notifications to e-mail and mark them e-mailed before sending, in one transaction,
    so two workers (or the runs of a second beat started by mistake) never both send the same one:
    PostgreSQL locks the rows taken (another worker skips them, or finds them e-mailed once this
    commits); SQLite takes its write lock when the transaction begins. Returns only what this
    caller took."""
    from django.db import transaction
    from django.utils import timezone

    with transaction.atomic():
        taken = list(pending.select_for_update(skip_locked=True, of=("self",)))
        Notification.objects.filter(pk__in=[n.pk for n in taken]).update(emailed_at=timezone.now())
    return taken


def _send(user, items, subject):
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("sv"):
        context = {"user": user, "items": items, "site_url": settings.SITE_URL}
        text = render_to_string("accounts/email/reminders.txt", context)
        html = render_to_string("accounts/email/reminders.html", context)
        message = EmailMultiAlternatives(str(subject), text, to=[user.email])
        message.attach_alternative(html, "text/html")
        for number, item in enumerate((i for i in items if i.calendar), start=1):
            name = "inbjudan.ics" if number == 1 else f"inbjudan-{number}.ics"
            message.attach(name, item.calendar, "text/calendar; method=PUBLISH; charset=utf-8")
        message.send()


def email_immediate() -> int:
    """E-mail every not yet e-mailed notification of users who want them at once; one each."""
    from django.utils.translation import gettext_lazy as _

    pending = _claim(
        Notification.objects.filter(emailed_at__isnull=True, recipient__email_frequency="immediate", recipient__is_active=True)
        .select_related("recipient")
    )
    for item in pending:
        _send(item.recipient, [item], _("Reminder from Jobbspår"))
    return len(pending)


def email_digests() -> int:
    """One e-mail per user who wants the daily digest, with their unread, not yet e-mailed reminders."""
    from django.utils.translation import gettext_lazy as _

    pending = _claim(
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True, recipient__email_frequency="daily",
                                    recipient__is_active=True)
        .select_related("recipient").order_by("recipient_id", "due_date")
    )
    by_user: dict = {}
    for item in pending:
        by_user.setdefault(item.recipient, []).append(item)
    for user, items in by_user.items():
        _send(user, items, _("Your reminders in Jobbspår today"))
    return len(by_user)
