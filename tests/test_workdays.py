"""Swedish working days (tracks/workdays.py): known dates, deadlines across holidays, month counts."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
)

# No example database: the tests must not leave a .hypothesis directory behind in the project.
moderate = settings(max_examples=200, deadline=None, database=None)
dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 19), False),  # midsommarafton, a Friday
        (date(2026, 6, 20), False),  # midsommardagen, a Saturday
        (date(2026, 12, 24), False),  # julafton
        (date(2026, 12, 25), False),  # juldagen
        (date(2026, 12, 26), False),  # annandag jul
        (date(2026, 12, 31), False),  # nyårsafton
        (date(2027, 1, 1), False),  # nyårsdagen
        (date(2027, 1, 6), False),  # trettondedag jul, a Wednesday
        (date(2026, 4, 3), False),  # långfredagen
        (date(2026, 4, 6), False),  # annandag påsk
        (date(2026, 5, 1), False),  # första maj
        (date(2026, 5, 14), False),  # Kristi himmelsfärdsdag
        (date(2025, 6, 6), False),  # nationaldagen, a Friday in 2025
        (date(2026, 3, 7), False),  # an ordinary Saturday
        # An ordinary Sunday: python-holidays 0.109 no longer lists Sundays for Sweden, the weekday rule does.
        (date(2026, 3, 8), False),
        (date(2026, 3, 10), True),  # an ordinary Tuesday
        (date(2026, 4, 2), True),  # skärtorsdagen: only a half day for banks
        (date(2026, 4, 7), True),  # the Tuesday after Easter
        (date(2026, 5, 15), True),  # the Friday after Ascension ("klämdag") is not a holiday
        (date(2026, 6, 18), True),  # the day before midsummer eve
        (date(2026, 12, 28), True),  # Monday between Christmas and New Year
        (date(2026, 12, 30), True),
        (date(2026, 10, 30), True),  # allhelgonaafton
        (date(2026, 1, 5), True),  # trettondagsafton
    ],
)
def test_is_working_day_known_dates(day, expected):
    assert is_working_day(day) == expected


@pytest.mark.parametrize(
    ("year", "eve"),
    [(2024, date(2024, 6, 21)), (2025, date(2025, 6, 20)), (2026, date(2026, 6, 19)), (2027, date(2027, 6, 25))],
)
def test_is_working_day_midsummer_eve_every_year(year, eve):
    assert (is_working_day(eve), is_working_day(eve - timedelta(days=1))) == (False, True)


def test_is_working_day_agrees_with_library_public_and_de_facto_2024_to_2028():
    years = range(2024, 2029)
    library = holidays.country_holidays("SE", years=years, categories=("public", "de_facto"), include_sundays=False)
    days = [date(2024, 1, 1) + timedelta(days=i) for i in range((date(2028, 12, 31) - date(2024, 1, 1)).days + 1)]
    expected = [day.weekday() < 5 and day not in library for day in days]
    assert [is_working_day(day) for day in days] == expected


def test_add_working_days_across_easter_forward():
    # Thursday 2 April 2026; Good Friday and Easter Monday are closed.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)


def test_add_working_days_across_easter_backward():
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2026, 4, 9), -3) == date(2026, 4, 2)


def test_add_working_days_across_christmas_forward():
    # Wednesday 23 December 2026; open days until Epiphany: 28, 29, 30 Dec, 4 and 5 Jan.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 23), 4) == date(2027, 1, 4)
    assert add_working_days(date(2026, 12, 23), 6) == date(2027, 1, 7)


def test_add_working_days_across_christmas_backward():
    assert add_working_days(date(2027, 1, 4), -1) == date(2026, 12, 30)
    assert add_working_days(date(2027, 1, 7), -6) == date(2026, 12, 23)


def test_add_working_days_zero_on_working_day_is_same_day():
    assert add_working_days(date(2026, 3, 10), 0) == date(2026, 3, 10)


def test_add_working_days_zero_on_closed_day_moves_forward():
    # Midsummer eve, midsummer day and the Sunday after: the next working day is Monday 22 June.
    assert add_working_days(date(2026, 6, 19), 0) == date(2026, 6, 22)
    assert add_working_days(date(2026, 6, 20), 0) == date(2026, 6, 22)


def test_add_working_days_one_from_friday_or_saturday_is_monday():
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_add_working_days_minus_one_from_monday_or_sunday_is_friday():
    assert add_working_days(date(2026, 3, 9), -1) == date(2026, 3, 6)
    assert add_working_days(date(2026, 3, 8), -1) == date(2026, 3, 6)


def test_next_and_previous_working_day_around_new_year():
    assert next_working_day(date(2026, 12, 30)) == date(2027, 1, 4)
    assert previous_working_day(date(2027, 1, 4)) == date(2026, 12, 30)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # December 2026: 23 weekdays (1 Dec is a Tuesday) minus 24, 25 and 31 Dec (26 Dec is a Saturday) = 20.
        (date(2026, 12, 1), date(2026, 12, 31), 20),
        # April 2026: 22 weekdays (1 Apr is a Wednesday) minus Good Friday and Easter Monday = 20.
        (date(2026, 4, 1), date(2026, 4, 30), 20),
        # May 2026: 21 weekdays (1 May is a Friday) minus 1 May and Ascension day 14 May = 19.
        (date(2026, 5, 1), date(2026, 5, 31), 19),
        # June 2026: 22 weekdays (1 Jun is a Monday) minus midsummer eve 19 Jun (6 Jun is a Saturday) = 21.
        (date(2026, 6, 1), date(2026, 6, 30), 21),
    ],
)
def test_working_days_between_whole_month(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_between_single_days():
    assert working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 1
    assert working_days_between(date(2026, 3, 7), date(2026, 3, 8)) == 0


def test_working_days_between_end_before_start_is_zero():
    assert working_days_between(date(2026, 3, 10), date(2026, 3, 9)) == 0


def test_working_days_between_whole_year_2026():
    # 2026 starts on a Thursday: 52 weeks and a Thursday, 261 weekdays. Closed weekdays: 1/1, 6/1, 3/4, 6/4, 1/5,
    # 14/5, 19/6, 24/12, 25/12, 31/12 (National day, midsummer day, All Saints' day and 26/12 are Saturdays,
    # Easter and Pentecost Sundays): 261 - 10 = 251.
    assert working_days_between(date(2026, 1, 1), date(2026, 12, 31)) == 251


@moderate
@given(dates, st.integers(min_value=0, max_value=400))
def test_working_days_between_matches_day_by_day_count(start, length):
    end = start + timedelta(days=length)
    days = (start + timedelta(days=i) for i in range(length + 1))
    assert working_days_between(start, end) == sum(1 for day in days if is_working_day(day))


@moderate
@given(dates, st.integers(min_value=1, max_value=60))
def test_add_working_days_forward_counts_exactly_n(day, n):
    result = add_working_days(day, n)
    assert (is_working_day(result), working_days_between(day + timedelta(days=1), result)) == (True, n)


@moderate
@given(dates, st.integers(min_value=1, max_value=60))
def test_add_working_days_backward_counts_exactly_n(day, n):
    result = add_working_days(day, -n)
    assert (is_working_day(result), working_days_between(result, day - timedelta(days=1))) == (True, n)


@moderate
@given(dates)
def test_add_working_days_zero_is_first_working_day_on_or_after(day):
    result = add_working_days(day, 0)
    assert (is_working_day(result), working_days_between(day, result - timedelta(days=1))) == (True, 0)
