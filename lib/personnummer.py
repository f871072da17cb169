"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Stored once, as twelve digits YYYYMMDDNNNN; shown masked as the birth date and ****. python-stdnum
checks personnummer; a coordination number is a personnummer with 60 added to the day, which
stdnum does not know, so its date is checked here and its check digit with stdnum's Luhn.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.se import personnummer

INVALID = _("Enter a valid personal identity number or coordination number, e.g. 19850412-1234.")


def normalize(value: str, today: datetime.date | None = None) -> str:
    """The twelve-digit form of a personnummer or coordination number; ValidationError if invalid."""
    digits = re.sub(r"[\s-]", "", value or "")
    plus = "+" in digits  # born 100 or more years ago, written with ten digits
    digits = digits.replace("+", "")
    if not digits.isdigit() or len(digits) not in (10, 12):
        raise ValidationError(INVALID, code="invalid")
    short = digits[-10:]
    if not luhn.is_valid(short):
        raise ValidationError(INVALID, code="invalid")
    day = int(short[4:6])
    date_part = short[:4] + f"{day - 60:02d}" if day > 60 else short[:6]
    if len(digits) == 12:
        century = digits[:2]
    else:
        today = today or timezone.localdate()
        year = int(short[:2]) + (today.year // 100) * 100
        if year > today.year:
            year -= 100
        if plus:
            year -= 100
        century = str(year)[:2]
    if day > 60:  # coordination number: the check digit is over the digits as written (above)
        try:
            datetime.date(int(century + date_part[:2]), int(date_part[2:4]), int(date_part[4:6]))
        except ValueError:
            raise ValidationError(INVALID, code="invalid") from None
    elif not personnummer.is_valid(f"{century}{short[:6]}-{short[6:]}"):
        raise ValidationError(INVALID, code="invalid")
    return century + short


def is_coordination_number(number: str) -> bool:
    return int(number[6:8]) > 60


def birth_date(number: str) -> datetime.date:
    day = int(number[6:8])
    return datetime.date(int(number[:4]), int(number[4:6]), day - 60 if day > 60 else day)


def formatted(number: str) -> str:
    return f"{number[:8]}-{number[8:]}"


def masked(number: str) -> str:
    """Birth date and ****: enough to tell people apart on a page, not enough to identify."""
    return f"{birth_date(number):%Y%m%d}-****"
