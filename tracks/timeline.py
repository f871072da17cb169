"""The intervention chain as bars on a time axis, computed on the server so the page needs no
JavaScript; the template draws it as SVG (attributes, not inline styles, so the CSP holds)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    item: object
    x: float  # percent of the axis from its start
    width: float  # percent of the axis
    y: int  # pixels from the top


@dataclass(frozen=True)
class Span:
    """A gap in the chain drawn across the axis."""

    gap: object
    x: float
    width: float


@dataclass(frozen=True)
class Timeline:
    start: datetime.date
    end: datetime.date
    bars: list
    months: list  # (x percent, first day of month)
    height: int
    gaps: list = ()  # Span
    responsible: list = ()  # (value, label) of who is responsible, for the legend: those drawn


def timeline(interventions, planned_start: datetime.date, planned_end: datetime.date, gaps=()) -> Timeline:
    start = min([planned_start, *(i.start_date for i in interventions)])
    end = max([planned_end, *(i.end_date for i in interventions)])
    days = (end - start).days + 1

    def percent(day):
        return round(100 * (day - start).days / days, 2)

    bars = [
        Bar(i, percent(i.start_date), max(round(100 * ((i.end_date - i.start_date).days + 1) / days, 2), 0.5), 24 + 28 * n)
        for n, i in enumerate(interventions)
    ]
    months, month = [], start.replace(day=1)
    while month <= end:
        if month >= start:
            months.append((percent(month), month))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    spans = [Span(g, percent(g.start), max(round(100 * ((g.end - g.start).days + 1) / days, 2), 0.5)) for g in gaps]
    drawn = {i.responsible for i in interventions}
    responsible = [(value, label) for value, label in type(interventions[0]).Responsible.choices
                   if value in drawn] if interventions else []
    return Timeline(start, end, bars, months, height=32 + 28 * len(bars), gaps=spans, responsible=responsible)
