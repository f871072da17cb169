"""Counties and municipalities with their official SCB codes, from data/municipalities.csv.

Used by the data migration (with historical models) and by tests that empty the database.
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "municipalities.csv"


def load_municipalities(County, Municipality):
    """Insert or update all 21 counties and 290 municipalities. Idempotent."""
    with DATA.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    counties = {row["county_code"]: row["county_name"] for row in rows}
    County.objects.bulk_create(
        [County(code=code, name=name) for code, name in counties.items()],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    Municipality.objects.bulk_create(
        [Municipality(code=row["code"], name=row["name"], county_id=row["county_code"]) for row in rows],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "county"],
    )
