"""People coming into a track: nomination, ranking, invitations to recruitment activities,
shortlists and the employer's decisions, enrolment, and withdrawing a nomination."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import record_read
from lib.forms import add_errors
from lib.ids import parse_ids
from participants.reads import record_number_search
from participants.selectors import participants_listed, participants_visible_to, searched_number

from .. import forms, services
from ..matching import MET, NOT_MET, PARTLY, UNKNOWN
from ..models import ActivityInvitation, Candidacy, RecruitmentActivity, Shortlist, ShortlistEntry
from ..selectors import nominating_organisation, nomination_tracks, ranked_candidates, shortlist_entries_for_employer
from .common import get_on_track, get_track

# --- Nomination ----------------------------------------------------------------------------


@login_required
def nominate(request):
    """A municipality or AF officer nominates one of their participants to a recruiting track."""
    if not request.user.has_perm("tracks.nominate"):
        raise PermissionDenied
    q = "" if request.method == "POST" else request.GET.get("q", "").strip()[:100]
    people = participants_listed(request.user, search=q) if q else participants_visible_to(request.user).order_by(
        "last_name", "first_name")
    form = forms.NominationForm(
        request.POST or None,
        initial={"participant": request.GET.get("participant"), "track": request.GET.get("track")},
        tracks=nomination_tracks(request.user),
        participants=people,
    )
    if q and searched_number(q):
        record_number_search(request, people)
    if request.method == "POST" and form.is_valid():
        organisation = nominating_organisation(request.user, request.membership, form.cleaned_data["track"])
        try:
            services.candidacy_nominate(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            participant = form.cleaned_data["participant"]
            messages.success(request, _("%(name)s is nominated to %(track)s.") % {
                "name": participant.full_name, "track": form.cleaned_data["track"].title})
            return redirect(participant)
    return render(request, "tracks/nominate.html", {"form": form, "title": _("Nominate a participant"),
                                                    "submit": _("Nominate"), "q": q})


@login_required
@require_POST
def withdraw(request, pk, candidacy_pk):
    """The nominating officer or the coordinator withdraws a nomination, with a reason."""
    track = get_track(request, pk)
    candidacy = get_object_or_404(Candidacy.objects.select_related("participant"), track=track, pk=candidacy_pk)
    if not request.user.has_perm("tracks.withdraw_candidacy", candidacy):
        raise PermissionDenied
    try:
        services.candidacy_withdraw(candidacy=candidacy, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The nomination of %(name)s is withdrawn.") % {"name": candidacy.participant.full_name})
    back = request.POST.get("next", "")
    if back == "person":
        return redirect(candidacy.participant)
    return redirect("tracks:candidates", pk=track.pk)


# --- The coordinator's candidates page -----------------------------------------------------

INVITABLE = [Candidacy.Status.NOMINATED, Candidacy.Status.SHORTLISTED, Candidacy.Status.APPROVED_FOR_INTERVIEW]


# Sorting a column puts those who meet it first, then partly, then unknown, then not met.
STATE_ORDER = {MET: 0, PARTLY: 1, UNKNOWN: 2, NOT_MET: 3}


def candidates_context(request, track, **bound):
    shortlists = track.shortlists.select_related("employer").prefetch_related(
        Prefetch("entries", queryset=ShortlistEntry.objects.select_related("candidacy__participant", "decided_by"))
    )
    demand, ranked = ranked_candidates(track)
    shortlistable = any(c.status == Candidacy.Status.NOMINATED for c, _match in ranked)  # the shortlist form's choices
    columns = demand.columns()
    sort, musts_only = request.GET.get("sort", ""), request.GET.get("musts") == "1"
    if musts_only:
        ranked = [(c, m) for c, m in ranked if m.meets_all_musts]
    if sort in {key for key, _label, _kind in columns}:
        ranked.sort(key=lambda pair: (STATE_ORDER[pair[1].by_key()[sort].status], pair[1].sort_key()))
    elif sort == "name":
        ranked.sort(key=lambda pair: (pair[0].participant.last_name, pair[0].participant.first_name))
    else:
        sort = ""
    approved = list(track.candidacies.filter(status__in=[Candidacy.Status.APPROVED, Candidacy.Status.ENROLLED])
                    .select_related("participant").order_by("participant__last_name"))
    return {
        "track": track,
        "ranked": ranked,
        "columns": columns,
        "matrix": [(c, m, [m.by_key()[key] for key, _label, _kind in columns]) for c, m in ranked],
        "sort": sort,
        "musts_only": musts_only,
        "shortlists": list(shortlists),
        "approved": approved,
        "shortlist_form": bound.get("shortlist_form") or forms.ShortlistForm(track=track),
        "shortlistable": shortlistable,
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


def render_candidates(request, track, status=200, **bound):
    """The candidates page; every person it names (with motivations and competences) is a logged read."""
    context = candidates_context(request, track, **bound)
    shown = {c.participant for c, _match in context["ranked"]} | {c.participant for c in context["approved"]}
    record_read(request, sorted(shown, key=lambda p: p.pk), page_part="candidates")
    return render(request, "tracks/candidates.html", context, status=status)


@login_required
def candidates(request, pk):
    """The coordinator's view of the candidates: ranked against the requirement profile, put on
    shortlists, the employer's decisions as they come, and enrolment."""
    return render_candidates(request, get_track(request, pk, "tracks.change_track"))


def _back_to_activity(track, activity):
    return redirect(f"{reverse('tracks:candidates', args=[track.pk])}#activity-{activity.pk}")


@login_required
@require_POST
def activity_invite(request, pk, activity_pk):
    track = get_track(request, pk, "tracks.change_track")
    activity = get_on_track(RecruitmentActivity, track, activity_pk)
    chosen = track.candidacies.filter(pk__in=parse_ids(request.POST.getlist("candidacies")), status__in=INVITABLE)
    services.activity_invite(activity=activity, candidacies=list(chosen.select_related("participant")), actor=request.user)
    messages.success(request, _("The candidates are invited."))
    return _back_to_activity(track, activity)


@login_required
@require_POST
def activity_attendance(request, pk, activity_pk):
    track = get_track(request, pk, "tracks.change_track")
    activity = get_on_track(RecruitmentActivity, track, activity_pk)
    try:
        services.activity_record_attendance(activity=activity, attended_ids=parse_ids(request.POST.getlist("attended")),
                                            actor=request.user)
    except ValidationError as error:
        return render_candidates(request, track, errors=error.messages)
    messages.success(request, _("The attendance is recorded."))
    return _back_to_activity(track, activity)


@login_required
@require_POST
def shortlist_create(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    form = forms.ShortlistForm(request.POST, track=track)
    if form.is_valid():
        try:
            services.shortlist_create(track=track, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The shortlist is ready. Send it when you are done."))
            return redirect("tracks:candidates", pk=track.pk)
    return render_candidates(request, track, shortlist_form=form)


@login_required
@require_POST
def shortlist_send(request, pk, shortlist_pk):
    track = get_track(request, pk, "tracks.change_track")
    shortlist = get_on_track(Shortlist, track, shortlist_pk)
    try:
        services.shortlist_send(shortlist=shortlist, actor=request.user)
    except ValidationError as error:
        return render_candidates(request, track, errors=error.messages)
    messages.success(request, _("The shortlist is sent to %(employer)s.") % {"employer": shortlist.employer.name})
    return redirect("tracks:candidates", pk=track.pk)


@login_required
@require_POST
def enrol(request, pk, candidacy_pk):
    track = get_track(request, pk, "tracks.change_track")
    candidacy = get_on_track(Candidacy.objects.select_related("participant"), track, candidacy_pk)
    form = forms.EnrolForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["start"])
        services.candidacy_enrol(candidacy=candidacy, actor=request.user, start=form.cleaned_data["start"])
    except ValidationError as error:
        return render_candidates(request, track, errors=error.messages)
    messages.success(request, _("%(name)s is enrolled.") % {"name": candidacy.participant.full_name})
    return redirect("tracks:candidates", pk=track.pk)


# --- The employer's decision ---------------------------------------------------------------


def get_shortlist(request, shortlist_pk):
    shortlist = get_object_or_404(Shortlist.objects.select_related("track__requirement_profile", "employer"), pk=shortlist_pk)
    if not request.user.has_perm("tracks.decide_shortlist", shortlist):
        raise Http404  # another employer's shortlist does not exist, as far as this user can tell
    return shortlist


def shortlist_context(request, shortlist, **bound):
    demand, entries = shortlist_entries_for_employer(shortlist)
    return {
        "shortlist": shortlist,
        "track": shortlist.track,
        "demand": demand,
        "entries": entries,
        "overdue": shortlist.is_overdue(),
        "decline_reasons": ShortlistEntry.DeclineReason.choices,
        "errors": bound.get("errors", {}),
    }


@login_required
def shortlist(request, shortlist_pk):
    """The employer's representative decides on each candidate put before them."""
    shortlist = get_shortlist(request, shortlist_pk)
    context = shortlist_context(request, shortlist)
    record_read(request, [entry.candidacy.participant for entry, _match in context["entries"]], role="employer")
    return render(request, "tracks/shortlist.html", context)


def _entry_answer(request, shortlist, entry_pk, errors=None):
    context = shortlist_context(request, shortlist, errors=errors or {})
    entry, match = next(pair for pair in context["entries"] if pair[0].pk == entry_pk)
    return render(request, "tracks/shortlist.html#entry", {**context, "entry": entry, "match": match})


@login_required
@require_POST
def shortlist_decide(request, shortlist_pk, entry_pk):
    shortlist = get_shortlist(request, shortlist_pk)
    entry = get_object_or_404(ShortlistEntry.objects.select_related("candidacy__participant", "candidacy__track"),
                              shortlist=shortlist, pk=entry_pk)
    try:
        services.shortlist_decide(entry=entry, actor=request.user, decision=request.POST.get("decision", ""),
                                  reason=request.POST.get("reason", ""), text=request.POST.get("text", ""))
    except ValidationError as error:
        if request.htmx:
            return _entry_answer(request, shortlist, entry.pk, {entry.pk: error.messages})
        return render(request, "tracks/shortlist.html", shortlist_context(request, shortlist, errors={entry.pk: error.messages}))
    if request.htmx:
        return _entry_answer(request, shortlist, entry.pk)
    messages.success(request, _("Your decision on %(name)s is saved.") % {"name": entry.candidacy.participant.full_name})
    return redirect(f"{reverse('tracks:shortlist', args=[shortlist.pk])}#entry-{entry.pk}")
