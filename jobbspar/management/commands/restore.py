"""`bin/restore ARCHIVE`: an archive of `bin/backup` into the database and report storage that the
environment names (jobbspar/backup.py). Refuses a database that has tables unless --replace."""

from django.core.management.base import BaseCommand, CommandError

from jobbspar import backup


class Command(BaseCommand):
    help = "Restore a backup archive into a fresh database and the report storage."
    requires_system_checks = []  # the database may be empty: nothing to check yet

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--replace", action="store_true", help="drop what the database holds first")

    def handle(self, *args, archive, replace=False, **options):
        try:
            restored = backup.restore(archive, replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the {restored['engine']} database of {restored['made_at']} "
                          f"and {restored['reports']} report files.")
