"""Participants' own pages. Every read of a person's detail page, and every reveal of their
personnummer, writes an audit event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.utils.http import urlencode

from jobbspar.accounts.audit import record, record_read

from .forms import CompetenceForm, ParticipantForm
from .history import change_history
from .rules import may_see_identity as rules_may_see_identity
from .models import Participant
from .selectors import participants_listed


def get_participant(request, pk, perm="participants.view_participant"):
    participant = get_object_or_404(Participant.objects.select_related("home_municipality", "af_office"), pk=pk)
    if not request.user.has_perm("participants.view_participant", participant):
        raise Http404  # whether the person exists is not told
    if perm != "participants.view_participant" and not request.user.has_perm(perm, participant):
        raise PermissionDenied  # e.g. protected identity: seen, but not by name
    return participant


@login_required
def participant_list(request):
    if not request.user.has_perm("participants.list_participants"):
        raise PermissionDenied
    search = request.GET.get("search", "").strip()
    page = Paginator(participants_listed(request.user, search=search), 50).get_page(request.GET.get("page"))
    context = {
        "participants": page.object_list,
        "page": page,
        "query": urlencode({"search": search}) if search else "",
        "search": search,
        "can_add": request.user.has_perm("participants.add_participant"),
    }
    return render(request, "participants/list.html", context)


@login_required
def participant_create(request):
    if not request.user.has_perm("participants.add_participant"):
        raise PermissionDenied
    form = ParticipantForm(request.POST or None, user=request.user, initial=_defaults(request.membership))
    if request.method == "POST" and form.is_valid():
        participant = form.save(commit=False)
        participant.created_by = request.user
        participant.save()
        record(request.user, "participant.create", participant)
        messages.success(request, _("%(name)s is registered.") % {"name": participant.full_name})
        return redirect(participant)
    return render(request, "participants/form.html", {"form": form, "title": _("Register a participant")})


def _defaults(membership):
    """An officer registers people of their own municipality or office, most of the time."""
    organisation = membership.organisation if membership else None
    if organisation is None:
        return {}
    if organisation.kind == organisation.Kind.AF_OFFICE:
        return {"af_office": organisation.pk, "home_municipality": organisation.municipality_id, "registered_at_af": True}
    return {"home_municipality": organisation.municipality_id}


@login_required
def participant_edit(request, pk):
    participant = get_participant(request, pk, "participants.change_participant")
    form = ParticipantForm(request.POST or None, instance=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(request.user, "participant.change", participant, {"fields": sorted(form.changed_data)})
        messages.success(request, _("The changes are saved."))
        return redirect(participant)
    return render(request, "participants/form.html", {"form": form, "participant": participant, "title": _("Edit %(name)s") % {"name": participant.full_name}})


def timeline(candidacies):
    """What happened to the person, newest first: nominations, shortlists, the employer's
    decisions, enrolment, the track's interventions, follow-ups held, outcome and later checks.
    Candidacies belong to tracks, which builds on this app, so they are reached through their
    relations only; everything is prefetched."""
    events = []
    for c in candidacies:
        track = c.track.title
        events.append((c.nominated_at.date(), _("Nominated to %(track)s by %(org)s") % {"track": track, "org": c.nominating_organisation.name}))
        for entry in c.shortlist_entries.all():
            if entry.shortlist.sent_at:
                events.append((entry.shortlist.sent_at.date(), _("On a shortlist to %(employer)s") % {"employer": entry.shortlist.employer.name}))
            if entry.decided_at:
                events.append((entry.decided_at.date(), _("The employer's decision: %(decision)s") % {"decision": entry.get_decision_display()}))
        if c.enrolled_on:
            events.append((c.enrolled_on, _("Enrolled in %(track)s") % {"track": track}))
            for intervention in c.track.interventions.all():
                events.append((intervention.start_date, _("%(kind)s starts: %(title)s") % {
                    "kind": intervention.get_kind_display(), "title": intervention.title}))
        for follow_up in c.follow_ups.all():
            if follow_up.held_on:
                events.append((follow_up.held_on, _("Followed up: %(progress)s") % {"progress": follow_up.get_progress_display().lower()}))
        outcome = getattr(c, "outcome", None)
        if outcome:
            events.append((outcome.date, _("Outcome: %(kind)s") % {"kind": outcome.get_kind_display()}))
        for check in c.outcome_checks.all():
            if check.status:
                events.append((check.due_date, _("After %(days)s days: %(status)s") % {"days": check.days_after, "status": check.get_status_display()}))
    return sorted(events, key=lambda event: event[0], reverse=True)


def detail_context(request, participant, **bound):
    entries = participant.candidacies.model._meta.get_field("shortlist_entries").related_model.objects
    candidacies = list(
        participant.candidacies.select_related("track", "nominating_organisation", "outcome")
        .prefetch_related(Prefetch("shortlist_entries", queryset=entries.select_related("shortlist__employer")),
                          "track__interventions", "follow_ups", "outcome_checks")
        .order_by("-nominated_at")
    )
    # The page is only shown to those who see the person; whether they see the name is the rest.
    may_see_identity = rules_may_see_identity.test(request.user, participant)
    return {
        "participant": participant,
        "may_see_identity": may_see_identity,
        "competences": list(participant.competences.all()),
        "candidacies": candidacies,
        "timeline": timeline(candidacies),
        "competence_form": bound.get("competence_form") or CompetenceForm(),
        "revealed": bound.get("revealed", False),
    }


@login_required
def participant_detail(request, pk):
    participant = get_participant(request, pk)
    record_read(request, participant)
    return render(request, "participants/detail.html", detail_context(request, participant))


@login_required
def participant_history(request, pk):
    """Who changed what in the person's record, candidacies, follow-ups and outcomes."""
    participant = get_participant(request, pk, "participants.view_identity")
    record_read(request, participant, "view_history")
    return render(request, "participants/history.html", {"participant": participant, "history": change_history(participant)})


@login_required
@require_POST
def participant_reveal(request, pk):
    """Show the full personnummer once, on an explicit request; the reveal is logged."""
    participant = get_participant(request, pk, "participants.reveal_personnummer")
    record_read(request, participant, "reveal_personnummer")
    context = detail_context(request, participant, revealed=True)
    if request.htmx:
        return render(request, "participants/detail.html#identity", context)
    return render(request, "participants/detail.html", context)


@login_required
@require_POST
def competence_add(request, pk):
    participant = get_participant(request, pk, "participants.change_participant")
    form = CompetenceForm(request.POST)
    if not form.is_valid():
        return render(request, "participants/detail.html", detail_context(request, participant, competence_form=form))
    form.instance.participant = participant
    form.save()
    record(request.user, "participant.change", participant, {"competence": form.instance.name})
    messages.success(request, _("The competence is added."))
    return redirect(f"{participant.get_absolute_url()}#competences")


