"""Gaps ("glapp") in an intervention chain: stretches without any intervention that last too many working days.

Plain Python, no Django: callers pass the (start, end) dates of a track's interventions.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from lib.workdays import working_days_between

_ONE_DAY = timedelta(days=1)

Period = tuple[date, date]


@dataclass(frozen=True)
class Gap:
    """The first and last calendar day (inclusive) without any intervention, and its number of working days."""

    start: date
    end: date
    working_days: int


def merge_periods(periods: Iterable[Period]) -> list[Period]:
    """Sorted, disjoint inclusive periods covering the same days; periods with end < start are dropped.

    Overlapping periods and back-to-back ones (one ends the day before the next starts) become one
    block, so between two returned blocks there is always at least one uncovered day.
    """
    merged: list[Period] = []
    for start, end in sorted(period for period in periods if period[0] <= period[1]):
        if merged and start <= merged[-1][1] + _ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clip(periods: Iterable[Period], window: Period) -> list[Period]:
    low, high = window
    return [(max(start, low), min(end, high)) for start, end in periods if start <= high and end >= low]


def find_gaps(
    periods: Iterable[Period],
    *,
    max_working_days: int = 5,
    within: Period | None = None,
) -> list[Gap]:
    """Uncovered stretches with more than `max_working_days` working days, sorted by start.

    `periods` are inclusive (start, end) dates of interventions, in any order, possibly overlapping or
    in parallel; a period with end < start is ignored. Only working days count towards the limit, so a
    hand-over from a Friday to the next Monday, or across Christmas, is not a gap by itself.

    Without `within`, only stretches strictly between two (merged) periods are considered.
    With `within=(track_start, track_end)`, the periods are first clipped to that inclusive window
    (days outside it are ignored entirely), and the uncovered stretches from track_start up to the
    first period and from the last period up to track_end are considered as well; a window with no
    periods in it is one stretch. The limit applies to the clipped stretch, so a long hole that only
    partly overlaps the window is reported only if its part inside the window is too long.
    An inverted window (track_end < track_start) is empty and has no gaps.
    """
    if max_working_days < 0:
        raise ValueError("max_working_days must not be negative")
    if within is not None and within[1] < within[0]:
        return []
    blocks = merge_periods(periods)
    if within is None:
        stretches = [(before[1] + _ONE_DAY, after[0] - _ONE_DAY) for before, after in zip(blocks, blocks[1:])]
    else:
        stretches = _uncovered(_clip(blocks, within), within)
    gaps = (Gap(start, end, working_days_between(start, end)) for start, end in stretches)
    return [gap for gap in gaps if gap.working_days > max_working_days]


def _uncovered(blocks: list[Period], window: Period) -> list[Period]:
    """The stretches of `window` not covered by the sorted, disjoint `blocks` lying inside it."""
    stretches = []
    cursor, high = window
    for start, end in blocks:
        if cursor < start:
            stretches.append((cursor, start - _ONE_DAY))
        cursor = end + _ONE_DAY
    if cursor <= high:
        stretches.append((cursor, high))
    return stretches
