"""All 429 SSYK 2012 unit groups with their Swedish names."""

from django.db import migrations

from employers.reference_data import load_occupations


def load(apps, schema_editor):
    load_occupations(apps.get_model("employers", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("employers", "0002_occupation_competenceprofile_requirement")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
