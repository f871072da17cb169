"""Gap ("glapp") detection in an intervention chain (tracks/gaps.py): examples and properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.workdays import is_working_day
from tracks.gaps import Gap, find_gaps, merge_periods

# No example database: the tests must not leave a .hypothesis directory behind in the project.
moderate = settings(max_examples=200, deadline=None, database=None)
ONE_DAY = timedelta(days=1)

# March 2026 has no holidays; Monday 2 March opens the first full week.
MON_2, FRI_6, SAT_7, MON_9 = date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9)


def d(month, day, year=2026):
    return date(year, month, day)


def test_find_gaps_back_to_back_periods_no_gap():
    assert find_gaps([(MON_2, FRI_6), (SAT_7, d(3, 20))], max_working_days=0) == []


def test_find_gaps_friday_to_monday_handover_no_gap():
    assert find_gaps([(MON_2, FRI_6), (MON_9, d(3, 20))], max_working_days=0) == []


def test_find_gaps_two_week_hole_is_gap():
    # 7–22 March: the weeks of 9 and 16 March, 10 working days.
    assert find_gaps([(MON_2, FRI_6), (d(3, 23), d(3, 27))]) == [Gap(SAT_7, d(3, 22), 10)]


def test_find_gaps_exactly_max_working_days_not_gap():
    # 7–15 March holds exactly one working week.
    periods = [(MON_2, FRI_6), (d(3, 16), d(3, 20))]
    assert find_gaps(periods, max_working_days=5) == []
    assert find_gaps(periods, max_working_days=4) == [Gap(SAT_7, d(3, 15), 5)]


def test_find_gaps_easter_hole_counts_only_working_days():
    # 2–7 April 2026: Thursday 2 and Tuesday 7 are the only working days.
    periods = [(d(3, 23), d(4, 1)), (d(4, 8), d(4, 17))]
    assert find_gaps(periods, max_working_days=2) == []
    assert find_gaps(periods, max_working_days=1) == [Gap(d(4, 2), d(4, 7), 2)]


def test_find_gaps_christmas_hole_counts_only_working_days():
    # 24 Dec 2026 – 3 Jan 2027: only 28, 29 and 30 December are working days.
    periods = [(d(12, 1), d(12, 23)), (d(1, 4, 2027), d(1, 29, 2027))]
    assert find_gaps(periods) == []
    assert find_gaps(periods, max_working_days=2) == [Gap(d(12, 24), d(1, 3, 2027), 3)]


def test_find_gaps_overlapping_and_parallel_periods_merge():
    # One block 2 March – 1 April, then a hole 2–19 April: 2, 7–10, 13–17 April = 10 working days.
    periods = [(MON_2, d(3, 20)), (MON_9, d(3, 13)), (d(3, 16), d(4, 1)), (d(4, 20), d(4, 30))]
    assert find_gaps(periods) == [Gap(d(4, 2), d(4, 19), 10)]


def test_find_gaps_unsorted_input_same_result():
    periods = [(d(4, 20), d(4, 30)), (MON_2, FRI_6), (d(3, 16), d(3, 20))]
    assert find_gaps(periods, max_working_days=4) == [Gap(SAT_7, d(3, 15), 5), Gap(d(3, 21), d(4, 19), 18)]


def test_find_gaps_reversed_period_ignored():
    assert find_gaps([(MON_2, FRI_6), (d(3, 20), MON_9), (d(3, 23), d(3, 27))]) == [Gap(SAT_7, d(3, 22), 10)]


def test_find_gaps_max_working_days_zero_single_day_is_gap():
    assert find_gaps([(MON_2, d(3, 4)), (FRI_6, d(3, 10))], max_working_days=0) == [Gap(d(3, 5), d(3, 5), 1)]


def test_find_gaps_negative_max_working_days_rejected():
    with pytest.raises(ValueError):
        find_gaps([], max_working_days=-1)


def test_find_gaps_no_periods_no_within_no_gap():
    assert find_gaps([]) == []


def test_find_gaps_single_period_no_within_no_gap():
    assert find_gaps([(MON_2, FRI_6)], max_working_days=0) == []


def test_find_gaps_within_leading_and_trailing_gaps():
    # Leading 2–15 March: 10 working days. Trailing 28 March – 30 April: 30–31 March and the 20 of April.
    gaps = find_gaps([(d(3, 16), d(3, 27))], within=(MON_2, d(4, 30)))
    assert gaps == [Gap(MON_2, d(3, 15), 10), Gap(d(3, 28), d(4, 30), 22)]


def test_find_gaps_within_short_leading_and_trailing_stretches_no_gap():
    assert find_gaps([(d(3, 4), d(3, 25))], within=(MON_2, d(3, 31))) == []


def test_find_gaps_within_no_periods_whole_window():
    assert find_gaps([], within=(MON_2, FRI_6)) == []
    assert find_gaps([], within=(MON_2, FRI_6), max_working_days=4) == [Gap(MON_2, FRI_6, 5)]


def test_find_gaps_within_periods_outside_window_ignored():
    # 16–31 March: 12 working days; the periods end before and start after the window.
    gaps = find_gaps([(d(2, 2), FRI_6), (d(4, 6), d(4, 30))], within=(d(3, 16), d(3, 31)))
    assert gaps == [Gap(d(3, 16), d(3, 31), 12)]


def test_find_gaps_within_clips_hole_before_counting():
    # The hole 5–29 March is long, but inside the window only 5, 6, 9 and 10 March remain.
    assert find_gaps([(d(2, 2), d(3, 4)), (d(3, 30), d(4, 10))], within=(MON_2, d(3, 10))) == []


def test_find_gaps_within_clips_gap_ends():
    gaps = find_gaps([(d(2, 2), FRI_6), (d(4, 6), d(4, 30))], within=(MON_9, d(3, 27)))
    assert gaps == [Gap(MON_9, d(3, 27), 15)]


def test_find_gaps_within_fully_covered_no_gap():
    assert find_gaps([(d(2, 2), d(4, 30))], within=(MON_2, d(3, 31)), max_working_days=0) == []


def test_find_gaps_within_inverted_window_no_gap():
    assert find_gaps([(MON_2, d(3, 31))], within=(d(3, 20), MON_9), max_working_days=0) == []


def test_merge_periods_overlapping_adjacent_and_reversed():
    periods = [(d(3, 16), d(3, 20)), (MON_2, FRI_6), (SAT_7, MON_9), (d(3, 25), d(3, 24)), (d(3, 3), d(3, 4))]
    assert merge_periods(periods) == [(MON_2, MON_9), (d(3, 16), d(3, 20))]


# ---- Properties ---------------------------------------------------------------------------------------------


@st.composite
def chains(draw):
    """Periods around an anchor date in 2024–2028 (some reversed), an optional window, and a limit."""
    anchor = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 8, 31)))
    raw = draw(st.lists(st.tuples(st.integers(0, 100), st.integers(-3, 25)), max_size=8))
    periods = [(anchor + timedelta(days=offset), anchor + timedelta(days=offset + length)) for offset, length in raw]
    window = draw(st.none() | st.tuples(st.integers(-20, 60), st.integers(-3, 140)))
    within = None if window is None else (anchor + timedelta(days=window[0]), anchor + timedelta(days=sum(window)))
    return periods, within, draw(st.integers(0, 10))


def days_of(start, end):
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def covered_days(periods, within):
    days = {day for start, end in periods for day in days_of(start, end)}
    return days if within is None else {day for day in days if within[0] <= day <= within[1]}


def uncovered_stretches(periods, within):
    """Maximal runs of uncovered days, found day by day: the oracle for find_gaps."""
    covered = covered_days(periods, within)
    if within is None:
        if not covered:
            return []
        low, high = min(covered), max(covered)
    else:
        low, high = within
    stretches, run = [], []
    for day in days_of(low, high):
        if day in covered:
            if run:
                stretches.append((run[0], run[-1]))
            run = []
        else:
            run.append(day)
    if run:
        stretches.append((run[0], run[-1]))
    return stretches


def days_in_gaps(gaps):
    return {day for gap in gaps for day in days_of(gap.start, gap.end)}


def naive_working_days(start, end):
    return sum(1 for day in days_of(start, end) if is_working_day(day))


@moderate
@given(chains())
def test_find_gaps_matches_day_by_day_oracle(chain):
    periods, within, limit = chain
    stretches = uncovered_stretches(periods, within)
    expected = [Gap(s, e, naive_working_days(s, e)) for s, e in stretches if naive_working_days(s, e) > limit]
    assert find_gaps(periods, max_working_days=limit, within=within) == expected


@moderate
@given(chains())
def test_find_gaps_no_gap_overlaps_a_period(chain):
    periods, within, limit = chain
    covered = covered_days(periods, within)
    gap_days = days_in_gaps(find_gaps(periods, max_working_days=limit, within=within))
    assert gap_days & covered == set()


@moderate
@given(chains())
def test_find_gaps_every_gap_exceeds_limit_with_exact_count(chain):
    periods, within, limit = chain
    gaps = find_gaps(periods, max_working_days=limit, within=within)
    assert [(gap.working_days > limit, gap.working_days) for gap in gaps] == [
        (True, naive_working_days(gap.start, gap.end)) for gap in gaps
    ]


@moderate
@given(chains())
def test_find_gaps_uncovered_days_outside_gaps_lie_in_short_stretches(chain):
    periods, within, limit = chain
    gap_days = days_in_gaps(find_gaps(periods, max_working_days=limit, within=within))
    for start, end in uncovered_stretches(periods, within):
        stretch = set(days_of(start, end))
        if not stretch <= gap_days:
            assert (stretch & gap_days, naive_working_days(start, end) <= limit) == (set(), True)


@moderate
@given(chains())
def test_find_gaps_sorted_and_disjoint(chain):
    periods, within, limit = chain
    gaps = find_gaps(periods, max_working_days=limit, within=within)
    # A covered day always separates two gaps, so each gap ends at least two days before the next starts.
    assert [gap.start <= gap.end for gap in gaps] == [True] * len(gaps)
    assert [earlier.end + ONE_DAY < later.start for earlier, later in zip(gaps, gaps[1:])] == [True] * (len(gaps) - 1)


@moderate
@given(chains(), st.data())
def test_find_gaps_independent_of_input_order(chain, data):
    periods, within, limit = chain
    shuffled = data.draw(st.permutations(periods))
    assert find_gaps(shuffled, max_working_days=limit, within=within) == find_gaps(
        periods, max_working_days=limit, within=within
    )


@moderate
@given(chains())
def test_find_gaps_covering_period_removes_all_gaps(chain):
    periods, within, limit = chain
    valid = [(start, end) for start, end in periods if start <= end]
    if within is not None:
        cover = within
    elif valid:
        cover = (min(start for start, _ in valid), max(end for _, end in valid))
    else:
        cover = (date(2026, 1, 1), date(2026, 1, 1))
    assert find_gaps([*periods, cover], max_working_days=0, within=within) == []


@moderate
@given(chains(), st.data())
def test_find_gaps_splitting_a_period_changes_nothing(chain, data):
    periods, within, limit = chain
    splittable = [index for index, (start, end) in enumerate(periods) if start < end]
    if not splittable:
        return
    index = data.draw(st.sampled_from(splittable))
    start, end = periods[index]
    cut = start + timedelta(days=data.draw(st.integers(0, (end - start).days - 1)))
    split = [*periods[:index], (start, cut), (cut + ONE_DAY, end), *periods[index + 1 :]]
    assert find_gaps(split, max_working_days=limit, within=within) == find_gaps(
        periods, max_working_days=limit, within=within
    )


@moderate
@given(chains())
def test_find_gaps_higher_limit_keeps_a_subset(chain):
    periods, within, limit = chain
    looser = find_gaps(periods, max_working_days=limit + 1, within=within)
    stricter = find_gaps(periods, max_working_days=limit, within=within)
    assert [gap for gap in stricter if gap in looser] == looser
