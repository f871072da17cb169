"""All 21 counties and 290 municipalities with their official SCB codes."""

from django.db import migrations

from accounts.reference_data import load_municipalities


def load(apps, schema_editor):
    load_municipalities(apps.get_model("accounts", "County"), apps.get_model("accounts", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
