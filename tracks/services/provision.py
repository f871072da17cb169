"""What comes from the education providers: a step of the chain taken from the catalogue, and what
a provider reports on the participants placed in it — attendance per week, progress, and how the
module ended. An absence pattern or an interruption is a deviation, told to the coordinators at
once (tracks/events.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from lib.plausible import not_after_today, not_before, today
from participants.models import Competence
from participants.services import competence_add

from ..models import Attendance, Completion, Intervention
from .plan import intervention_save

# From the catalogue's kinds to the chain's.
KIND_IN_CHAIN = {
    "sfi": Intervention.Kind.SFI, "vocational_swedish": Intervention.Kind.VOCATIONAL_SWEDISH,
    "yrkesvux": Intervention.Kind.YRKESVUX, "vocational_package": Intervention.Kind.YRKESVUX,
    "labour_market_training": Intervention.Kind.LABOUR_MARKET_TRAINING, "validation": Intervention.Kind.VALIDATION,
    "other": Intervention.Kind.OTHER,
}
# Absent (not excused) in this many of the last ABSENCE_WINDOW reported weeks is a deviation.
ABSENCE_WEEKS, ABSENCE_WINDOW = 2, 3


def intervention_from_intake(*, track, actor, intake) -> Intervention:
    """Add a catalogue intake to the track's chain: its dates, hours, place and provider."""
    module = intake.module
    if track.interventions.filter(intake=intake).exists():
        raise ValidationError(_("%(title)s starting %(date)s is already in the chain.") % {
            "title": module.title, "date": intake.start_date.isoformat()})
    where = [module.municipality.name if module.municipality_id else "", module.address]
    if module.distance:
        where.append(_("at a distance"))
    return intervention_save(
        track=track, actor=actor, kind=KIND_IN_CHAIN.get(module.kind, Intervention.Kind.OTHER), title=module.title,
        provider=module.provider.name, responsible=Intervention.Responsible.PROVIDER, start_date=intake.start_date,
        end_date=intake.end_date, hours_per_week=module.hours_per_week, place=", ".join(w for w in where if w)[:200],
        intake=intake, provider_organisation=module.provider)


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def attendance_record(*, intervention, week, entries, actor) -> list:
    """A week's attendance for the learners of an intervention, in one go. `entries` maps a
    candidacy to (status, reason, progress); a learner left out is not reported. Returns the
    candidacies whose absences became a deviation."""
    week = monday(week)
    # A week is reported once it has been: from its Friday on, never for days still to come.
    not_after_today(week + datetime.timedelta(days=4), field="week", what=_("Attendance for the whole week"))
    not_before(week + datetime.timedelta(days=6), intervention.start_date, field="week",
               message=_("The module starts on %(date)s: there is no attendance before it."))
    if week > intervention.end_date:
        raise ValidationError({"week": _("The module ended on %(date)s: there is no attendance after it.") % {
            "date": intervention.end_date.isoformat()}})
    for candidacy, (status, reason, _progress) in entries.items():
        if status == Attendance.Status.ABSENT and not reason:
            raise ValidationError({f"reason-{candidacy.pk}": _("Say why %(name)s was absent.") % {
                "name": candidacy.participant.full_name}})
    with transaction.atomic():
        known = {a.candidacy_id: a for a in Attendance.objects.filter(intervention=intervention, week=week,
                                                                    candidacy__in=list(entries))}
        new, changed, newly_absent = [], [], []
        for candidacy, (status, reason, progress) in entries.items():
            reason = reason if status == Attendance.Status.ABSENT else ""
            row = known.get(candidacy.pk)
            if row is None:
                new.append(Attendance(intervention=intervention, candidacy=candidacy, week=week, status=status,
                                      reason=reason, progress=progress, recorded_by=actor))
            elif (row.status, row.reason, row.progress) != (status, reason, progress):
                row.status, row.reason, row.progress, row.recorded_by = status, reason, progress, actor
                changed.append(row)
            else:
                continue
            if status == Attendance.Status.ABSENT and (row is None or row.status != Attendance.Status.ABSENT):
                newly_absent.append(candidacy)
        # A second submit of the same week (a double click) updates what the first one saved.
        Attendance.objects.bulk_create(new, update_conflicts=True, unique_fields=["intervention", "candidacy", "week"],
                                       update_fields=["status", "reason", "progress", "recorded_by"])
        Attendance.objects.bulk_update(changed, ["status", "reason", "progress", "recorded_by"])
        if new or changed:
            record(actor, Change.ATTENDANCE_RECORD, intervention, {
                "track": intervention.track_id, "week": week.isoformat(),
                "rows": {str(a.candidacy_id): a.status for a in new + changed}})
        return _absence_deviations(intervention, week, newly_absent, actor)


def _absence_deviations(intervention, week, candidacies, actor) -> list:
    if not candidacies:
        return []
    span = datetime.timedelta(weeks=ABSENCE_WINDOW - 1)
    absent: dict = {}
    for candidacy_id, day in Attendance.objects.filter(
            intervention=intervention, candidacy__in=candidacies, week__gte=week - span, week__lte=week + span,
            status=Attendance.Status.ABSENT).values_list("candidacy_id", "week"):
        absent.setdefault(candidacy_id, []).append(day)

    def worst(days):  # the most absences in any window of ABSENCE_WINDOW weeks that holds this week
        starts = (week - datetime.timedelta(weeks=n) for n in range(ABSENCE_WINDOW))
        return max(sum(start <= d <= start + span for d in days) for start in starts)

    deviating = [c for c in candidacies if worst(absent.get(c.pk, [])) >= ABSENCE_WEEKS]
    for candidacy in deviating:
        record(actor, Change.DEVIATION, candidacy.participant, {
            "track": intervention.track_id, "intervention": intervention.pk, "kind": "absence",
            "week": week.isoformat(), "absent_weeks": worst(absent[candidacy.pk])})
    return deviating


def completion_record(*, intervention, candidacy, actor, result, date, grade="", reason="") -> Completion:
    """How the module ended for one learner. Completing it adds the competences the module gives
    to the person, documented by the provider; an interruption is a deviation."""
    not_after_today(date, field="date", what=_("The end of the module"))
    not_before(date, intervention.start_date, field="date", message=_("The module started on %(date)s."))
    if result == Completion.Result.INTERRUPTED and not reason.strip():
        raise ValidationError({"reason": _("Say why the module was interrupted.")})
    with transaction.atomic():
        completion, _created = Completion.objects.update_or_create(
            intervention=intervention, candidacy=candidacy,
            defaults={"result": result, "date": date, "grade": grade.strip(), "reason": reason.strip(),
                      "recorded_by": actor})
        participant = candidacy.participant
        record(actor, Change.COMPLETION_RECORD, participant, {
            "track": intervention.track_id, "intervention": intervention.pk, "result": result})
        if result == Completion.Result.INTERRUPTED:
            record(actor, Change.DEVIATION, participant, {
                "track": intervention.track_id, "intervention": intervention.pk, "kind": "interrupted"})
        elif intervention.intake_id:
            _competences_from(intervention, participant, actor, date)
    return completion


def _competences_from(intervention, participant, actor, date):
    held = set(participant.competences.exclude(concept=None).values_list("concept_id", flat=True))
    module = intervention.intake.module
    for concept in module.competences.exclude(pk__in=held):
        competence_add(participant=participant, actor=actor, competence=concept, level="good",
                       source=Competence.Source.VALIDATED, validated_on=date,
                       validated_by=f"{module.provider.name}: {module.title}"[:200])


def reportable_weeks(intervention) -> tuple[datetime.date, datetime.date]:
    """The first and the last week (their Mondays) attendance can be reported for: from the module's
    start to its end, and no later than the latest week that has been (`learner_week`)."""
    return monday(intervention.start_date), min(learner_week(), monday(intervention.end_date))


def learner_week(day=None) -> datetime.date:
    """The latest week a provider can report: this one from its Friday, else the one before."""
    day = day or today()
    return monday(day) if day.weekday() >= 4 else monday(day) - datetime.timedelta(weeks=1)
