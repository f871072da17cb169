"""The one place that turns a track's state, or a set of tracks, into the content of a report.
The PDF templates and the spreadsheets render these contexts; the numbers come from `kpis`."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tracks.gates import missing_to_advance
from tracks.matching import STATES, state_labels
from tracks.models import NEXT_PHASE, WORKING_PHASES, Candidacy, ChecklistItem, FollowUp, Phase, Problem, Track
from tracks.selectors import ranked_candidates
from tracks.timeline import timeline

from .charts import chain_chart, percent
from .kpis import TrackFigures, by_module, by_track, compute
from .presenters import SPLIT_TITLES, check_rows, kpi_context, phase_rows, split_rows

UPCOMING_DAYS = 14


def track_status(track: Track, *, with_names: bool, today: datetime.date | None = None) -> dict:
    """Everything the track status report shows. `with_names` adds the participants' names with
    masked personnummer (coordinators and partners); without it the report has numbers only."""
    today = today or timezone.localdate()
    track = Track.objects.select_related("occupation", "lead_municipality", "agreement").get(pk=track.pk)
    interventions = list(track.interventions.all())
    kpis = compute(Track.objects.filter(pk=track.pk))
    return {
        "track": track,
        "with_names": with_names,
        "today": today,
        "employers": list(track.employers.all()),
        "partners": list(track.partners.all()),
        "coordinators": list(track.coordinators.all()),
        "next_phase": NEXT_PHASE.get(track.phase),
        "missing": missing_to_advance(track) if track.is_open else [],
        "checklist": _checklist_progress(track),
        "interventions": interventions,
        "chain": chain_chart(
            timeline(interventions, track.planned_start, track.planned_end),
            _("Timeline of the interventions; the table below lists them."), "",
        ),
        "stages": _stages(track),
        **kpi_context(kpis, _("Outcomes")),
        "problems": list(track.problems.filter(Q(resolved_at__isnull=True) | Q(escalated_at__isnull=False))
                         .select_related("decided_by").order_by("resolved_at", "-created_at")),
        "next_steps": _next_steps(track, today),
        "participants": _participants(track) if with_names else [],
        "matching": _matching(track, with_names),
    }


def _matching(track: Track, with_names: bool) -> dict:
    """The candidates still being considered against the requirement profile: per requirement,
    how many meet it, partly, not, or unknown; with names, the whole matrix."""
    demand, ranked = ranked_candidates(track)
    columns = demand.columns()
    checks = [match.by_key() for _candidacy, match in ranked]
    rows = [{"label": label, "kind": kind, "counts": [sum(1 for c in checks if c[key].status == state) for state in STATES]}
            for key, label, kind in columns]
    return {
        "columns": columns, "rows": rows, "states": [state_labels()[state] for state in STATES],
        "candidates": len(ranked), "all_musts": sum(1 for _c, match in ranked if match.meets_all_musts),
        "matrix": [(candidacy.participant.full_name, [c[key] for key, _l, _k in columns]) for (candidacy, _m), c
                   in zip(ranked, checks, strict=True)] if with_names else [],
    }


def _checklist_progress(track: Track) -> list[dict]:
    counts = {
        (row["phase"], row["status"]): row["n"]
        for row in track.checklist.order_by().values("phase", "status").annotate(n=Count("pk"))
    }
    Status = ChecklistItem.Status
    return [
        {"label": Phase(phase).label, "current": phase == track.phase,
         "done": counts.get((phase, Status.DONE), 0), "not_applicable": counts.get((phase, Status.NOT_APPLICABLE), 0),
         "open": counts.get((phase, Status.OPEN), 0), "total": sum(counts.get((phase, s), 0) for s in Status.values)}
        for phase in WORKING_PHASES
    ]


def _stages(track: Track) -> list[dict]:
    counts = dict(track.candidacies.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [{"label": label, "count": counts.get(status, 0)} for status, label in Candidacy.Status.choices]


def _next_steps(track: Track, today: datetime.date) -> dict:
    follow_ups = FollowUp.objects.filter(candidacy__track=track, held_on__isnull=True).aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        upcoming=Count("pk", filter=Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS))),
    )
    tasks = list(
        track.checklist.filter(phase=track.phase, status=ChecklistItem.Status.OPEN)
        .select_related("assignee").order_by("due_date", "position")[:10]
    ) if track.is_open else []
    return {"tasks": tasks, "days": UPCOMING_DAYS, **follow_ups}


def _participants(track: Track) -> list[Candidacy]:
    """Names and masked numbers of those who took part or wait on a shortlist: never contact details."""
    return list(
        track.candidacies.exclude(status=Candidacy.Status.WITHDRAWN)
        .select_related("participant", "outcome")
        .only("status", "enrolled_on", "track_id", "participant__first_name", "participant__last_name",
              "participant__personnummer", "outcome__kind", "outcome__date", "outcome__candidacy_id")
        .order_by("participant__last_name", "participant__first_name")
    )


def _module_row(figures) -> dict:
    return {"figures": figures, "completed_display": percent(figures.share_completed),
            "present_display": percent(figures.share_present)}


def followup(tracks: QuerySet, *, scope: str, period_from: datetime.date, period_to: datetime.date,
             progress=lambda percent: None) -> dict:
    """The steering group's follow-up report over `tracks` (already limited to the scope, the
    period and what the reader may see)."""
    kpis = compute(tracks)
    progress(30)
    figures = by_track(tracks)
    rows = [
        {"track": track, "figures": (f := figures.get(track.pk, TrackFigures())), "work_display": percent(f.share_to_work)}
        for track in tracks.select_related("lead_municipality", "occupation").prefetch_related("employers")
        .order_by("lead_municipality__name", "title")
    ]
    modules, providers = by_module(tracks)
    progress(50)
    escalations = list(
        Problem.objects.filter(track__in=tracks, escalated_at__isnull=False)
        .filter(Q(decided_at__isnull=True) | Q(escalated_at__date__gte=period_from) | Q(decided_at__date__gte=period_from))
        .select_related("track", "decided_by").order_by("escalated_at")
    )
    return {
        "scope": scope,
        "period_from": period_from,
        "period_to": period_to,
        "generated_at": timezone.localtime(),
        **kpi_context(kpis, _("Key figures")),
        "phase_rows": phase_rows(kpis),
        "check_rows": check_rows(kpis),
        "splits": [(name, SPLIT_TITLES[name], split_rows(kpis, name)) for name in SPLIT_TITLES],
        "track_rows": rows,
        "module_rows": [_module_row(f) for f in modules],
        "provider_rows": [_module_row(f) for f in providers],
        "escalations": escalations,
    }
