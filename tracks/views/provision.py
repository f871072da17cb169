"""The providers' part of a track: the coordinator's search of the catalogue (adding an intake to
the chain), and the provider's own learners with their weekly attendance and completion."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import Read, record_read
from accounts.models import Organisation, Role
from accounts.selectors import organisation_ids
from lib.forms import add_errors
from lib.plausible import today
from providers.forms import CatalogueSearchForm
from providers.selectors import catalogue_search, intake_by_id

from .. import provision_forms as forms
from .. import services
from ..models import Attendance, Completion, FollowUp, Intervention
from ..selectors import learners_of, provider_interventions
from ..services.provision import monday, reportable_weeks
from .common import errors_action, get_track

PAGE_SIZE = 50
MEETINGS_SINCE = datetime.timedelta(days=30)

# --- The coordinator: the catalogue, and a step from it ---------------------------------------


@login_required
def catalogue(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    asked = any(key in request.GET for key in CatalogueSearchForm.base_fields)
    form = CatalogueSearchForm(request.GET if asked else None,
                               initial={"municipality": track.lead_municipality.municipality_id, "distance": True})
    filters = {"municipality": track.lead_municipality.municipality_id, "distance": True,
               "start_from": track.planned_start}
    if asked and form.is_valid():
        data = form.cleaned_data
        filters = {"search": data["search"].strip(), "kind": data["kind"],
                   "occupation": data["occupation"].pk if data["occupation"] else "",
                   "municipality": data["municipality"].pk if data["municipality"] else "",
                   "distance": data["distance"], "start_from": data["start_from"], "start_to": data["start_to"]}
    intakes = catalogue_search(**filters) if not form.errors else catalogue_search().none()
    page = Paginator(intakes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tracks/catalogue.html", {"track": track, "form": form, "page": page,
                                                     "intakes": page.object_list, "query": query.urlencode()})


@login_required
@require_POST
def intervention_from_intake(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    intake = intake_by_id(request.POST.get("intake"))

    def add():
        if intake is None:
            raise ValidationError(_("That intake is no longer in the catalogue, or it has no free places."))
        services.intervention_from_intake(track=track, actor=request.user, intake=intake)

    return errors_action(request, track, "chain", add, message=_("%(title)s is added to the chain.") % {
        "title": intake.module.title} if intake else "")


# --- The provider: learners, attendance, completion --------------------------------------------


@login_required
def learners(request):
    if not request.user.has_perm("tracks.view_learners"):
        raise PermissionDenied
    interventions = list(provider_interventions(request.user))
    placed = learners_of(interventions)
    rows = [(i, placed[i.pk]) for i in interventions]
    people = [c.participant for _i, shown in rows for c in shown]
    if people:
        record_read(request, people, Read.VIEW_LEARNERS)
    meetings = (FollowUp.objects.filter(kind=FollowUp.Kind.THREE_WAY, meeting_at__gte=timezone.now() - MEETINGS_SINCE,
                                        candidacy__in=[c.pk for _i, shown in rows for c in shown])
                .select_related("candidacy__participant", "candidacy__track").order_by("meeting_at"))
    return render(request, "tracks/learners.html", {"rows": rows, "meetings": meetings})


@login_required
def provider_part(request, follow_up_pk):
    """The provider's part of a three-way follow-up of one of its learners."""
    item = get_object_or_404(FollowUp.objects.select_related("candidacy__participant", "candidacy__track"), pk=follow_up_pk)
    if not request.user.has_perm("tracks.give_provider_part", item):
        raise Http404
    form = forms.ProviderPartForm(request.POST or None, initial={"text": item.provider_part})
    if request.method == "POST" and form.is_valid():
        provider = (Organisation.objects.filter(pk__in=organisation_ids(request.user, [Role.PROVIDER]),
                                                provided_interventions__track=item.candidacy.track_id)
                    .order_by("pk").first())
        services.followup_provider_part(follow_up=item, actor=request.user, text=form.cleaned_data["text"],
                                        provider=provider)
        messages.success(request, _("Your part of the follow-up is saved; the coordinator sees it."))
        return redirect("tracks:learners")
    record_read(request, item.candidacy.participant, Read.VIEW_LEARNERS)
    return render(request, "tracks/provider_part.html", {"form": form, "follow_up": item})


def _intervention(request, pk):
    intervention = get_object_or_404(Intervention.objects.select_related("track", "intake__module"), pk=pk)
    if not request.user.has_perm("tracks.report_attendance", intervention):
        raise Http404
    return intervention


def _week(value, intervention) -> datetime.date:
    """The week asked for (by default the latest that has ended), kept inside the module."""
    try:
        day = parse_date(value) if value and len(value) <= 10 else None
    except ValueError:  # well-formed but no date, e.g. 2026-13-45
        day = None
    first, last = reportable_weeks(intervention)
    return max(first, min(monday(day) if day else last, last))


@login_required
def attendance(request, pk):
    intervention = _intervention(request, pk)
    week = _week(request.POST.get("week") or request.GET.get("week"), intervention)
    placed = learners_of([intervention])[intervention.pk]
    errors, posted = {}, {}
    if request.method == "POST" and request.POST.get("week") != week.isoformat():
        # A form from another week (an old tab, or a tampered one): nothing is saved under a week not shown.
        errors = {"week": [_("Choose a week of the module that has ended, and report it again.")]}
    elif request.method == "POST":
        entries = {}
        for candidacy in placed:
            status = request.POST.get(f"status-{candidacy.pk}", "")
            reason = request.POST.get(f"reason-{candidacy.pk}", "")
            progress = request.POST.get(f"progress-{candidacy.pk}", "").replace("\x00", "").strip()[:2000]
            posted[candidacy.pk] = (status, reason, progress)
            if status in Attendance.Status.values:
                entries[candidacy] = (status, reason if reason in Attendance.Reason.values else "", progress)
        try:
            services.attendance_record(intervention=intervention, week=week, entries=entries, actor=request.user)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect(f"{reverse('tracks:learners_attendance', args=[intervention.pk])}?week={week.isoformat()}")
    known = {a.candidacy_id: a for a in Attendance.objects.filter(intervention=intervention, week=week)}
    completions = {c.candidacy_id: c for c in Completion.objects.filter(intervention=intervention)}
    rows = []
    for candidacy in placed:
        row = known.get(candidacy.pk)
        status, reason, progress = posted.get(candidacy.pk) or (
            (row.status, row.reason, row.progress) if row else ("", "", ""))
        rows.append({"candidacy": candidacy, "status": status, "reason": reason, "progress": progress,
                     "error": errors.get(f"reason-{candidacy.pk}", [""])[0], "completion": completions.get(candidacy.pk)})
    if placed:
        record_read(request, [c.participant for c in placed], Read.VIEW_LEARNERS)
    first, last = reportable_weeks(intervention)
    previous = week - datetime.timedelta(weeks=1)
    following = week + datetime.timedelta(weeks=1)
    context = {
        "intervention": intervention, "week": week, "week_end": week + datetime.timedelta(days=4), "rows": rows,
        "errors": [m for ms in errors.values() for m in ms],
        "statuses": Attendance.Status.choices, "reasons": Attendance.Reason.choices,
        "previous": previous if previous >= first else None,
        "following": following if following <= last else None,
    }
    return render(request, "tracks/attendance.html", context)


@login_required
def completion(request, pk, candidacy_pk):
    intervention = _intervention(request, pk)
    placed = {c.pk: c for c in learners_of([intervention])[intervention.pk]}
    candidacy = placed.get(candidacy_pk)
    if candidacy is None:
        raise Http404
    existing = Completion.objects.filter(intervention=intervention, candidacy=candidacy).first()
    form = forms.CompletionForm(request.POST or None, initial={
        "result": existing.result, "date": existing.date, "grade": existing.grade, "reason": existing.reason,
    } if existing else {"date": min(today(), intervention.end_date)})
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_record(intervention=intervention, candidacy=candidacy, actor=request.user,
                                       **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(name)s, %(module)s.") % {
                "name": candidacy.participant.full_name, "module": intervention.title})
            return redirect("tracks:learners_attendance", intervention.pk)
    record_read(request, candidacy.participant, Read.VIEW_LEARNERS)
    return render(request, "tracks/completion.html", {"form": form, "intervention": intervention,
                                                      "candidacy": candidacy})



