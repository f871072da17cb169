from django.db import migrations


def map_free_text(apps, schema_editor):
    """Requirements and licences typed by hand become concepts where their text names one; the
    rest stays as flagged free text. Says what it did."""
    from taxonomy.mapping import Mapper, map_licences, map_named

    Concept, Synonym = apps.get_model("taxonomy", "Concept"), apps.get_model("taxonomy", "Synonym")
    requirements = map_named(apps.get_model("employers", "Requirement").objects.filter(concept__isnull=True),
                             Mapper(Concept, Synonym, ["skill"]), "competence")
    licences = map_licences(apps.get_model("employers", "CompetenceProfile").objects.exclude(licences=""),
                            Mapper(Concept, Synonym, ["licence"]))
    if requirements.mapped + requirements.flagged + licences.mapped + licences.flagged:
        print(f"\n  Requirements: {requirements}. Profile licences: {licences}.")


class Migration(migrations.Migration):
    dependencies = [("employers", "0005_concepts"), ("taxonomy", "0002_load_taxonomy")]

    operations = [migrations.RunPython(map_free_text, migrations.RunPython.noop)]
