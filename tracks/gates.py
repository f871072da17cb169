"""What is missing before a track may leave its phase. Plain functions over the track's facts
(counted in two queries): the track page shows their words before the coordinator tries, and the
phase service refuses with them."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employers.models import Requirement
from lib.compiled import Compiled

from .models import (
    NEXT_PHASE,
    WORKING_PHASES,
    Candidacy,
    ChecklistItem,
    Intervention,
    Invitation,
    LetterOfIntent,
    Phase,
    RecruitmentActivity,
    Track,
)


@dataclass(frozen=True)
class Facts:
    """What the gates ask about a track, counted once."""

    requirements: int
    employers: int
    interventions: int
    unfinished_interventions: int  # not finished and ending today or later
    activities: int
    open_tasks: dict  # phase → open checklist items
    enrolled: int  # enrolled and without an outcome yet
    unsettled_employers: list  # names of employers whose letter is neither signed nor waived with a reason
    invited_employers: list  # names of employers invited that have not answered yet


def count_of(queryset):
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when empty."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _counts(track: int, today: datetime.date):
    mine = OuterRef("pk")
    tasks = {phase: count_of(ChecklistItem.objects.filter(track=mine, phase=phase, status=ChecklistItem.Status.OPEN))
             for phase in WORKING_PHASES}
    counted = {
        "n_requirements": count_of(Requirement.objects.filter(profile__track=mine)),
        "n_employers": count_of(Track.employers.through.objects.filter(track=mine)),
        "n_interventions": count_of(Intervention.objects.filter(track=mine)),
        "n_unfinished": count_of(Intervention.objects.filter(track=mine, finished=False, end_date__gte=today)),
        "n_activities": count_of(RecruitmentActivity.objects.filter(track=mine)),
        "n_enrolled": count_of(Candidacy.objects.filter(track=mine, status=Candidacy.Status.ENROLLED)),
        **{f"n_open_{phase}": expression for phase, expression in tasks.items()},
    }
    return Track.objects.filter(pk=track).annotate(**counted).values(*counted)


COUNTS = Compiled(_counts, track=int, today=datetime.date)  # built once: the ORM takes 5 ms to write it


def facts(track: Track, today: datetime.date | None = None) -> Facts:
    today = today or timezone.localdate()
    counts = COUNTS.row(track=track.pk, today=today)
    settled = LetterOfIntent.objects.filter(track=track).filter(
        Q(status=LetterOfIntent.Status.SIGNED) | (Q(status=LetterOfIntent.Status.WAIVED) & ~Q(waiver_reason="")))
    # Employers invited or taking part whose letter is not settled, with whether they have answered.
    waiting = list(
        Invitation.objects.filter(track=track, taking_part_as=Invitation.As.EMPLOYER,
                                  status__in=[Invitation.Status.INVITED, Invitation.Status.ACCEPTED])
        .exclude(organisation__in=settled.values("employer")).order_by("organisation__name")
        .values_list("organisation__name", "status"))
    unsettled = [name for name, status in waiting if status == Invitation.Status.ACCEPTED]
    invited = [name for name, status in waiting if status == Invitation.Status.INVITED]
    return Facts(
        requirements=counts["n_requirements"], employers=counts["n_employers"], interventions=counts["n_interventions"],
        unfinished_interventions=counts["n_unfinished"], activities=counts["n_activities"],
        open_tasks={phase: counts[f"n_open_{phase}"] for phase in WORKING_PHASES}, enrolled=counts["n_enrolled"],
        unsettled_employers=unsettled, invited_employers=invited,
    )


def _checklist_missing(facts: Facts, phase: str) -> list[str]:
    count = facts.open_tasks.get(phase, 0)
    if not count:
        return []
    return [ngettext(
        "%(count)s task in the %(phase)s checklist is not done or marked not applicable.",
        "%(count)s tasks in the %(phase)s checklist are not done or marked not applicable.", count,
    ) % {"count": count, "phase": Phase(phase).label.lower()}]


def missing_for_recruitment(track: Track, known: Facts | None = None, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    known = known or facts(track, today)
    missing = []
    if not known.requirements:
        missing.append(_("The requirement profile has no requirements."))
    if not known.interventions:
        missing.append(_("The intervention package has no intervention with dates."))
    if not known.employers:
        missing.append(_("The track has no employer."))
    for name in known.invited_employers:
        missing.append(_("%(employer)s has not yet accepted the invitation to take part.") % {"employer": name})
    for name in known.unsettled_employers:
        missing.append(_("%(employer)s has not signed its letter of intent (or it is not waived with a reason).") % {"employer": name})
    if not known.activities:
        missing.append(_("No recruitment activity is planned."))
    if track.places <= 0:
        missing.append(_("The number of places is not set."))
    return missing + _checklist_missing(known, Phase.PLANNING)


def missing_for_execution(track: Track, known: Facts | None = None, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    known = known or facts(track, today)
    missing = []
    if not known.enrolled:
        missing.append(_("No participant is approved by the employer and enrolled."))
    return missing + _checklist_missing(known, Phase.RECRUITMENT)


def missing_for_closing(track: Track, known: Facts | None = None, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    known = known or facts(track, today)
    missing = []
    if today < track.planned_end and known.unfinished_interventions:
        missing.append(
            _("The planned end (%(date)s) is not reached and not every intervention is finished.")
            % {"date": track.planned_end.isoformat()}
        )
    return missing + _checklist_missing(known, Phase.EXECUTION)


def missing_for_closed(track: Track, known: Facts | None = None, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    known = known or facts(track, today)
    missing = []
    if today < track.planned_start:
        missing.append(_("The track has not started yet (planned start %(date)s): a track cannot close before it started.")
                       % {"date": track.planned_start.isoformat()})
    if known.enrolled:
        missing.append(ngettext(
            "%(count)s enrolled participant has no outcome.", "%(count)s enrolled participants have no outcome.",
            known.enrolled) % {"count": known.enrolled})
    if not track.evaluation.strip():
        missing.append(_("The evaluation is not written."))
    return missing + _checklist_missing(known, Phase.CLOSING)


CHECKS = {
    Phase.RECRUITMENT: missing_for_recruitment,
    Phase.EXECUTION: missing_for_execution,
    Phase.CLOSING: missing_for_closing,
    Phase.CLOSED: missing_for_closed,
}


def missing_for(track: Track, to: str, known: Facts | None = None, today: datetime.date | None = None) -> list[str]:
    """What stops the track from moving to phase `to`; empty when it may."""
    return CHECKS[to](track, known, today)


def missing_to_advance(track: Track, known: Facts | None = None) -> list[str]:
    """What stops the track from moving to its next phase; empty when it may."""
    target = NEXT_PHASE.get(track.phase)
    if target is None:
        return [_("The track is %(phase)s.") % {"phase": track.get_phase_display().lower()}]
    return missing_for(track, target, known)


# The gates by the phase they open, for the phase service.
GATES = {phase: (lambda track, phase=phase: missing_for(track, phase)) for phase in CHECKS}
