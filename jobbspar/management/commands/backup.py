"""`bin/backup DIRECTORY`: the database and the report files in one archive (jobbspar/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from jobbspar import backup


class Command(BaseCommand):
    help = "Back up the database and the report files into one archive in DIRECTORY."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="where the archive is written (created if missing)")
        parser.add_argument("--keep", type=int, help="keep only this many newest archives in DIRECTORY")

    def handle(self, *args, directory, keep=None, **options):
        try:
            path = backup.backup(directory, keep=keep)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
