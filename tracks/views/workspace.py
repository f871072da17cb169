"""The track list, creating and editing a track, and the workspace: its overview and one page per
area, the phase, new rounds, the checklist, problems and the steering group's decision.

Views parse, check permission, call a service and answer (`common.answer`): a plain POST
redirects back to its area; with htmx it returns just the part it changed."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from lib.forms import add_errors
from lib.paging import CountedPaginator

from .. import forms, services
from ..models import NEXT_PHASE, ChecklistItem, Phase, Problem
from ..selectors import assignable_users, filter_choices, track_list, track_list_count, track_table
from .common import answer, errors_action, form_action, get_on_track, get_track, render_area

PAGE_SIZE = 50

# --- List and create -----------------------------------------------------------------------


@login_required
def track_list_view(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("phase", "municipality", "employer", "search")}
    # The rows read only what the table prints (the export reads the whole track).
    listed = track_list(request.user, **filters).only(
        "title", "round_number", "phase", "planned_start", "planned_end", "places", "occupation__code",
        "occupation__name", "lead_municipality__name")
    page = CountedPaginator(listed, PAGE_SIZE,
                            count=track_list_count(request.user, **filters)).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "tracks": page.object_list, "rows": track_table(page.object_list, full=True), "page": page,
        "query": query.urlencode(), "filters": filters,
        "phases": Phase.choices, **filter_choices(request.user),
        "can_add": request.user.has_perm("tracks.add_track"),
        "can_export": request.user.has_perm("reports.export_tracks"),
    }
    return render(request, "tracks/list.html", context)


def _form_page(request, form, title, submit, track=None):
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": submit})


@login_required
def track_create(request):
    if not request.user.has_perm("tracks.add_track"):
        raise PermissionDenied
    form = forms.TrackForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        track = services.track_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The track is created, in planning. Its checklist is ready."))
        return redirect(track)
    return _form_page(request, form, _("New job track"), _("Create track"))


@login_required
def track_edit(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.TrackForm(request.POST or None, instance=copy.copy(track), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        services.track_update(track=track, actor=request.user, **data)
        messages.success(request, _("The track is saved."))
        return redirect(track)
    return _form_page(request, form, _("Edit the track"), _("Save"), track)


# --- The workspace: overview and areas -----------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def track_detail(request, pk):
    return render_area(request, get_track(request, pk), "overview")


def area_view(area):
    @login_required
    @vary_on_headers("HX-Request")
    def view(request, pk):
        return render_area(request, get_track(request, pk), area)

    view.__name__ = view.__qualname__ = f"track_{area}"
    return view


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
        return answer(request, track, "phase", **bound)
    track = get_track(request, pk)  # its permissions change with the phase
    return answer(request, track, "phase", message=_("The track is now in %(phase)s.") % {
        "phase": track.get_phase_display().lower()})


@login_required
@require_POST
def track_new_round(request, pk):
    track = get_track(request, pk, "tracks.start_new_round")
    try:
        successor = services.track_start_new_round(track=track, actor=request.user)
    except services.GateClosed as closed:
        return answer(request, track, "phase", errors=closed.messages)
    messages.success(request, _("Round %(round)s is created, in planning.") % {"round": successor.round_number})
    return redirect(successor)


@login_required
@require_POST
def track_evaluation(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.EvaluationForm(request.POST, instance=track)
    return form_action(request, track, "closing", form, "evaluation_form",
                       lambda evaluation: services.track_update(track=track, actor=request.user, evaluation=evaluation),
                       _("The evaluation is saved."))


# --- Checklist -----------------------------------------------------------------------------


@login_required
@require_POST
def checklist_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "checklist", forms.ChecklistAddForm(request.POST), "task_form",
                       lambda **data: services.checklist_item_add(track=track, actor=request.user, **data),
                       _("The task is added."))


@login_required
@require_POST
def checklist_status(request, pk, item_pk):
    track = get_track(request, pk, "tracks.change_track")
    item = get_on_track(ChecklistItem, track, item_pk)
    status, reason = request.POST.get("status", ""), request.POST.get("reason", "")
    return errors_action(request, track, "checklist", lambda: services.checklist_item_set_status(
        item=item, actor=request.user, status=status, reason=reason), errors_phase=item.phase)


@login_required
def checklist_edit(request, pk, item_pk):
    track = get_track(request, pk, "tracks.change_track")
    item = get_on_track(ChecklistItem, track, item_pk)
    form = forms.ChecklistEditForm(request.POST or None, instance=item, assignees=assignable_users(track))
    if request.method == "POST" and form.is_valid():
        services.checklist_item_assign(item=item, actor=request.user, **form.cleaned_data)
        return answer(request, track, "checklist", message=_("The task is saved."))
    return _form_page(request, form, _("Task: %(task)s") % {"task": item.label}, _("Save"), track)


# --- Problems ------------------------------------------------------------------------------


@login_required
@require_POST
def problem_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "problems", forms.ProblemForm(request.POST), "problem_form",
                       lambda **data: services.problem_create(track=track, actor=request.user, **data),
                       _("The problem is recorded."))


@login_required
@require_POST
def problem_action(request, pk, problem_pk):
    track = get_track(request, pk, "tracks.change_track")
    problem = get_on_track(Problem, track, problem_pk)
    if request.POST.get("action") == "escalate":
        form = forms.EscalationForm(request.POST)
        if not form.is_valid():
            return answer(request, track, "problems",
                          errors=[f"{form.fields[name].label} {error}" for name, errors in form.errors.items()
                                  for error in errors])
        return errors_action(request, track, "problems",
                             lambda: services.problem_escalate(problem=problem, actor=request.user, **form.cleaned_data),
                             _("The problem is escalated: the steering group sees it first on its start page."))
    if request.POST.get("action") != "resolve":
        return answer(request, track, "problems", errors=[_("Choose what to do with the problem.")])
    return errors_action(request, track, "problems", lambda: services.problem_resolve(problem=problem, actor=request.user),
                         _("The problem is updated."))


@login_required
def problem_decide(request, pk, problem_pk):
    """A steering-group member records the group's decision on an escalated problem."""
    track = get_track(request, pk)
    problem = get_on_track(Problem, track, problem_pk)
    if not request.user.has_perm("tracks.decide_problem", problem):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_decide(problem=problem, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded. The coordinator sees it on the track."))
            return redirect("dashboard")
    return render(request, "tracks/problem_decide.html", {"track": track, "problem": problem, "form": form})
