import unicodedata

from django.db import migrations


def normalise(apps, schema_editor):
    """Every address in its one stored form (accounts.models.email_key), unless that form is
    another account's already: that pair is left for the administrator to merge."""
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("email", flat=True))
    for user in User.objects.only("pk", "email"):
        key = unicodedata.normalize("NFKC", user.email or "").strip().casefold()
        if key != user.email and key not in taken:
            User.objects.filter(pk=user.pk).update(email=key)
            taken.add(key)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_remove_membership_membership_scope_fits_role_and_more")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
