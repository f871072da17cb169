"""A national data set for the benchmark (see jobbspar/scale.py): by default 4,000 tracks over ten
years, 60,000 participants and 1,000,000 follow-ups on PostgreSQL; a twentieth of that on SQLite.
Deterministic (--seed). Refuses to run with DEBUG off or on a database that already has it: every
generated user shares one published password."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from jobbspar.scale import DOMAIN, OCCUPATIONS, SCALE_PASSWORD, Generator, Size
from jobbspar.scale_catalogue import catalogue


class Command(BaseCommand):
    help = "Generate a realistic national data set for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, help="1.0 = 4,000 tracks (default on PostgreSQL; 0.05 on SQLite)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-missing", action="store_true", help="do nothing if the data set is already there")

    def handle(self, *args, scale=None, seed=2026, if_missing=False, **options):
        if not settings.DEBUG:
            raise CommandError(f"seed_scale refuses to run with DEBUG off: its users share the password {SCALE_PASSWORD!r}.")
        if User.objects.filter(email__endswith=DOMAIN).exists():
            if if_missing:
                from providers.models import Module

                if not Module.objects.filter(provider__name__endswith="(skala)").exists():  # made before the catalogue
                    catalogue(Size().modules, timezone.localdate(), OCCUPATIONS, log=self.stdout.write)
                self.stdout.write("The scale data set is already here.")
                return
            raise CommandError("This database already has the scale data set; use a fresh database.")
        if scale is None:
            scale = 1.0 if connection.vendor == "postgresql" else 0.05
        started = time.monotonic()
        counts = Generator(Size.scaled(scale), seed, timezone.localdate(), log=self.stdout.write).run()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics, or the planner guesses from empty tables; and the visibility map, or
                # the lists' index-only reads of ids (participants.Meta.indexes) visit the table anyway.
                # (VACUUM cannot run inside a transaction, as when a test calls this: there, ANALYZE alone.)
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(f"Scale data ready in {time.monotonic() - started:.0f} s: {counts}")
