"""The one place that computes the follow-up figures of job tracks. Every page, PDF and
spreadsheet takes its numbers from here. Counts are SQL aggregates over whatever set of tracks
the caller may see; shares never divide by zero (an empty set gives 0.0).

Six queries whatever the number of tracks: phases; the funnel with the counts and outcomes; the
participant splits; the employer splits; +90/+180 checks; the days to work."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from participants.models import TargetGroup
from tracks.models import (
    TOOK_PART,
    WORKING_PHASES,
    Attendance,
    Candidacy,
    Completion,
    Outcome,
    OutcomeCheck,
    ShortlistEntry,
)

WORK = [Outcome.Kind.EMPLOYMENT, Outcome.Kind.SUBSIDISED]
OUTCOME_KINDS = list(Outcome.Kind.values)
FUNNEL = ["nominated", "shortlisted", "approved", "enrolled", "completed", "work"]
# Splits of the outcomes by the participant (one grouped query) and by the track's employers.
PARTICIPANT_SPLITS = {
    "gender": "participant__gender",
    "education": "participant__education_level",
    "municipality": "participant__home_municipality__name",
}
EMPLOYER_SPLITS = {
    "employer_size": "track__employers__employer__size_band",
    "employer_sector": "track__employers__employer__sector",
}
SPLITS = [*PARTICIPANT_SPLITS, "target_group", *EMPLOYER_SPLITS]

# DUA's published figures, shown beside ours (source documents 002 and 004).
DUA_REFERENCE = {"work": 0.50, "studies": 0.20, "work_dec_2019": 0.65, "work_best_low": 0.80, "work_best_high": 0.90}


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@dataclass
class Split:
    """One value of a split (e.g. women): its outcome counts and the shares that follow."""

    outcomes: dict

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    @property
    def to_work(self) -> int:
        return sum(self.outcomes.get(kind, 0) for kind in WORK)

    @property
    def share_to_work(self) -> float:
        return share(self.to_work, self.total)

    @property
    def share_to_studies(self) -> float:
        return share(self.outcomes.get(Outcome.Kind.STUDIES, 0), self.total)


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
    computed_at: datetime.datetime | None = field(default=None, compare=False)

    @property
    def tracks(self) -> int:
        return sum(self.tracks_by_phase.values())

    @property
    def tracks_running(self) -> int:
        """Tracks in planning, recruitment, execution or closing: what a start page lists."""
        return sum(n for phase, n in self.tracks_by_phase.items() if phase in WORKING_PHASES)

    @property
    def tracks_ended(self) -> int:
        return self.tracks - self.tracks_running

    @property
    def total_outcomes(self) -> int:
        return Split(self.outcomes).total

    @property
    def to_work(self) -> int:
        return Split(self.outcomes).to_work

    def split(self, name: str) -> dict:
        """{value: Split} for one split, e.g. `split("gender")["woman"].share_to_work`."""
        return {value: Split(outcomes) for value, outcomes in self.by.get(name, {}).items()}


# What it takes to have reached each step, on its own. The funnel counts people who reached *at
# least* a step (`REACHED`): a step or any later one, so no step can count more than the one before
# it, whatever the data (a person enrolled without a recorded shortlist still counts as shortlisted).
STEP_CONDITIONS = {
    "nominated": Q(pk__isnull=False),
    "shortlisted": Q(shortlist_entries__isnull=False),
    "approved": Q(shortlist_entries__decision=ShortlistEntry.Decision.APPROVED) | Q(status=Candidacy.Status.APPROVED),
    "enrolled": Q(enrolled_on__isnull=False) | Q(status__in=TOOK_PART),
    "completed": Q(status=Candidacy.Status.COMPLETED),
    "work": Q(outcome__kind__in=WORK),
}


def _reached(step: str) -> Q:
    later = FUNNEL[FUNNEL.index(step):]
    condition = Q()
    for name in later:
        condition |= STEP_CONDITIONS[name]
    return condition


REACHED = {step: _reached(step) for step in FUNNEL}


COUNTS = {
    "started": Q(status__in=TOOK_PART),
    "completed": Q(status=Candidacy.Status.COMPLETED),
    "left_early": Q(status=Candidacy.Status.LEFT_EARLY),
    **{f"outcome:{kind}": Q(status__in=TOOK_PART, outcome__kind=kind) for kind in OUTCOME_KINDS},
}


def _funnel_and_counts(candidacies: QuerySet) -> tuple[list, dict]:
    """Every funnel step split by gender, and the counts of who started, completed, left early
    and each outcome, in one grouped query of conditional distinct counts."""
    rows = list(candidacies.order_by().values("participant__gender").annotate(
        **{step: Count("pk", filter=REACHED[step], distinct=True) for step in FUNNEL},
        **{f"count:{name}": Count("pk", filter=condition, distinct=True) for name, condition in COUNTS.items()},
    ))
    by_step = {step: {} for step in FUNNEL}
    for row in rows:
        for step in FUNNEL:
            if row[step]:
                by_step[step][row["participant__gender"]] = row[step]
    funnel = [(step, sum(by_step[step].values()), by_step[step]) for step in FUNNEL]
    return funnel, {name: sum(row[f"count:{name}"] for row in rows) for name in COUNTS}


def _participant_splits(with_outcome: QuerySet) -> dict:
    """Gender, education, municipality and target group in one query grouped by all of them;
    each split is summed from its rows here. A participant in several target groups counts in each."""
    paths = list(PARTICIPANT_SPLITS.values())
    rows = with_outcome.order_by().values_list(*paths, "participant__target_groups", "outcome__kind").annotate(n=Count("pk"))
    splits: dict = {name: {} for name in [*PARTICIPANT_SPLITS, "target_group"]}
    for *values, groups, kind, n in rows:
        for name, value in zip(PARTICIPANT_SPLITS, values):
            _add(splits[name], value, kind, n)
        for group in [g for g in (groups or []) if g in TargetGroup.values] or [None]:
            _add(splits["target_group"], group, kind, n)
    return splits


def _employer_splits(with_outcome: QuerySet) -> dict:
    """Size and sector of the track's employers; a participant counts once per distinct value."""
    paths = list(EMPLOYER_SPLITS.values())
    rows = with_outcome.order_by().values_list(*paths, "outcome__kind").annotate(n=Count("pk", distinct=True))
    splits: dict = {name: {} for name in EMPLOYER_SPLITS}
    for size, sector, kind, n in rows:
        _add(splits["employer_size"], size, kind, n)
        _add(splits["employer_sector"], sector, kind, n)
    return splits


def _add(split: dict, value, kind: str, n: int):
    split.setdefault(value, {})
    split[value][kind] = split[value].get(kind, 0) + n


def _checks_and_days(took_part: QuerySet) -> tuple[dict, float | None]:
    """+90/+180 statuses grouped in SQL; the days from start to work come back as pairs and the
    median is taken here (SQLite has no median aggregate)."""
    checks: dict = {}
    for days_after, status, n in (
        OutcomeCheck.objects.filter(candidacy__in=took_part).exclude(status="").order_by()
        .values_list("days_after", "status").annotate(n=Count("pk"))
    ):
        checks.setdefault(days_after, {})[status] = n
    days = [
        (outcome_date - start).days
        for start, outcome_date in took_part.filter(outcome__kind__in=WORK, enrolled_on__isnull=False)
        .values_list("enrolled_on", F("outcome__date"))
    ]
    return checks, (statistics.median(days) if days else None)


def compute(tracks: QuerySet) -> Kpis:
    """All figures for `tracks` (already limited to what the user may see)."""
    candidacies = Candidacy.objects.filter(track__in=tracks)
    took_part = candidacies.filter(status__in=TOOK_PART)
    funnel, counts = _funnel_and_counts(candidacies)
    outcomes = {kind: counts.pop(f"outcome:{kind}") for kind in OUTCOME_KINDS}
    outcomes = {kind: n for kind, n in outcomes.items() if n}
    total = sum(outcomes.values())
    with_outcome = took_part.filter(outcome__isnull=False)
    checks, median_days = _checks_and_days(took_part)
    return Kpis(
        tracks_by_phase=_phases(tracks),
        **counts,
        outcomes=outcomes,
        outcome_shares={kind: share(n, total) for kind, n in outcomes.items()},
        share_to_work=Split(outcomes).share_to_work,
        share_to_studies=Split(outcomes).share_to_studies,
        funnel=funnel,
        by={**_participant_splits(with_outcome), **_employer_splits(with_outcome)},
        median_days_to_work=median_days,
        checks=checks,
        computed_at=timezone.now(),
    )


def _phases(tracks: QuerySet) -> dict:
    return dict(tracks.order_by().values("phase").annotate(n=Count("pk")).values_list("phase", "n"))


def compute_cached(key: str, tracks: QuerySet) -> Kpis:
    """The start pages' figures, kept KPI_CACHE_SECONDS (five minutes by default) per scope: a
    steering group reads trends over months, and the page says when they were computed. The count
    of tracks by phase is always fresh (one grouped query), so the cards agree with the list of
    tracks beside them. Reports and exports always compute afresh."""
    kpis = cache.get_or_set(f"kpis:{key}", lambda: compute(tracks), settings.KPI_CACHE_SECONDS)
    kpis.tracks_by_phase = _phases(tracks)
    return kpis


@dataclass
class TrackFigures:
    """One track's row in a follow-up report: the same counts as `Kpis`, for one track."""

    nominated: int = 0
    started: int = 0
    completed: int = 0
    left_early: int = 0
    outcomes: int = 0
    to_work: int = 0
    to_studies: int = 0

    @property
    def share_to_work(self) -> float:
        return share(self.to_work, self.outcomes)

    @property
    def share_to_studies(self) -> float:
        return share(self.to_studies, self.outcomes)


def by_track(tracks: QuerySet) -> dict[int, TrackFigures]:
    """{track id: TrackFigures} for every track in `tracks`, in one grouped query."""
    rows = (
        Candidacy.objects.filter(track__in=tracks).order_by().values("track_id").annotate(
            nominated=Count("pk"),
            started=Count("pk", filter=Q(status__in=TOOK_PART)),
            completed=Count("pk", filter=Q(status=Candidacy.Status.COMPLETED)),
            left_early=Count("pk", filter=Q(status=Candidacy.Status.LEFT_EARLY)),
            outcomes=Count("pk", filter=Q(status__in=TOOK_PART, outcome__isnull=False)),
            to_work=Count("pk", filter=Q(status__in=TOOK_PART, outcome__kind__in=WORK)),
            to_studies=Count("pk", filter=Q(status__in=TOOK_PART, outcome__kind=Outcome.Kind.STUDIES)),
        )
    )
    return {row.pop("track_id"): TrackFigures(**row) for row in rows}


@dataclass
class ModuleFigures:
    """One provider's module in a follow-up report: how the learners the tracks placed there ended
    it, and their attendance in the weeks the provider reported (excused weeks count as neither)."""

    provider: str
    module: str
    completed: int = 0
    interrupted: int = 0
    present: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def share_completed(self) -> float:
        return share(self.completed, self.completed + self.interrupted)

    @property
    def share_present(self) -> float:
        return share(self.present, self.present + self.absent)

    def __add__(self, other: "ModuleFigures") -> "ModuleFigures":
        return ModuleFigures(self.provider, "", *(getattr(self, n) + getattr(other, n) for n in
                                                  ("completed", "interrupted", "present", "absent", "excused")))


def by_module(tracks: QuerySet) -> tuple[list[ModuleFigures], list[ModuleFigures]]:
    """Completion and attendance per catalogue module and per provider over the steps of
    `tracks` taken from the catalogue: two grouped queries."""
    key = ("intervention__intake__module_id", "intervention__intake__module__title",
           "intervention__provider_organisation__name")
    steps = {"intervention__track__in": tracks, "intervention__intake__isnull": False}
    modules: dict = {}

    def row(values):
        ident = values[key[0]]
        if ident not in modules:
            modules[ident] = ModuleFigures(values[key[2]] or "", values[key[1]])
        return modules[ident]

    for values in Completion.objects.filter(**steps).order_by().values(*key).annotate(
            completed=Count("pk", filter=Q(result=Completion.Result.COMPLETED)),
            interrupted=Count("pk", filter=Q(result=Completion.Result.INTERRUPTED))):
        figures = row(values)
        figures.completed, figures.interrupted = values["completed"], values["interrupted"]
    for values in Attendance.objects.filter(**steps).order_by().values(*key).annotate(
            present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
            absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
            excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED))):
        figures = row(values)
        figures.present, figures.absent, figures.excused = values["present"], values["absent"], values["excused"]
    per_module = sorted(modules.values(), key=lambda f: (f.provider, f.module))
    providers: dict = {}
    for figures in per_module:
        providers[figures.provider] = providers.get(figures.provider, ModuleFigures(figures.provider, "")) + figures
    return per_module, list(providers.values())
