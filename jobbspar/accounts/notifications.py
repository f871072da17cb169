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

    @property
    def key(self):
        return f"{self.rule}:{self.object_key}:{self.due_date}:{self.recipient_id}"


def notify(reminders) -> int:
    """Store the reminders not stored before; returns how many are new. The unique key in the
    database is what guarantees "never twice" when two workers run at once."""
    unique = {r.key: r for r in reminders}
    existing = set(Notification.objects.filter(key__in=list(unique)).values_list("key", flat=True))
    new = [
        Notification(recipient_id=r.recipient_id, rule=r.rule, key=key, message=r.message[:400], url=r.url, due_date=r.due_date)
        for key, r in unique.items()
        if key not in existing
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count() if user.is_authenticated else 0
