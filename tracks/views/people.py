"""People on a track: nomination, ranking, recruitment activities, shortlists and the employer's
decisions, enrolment, each participant's chain, follow-ups, outcomes and workplace feedback."""

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

from jobbspar.accounts.audit import record_read
from jobbspar.accounts.ids import parse_ids

from .. import forms, services
from ..models import (
    TOOK_PART,
    ActivityInvitation,
    Candidacy,
    FollowUp,
    OutcomeCheck,
    PersonalIntervention,
    RecruitmentActivity,
    Shortlist,
    ShortlistEntry,
)
from ..selectors import (
    nominating_organisation,
    nomination_tracks,
    ranked_candidates,
    shortlist_entries_for_employer,
)
from .workspace import get_on_track, get_track, section

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
    chosen = track.candidacies.filter(pk__in=parse_ids(request.POST.getlist("candidacies")), status__in=INVITABLE)
    services.activity_invite(activity=activity, candidacies=list(chosen), actor=request.user)
    messages.success(request, _("The candidates are invited."))
    return redirect(f"{reverse('tracks:candidates', args=[track.pk])}#activity-{activity.pk}")


@login_required
@require_POST
def activity_attendance(request, pk, activity_pk):
    track = get_track(request, pk, "tracks.change_track")
    activity = get_on_track(RecruitmentActivity, track, activity_pk)
    attended = parse_ids(request.POST.getlist("attended"))
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
    context = shortlist_context(request, shortlist)
    record_read(request, [entry.candidacy.participant for entry, _relevant in context["entries"]], role="employer")
    return render(request, "tracks/shortlist.html", context)


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
    record_read(request, item.candidacy.participant)
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
    record_read(request, candidacy.participant)
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
    services.feedback_add(candidacy=candidacy, actor=request.user, text=form.cleaned_data["text"])
    return section(request, track, "people", message=_("Thank you, the coordinator sees your feedback."))


# --- The participant's own chain ----------------------------------------------------------


@login_required
def personal_chain(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = get_object_or_404(Candidacy.objects.select_related("participant", "track"), track=track, pk=candidacy_pk, status__in=TOOK_PART)
    chain = list(candidacy.chain.all())
    record_read(request, candidacy.participant)
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
