from django.db import migrations


def map_free_text(apps, schema_editor):
    """Competences and licences typed by hand become concepts where their text names one; the rest
    stays as flagged free text. Says what it did."""
    from taxonomy.mapping import Mapper, map_licences, map_named

    Concept, Synonym = apps.get_model("taxonomy", "Concept"), apps.get_model("taxonomy", "Synonym")
    competences = map_named(apps.get_model("participants", "Competence").objects.filter(concept__isnull=True),
                            Mapper(Concept, Synonym, ["skill"]), "name")
    licences = map_licences(apps.get_model("participants", "Participant").objects.exclude(licences=""),
                            Mapper(Concept, Synonym, ["licence"]))
    if competences.mapped + competences.flagged + licences.mapped + licences.flagged:
        print(f"\n  Competences: {competences}. Licences: {licences}.")


class Migration(migrations.Migration):
    dependencies = [("participants", "0003_concepts"), ("taxonomy", "0002_load_taxonomy")]

    operations = [migrations.RunPython(map_free_text, migrations.RunPython.noop)]
