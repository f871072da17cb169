"""Writes of the kernel that users make themselves: how reminders are e-mailed to them, and
marking their reminders read."""

from django.utils import timezone

from .audit import Change, record
from .models import Notification


def email_frequency_set(*, user, frequency) -> None:
    user.email_frequency = frequency
    user.save(update_fields=["email_frequency"])
    record(user, Change.EMAIL_PREFERENCE, user, {"email_frequency": frequency})


def notifications_mark_read(*, user, notification=None) -> int:
    """Mark one of the user's notifications read, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


def lockout_clear(*, user) -> int:
    """A successful password reset proves the owner: the failures that locked the account go."""
    from axes.utils import reset

    from .models import email_key

    return reset(username=email_key(user.email))
