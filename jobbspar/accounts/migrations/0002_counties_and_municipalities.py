"""All 21 counties and 290 municipalities with their official SCB codes, from data/municipalities.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def load(apps, schema_editor):
    County = apps.get_model("accounts", "County")
    Municipality = apps.get_model("accounts", "Municipality")
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


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
