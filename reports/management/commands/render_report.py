"""Render a report to a file now, without a worker: for operators.

    manage.py render_report followup --municipality 1480 [--agreement 3] [--from 2026-01-01 --to 2026-06-30]
                                     [--format pdf|xlsx] --out uppfoljning.pdf
    manage.py render_report track --track 12 --out status.pdf

Operators see every track; the reports are the numbers-only versions (no personal data)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import LocalAgreement, Municipality
from reports.forms import last_month
from reports.models import Report
from reports.services import build
from tracks.models import Track


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Render a follow-up report or a track status report to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["followup", "track"])
        parser.add_argument("--municipality", help="four-digit municipality code (followup)")
        parser.add_argument("--agreement", type=int, help="local agreement id (followup)")
        parser.add_argument("--from", dest="period_from", type=iso_date, help="first day (default: last month's)")
        parser.add_argument("--to", dest="period_to", type=iso_date, help="last day (default: last month's)")
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("--track", type=int, help="track id (track)")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **options):
        report = self._followup(options) if options["kind"] == "followup" else self._track(options)
        content = build(report)
        out = Path(options["out"])
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(content)} bytes): {report.get_kind_display()}, {report.subject}")

    def _followup(self, options) -> Report:
        if not options["municipality"]:
            raise CommandError("--municipality CODE is required for a follow-up report.")
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality with code {options['municipality']}.")
        agreement = None
        if options["agreement"] is not None:
            agreement = LocalAgreement.objects.filter(pk=options["agreement"]).first()
            if agreement is None:
                raise CommandError(f"No local agreement with id {options['agreement']}.")
        default_from, default_to = last_month(datetime.date.today())
        period_from, period_to = options["period_from"] or default_from, options["period_to"] or default_to
        if period_to < period_from:
            raise CommandError("--to is before --from.")
        return Report(kind=Report.Kind.FOLLOWUP, format=options["format"], municipality=municipality, agreement=agreement,
                      period_from=period_from, period_to=period_to)

    def _track(self, options) -> Report:
        if options["track"] is None:
            raise CommandError("--track ID is required for a track status report.")
        if options["format"] != "pdf":
            raise CommandError("A track status report is a PDF.")
        track = Track.objects.filter(pk=options["track"]).first()
        if track is None:
            raise CommandError(f"No track with id {options['track']}.")
        return Report(kind=Report.Kind.TRACK_STATUS, track=track, variant=Report.Variant.NUMBERS)
