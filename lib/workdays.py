"""Swedish working days: Monday to Friday, except public holidays and the de facto holiday eves.

Plain Python, no Django: used by deadline and gap calculations that must be cheap to call per date.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def _midsummer_eve(year: int) -> date:
    """The Friday between 19 and 25 June."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


@lru_cache(maxsize=None)
def closed_weekdays(year: int) -> frozenset[date]:
    """Mondays to Fridays of `year` that are not working days.

    Public holidays come from python-holidays. `include_sundays=False` is passed explicitly: older
    releases listed every Sunday as a Swedish holiday by default, and Sundays are weekend days anyway.
    Midsummer eve, Christmas eve and New Year's eve are not public holidays by law, but the Annual
    Leave Act treats them like Sundays and practically no one works; python-holidays only has them in
    its optional DE_FACTO category, so they are added here independently of the library's categories.
    """
    public = holidays.country_holidays("SE", years=year, include_sundays=False)
    eves = {_midsummer_eve(year), date(year, 12, 24), date(year, 12, 31)}
    return frozenset(day for day in (*public.keys(), *eves) if day.weekday() < _SATURDAY)


def is_working_day(day: date) -> bool:
    """False on Saturdays, Sundays, Swedish public holidays, midsummer eve, Christmas eve and New Year's eve."""
    return day.weekday() < _SATURDAY and day not in closed_weekdays(day.year)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += _ONE_DAY
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`."""
    day -= _ONE_DAY
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def add_working_days(day: date, n: int) -> date:
    """The date `n` working days after `day` (before it when `n` is negative).

    - n > 0: the n-th working day strictly after `day`. Whether `day` itself is a working day does
      not matter: Friday + 1 and Saturday + 1 are both the following Monday (if it is a working day).
    - n == 0: `day` itself if it is a working day, otherwise the next working day after it
      (a deadline falling on a weekend or holiday moves forward, never backward).
    - n < 0: the |n|-th working day strictly before `day`; Monday - 1 is the previous Friday.

    Hence for n > 0 the result r is a working day with working_days_between(day + 1 day, r) == n,
    and for n < 0 a working day with working_days_between(r, day - 1 day) == -n.
    """
    if n == 0:
        return day if is_working_day(day) else next_working_day(day)
    step = next_working_day if n > 0 else previous_working_day
    for _ in range(abs(n)):
        day = step(day)
    return day


def _weekdays_between(start: date, end: date) -> int:
    """Mondays to Fridays in start..end inclusive, assuming start <= end."""
    full_weeks, rest = divmod((end - start).days + 1, 7)
    first = start.weekday()
    return full_weeks * 5 + sum(1 for offset in range(rest) if (first + offset) % 7 < _SATURDAY)


def working_days_between(start: date, end: date) -> int:
    """The number of working days d with start <= d <= end; 0 if end < start."""
    if end < start:
        return 0
    # Arithmetic on weeks plus the handful of closed weekdays per year keeps long ranges cheap.
    closed = sum(
        1 for year in range(start.year, end.year + 1) for day in closed_weekdays(year) if start <= day <= end
    )
    return _weekdays_between(start, end) - closed
