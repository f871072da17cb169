"""Asking for reports, following their progress, downloading them; exports of the track and
participant lists. Every download checks permission again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.audit import Operation, Read, record, record_many
from accounts.selectors import organisation_key
from lib import throttle
from participants.selectors import participants_listed
from tracks.selectors import track_list
from tracks.views.common import get_track

from . import services
from .exports import participant_sheet, track_sheet
from .forms import FollowupForm
from .models import Report
from .selectors import reports_of
from .spreadsheets import csv_bytes, workbook
from .storage import report_storage

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_bytes),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda sheet: workbook([sheet])),
}


def get_report(request, pk, perm="reports.view_report"):
    """The report, or 404 when the user may not have it (whether it exists is not told)."""
    report = get_object_or_404(Report.objects.select_related("track", "agreement", "municipality"), pk=pk)
    if not request.user.has_perm(perm, report):
        raise Http404
    return report


@login_required
def report_list(request):
    return render(request, "reports/list.html", {
        "reports": reports_of(request.user)[:100],
        "can_request_followup": request.user.has_perm("reports.request_followup"),
    })


def _throttled(request, name):
    """The verdict on one more try of `name` by the user and their organisation."""
    return throttle.take(name, f"user:{request.user.pk}", organisation_key(request.membership))


@login_required
def followup_request(request):
    if not request.user.has_perm("reports.request_followup"):
        raise PermissionDenied
    form = FollowupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not (verdict := _throttled(request, "report")).allowed:
            return throttle.too_many(request, verdict)
        data = form.cleaned_data
        report = services.report_request(
            actor=request.user, kind=Report.Kind.FOLLOWUP, fmt=data["format"], agreement=data["agreement"],
            municipality=data["municipality"], period_from=data["period_from"], period_to=data["period_to"],
        )
        return redirect("reports:detail", report.pk)
    return render(request, "reports/followup_form.html", {"form": form})


@login_required
@require_POST
def track_status_request(request, pk):
    track = get_track(request, pk, "reports.request_track_status")
    if not (verdict := _throttled(request, "report")).allowed:
        return throttle.too_many(request, verdict)
    names = request.user.has_perm("reports.track_status_with_names", track)
    report = services.report_request(
        actor=request.user, kind=Report.Kind.TRACK_STATUS, track=track,
        variant=Report.Variant.NAMES if names else Report.Variant.NUMBERS,
    )
    return redirect("reports:detail", report.pk)


@login_required
@never_cache
@vary_on_headers("HX-Request")
def report_detail(request, pk):
    """The report's page; while it is being made, htmx asks for the status part again every two
    seconds (without JavaScript the reader reloads the page)."""
    report = get_report(request, pk)
    context = {"report": report, "can_retry": request.user.has_perm("reports.retry_report", report)}
    if request.htmx:
        # 286 tells htmx to show this last answer and stop asking.
        return render(request, "reports/detail.html#status", context, status=200 if report.is_pending else 286)
    return render(request, "reports/detail.html", context)


@login_required
@require_POST
def report_retry(request, pk):
    report = get_report(request, pk, "reports.retry_report")
    if report.status != Report.Status.FAILED:
        messages.info(request, _("The report is not failed; there is nothing to try again."))
    else:
        services.report_retry(report=report, actor=request.user)
    return redirect("reports:detail", report.pk)


@login_required
@never_cache
def report_download(request, pk):
    report = get_report(request, pk)
    if not report.is_available:
        raise Http404
    storage = report_storage()
    if not storage.exists(report.file_name):
        raise Http404
    record(request.user, Operation.REPORT_DOWNLOAD, report, {"variant": report.variant})
    if report.variant == Report.Variant.NAMES:
        participants = [c.participant for c in report.track.candidacies.select_related("participant").only("participant")]
        record_many(request.user, Read.READ_IN_REPORT, participants, {"report": report.pk})
    return FileResponse(storage.open(report.file_name, "rb"), as_attachment=True, filename=report.download_name,
                        content_type=report.content_type)


def _export_response(sheet, fmt, stem):
    content_type, write = EXPORT_FORMATS[fmt]
    response = HttpResponse(write(sheet), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def _may_export(request, perm, fmt):
    if not request.user.has_perm(perm):
        raise PermissionDenied
    if fmt not in EXPORT_FORMATS:
        raise Http404
    verdict = _throttled(request, "export")
    return None if verdict.allowed else throttle.too_many(request, verdict)


@login_required
def export_tracks(request, fmt):
    if refused := _may_export(request, "reports.export_tracks", fmt):
        return refused
    filters = {key: request.GET.get(key, "").strip() for key in ("phase", "municipality", "employer", "search")}
    return _export_response(track_sheet(track_list(request.user, **filters)), fmt, "jobbspar-spar")


@login_required
def export_participants(request, fmt):
    if refused := _may_export(request, "participants.list_participants", fmt):
        return refused
    participants = list(participants_listed(request.user, search=request.GET.get("search", "").strip()))
    response = _export_response(participant_sheet(participants), fmt, "jobbspar-deltagare")
    record_many(request.user, Read.EXPORT, participants, {"format": fmt})
    return response
