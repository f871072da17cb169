"""Writes for reports: asking for one, rendering it (in a Celery worker), retrying, removing old
files, and the monthly follow-up report of each steering group.

Rendering is idempotent and safe to repeat: a report that is done is left alone, the file is
written whole under a name fixed by the report's id (a repeat replaces it), and the row is marked
done only after the file is stored."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from accounts.models import Membership, Role, SteeringGroup
from accounts.notifications import Reminder, email_immediate, notify
from lib.pdf import render_pdf
from lib.workdays import is_working_day

from . import documents
from .models import Report
from .selectors import followup_tracks
from .spreadsheets import followup_sheets, workbook
from .storage import report_storage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def _enqueue(report: Report):
    from .tasks import render_report

    transaction.on_commit(lambda: render_report.delay(report.pk))


def report_request(*, actor, kind, fmt=Report.Format.PDF, variant=Report.Variant.NUMBERS, track=None,
                   agreement=None, municipality=None, period_from=None, period_to=None) -> Report:
    """Ask for a report. The same report, asked for again by the same person while it is still
    being made, is the one already on its way: a second click queues nothing."""
    same = dict(kind=kind, format=fmt, variant=variant, track=track, agreement=agreement, municipality=municipality,
                period_from=period_from, period_to=period_to, requested_by=actor)
    pending = Report.objects.filter(status__in=[Report.Status.QUEUED, Report.Status.RUNNING], **same).first()
    if pending is not None:
        return pending
    report = Report.objects.create(heartbeat_at=timezone.now(), **same)
    record(actor, Change.REPORT_REQUEST, report, {"kind": kind, "variant": variant})
    _enqueue(report)
    return report


def report_retry(*, report, actor) -> Report:
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.QUEUED, progress=0, error="", attempts=0, heartbeat_at=timezone.now()
    )
    report.refresh_from_db()
    _enqueue(report)
    return report


def _progress(report_id: int):
    def progress(percent: int):
        Report.objects.filter(pk=report_id).update(progress=percent, heartbeat_at=timezone.now())

    return progress


def report_render(*, report_id: int) -> Report:
    """Make the report's file and store it. Called by the worker; safe to call again."""
    report = Report.objects.select_related("track", "agreement__municipality", "municipality", "requested_by").get(pk=report_id)
    if report.status == Report.Status.DONE:
        return report
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, started_at=now, heartbeat_at=now, progress=5, attempts=F("attempts") + 1
    )
    content = build(report, _progress(report.pk))
    name = f"{report.pk}/{report.download_name}"
    stored = report_storage().save(name, ContentFile(content))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE, progress=100, file_name=stored, file_size=len(content), finished_at=timezone.now(),
        error="", removed_at=None,
    )
    report.refresh_from_db()
    _notify_ready(report)
    return report


def build(report: Report, progress=lambda percent: None) -> bytes:
    """The report's file as bytes, rendered in Swedish whatever the language of who asked."""
    with translation.override("sv"):
        if report.kind == Report.Kind.TRACK_STATUS:
            context = documents.track_status(report.track, with_names=report.variant == Report.Variant.NAMES)
            progress(40)
            return render_pdf("reports/pdf/track_status.html", context)
        tracks = followup_tracks(user=report.requested_by, agreement=report.agreement, municipality=report.municipality,
                                 period_from=report.period_from, period_to=report.period_to)
        context = documents.followup(tracks, scope=report.scope, period_from=report.period_from,
                                     period_to=report.period_to, progress=progress)
        progress(60)
        if report.format == Report.Format.XLSX:
            return workbook(followup_sheets(context))
        return render_pdf("reports/pdf/followup.html", context)


def report_fail(*, report_id: int, error: str):
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def _notify_ready(report: Report):
    if report.requested_by_id:
        recipients = [report.requested_by_id]
    else:
        recipients = list(Membership.objects.filter(
            role=Role.STEERING_GROUP_MEMBER, steering_group__agreement=report.agreement_id, user__is_active=True,
        ).values_list("user_id", flat=True))
    with translation.override("sv"):
        message = _("Your report is ready: %(kind)s, %(subject)s.") % {
            "kind": report.get_kind_display().lower(), "subject": report.subject}
    url = reverse("reports:detail", args=[report.pk])
    notify([Reminder(user_id, "report_ready", str(report.pk), None, message, url) for user_id in recipients])
    email_immediate()


def requeue_stale(*, now=None) -> int:
    """Queue again what a worker took and then fell silent on (killed), or what never reached a
    worker; give up after MAX_ATTEMPTS. Returns how many were queued again."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REPORT_STALE_SECONDS)
    candidates = Report.objects.filter(status__in=[Report.Status.QUEUED, Report.Status.RUNNING], heartbeat_at__lt=stale)
    Report.objects.filter(pk__in=candidates.filter(attempts__gte=MAX_ATTEMPTS)).update(
        status=Report.Status.FAILED, error="gave up after repeated attempts", finished_at=now
    )
    # Each one only if it is still stale when queued again: one a worker finished (or a second sweep
    # queued) since the candidates were read is left as it is, so a finished report is never made twice.
    again = [report for report in candidates.filter(attempts__lt=MAX_ATTEMPTS)
             if candidates.filter(pk=report.pk).update(status=Report.Status.QUEUED, heartbeat_at=now)]
    for report in again:
        _enqueue(report)
    return len(again)


def remove_old_reports(*, days: int, now=None) -> int:
    """Remove the files of reports made more than `days` ago (the retention rules say how many);
    the row stays as a record that the report was made and by whom."""
    now = now or timezone.now()
    old = Report.objects.filter(created_at__lt=now - datetime.timedelta(days=days),
                                removed_at__isnull=True).exclude(file_name="")
    storage = report_storage()
    files = list(old.values_list("pk", "file_name"))
    for _pk, name in files:
        storage.delete(name)
    return Report.objects.filter(pk__in=[pk for pk, _name in files]).update(file_name="", removed_at=now)


def first_working_day(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month, 1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def monthly_followups(*, today: datetime.date) -> int:
    """On the first working day of a month, the previous month's follow-up report for every steering
    group, once (a unique key per agreement and month). Returns how many were made."""
    if today != first_working_day(today.year, today.month):
        return 0
    period_to = today.replace(day=1) - datetime.timedelta(days=1)
    period_from = period_to.replace(day=1)
    created = 0
    for group in SteeringGroup.objects.select_related("agreement"):
        report, new = Report.objects.get_or_create(
            key=f"monthly:{group.agreement_id}:{period_from:%Y-%m}",
            defaults=dict(kind=Report.Kind.FOLLOWUP, agreement=group.agreement, period_from=period_from,
                          period_to=period_to, heartbeat_at=timezone.now()),
        )
        if new:
            _enqueue(report)
            created += 1
    return created
