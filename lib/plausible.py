"""Plausibility of dates, for the services that record what happened: nothing is recorded as
done after today (in Sweden's time zone), and nothing before what it follows. Each check raises a
ValidationError keyed by the form field it is about, with a Swedish message."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def today() -> datetime.date:
    """Today in Europe/Stockholm (the project's TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


def not_after_today(day: datetime.date | None, *, field: str, what: str):
    """`what` (e.g. "The follow-up") cannot have happened after today."""
    if day is not None and day > today():
        raise ValidationError({field: _("%(what)s cannot be recorded as done on %(date)s: that is after today.") % {
            "what": what, "date": day.isoformat()}})


def not_before(day: datetime.date | None, earliest: datetime.date | None, *, field: str, message: str):
    """`day` must be on or after `earliest`; `message` says what `earliest` is."""
    if day is not None and earliest is not None and day < earliest:
        raise ValidationError({field: message % {"date": earliest.isoformat()}})
