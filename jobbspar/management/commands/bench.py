"""`make bench` runs this on the scale data set: see jobbspar/bench.py. Prints a table and writes
bench-results.json at the repository root."""

import json

from django.core.management.base import BaseCommand

from jobbspar import bench


class Command(BaseCommand):
    help = "Measure every main page, the PDFs, the reminder job and 50 concurrent users."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(bench.ROOT / "bench-results.json"))
        parser.add_argument("--load-seconds", type=int, default=60)
        parser.add_argument("--followup-only", type=int, help=bench.followup_in_this_process.__doc__)
        parser.add_argument("--pages-only", action="store_true", help="measure the pages, nothing else")
        parser.add_argument("--import-only", type=str, metavar="EMAIL",
                            help="only the import of 2,000 participants, as this municipality officer")

    def handle(self, *args, out, load_seconds, followup_only=None, pages_only=False, import_only=None, **options):
        if import_only:
            from accounts.models import User
            from jobbspar.bench_import import import_seconds

            self.stdout.write(json.dumps(import_seconds(User.objects.get(email=import_only))))
            return
        if followup_only:
            self.stdout.write(json.dumps(bench.followup_in_this_process(followup_only)))
            return
        result = bench.run(log=self.stdout.write, load_seconds=load_seconds, pages_only=pages_only)
        with open(out, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, ensure_ascii=False)
        self.stdout.write(f"Written to {out}")
