from celery import shared_task
from django.utils import timezone

from accounts.notifications import email_digests, email_immediate
from lib.workdays import is_working_day

from .reminders import RULES, run_all, shortlists_due

RETRY = {"autoretry_for": (Exception,), "max_retries": 3, "retry_backoff": True, "acks_late": True}


@shared_task(name="tracks.tasks.run_reminders", **RETRY)
def run_reminders():
    """Daily: every rule, then e-mail those who want reminders at once. Idempotent: unique keys
    for notifications, and each e-mail is claimed before it is sent."""
    created = run_all(timezone.localdate(), RULES)
    email_immediate()
    return created


@shared_task(name="tracks.tasks.check_shortlists", **RETRY)
def check_shortlists():
    """Hourly: shortlist deadlines, the one rule that cannot wait for the morning."""
    created = run_all(timezone.localdate(), [shortlists_due])
    email_immediate()
    return created


@shared_task(name="tracks.tasks.send_digests", **RETRY)
def send_digests():
    """07:00 Europe/Stockholm: the daily digest, on working days only."""
    if not is_working_day(timezone.localdate()):
        return 0
    return email_digests()
