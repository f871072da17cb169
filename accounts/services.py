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


def _feed_digest(token: str) -> str:
    import hashlib
    import hmac

    from django.conf import settings

    return hmac.new(settings.SECRET_KEY.encode(), f"calendar:{token}".encode(), hashlib.sha256).hexdigest()


def calendar_feed_renew(*, user) -> str:
    """A new secret address for the user's calendar; the old one stops working. Returns the
    token, which is not kept."""
    import secrets

    from .models import CalendarFeed

    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"digest": _feed_digest(token),
                                                               "created_at": timezone.now()})
    record(user, Change.CALENDAR_FEED, user, {"made": True})
    return token


def calendar_feed_end(*, user) -> None:
    from .models import CalendarFeed

    if CalendarFeed.objects.filter(user=user).delete()[0]:
        record(user, Change.CALENDAR_FEED, user, {"made": False})


def calendar_feed_user(token: str):
    """Whose feed a token opens: an active user's, else nobody's."""
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user").filter(digest=_feed_digest(token or "")).first()
    return feed.user if feed is not None and feed.user.is_active and not feed.user.is_participant else None


def user_create(*, actor, email, full_name, role, organisation):
    """A staff user with one role in one organisation (as the administrator adds one, or many from a
    file). No password: they log in through their organisation's login, or choose one with "forgot
    password"."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import Membership, User, email_key

    if User.objects.filter(email=email_key(email)).exists():
        raise ValidationError({"email": _("A user with this e-mail address is already in Jobbspår.")})
    membership = Membership(role=role, organisation=organisation)
    membership.clean()
    user = User.objects.create_user(email, password=None, full_name=full_name.strip())
    membership.user = user
    membership.save()
    record(actor, Change.USER_CREATE, user, {"role": role, "organisation": organisation.pk})
    return user
