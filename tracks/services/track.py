"""Writes to a track itself: creating it, its details, its phase (`track_change_phase` is the only
code that assigns `Track.phase`), new rounds, the checklist and problems."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import Change, record

from ..checklists import SEED
from ..gates import GATES
from ..models import NEXT_PHASE, ChecklistItem, Intervention, Invitation, Phase, PhaseChange, Problem, Track
from .parties import parties_set
from .profile import profile_copy


class GateClosed(ValidationError):
    """The track may not move on; `messages` says what is missing."""


@transaction.atomic
def track_create(*, actor, employers, partners=(), library_profile=None, **fields) -> Track:
    """A new track in planning: the actor coordinates it, every phase's checklist is seeded, the
    partners and employers named are invited (each employer gets a draft letter of intent when it
    accepts), and the requirement profile is copied from the library profile when one is given."""
    track = Track.objects.create(**fields)
    track.coordinators.add(actor)
    checklist_seed(track=track)
    record(actor, Change.TRACK_CREATE, track)
    parties_set(track=track, actor=actor, organisations=partners, as_=Invitation.As.PARTNER)
    parties_set(track=track, actor=actor, organisations=employers, as_=Invitation.As.EMPLOYER)
    if library_profile is not None:
        profile_copy(track=track, source=library_profile, actor=actor)
    return track


@transaction.atomic
def track_update(*, track, actor, employers=None, partners=None, **fields) -> Track:
    """The track's details; partners and employers named anew are invited, those no longer named
    leave the track."""
    for name, value in fields.items():
        setattr(track, name, value)
    track.save()
    record(actor, Change.TRACK_UPDATE, track, {"fields": sorted(fields)})
    if partners is not None:
        parties_set(track=track, actor=actor, organisations=partners, as_=Invitation.As.PARTNER)
    if employers is not None:
        parties_set(track=track, actor=actor, organisations=employers, as_=Invitation.As.EMPLOYER)
    return track


@transaction.atomic
def track_change_phase(*, track, actor, to, reason="") -> Track:
    """Move the track to `to`: the next phase if its gate is open, or cancelled with a reason."""
    track = Track.objects.select_for_update().get(pk=track.pk)
    if to == Phase.CANCELLED:
        if track.phase in (Phase.CLOSED, Phase.CANCELLED):
            raise GateClosed([_("A closed or cancelled track cannot be cancelled.")])
        if not reason.strip():
            raise GateClosed([_("Say why the track is cancelled.")])
    else:
        if NEXT_PHASE.get(track.phase) != to:
            raise GateClosed([_("The track cannot move from %(from)s to %(to)s.") % {
                "from": track.get_phase_display().lower(), "to": Phase(to).label.lower()}])
        missing = GATES[to](track)
        if missing:
            raise GateClosed(missing)
    PhaseChange.objects.create(track=track, from_phase=track.phase, to_phase=to, actor=actor, reason=reason)
    track.phase, track.phase_changed_at = to, timezone.now()
    if to == Phase.CANCELLED:
        track.cancel_reason = reason
    track.save(update_fields=["phase", "phase_changed_at", "cancel_reason"])
    record(actor, Change.TRACK_PHASE, track, {"to": to})
    return track


def _shifted(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


def new_round_start(track: Track, today: datetime.date) -> datetime.date:
    """The next round starts on the first Monday at least four weeks after the later of today
    and the previous round's planned end: time to plan and recruit again."""
    earliest = max(today, track.planned_end) + datetime.timedelta(weeks=4)
    return earliest + datetime.timedelta(days=(7 - earliest.weekday()) % 7)


@transaction.atomic
def track_start_new_round(*, track, actor, today=None) -> Track:
    """A new track in planning, copying profile, interventions (dates shifted), and inviting the
    partners and employers again (a new round is a new commitment), linked to its predecessor."""
    if track.phase != Phase.CLOSED:
        raise GateClosed([_("Only a closed track can start a new round.")])
    if hasattr(track, "successor"):
        raise GateClosed([_("This track already has a next round.")])
    shift = (new_round_start(track, today or timezone.localdate()) - track.planned_start).days
    successor = track_create(
        actor=actor, employers=list(track.employers.all()), partners=list(track.partners.all()),
        kind=track.kind, title=track.title, occupation=track.occupation, lead_municipality=track.lead_municipality,
        agreement=track.agreement, places=track.places, intended_hires=track.intended_hires,
        planned_start=_shifted(track.planned_start, shift), planned_end=_shifted(track.planned_end, shift),
        target_groups=list(track.target_groups), round_number=track.round_number + 1, predecessor=track,
        follow_up_days=track.follow_up_days,
    )
    successor.coordinators.add(*track.coordinators.all())
    if track.requirement_profile_id:
        profile_copy(track=successor, source=track.requirement_profile, actor=actor)
    Intervention.objects.bulk_create([
        Intervention(track=successor, kind=i.kind, title=i.title, provider=i.provider, responsible=i.responsible,
                     start_date=_shifted(i.start_date, shift), end_date=_shifted(i.end_date, shift),
                     hours_per_week=i.hours_per_week, place=i.place)
        for i in track.interventions.all()
    ])
    record(actor, Change.TRACK_NEW_ROUND, successor, {"predecessor": track.pk})
    return successor


# --- Checklist -----------------------------------------------------------------------------


def checklist_seed(*, track):
    items = [
        ChecklistItem(track=track, phase=phase, key=key, position=position)
        for phase, tasks in SEED.items()
        for position, (key, _title) in enumerate(tasks)
    ]
    ChecklistItem.objects.bulk_create(items)


def checklist_item_add(*, track, actor, phase, title, assignee=None, due_date=None) -> ChecklistItem:
    position = track.checklist.filter(phase=phase).count() + 100
    item = ChecklistItem.objects.create(
        track=track, phase=phase, title=title, assignee=assignee, due_date=due_date, position=position
    )
    record(actor, Change.CHECKLIST_ADD, track, {"item": item.pk, "phase": phase})
    return item


def checklist_item_assign(*, item, actor, assignee, due_date) -> ChecklistItem:
    item.assignee, item.due_date = assignee, due_date
    item.save(update_fields=["assignee", "due_date"])
    record(actor, Change.CHECKLIST_ASSIGN, item.track, {"item": item.pk, "assignee": assignee.pk if assignee else None})
    return item


def checklist_item_set_status(*, item, actor, status, reason="") -> ChecklistItem:
    if status not in ChecklistItem.Status.values:
        raise ValidationError(_("Choose what to do with the task."))
    if status == ChecklistItem.Status.NOT_APPLICABLE and not reason.strip():
        raise ValidationError({"reason": _("Say why the task does not apply.")})
    item.status = status
    item.not_applicable_reason = reason.strip() if status == ChecklistItem.Status.NOT_APPLICABLE else ""
    done = status != ChecklistItem.Status.OPEN
    item.completed_by, item.completed_at = (actor, timezone.now()) if done else (None, None)
    item.save(update_fields=["status", "not_applicable_reason", "completed_by", "completed_at"])
    record(actor, Change.CHECKLIST_STATUS, item.track, {"item": item.pk, "status": status})
    return item


# --- Problems ------------------------------------------------------------------------------


def problem_create(*, track, actor, title, description="", severity=Problem.Severity.MEDIUM) -> Problem:
    problem = Problem.objects.create(track=track, created_by=actor, title=title, description=description,
                                     severity=severity)
    record(actor, Change.PROBLEM_CREATE, problem, {"track": track.pk})
    return problem


def problem_resolve(*, problem, actor) -> Problem:
    if problem.resolved_at is not None:
        raise ValidationError(_("The problem is already resolved."))
    problem.resolved_at = timezone.now()
    problem.save(update_fields=["resolved_at"])
    record(actor, Change.PROBLEM_RESOLVE, problem, {"track": problem.track_id})
    return problem


def problem_escalate(*, problem, actor, question="", proposal="") -> Problem:
    """Ask the steering group: what it is asked to decide, and what the coordinator proposes."""
    if problem.track.agreement_id is None:
        raise ValidationError(_("The track runs under no local agreement, so it has no steering group."))
    if problem.escalated_at is not None:
        raise ValidationError(_("The problem is already escalated."))
    if not question.strip():
        raise ValidationError(_("Say what the steering group is asked to decide."))
    problem.escalated_at, problem.escalated_by = timezone.now(), actor
    problem.question, problem.proposal = question.strip(), proposal.strip()
    problem.save(update_fields=["escalated_at", "escalated_by", "question", "proposal"])
    record(actor, Change.PROBLEM_ESCALATE, problem, {"track": problem.track_id})
    return problem


def problem_decide(*, problem, actor, decision, owner="", due=None) -> Problem:
    """The steering group's decision, who carries it out and by when."""
    if not problem.awaits_decision:
        raise ValidationError(_("The problem does not await a decision."))
    if not decision.strip():
        raise ValidationError({"decision": _("Write the steering group's decision.")})
    if due is not None and due < timezone.localdate():
        raise ValidationError({"due": _("The date by which it is done cannot have passed already.")})
    problem.decision, problem.decided_by, problem.decided_at = decision.strip(), actor, timezone.now()
    problem.decision_owner, problem.decision_due = owner.strip(), due
    problem.save(update_fields=["decision", "decided_by", "decided_at", "decision_owner", "decision_due"])
    record(actor, Change.PROBLEM_DECIDE, problem, {"track": problem.track_id})
    return problem
