from django.db import migrations


def add(apps, schema_editor):
    """The synonyms added to synonyms.csv since the vocabulary was loaded (Arabic and English
    words for common skills): only the new ones are written."""
    from taxonomy.loader import SHIPPED, Summary, _synonyms

    _synonyms(apps.get_model("taxonomy", "Concept"), apps.get_model("taxonomy", "Synonym"), SHIPPED, Summary())


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_load_taxonomy")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
