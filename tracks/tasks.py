from celery import shared_task
from django.utils import timezone

from .reminders import RULES, run_all, shortlists_due


@shared_task(name="tracks.tasks.run_reminders", autoretry_for=(Exception,), max_retries=3, retry_backoff=True, acks_late=True)
def run_reminders():
    """Daily: every rule. Idempotent (unique keys), so a retry or a second beat sends nothing twice."""
    return run_all(timezone.localdate(), RULES)


@shared_task(name="tracks.tasks.check_shortlists", autoretry_for=(Exception,), max_retries=3, retry_backoff=True, acks_late=True)
def check_shortlists():
    """Hourly: shortlist deadlines, the one rule that cannot wait for the morning."""
    return run_all(timezone.localdate(), [shortlists_due])
