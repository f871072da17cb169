"""What each part of a track's workspace shows, computed for that part alone.

The workspace is an overview and one page per area (profile, chain, letters, activities, people,
checklist, problems, closing, events). An htmx answer renders one part with `context_for(part)`; a page
renders its area's parts. Nothing here builds what the page it serves does not show."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import label as audit_label
from accounts.audit import record_read
from accounts.models import Role
from accounts.selectors import organisation_ids
from employers.models import CompetenceProfile, LanguageRequirement, Requirement
from lib.compiled import Compiled
from lib.ids import parse_id
from participants.models import Participant
from providers.selectors import intakes_for_gaps

from . import forms
from .gates import count_of, facts, missing_to_advance
from .models import (
    NEXT_PHASE,
    TOOK_PART,
    WORKING_PHASES,
    Attendance,
    Candidacy,
    ChecklistItem,
    Completion,
    FollowUp,
    Invitation,
    Outcome,
    OutcomeCheck,
    Phase,
    Track,
    WorkplaceFeedback,
)
from .selectors import letters_visible_to
from .services import chain_gaps, local_changes, track_gaps
from .timeline import timeline

# The areas of the workspace in the order of the sub-navigation, each with the parts it shows.
AREAS = {
    "overview": (_("Overview"), ["phase", "details", "numbers"]),
    "profile": (_("Requirement profile"), ["profile"]),
    "chain": (_("Intervention chain"), ["chain"]),
    "letters": (_("Letters of intent"), ["letters"]),
    "activities": (_("Recruitment activities"), ["activities"]),
    "people": (_("Participants"), ["people"]),
    "checklist": (_("Checklist"), ["checklist"]),
    "problems": (_("Problems"), ["problems"]),
    "closing": (_("Closing"), ["closing"]),
    "events": (_("Events"), ["events"]),
}
AREA_OF = {part: area for area, (_label, parts) in AREAS.items() for part in parts}
INTERNAL_AREAS = {"checklist", "problems", "closing", "events"}
EVENTS_SHOWN = 200
UPCOMING_DAYS = 14


def base(request, track) -> dict:
    """What every part needs: the track and the user's permissions on it, decided once."""
    user = request.user
    internal = user.has_perm("tracks.view_track_internals", track)
    can_give_feedback = user.has_perm("tracks.give_feedback", track)
    visible = {
        "letters": internal or can_give_feedback,
        "people": user.has_perm("tracks.view_people", track),
        **{area: internal for area in INTERNAL_AREAS},
    }
    return {
        "track": track,
        "internal": internal,
        "can_change": user.has_perm("tracks.change_track", track),
        "can_give_feedback": can_give_feedback,
        "areas": [(area, label) for area, (label, _parts) in AREAS.items() if visible.get(area, True)],
    }


def may_open(context: dict, area: str) -> bool:
    return any(name == area for name, _label in context["areas"])


# --- Overview ------------------------------------------------------------------------------


def phase(request, track, ctx, bound) -> dict:
    user = request.user
    known = facts(track) if ctx["internal"] and track.is_open else None
    return {
        "can_change_phase": user.has_perm("tracks.change_phase", track),
        "can_new_round": track.phase == Phase.CLOSED and user.has_perm("tracks.start_new_round", track)
        and not hasattr(track, "successor"),
        "phases": [(value, Phase(value).label) for value in WORKING_PHASES + [Phase.CLOSED]],
        "next_phase": NEXT_PHASE.get(track.phase),
        "missing": missing_to_advance(track, known) if known else [],
        "cancel_form": bound.get("cancel_form") or forms.ReasonForm(prefix="cancel"),
    }


def details(request, track, ctx, bound) -> dict:
    """Who takes part, from the invitations (one query): the accepted are the track's partners and
    employers; those asked who have not answered, or declined, are shown to those who work with it."""
    invitations = list(track.invitations.select_related("organisation").order_by("organisation__name"))
    accepted = [i for i in invitations if i.status == Invitation.Status.ACCEPTED]
    return {
        "employers": [i.organisation for i in accepted if i.taking_part_as == Invitation.As.EMPLOYER],
        "partners": [i.organisation for i in accepted if i.taking_part_as == Invitation.As.PARTNER],
        "unanswered": [i for i in invitations if i.status in (Invitation.Status.INVITED, Invitation.Status.DECLINED)]
        if ctx["internal"] else [],
    }


def _numbers(track: int, today: datetime.date, soon: datetime.date):
    mine = OuterRef("pk")
    due = FollowUp.objects.filter(candidacy__track=mine, held_on__isnull=True)
    return Track.objects.filter(pk=track).annotate(
        **{f"n_{status}": count_of(Candidacy.objects.filter(track=mine, status=status)) for status in Candidacy.Status.values},
        overdue=count_of(due.filter(due_date__lt=today)),
        upcoming=count_of(due.filter(due_date__gte=today, due_date__lte=soon)),
    ).values(*(f"n_{status}" for status in Candidacy.Status.values), "overdue", "upcoming")


NUMBERS = Compiled(_numbers, track=int, today=datetime.date, soon=datetime.date)  # built once per process


def numbers(request, track, ctx, bound) -> dict:
    """Candidates by stage, follow-ups due and the open tasks of the phase: what comes next. The
    counts are one query of correlated counts, the tasks another."""
    if not ctx["internal"]:
        return {}
    today = timezone.localdate()
    counts = NUMBERS.row(track=track.pk, today=today, soon=today + datetime.timedelta(days=UPCOMING_DAYS))
    tasks = list(
        track.checklist.filter(phase=track.phase, status=ChecklistItem.Status.OPEN).select_related("assignee")
        .order_by("due_date", "position")[:5]
    ) if track.is_open else []
    return {
        "stages": [(label, counts[f"n_{value}"]) for value, label in Candidacy.Status.choices if counts[f"n_{value}"]],
        "follow_ups_due": {"overdue": counts["overdue"], "upcoming": counts["upcoming"]},
        "upcoming_days": UPCOMING_DAYS, "next_tasks": tasks,
    }


# --- Areas ---------------------------------------------------------------------------------


def profile(request, track, ctx, bound) -> dict:
    """The requirement profile: what it asks, where it came from and what it changed locally, and
    the forms that change it. The profile and its library origin come in one go with what they
    ask (four queries), whatever their size."""
    user = request.user
    profiles = {}
    if track.requirement_profile_id:
        wanted = [track.requirement_profile_id]
        origin_id = CompetenceProfile.objects.filter(pk=track.requirement_profile_id).values_list("origin_id", flat=True)
        profiles = {p.pk: p for p in CompetenceProfile.objects.filter(Q(pk__in=wanted) | Q(pk__in=origin_id))
                    .select_related("occupation").prefetch_related(
                        Prefetch("requirements", queryset=Requirement.objects.select_related("concept")),
                        "licence_concepts", Prefetch("languages", queryset=LanguageRequirement.objects.select_related("language")))}
    mine = profiles.get(track.requirement_profile_id)
    if mine is not None and mine.origin_id:
        mine.origin = profiles.get(mine.origin_id)
    requirements = list(mine.requirements.all()) if mine else []
    can_change = user.has_perm("tracks.change_track", track)
    return {
        "profile": mine,
        "requirements": requirements,
        "profile_languages": list(mine.languages.all()) if mine else [],
        "profile_licences": list(mine.licence_concepts.all()) if mine else [],
        "local_changes": local_changes(mine) if mine is not None and mine.origin is not None else [],
        "proposals": list(track.profile_proposals.select_related("proposed_by"))
        if user.has_perm("tracks.view_proposals", track) else [],
        "can_propose": user.has_perm("tracks.propose_profile_change", track),
        **({
            "requirement_form": bound.get("requirement_form") or forms.RequirementForm(),
            "usual_form": bound.get("usual_form") or forms.UsualSkillsForm(
                occupation=track.occupation, have=[r.concept_id for r in requirements if r.concept_id]),
            "settings_form": bound.get("settings_form") or forms.ProfileSettingsForm(initial=_settings_of(mine)),
            "language_form": bound.get("language_form") or forms.LanguageRequirementForm(),
            "copy_form": bound.get("copy_form") or forms.ProfileCopyForm(),
            "publish_form": bound.get("publish_form") or forms.PublishForm(),
        } if can_change else {}),
        "proposal_form": bound.get("proposal_form") or forms.ProposalForm(),
    }


def _settings_of(profile):
    if profile is None:
        return {}
    return {"swedish_level": profile.swedish_level, "licence_concepts": [c.pk for c in profile.licence_concepts.all()],
            "licences": profile.licences, "education_level": profile.education_level}


def chain(request, track, ctx, bound) -> dict:
    """The chain, its gaps, and for the coordinator the catalogue's intakes that would fill each gap."""
    interventions = list(track.interventions.all())
    gaps = track_gaps(track, interventions)
    offers = intakes_for_gaps(gaps, municipality_code=track.lead_municipality.municipality_id,
                              occupation_code=track.occupation_id) if ctx["can_change"] else {}
    return {
        "interventions": interventions,
        "timeline": timeline(interventions, track.planned_start, track.planned_end, gaps),
        "gaps": [(gap, offers.get(gap, [])) for gap in gaps],
    }


def letters(request, track, ctx, bound) -> dict:
    return {"letters": letters_visible_to(request.user, track, internal=ctx["internal"])}


def activities(request, track, ctx, bound) -> dict:
    return {"activities": list(track.activities.all()),
            "activity_form": bound.get("activity_form") or forms.ActivityForm()}


def people(request, track, ctx, bound) -> dict:
    """The track's participants, with what the workspace shows of them, in a fixed number of
    queries: the next follow-up due and the ones held, from the prefetched list. Those who work
    with the track see everyone on it; an employer only the participants placed with it. Every
    person shown is a logged read."""
    user = request.user
    if not user.has_perm("tracks.view_people", track):
        return {"people": []}
    took_part = track.candidacies.filter(status__in=TOOK_PART).select_related("participant", "outcome")
    internal = user.has_perm("tracks.view_track_internals", track)
    if internal:
        took_part = with_reports(took_part).prefetch_related(
            "chain",
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_date")),
            Prefetch("outcome_checks", queryset=OutcomeCheck.objects.order_by("due_date")),
        )
    else:  # an employer: its own participants, and what the workplace needs of them (no follow-ups, no chain)
        took_part = took_part.filter(placed_with__in=organisation_ids(user, [Role.EMPLOYER_REPRESENTATIVE]))
    candidacies = list(
        took_part.prefetch_related(Prefetch("workplace_feedback", queryset=WorkplaceFeedback.objects.select_related("author")))
        .order_by("participant__last_name", "participant__first_name")
    )
    for candidacy in candidacies if internal else ():
        follow_ups = list(candidacy.follow_ups.all())
        candidacy.next_follow_up = next((f for f in follow_ups if not f.done), None)
        candidacy.held_follow_ups = [f for f in follow_ups if f.done]
        candidacy.gaps = chain_gaps(candidacy, list(candidacy.chain.all()))
    record_read(request, [c.participant for c in candidacies], part="people")
    return {
        "people": candidacies,
        "feedback_form": bound.get("feedback_form") or forms.FeedbackForm(),
        "outcome_kinds": Outcome.Kind.choices,
        "today": timezone.localdate(),
    }


ATTENDANCE_WEEKS = 4


def with_reports(candidacies):
    """Annotate what the providers reported of each person: attendance over the last four weeks,
    and modules completed or interrupted — as subqueries of the people's own query, no query more."""
    since = timezone.localdate() - datetime.timedelta(weeks=ATTENDANCE_WEEKS)

    def count(model, **match):
        rows = model.objects.filter(candidacy=OuterRef("pk"), **match).order_by().values("candidacy")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    return candidacies.annotate(
        weeks_present=count(Attendance, week__gte=since, status=Attendance.Status.PRESENT),
        weeks_absent=count(Attendance, week__gte=since, status=Attendance.Status.ABSENT),
        weeks_excused=count(Attendance, week__gte=since, status=Attendance.Status.EXCUSED),
        modules_completed=count(Completion, result=Completion.Result.COMPLETED),
        modules_interrupted=count(Completion, result=Completion.Result.INTERRUPTED),
    )


def checklist(request, track, ctx, bound) -> dict:
    items = list(track.checklist.select_related("assignee"))
    groups = []  # per phase: its label and value, its items, how many are settled (done or not applicable)
    for value in WORKING_PHASES:
        phase_items = [i for i in items if i.phase == value]
        groups.append((Phase(value).label, value, phase_items, sum(1 for i in phase_items if i.status != "open")))
    return {
        "checklist": groups,
        "task_form": bound.get("task_form") or forms.ChecklistAddForm(initial={"phase": track.phase}),
    }


def problems(request, track, ctx, bound) -> dict:
    return {"problems": list(track.problems.select_related("created_by", "decided_by")),
            "problem_form": bound.get("problem_form") or forms.ProblemForm()}


def closing(request, track, ctx, bound) -> dict:
    return {"history": list(track.phase_changes.select_related("actor")),
            "evaluation_form": bound.get("evaluation_form") or forms.EvaluationForm(instance=track)}


def events(request, track, ctx, bound) -> dict:
    """Who did what on the track, newest first, filterable by kind. A person an event is about is
    named only to those who may see the track's people, and that is a logged read."""
    present = list(track.events.order_by().values_list("action", "actor_id", "actor__full_name").distinct())
    kinds = sorted({action for action, *_who in present}, key=audit_label)
    actors = sorted({(pk, name) for _action, pk, name in present if pk}, key=lambda actor: actor[1])
    chosen, who = request.GET.get("action", ""), parse_id(request.GET.get("actor", ""))
    rows = track.events.select_related("actor", "audit_event__content_type")
    if chosen in kinds:
        rows = rows.filter(action=chosen)
    if who in {pk for pk, _name in actors}:
        rows = rows.filter(actor_id=who)
    rows = list(rows[:EVENTS_SHOWN])

    def person_id(row):  # the participant an event is about, if it is about one
        event = row.audit_event
        about_a_person = event.content_type is not None and event.content_type.model == "participant"
        return int(event.object_id) if about_a_person and event.object_id.isdigit() else (0 if about_a_person else None)

    about = {row.pk: person_id(row) for row in rows}
    named = {pk for pk in about.values() if pk} if request.user.has_perm("tracks.view_people", track) else set()
    people = Participant.objects.in_bulk(named) if named else {}
    for row in rows:
        row.label = audit_label(row.action)
        person = about[row.pk]
        row.about = row.audit_event.object_repr if person is None else getattr(people.get(person), "full_name", "")
    if people:
        record_read(request, list(people.values()), part="events")
    return {"events": rows, "event_kinds": [(kind, audit_label(kind)) for kind in kinds], "event_kind": chosen,
            "event_actors": actors, "event_actor": who, "events_limit": EVENTS_SHOWN}


PARTS = {
    "phase": phase, "details": details, "numbers": numbers, "profile": profile, "chain": chain, "letters": letters,
    "activities": activities, "people": people, "checklist": checklist, "problems": problems, "closing": closing,
    "events": events,
}


def context_for(request, track, parts, **bound) -> dict:
    """The context of the given parts: the base, each part's own, and any bound forms and errors."""
    ctx = base(request, track)
    for part in parts:
        ctx.update(PARTS[part](request, track, ctx, bound))
    ctx.update(errors=bound.get("errors", []), errors_in=bound.get("errors_in", ""),
               errors_phase=bound.get("errors_phase", ""))
    return ctx
