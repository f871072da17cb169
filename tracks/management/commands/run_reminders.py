from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.notifications import email_immediate
from tracks.reminders import run_all


class Command(BaseCommand):
    help = "Run every reminder rule now. Safe to run again: a reminder is never created twice."

    def handle(self, *args, **options):
        created = run_all(timezone.localdate())
        email_immediate()
        self.stdout.write(f"{created} new notifications")
