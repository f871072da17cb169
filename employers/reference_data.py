"""SSYK 2012 unit groups with their Swedish names, from data/ssyk2012.csv (Statistics Sweden)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "ssyk2012.csv"


def load_occupations(Occupation):
    """Insert or update every unit group. Idempotent."""
    with DATA.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    Occupation.objects.bulk_create(
        [Occupation(**row) for row in rows],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "major_code", "major_name"],
    )
