"""Load a newer JobTech taxonomy export (the CSV layout of taxonomy/data) from a folder on disk.
Concepts keep their ids; one that is gone is marked replaced or deprecated, never deleted."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from taxonomy.loader import load
from taxonomy.models import Concept, Synonym, Version


class Command(BaseCommand):
    help = "Load a JobTech taxonomy export (CSV files as in taxonomy/data) into the vocabulary."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The folder with the export's CSV files.")
        parser.add_argument("--taxonomy-version", required=True,
                            help="What to record as the taxonomy version, e.g. 'JobTech Taxonomy 25'.")

    def handle(self, directory, taxonomy_version, **options):
        label = taxonomy_version
        folder = Path(directory)
        if not (folder / "skills.csv").exists():
            raise CommandError(f"{folder} has no skills.csv: not a taxonomy export in Jobbspår's layout.")
        with transaction.atomic():
            summary = load(Concept, Synonym, Version, folder, version=label)
        self.stdout.write(
            f"Loaded {label}: {summary.added} added, {summary.changed} changed, {summary.retired} no longer in the "
            f"export ({summary.replaced} of them replaced by a concept of the same label), {summary.relations} "
            f"occupation–skill relations, {summary.synonyms} new synonyms.")
        for text in summary.unknown_synonyms:
            self.stdout.write(f"Synonym without its concept in this export: {text}")
