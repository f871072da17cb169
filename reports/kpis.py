"""The one place that computes the follow-up figures of job tracks. Every page, PDF and
spreadsheet takes its numbers from here. Counts are SQL aggregates over whatever set of tracks
the caller may see; shares never divide by zero (an empty set gives 0.0)."""

import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from tracks.models import TOOK_PART, Candidacy, Outcome, OutcomeCheck, ShortlistEntry

WORK = [Outcome.Kind.EMPLOYMENT, Outcome.Kind.SUBSIDISED]
FUNNEL = ["nominated", "shortlisted", "approved", "enrolled", "completed", "work"]
SPLITS = {
    "gender": "participant__gender",
    "education": "participant__education_level",
    "municipality": "participant__home_municipality__name",
    "employer_size": "outcome__employer__employer__size_band",
    "employer_sector": "outcome__employer__employer__sector",
}


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@dataclass
class Kpis:
    tracks_by_phase: dict = field(default_factory=dict)
    started: int = 0
    completed: int = 0
    left_early: int = 0
    outcomes: dict = field(default_factory=dict)  # kind → count
    outcome_shares: dict = field(default_factory=dict)  # kind → share of all outcomes
    share_to_work: float = 0.0
    share_to_studies: float = 0.0
    funnel: list = field(default_factory=list)  # (step, total, {gender: n})
    by: dict = field(default_factory=dict)  # split → {value: {kind: n}}
    median_days_to_work: float | None = None
    checks: dict = field(default_factory=dict)  # days_after → {status: n}


FUNNEL_STEPS = {
    "nominated": Q(pk__isnull=False),
    "shortlisted": Q(shortlist_entries__isnull=False),
    "approved": Q(shortlist_entries__decision=ShortlistEntry.Decision.APPROVED) | Q(status__in=[Candidacy.Status.APPROVED, *TOOK_PART]),
    "enrolled": Q(enrolled_on__isnull=False),
    "completed": Q(status=Candidacy.Status.COMPLETED),
    "work": Q(outcome__kind__in=WORK),
}


def _funnel(candidacies: QuerySet) -> list:
    """Every step, split by gender, in one grouped query of conditional distinct counts."""
    rows = candidacies.order_by().values("participant__gender").annotate(
        **{step: Count("pk", filter=FUNNEL_STEPS[step], distinct=True) for step in FUNNEL}
    )
    by_step = {step: {} for step in FUNNEL}
    for row in rows:
        for step in FUNNEL:
            if row[step]:
                by_step[step][row["participant__gender"]] = row[step]
    return [(step, sum(by_step[step].values()), by_step[step]) for step in FUNNEL]


def compute(tracks: QuerySet) -> Kpis:
    """All figures for `tracks` (already limited to what the user may see)."""
    candidacies = Candidacy.objects.filter(track__in=tracks)
    took_part = candidacies.filter(status__in=TOOK_PART)
    outcomes = dict(Outcome.objects.filter(candidacy__in=took_part).order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    total_outcomes = sum(outcomes.values())
    counts = candidacies.aggregate(
        started=Count("pk", filter=Q(status__in=TOOK_PART)),
        completed=Count("pk", filter=Q(status=Candidacy.Status.COMPLETED)),
        left_early=Count("pk", filter=Q(status=Candidacy.Status.LEFT_EARLY)),
    )
    result = Kpis(
        tracks_by_phase=dict(tracks.order_by().values("phase").annotate(n=Count("pk")).values_list("phase", "n")),
        **counts,
        outcomes=outcomes,
        outcome_shares={kind: share(n, total_outcomes) for kind, n in outcomes.items()},
        share_to_work=share(sum(outcomes.get(k, 0) for k in WORK), total_outcomes),
        share_to_studies=share(outcomes.get(Outcome.Kind.STUDIES, 0), total_outcomes),
        funnel=_funnel(candidacies),
    )
    for name, path in SPLITS.items():
        split: dict = {}
        for value, kind, n in took_part.filter(outcome__isnull=False).order_by().values_list(path, "outcome__kind").annotate(n=Count("pk")):
            split.setdefault(value, {})[kind] = n
        result.by[name] = split
    # The median is not an aggregate SQLite has; the day counts come from SQL, the median here.
    days = [
        (outcome_date - start).days
        for start, outcome_date in took_part.filter(outcome__kind__in=WORK, enrolled_on__isnull=False)
        .values_list("enrolled_on", "outcome__date")
    ]
    result.median_days_to_work = statistics.median(days) if days else None
    for days_after, status, n in (
        OutcomeCheck.objects.filter(candidacy__in=took_part).exclude(status="").order_by()
        .values_list("days_after", "status").annotate(n=Count("pk"))
    ):
        result.checks.setdefault(days_after, {})[status] = n
    return result

