from django.core.management.base import BaseCommand
from django.utils import timezone

from tracks.reminders import run_all


class Command(BaseCommand):
    help = "Run every reminder rule now. Safe to run again: a reminder is never created twice."

    def handle(self, *args, **options):
        created = run_all(timezone.localdate())
        self.stdout.write(f"{created} new notifications")
