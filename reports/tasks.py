"""Background work for reports. Tasks take ids and call a service; each can run twice without harm."""

import logging

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Report

log = logging.getLogger(__name__)


@shared_task(name="reports.tasks.render_report", bind=True, max_retries=2, acks_late=True)
def render_report(self, report_id: int):
    """Render and store one report. A failure is retried twice with a pause; then the report is
    marked failed and the user can ask again. A killed worker is caught by `requeue_stale_reports`."""
    try:
        services.report_render(report_id=report_id)
    except Report.DoesNotExist:
        return  # deleted (e.g. with its track) before a worker got to it
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            log.exception("report %s failed", report_id)
            services.report_fail(report_id=report_id, error=repr(exc))
            return
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries)


@shared_task(name="reports.tasks.requeue_stale_reports", acks_late=True)
def requeue_stale_reports():
    return services.requeue_stale()


@shared_task(name="reports.tasks.monthly_followups", acks_late=True)
def monthly_followups():
    return services.monthly_followups(today=timezone.localdate())
