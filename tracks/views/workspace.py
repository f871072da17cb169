"""The coordinator's track list and workspace, and the employer's and steering group's actions on it.

Views parse, check permission, call a service and render. Every action is a plain POST that
redirects back to its section of the workspace; with htmx it returns just that section.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import Requirement
from jobbspar.accounts.models import Organisation

from .. import forms, services
from ..gaps import find_gaps
from ..gates import missing_to_advance
from ..models import (
    NEXT_PHASE,
    TOOK_PART,
    WORKING_PHASES,
    ChecklistItem,
    FollowUp,
    Intervention,
    LetterOfIntent,
    Outcome,
    OutcomeCheck,
    Phase,
    Problem,
    ProfileProposal,
    RecruitmentActivity,
    Track,
    WorkplaceFeedback,
)
from ..selectors import (
    assignable_users,
    filter_choices,
    letters_visible_to,
    track_list,
)
from ..timeline import timeline

PAGE_SIZE = 50

# --- Finding what the user may act on --------------------------------------------------------


def get_track(request, pk, perm="tracks.view_track"):
    """The track, or 404 if the user may not see it (its existence is not told), or 403 if they
    may see it but not do `perm`."""
    track = get_object_or_404(
        Track.objects.select_related("occupation", "lead_municipality", "agreement").prefetch_related("coordinators"), pk=pk)
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
    page = Paginator(tracks, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "tracks": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "phases": Phase.choices,
        **filter_choices(request.user),
        "can_add": request.user.has_perm("tracks.add_track"),
        "can_export": request.user.has_perm("reports.export_tracks"),
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
    letters = letters_visible_to(user, track, internal=internal)
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
    prefetch_related_objects([track], "employers", "partners")  # the page and its permissions use both
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
    services.requirement_add(track=track, actor=request.user, **form.cleaned_data)
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
    services.proposal_create(track=track, actor=request.user, **form.cleaned_data)
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
    assignees = assignable_users(track)
    form = forms.ChecklistEditForm(request.POST or None, instance=item, assignees=assignees)
    if request.method == "POST" and form.is_valid():
        form.save()
        return section(request, track, "checklist", message=_("The task is saved."))
    title = _("Task: %(task)s") % {"task": item.label}
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


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



