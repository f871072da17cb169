from django.db import migrations

VERSION = "JobTech Taxonomy, download of 2025-12-24"


def load(apps, schema_editor):
    from taxonomy.loader import load as load_export

    load_export(apps.get_model("taxonomy", "Concept"), apps.get_model("taxonomy", "Synonym"),
                apps.get_model("taxonomy", "Version"), version=VERSION)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
