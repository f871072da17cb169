"""The coordinator's track list and workspace, and the employer's and steering group's actions.

Views parse, check permission, call a service and render. Every action is a plain POST that
redirects back to its section of the workspace; with htmx it returns just that section.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import Requirement
from jobbspar.accounts.models import Organisation

from . import forms, services
from .gaps import find_gaps
from .gates import missing_to_advance
from .models import (
    NEXT_PHASE,
    WORKING_PHASES,
    TOOK_PART,
    ActivityInvitation,
    Candidacy,
    FollowUp,
    Outcome,
    OutcomeCheck,
    PersonalIntervention,
    WorkplaceFeedback,
    ChecklistItem,
    Intervention,
    LetterOfIntent,
    Phase,
    Problem,
    ProfileProposal,
    RecruitmentActivity,
    Shortlist,
    ShortlistEntry,
    Track,
)
from .selectors import (
    nominating_organisation,
    nomination_tracks,
    ranked_candidates,
    shortlist_entries_for_employer,
    track_list,
)
from .timeline import timeline

# --- Finding what the user may act on --------------------------------------------------------


def get_track(request, pk, perm="tracks.view_track"):
    """The track, or 404 if the user may not see it (its existence is not told), or 403 if they
    may see it but not do `perm`."""
    track = get_object_or_404(Track.objects.select_related("occupation", "lead_municipality", "agreement"), pk=pk)
    if not request.user.has_perm("tracks.view_track", track):
        raise Http404
    if perm != "tracks.view_track" and not request.user.has_perm(perm, track):
        raise PermissionDenied
    return track


def get_on_track(model, track, pk):
    return get_object_or_404(model, track=track, pk=pk)


# --- List and create -----------------------------------------------------------------------


@login_required
def track_list_view(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("phase", "municipality", "employer", "search")}
    tracks = track_list(request.user, **filters)
    context = {
        "tracks": tracks,
        "filters": filters,
        "phases": Phase.choices,
        "municipalities": Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, led_tracks__in=tracks).distinct(),
        "employer_choices": Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER, employer_tracks__in=tracks).distinct(),
        "can_add": request.user.has_perm("tracks.add_track"),
    }
    return render(request, "tracks/list.html", context)


@login_required
def track_create(request):
    if not request.user.has_perm("tracks.add_track"):
        raise PermissionDenied
    form = forms.TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        track = services.track_create(actor=request.user, **data)
        messages.success(request, _("The track is created, in planning. Its checklist is ready."))
        return redirect(track)
    return render(request, "tracks/form_page.html", {"form": form, "title": _("New job track"), "submit": _("Create track")})


@login_required
def track_edit(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.TrackForm(request.POST or None, instance=track)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        services.track_update(track=track, actor=request.user, **data)
        messages.success(request, _("The track is saved."))
        return redirect(track)
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": _("Edit the track"), "submit": _("Save")})


# --- The workspace -------------------------------------------------------------------------


def workspace_context(request, track, **bound):
    """Everything the workspace shows, with the user's permissions decided once, here."""
    user = request.user
    internal = user.has_perm("tracks.view_track_internals", track)
    can_change = user.has_perm("tracks.change_track", track)
    interventions = list(track.interventions.all())
    letters = list(track.letters.select_related("employer"))
    if not internal:
        mine = set(user.memberships.values_list("organisation", flat=True))
        letters = [letter for letter in letters if letter.employer_id in mine]
    profile = track.requirement_profile
    context = {
        "track": track,
        "internal": internal,
        "can_change": can_change,
        "can_change_phase": user.has_perm("tracks.change_phase", track),
        "can_propose": user.has_perm("tracks.propose_profile_change", track),
        "can_new_round": track.phase == Phase.CLOSED and user.has_perm("tracks.start_new_round", track)
        and not hasattr(track, "successor"),
        "phases": [(phase, Phase(phase).label) for phase in WORKING_PHASES + [Phase.CLOSED]],
        "next_phase": NEXT_PHASE.get(track.phase),
        "missing": missing_to_advance(track) if track.is_open else [],
        "employers": list(track.employers.all()),
        "partners": list(track.partners.all()),
        "coordinators": list(track.coordinators.all()),
        "profile": profile,
        "requirements": list(profile.requirements.all()) if profile else [],
        "proposals": list(track.profile_proposals.select_related("proposed_by"))
        if user.has_perm("tracks.view_proposals", track)
        else [],
        "interventions": interventions,
        "timeline": timeline(interventions, track.planned_start, track.planned_end),
        "gaps": find_gaps(
            [(i.start_date, i.end_date) for i in interventions],
            max_working_days=settings.GAP_MAX_WORKING_DAYS,
            within=(track.planned_start, track.planned_end),
        ),
        "letters": letters,
        "activities": list(track.activities.all()),
        "checklist": _checklist_by_phase(track) if internal else [],
        "problems": list(track.problems.select_related("created_by", "decided_by")) if internal else [],
        "history": list(track.phase_changes.select_related("actor")) if internal else [],
        "requirement_form": bound.get("requirement_form") or forms.RequirementForm(),
        "copy_form": bound.get("copy_form") or forms.ProfileCopyForm(),
        "proposal_form": bound.get("proposal_form") or forms.ProposalForm(),
        "activity_form": bound.get("activity_form") or forms.ActivityForm(),
        "task_form": bound.get("task_form") or forms.ChecklistAddForm(initial={"phase": track.phase}),
        "problem_form": bound.get("problem_form") or forms.ProblemForm(),
        "evaluation_form": bound.get("evaluation_form") or forms.EvaluationForm(instance=track),
        "errors": bound.get("errors", []),
        "errors_in": bound.get("errors_in", ""),
        "cancel_form": bound.get("cancel_form") or forms.ReasonForm(prefix="cancel"),
        "people": _people(track) if (internal or user.has_perm("tracks.give_feedback", track)) else [],
        "feedback_form": bound.get("feedback_form") or forms.FeedbackForm(),
        "can_give_feedback": user.has_perm("tracks.give_feedback", track),
        "outcome_kinds": Outcome.Kind.choices,
    }
    return context


def _people(track):
    """The track's participants, with what the workspace shows of them, in a fixed number of queries:
    the next follow-up due and the ones held, from the prefetched list."""
    people = list(
        track.candidacies.filter(status__in=TOOK_PART)
        .select_related("participant", "outcome", "track")
        .prefetch_related(
            "chain",
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_date")),
            Prefetch("outcome_checks", queryset=OutcomeCheck.objects.order_by("due_date")),
            Prefetch("workplace_feedback", queryset=WorkplaceFeedback.objects.select_related("author")),
        )
        .order_by("participant__last_name", "participant__first_name")
    )
    for candidacy in people:
        follow_ups = list(candidacy.follow_ups.all())
        candidacy.next_follow_up = next((f for f in follow_ups if not f.done), None)
        candidacy.held_follow_ups = [f for f in follow_ups if f.done]
        candidacy.gaps = services.chain_gaps(candidacy, list(candidacy.chain.all()))
    return people


def _checklist_by_phase(track):
    items = list(track.checklist.select_related("assignee"))
    return [(Phase(phase).label, phase, [i for i in items if i.phase == phase]) for phase in WORKING_PHASES]


@login_required
def track_detail(request, pk):
    track = get_track(request, pk)
    return render(request, "tracks/workspace.html", workspace_context(request, track))


def section(request, track, name, *, message="", **bound):
    """Answer an action: the section alone for htmx, the whole page when a form has errors,
    otherwise a redirect back to the section (so reloading never repeats the action)."""
    if bound:
        bound["errors_in"] = name
    if request.htmx:
        return render(request, f"tracks/workspace.html#{name}", workspace_context(request, track, **bound))
    if bound:
        return render(request, "tracks/workspace.html", workspace_context(request, track, **bound))
    if message:
        messages.success(request, message)
    return redirect(f"{track.get_absolute_url()}#{name}")


# --- Phase ---------------------------------------------------------------------------------


@login_required
@require_POST
def track_phase(request, pk):
    track = get_track(request, pk, "tracks.change_phase")
    cancel = request.POST.get("to") == Phase.CANCELLED
    cancel_form = forms.ReasonForm(request.POST, prefix="cancel") if cancel else None
    reason = cancel_form.data.get("cancel-reason", "") if cancel else ""
    target = Phase.CANCELLED if cancel else NEXT_PHASE.get(track.phase)
    try:
        track = services.track_change_phase(track=track, actor=request.user, to=target, reason=reason)
    except services.GateClosed as closed:
        bound = {"errors": closed.messages}
        if cancel:
            cancel_form.is_valid()
            bound["cancel_form"] = cancel_form
        return section(request, track, "phase", **bound)
    return section(request, track, "phase", message=_("The track is now in %(phase)s.") % {"phase": track.get_phase_display().lower()})


@login_required
@require_POST
def track_new_round(request, pk):
    track = get_track(request, pk, "tracks.start_new_round")
    try:
        successor = services.track_start_new_round(track=track, actor=request.user)
    except services.GateClosed as closed:
        return section(request, track, "phase", errors=closed.messages)
    messages.success(request, _("Round %(round)s is created, in planning.") % {"round": successor.round_number})
    return redirect(successor)


@login_required
@require_POST
def track_evaluation(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.EvaluationForm(request.POST, instance=track)
    if not form.is_valid():
        return section(request, track, "closing", evaluation_form=form)
    services.track_update(track=track, actor=request.user, evaluation=form.cleaned_data["evaluation"])
    return section(request, track, "closing", message=_("The evaluation is saved."))


# --- Requirement profile -------------------------------------------------------------------


@login_required
@require_POST
def profile_copy(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.ProfileCopyForm(request.POST)
    if not form.is_valid():
        return section(request, track, "profile", copy_form=form)
    services.profile_copy(track=track, source=form.cleaned_data["profile"], actor=request.user)
    return section(request, track, "profile", message=_("The requirement profile is copied from the library."))


@login_required
@require_POST
def requirement_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.RequirementForm(request.POST)
    if not form.is_valid():
        return section(request, track, "profile", requirement_form=form)
    profile = services.profile_ensure(track=track, actor=request.user)
    Requirement.objects.create(profile=profile, **form.cleaned_data)
    return section(request, track, "profile", message=_("The requirement is added."))


@login_required
@require_POST
def requirement_delete(request, pk, requirement_pk):
    track = get_track(request, pk, "tracks.change_track")
    get_object_or_404(Requirement, profile__track=track, pk=requirement_pk).delete()
    return section(request, track, "profile", message=_("The requirement is removed."))


@login_required
@require_POST
def proposal_add(request, pk):
    track = get_track(request, pk, "tracks.propose_profile_change")
    form = forms.ProposalForm(request.POST)
    if not form.is_valid():
        return section(request, track, "profile", proposal_form=form)
    ProfileProposal.objects.create(track=track, proposed_by=request.user, **form.cleaned_data)
    return section(request, track, "profile", message=_("Your proposal is sent to the coordinator."))


@login_required
@require_POST
def proposal_decide(request, pk, proposal_pk):
    track = get_track(request, pk)
    proposal = get_on_track(ProfileProposal, track, proposal_pk)
    if not request.user.has_perm("tracks.decide_proposal", proposal):
        raise PermissionDenied
    services.proposal_decide(proposal=proposal, actor=request.user, accept=request.POST.get("decision") == "accept")
    return section(request, track, "profile", message=_("The proposal is decided."))


# --- Interventions -------------------------------------------------------------------------


@login_required
def intervention_edit(request, pk, intervention_pk=None):
    track = get_track(request, pk, "tracks.change_track")
    intervention = get_on_track(Intervention, track, intervention_pk) if intervention_pk else Intervention(track=track)
    form = forms.InterventionForm(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid():
        form.save()
        return section(request, track, "chain", message=_("The intervention is saved."))
    title = _("Edit intervention") if intervention.pk else _("Add an intervention")
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


@login_required
@require_POST
def intervention_delete(request, pk, intervention_pk):
    track = get_track(request, pk, "tracks.change_track")
    get_on_track(Intervention, track, intervention_pk).delete()
    return section(request, track, "chain", message=_("The intervention is removed."))


# --- Letters of intent ---------------------------------------------------------------------


def get_letter(request, pk, letter_pk, perm):
    track = get_track(request, pk)
    letter = get_object_or_404(LetterOfIntent.objects.select_related("employer", "track"), track=track, pk=letter_pk)
    if not request.user.has_perm("tracks.view_letter", letter):
        raise Http404
    if perm and not request.user.has_perm(perm, letter if perm == "tracks.sign_letter" else track):
        raise PermissionDenied
    return track, letter


@login_required
def letter_edit(request, pk, letter_pk):
    track, letter = get_letter(request, pk, letter_pk, "tracks.change_track")
    form = forms.LetterForm(request.POST or None, instance=letter)
    if request.method == "POST" and form.is_valid():
        form.save()
        return section(request, track, "letters", message=_("The letter of intent is saved."))
    title = _("Letter of intent: %(employer)s") % {"employer": letter.employer.name}
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


@login_required
@require_POST
def letter_send(request, pk, letter_pk):
    track, letter = get_letter(request, pk, letter_pk, "tracks.change_track")
    return _letter_action(request, track, lambda: services.letter_send(letter=letter, actor=request.user),
                          _("The letter is sent to the employer."))


@login_required
@require_POST
def letter_waive(request, pk, letter_pk):
    track, letter = get_letter(request, pk, letter_pk, "tracks.change_track")
    reason = request.POST.get("reason", "")
    return _letter_action(request, track, lambda: services.letter_waive(letter=letter, actor=request.user, reason=reason),
                          _("The letter of intent is waived."))


def _letter_action(request, track, action, message):
    try:
        action()
    except ValidationError as error:
        return section(request, track, "letters", errors=error.messages)
    return section(request, track, "letters", message=message)


@login_required
def letter_sign(request, pk, letter_pk):
    """The employer's representative reads the letter and signs or declines it."""
    track, letter = get_letter(request, pk, letter_pk, "tracks.sign_letter")
    form = forms.SignLetterForm(request.POST or None, initial={"name": request.user.full_name})
    decline_form = forms.ReasonForm(request.POST or None, prefix="decline")
    if request.method == "POST" and request.POST.get("decision") == "decline":
        if decline_form.is_valid():
            services.letter_decline(letter=letter, actor=request.user, reason=decline_form.cleaned_data["reason"])
            messages.success(request, _("You have declined the letter of intent. The coordinator is told."))
            return redirect(f"{track.get_absolute_url()}#letters")
        form = forms.SignLetterForm(initial={"name": request.user.full_name})
    elif request.method == "POST" and form.is_valid():
        services.letter_sign(letter=letter, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: the letter of intent is signed."))
        return redirect(f"{track.get_absolute_url()}#letters")
    context = {"track": track, "letter": letter, "form": form, "decline_form": decline_form}
    return render(request, "tracks/letter_sign.html", context)


@login_required
def letter_pdf(request, pk, letter_pk):
    from reports.pdf import render_pdf_response

    track, letter = get_letter(request, pk, letter_pk, None)
    filename = f"avsiktsforklaring-{track.pk}-{letter.employer_id}.pdf"
    return render_pdf_response(request, "tracks/letter_pdf.html", {"track": track, "letter": letter}, filename)


# --- Recruitment activities ----------------------------------------------------------------


@login_required
@require_POST
def activity_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.ActivityForm(request.POST, instance=RecruitmentActivity(track=track))
    if not form.is_valid():
        return section(request, track, "activities", activity_form=form)
    form.save()
    return section(request, track, "activities", message=_("The activity is added."))


@login_required
@require_POST
def activity_delete(request, pk, activity_pk):
    track = get_track(request, pk, "tracks.change_track")
    get_on_track(RecruitmentActivity, track, activity_pk).delete()
    return section(request, track, "activities", message=_("The activity is removed."))


# --- Checklist -----------------------------------------------------------------------------


@login_required
@require_POST
def checklist_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.ChecklistAddForm(request.POST)
    if not form.is_valid():
        return section(request, track, "checklist", task_form=form)
    services.checklist_item_add(track=track, actor=request.user, **form.cleaned_data)
    return section(request, track, "checklist", message=_("The task is added."))


@login_required
@require_POST
def checklist_status(request, pk, item_pk):
    track = get_track(request, pk, "tracks.change_track")
    item = get_on_track(ChecklistItem, track, item_pk)
    status = request.POST.get("status", "")
    if status not in ChecklistItem.Status.values:
        return section(request, track, "checklist", errors=[_("Choose what to do with the task.")])
    try:
        services.checklist_item_set_status(item=item, actor=request.user, status=status, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        return section(request, track, "checklist", errors=error.messages)
    return section(request, track, "checklist")


@login_required
def checklist_edit(request, pk, item_pk):
    track = get_track(request, pk, "tracks.change_track")
    item = get_on_track(ChecklistItem, track, item_pk)
    assignees = _people_on_track(track)
    form = forms.ChecklistEditForm(request.POST or None, instance=item, assignees=assignees)
    if request.method == "POST" and form.is_valid():
        form.save()
        return section(request, track, "checklist", message=_("The task is saved."))
    title = _("Task: %(task)s") % {"task": item.label}
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


def _people_on_track(track):
    """Who a task can be given to: members of the organisations taking part in the track."""
    from jobbspar.accounts.models import User

    organisations = [track.lead_municipality_id, *track.partners.values_list("pk", flat=True)]
    return User.objects.filter(memberships__organisation__in=organisations, is_active=True).distinct()


# --- Problems ------------------------------------------------------------------------------


@login_required
@require_POST
def problem_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.ProblemForm(request.POST, instance=Problem(track=track, created_by=request.user))
    if not form.is_valid():
        return section(request, track, "problems", problem_form=form)
    form.save()
    return section(request, track, "problems", message=_("The problem is recorded."))


@login_required
@require_POST
def problem_action(request, pk, problem_pk):
    track = get_track(request, pk, "tracks.change_track")
    problem = get_on_track(Problem, track, problem_pk)
    actions = {"resolve": services.problem_resolve, "escalate": services.problem_escalate}
    action = actions.get(request.POST.get("action"))
    if action is None:
        return section(request, track, "problems", errors=[_("Choose what to do with the problem.")])
    try:
        action(problem=problem, actor=request.user)
    except ValidationError as error:
        return section(request, track, "problems", errors=error.messages)
    return section(request, track, "problems", message=_("The problem is updated."))


@login_required
def problem_decide(request, pk, problem_pk):
    """A steering-group member records the group's decision on an escalated problem."""
    track = get_track(request, pk)
    problem = get_on_track(Problem, track, problem_pk)
    if not request.user.has_perm("tracks.decide_problem", problem):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.problem_decide(problem=problem, actor=request.user, decision=form.cleaned_data["decision"])
        messages.success(request, _("The decision is recorded. The coordinator sees it on the track."))
        return redirect("dashboard")
    return render(request, "tracks/problem_decide.html", {"track": track, "problem": problem, "form": form})



# --- Nomination and matching ---------------------------------------------------------------


@login_required
def nominate(request):
    """A municipality or AF officer nominates one of their participants to a recruiting track."""
    from participants.selectors import participants_visible_to

    if not request.user.has_perm("tracks.nominate"):
        raise PermissionDenied
    form = forms.NominationForm(
        request.POST or None,
        initial={"participant": request.GET.get("participant"), "track": request.GET.get("track")},
        tracks=nomination_tracks(request.user),
        participants=participants_visible_to(request.user).order_by("last_name", "first_name"),
    )
    if request.method == "POST" and form.is_valid():
        organisation = nominating_organisation(request.user, request.membership)
        try:
            services.candidacy_nominate(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            participant = form.cleaned_data["participant"]
            messages.success(request, _("%(name)s is nominated to %(track)s.") % {
                "name": participant.full_name, "track": form.cleaned_data["track"].title})
            return redirect(participant)
    return render(request, "tracks/form_page.html", {"form": form, "title": _("Nominate a participant"), "submit": _("Nominate")})


def candidates_context(track, **bound):
    shortlists = track.shortlists.select_related("employer").prefetch_related(
        Prefetch("entries", queryset=ShortlistEntry.objects.select_related("candidacy__participant", "decided_by"))
    )
    return {
        "track": track,
        "ranked": ranked_candidates(track),
        "shortlists": list(shortlists),
        "approved": list(track.candidacies.filter(status__in=[Candidacy.Status.APPROVED, Candidacy.Status.ENROLLED])
                         .select_related("participant").order_by("participant__last_name")),
        "shortlist_form": bound.get("shortlist_form") or forms.ShortlistForm(track=track),
        "activities": _activities_with_invitations(track),
        "errors": bound.get("errors", []),
    }


def _activities_with_invitations(track):
    invitable = list(track.candidacies.filter(status__in=INVITABLE).select_related("participant"))
    activities = list(track.activities.prefetch_related(
        Prefetch("invitations", queryset=ActivityInvitation.objects.select_related("candidacy__participant"))))
    for activity in activities:
        invited = {i.candidacy_id for i in activity.invitations.all()}
        activity.invitable = [c for c in invitable if c.pk not in invited]
    return activities


INVITABLE = [Candidacy.Status.NOMINATED, Candidacy.Status.SHORTLISTED, Candidacy.Status.APPROVED_FOR_INTERVIEW]


@login_required
@require_POST
def activity_invite(request, pk, activity_pk):
    track = get_track(request, pk, "tracks.change_track")
    activity = get_on_track(RecruitmentActivity, track, activity_pk)
    chosen = track.candidacies.filter(pk__in=request.POST.getlist("candidacies"), status__in=INVITABLE)
    services.activity_invite(activity=activity, candidacies=list(chosen), actor=request.user)
    messages.success(request, _("The candidates are invited."))
    return redirect(f"{reverse('tracks:candidates', args=[track.pk])}#activity-{activity.pk}")


@login_required
@require_POST
def activity_attendance(request, pk, activity_pk):
    track = get_track(request, pk, "tracks.change_track")
    activity = get_on_track(RecruitmentActivity, track, activity_pk)
    attended = [int(v) for v in request.POST.getlist("attended") if v.isdigit()]
    services.activity_record_attendance(activity=activity, attended_ids=attended, actor=request.user)
    messages.success(request, _("The attendance is recorded."))
    return redirect(f"{reverse('tracks:candidates', args=[track.pk])}#activity-{activity.pk}")


@login_required
def candidates(request, pk):
    """The coordinator's view of the candidates: ranked against the requirement profile, put on
    shortlists, the employer's decisions as they come, and enrolment."""
    track = get_track(request, pk, "tracks.change_track")
    return render(request, "tracks/candidates.html", candidates_context(track))


@login_required
@require_POST
def shortlist_create(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.ShortlistForm(request.POST, track=track)
    if form.is_valid():
        try:
            services.shortlist_create(track=track, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The shortlist is ready. Send it when you are done."))
            return redirect("tracks:candidates", pk=track.pk)
    return render(request, "tracks/candidates.html", candidates_context(track, shortlist_form=form))


@login_required
@require_POST
def shortlist_send(request, pk, shortlist_pk):
    track = get_track(request, pk, "tracks.change_track")
    shortlist = get_on_track(Shortlist, track, shortlist_pk)
    try:
        services.shortlist_send(shortlist=shortlist, actor=request.user)
    except ValidationError as error:
        return render(request, "tracks/candidates.html", candidates_context(track, errors=error.messages))
    messages.success(request, _("The shortlist is sent to %(employer)s.") % {"employer": shortlist.employer.name})
    return redirect("tracks:candidates", pk=track.pk)


@login_required
@require_POST
def enrol(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = get_on_track(Candidacy, track, candidacy_pk)
    form = forms.EnrolForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["start"])
        services.candidacy_enrol(candidacy=candidacy, actor=request.user, start=form.cleaned_data["start"])
    except ValidationError as error:
        return render(request, "tracks/candidates.html", candidates_context(track, errors=error.messages))
    messages.success(request, _("%(name)s is enrolled.") % {"name": candidacy.participant.full_name})
    return redirect("tracks:candidates", pk=track.pk)


# --- The employer's decision ---------------------------------------------------------------


def get_shortlist(request, shortlist_pk):
    shortlist = get_object_or_404(Shortlist.objects.select_related("track__requirement_profile", "employer"), pk=shortlist_pk)
    if not request.user.has_perm("tracks.decide_shortlist", shortlist):
        raise Http404  # another employer's shortlist does not exist, as far as this user can tell
    return shortlist


def shortlist_context(request, shortlist, **bound):
    return {
        "shortlist": shortlist,
        "track": shortlist.track,
        "entries": shortlist_entries_for_employer(shortlist),
        "overdue": shortlist.is_overdue(),
        "decline_reasons": ShortlistEntry.DeclineReason.choices,
        "errors": bound.get("errors", {}),
    }


@login_required
def shortlist(request, shortlist_pk):
    """The employer's representative decides on each candidate put before them."""
    shortlist = get_shortlist(request, shortlist_pk)
    return render(request, "tracks/shortlist.html", shortlist_context(request, shortlist))


@login_required
@require_POST
def shortlist_decide(request, shortlist_pk, entry_pk):
    shortlist = get_shortlist(request, shortlist_pk)
    entry = get_object_or_404(ShortlistEntry.objects.select_related("candidacy__participant"), shortlist=shortlist, pk=entry_pk)
    try:
        services.shortlist_decide(entry=entry, actor=request.user, decision=request.POST.get("decision", ""),
                                  reason=request.POST.get("reason", ""), text=request.POST.get("text", ""))
    except ValidationError as error:
        context = shortlist_context(request, shortlist, errors={entry.pk: error.messages})
        if request.htmx:
            context["entries"] = [pair for pair in context["entries"] if pair[0].pk == entry.pk]
            return render(request, "tracks/shortlist.html#entry", {**context, "entry": context["entries"][0][0],
                                                                  "relevant": context["entries"][0][1]})
        return render(request, "tracks/shortlist.html", context)
    if request.htmx:
        context = shortlist_context(request, shortlist)
        entry, relevant = next(pair for pair in context["entries"] if pair[0].pk == entry.pk)
        return render(request, "tracks/shortlist.html#entry", {**context, "entry": entry, "relevant": relevant})
    messages.success(request, _("Your decision on %(name)s is saved.") % {"name": entry.candidacy.participant.full_name})
    return redirect(f"{reverse('tracks:shortlist', args=[shortlist.pk])}#entry-{entry.pk}")


# --- Follow-up, outcomes, workplace feedback -----------------------------------------------


@login_required
def follow_up(request, pk, follow_up_pk):
    track = get_track(request, pk, "tracks.change_track")
    item = get_object_or_404(FollowUp.objects.select_related("candidacy__participant"), candidacy__track=track, pk=follow_up_pk)
    form = forms.FollowUpForm(request.POST or None, instance=item, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        services.followup_record(follow_up=item, actor=request.user, **data)
        return section(request, track, "people", message=_("The follow-up is recorded."))
    title = _("Follow-up of %(name)s, due %(date)s") % {"name": item.candidacy.participant.full_name, "date": item.due_date.isoformat()}
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


@login_required
def outcome(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = get_object_or_404(Candidacy.objects.select_related("participant"), track=track, pk=candidacy_pk, status__in=TOOK_PART)
    instance = getattr(candidacy, "outcome", None)
    form = forms.OutcomeForm(request.POST or None, instance=instance, track=track)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(candidacy=candidacy, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return section(request, track, "people", message=_("The outcome is recorded."))
    title = _("Outcome for %(name)s") % {"name": candidacy.participant.full_name}
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


@login_required
@require_POST
def outcome_check(request, pk, check_pk):
    track = get_track(request, pk, "tracks.change_track")
    check = get_object_or_404(OutcomeCheck, candidacy__track=track, pk=check_pk)
    try:
        services.outcome_check_record(check=check, actor=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        return section(request, track, "people", errors=error.messages)
    return section(request, track, "people", message=_("The status is recorded."))


@login_required
@require_POST
def feedback(request, pk, candidacy_pk):
    """The employer's representative tells how their participant does at the workplace."""
    track = get_track(request, pk, "tracks.give_feedback")
    candidacy = get_object_or_404(Candidacy, track=track, pk=candidacy_pk, status__in=TOOK_PART)
    form = forms.FeedbackForm(request.POST)
    if not form.is_valid():
        return section(request, track, "people", feedback_form=form)
    WorkplaceFeedback.objects.create(candidacy=candidacy, author=request.user, text=form.cleaned_data["text"])
    return section(request, track, "people", message=_("Thank you, the coordinator sees your feedback."))


# --- The participant's own chain ----------------------------------------------------------


@login_required
def personal_chain(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = get_object_or_404(Candidacy.objects.select_related("participant", "track"), track=track, pk=candidacy_pk, status__in=TOOK_PART)
    chain = list(candidacy.chain.all())
    context = {"track": track, "candidacy": candidacy, "chain": chain, "gaps": services.chain_gaps(candidacy, chain)}
    return render(request, "tracks/personal_chain.html", context)


@login_required
def personal_step(request, pk, candidacy_pk, step_pk=None):
    """Move, skip or add a step of one participant's chain."""
    track = get_track(request, pk, "tracks.change_track")
    candidacy = get_object_or_404(Candidacy.objects.select_related("participant"), track=track, pk=candidacy_pk, status__in=TOOK_PART)
    step = get_object_or_404(PersonalIntervention, candidacy=candidacy, pk=step_pk) if step_pk else PersonalIntervention(candidacy=candidacy)
    form = forms.PersonalInterventionForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The participant's chain is saved."))
        return redirect("tracks:personal_chain", pk=track.pk, candidacy_pk=candidacy.pk)
    title = _("A step in %(name)s's chain") % {"name": candidacy.participant.full_name}
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})
