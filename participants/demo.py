"""Fictitious job seekers for the demo (`seed_demo`): valid-looking personnummer with made-up
dates, competences as an officer would type them, licences and languages."""

import datetime

from django.utils import timezone

from employers.demo import by_code, skill
from taxonomy.models import Concept

from .models import Competence, LanguageSkill, Participant

FIRST_NAMES = [
    ("Amina", "woman"), ("Samir", "man"), ("Hodan", "woman"), ("Yonas", "man"), ("Fatima", "woman"),
    ("Ali", "man"), ("Maryam", "woman"), ("Dawit", "man"), ("Leyla", "woman"), ("Omar", "man"),
    ("Noor", "woman"), ("Tesfay", "man"), ("Sara", "woman"), ("Jonas", "man"), ("Rahel", "woman"),
    ("Ahmad", "man"), ("Elin", "woman"), ("Mohamed", "man"), ("Zahra", "woman"), ("Kevin", "man"),
]
LAST_NAMES = [
    "Abdi", "Haddad", "Mohammed", "Tesfaye", "Karimi", "Hussein", "Nilsson", "Osman", "Berhane", "Jama",
    "Rahimi", "Lindberg", "Yusuf", "Alizadeh", "Gebremedhin", "Svensson", "Warsame", "Ibrahim", "Kaya", "Ekström",
]


# Languages the demo people speak besides Swedish, by first name: Arabic, Somali, Tigrinya, Dari…
SPOKEN = {"Amina": "Somaliska", "Samir": "Arabiska", "Hodan": "Somaliska", "Yonas": "Tigrinska/Tigrinja", "Fatima": "Arabiska",
          "Ali": "Dari", "Maryam": "Persiska/Farsi", "Dawit": "Tigrinska/Tigrinja", "Leyla": "Kurdiska", "Omar": "Arabiska",
          "Noor": "Arabiska", "Tesfay": "Tigrinska/Tigrinja", "Rahel": "Amhariska/Amarinja", "Ahmad": "Dari", "Mohamed": "Somaliska",
          "Zahra": "Persiska/Farsi"}


def demo_person(n, *, municipality_code, af_office, actor, competences=()):
    """A fictitious job seeker; the personnummer has a valid check digit and a made-up date.
    Competences are given as typed ("Lokalvård") and named by the concept they resolve to; every
    other one is validated by a provider, the rest self-reported. Every third holds licence B,
    every seventh C (which includes B); most speak a language besides Swedish."""
    from stdnum import luhn

    first, gender = FIRST_NAMES[n % len(FIRST_NAMES)]
    year = 1975 + (n * 7) % 28
    base = f"{year % 100:02d}{1 + n % 12:02d}{1 + (n * 5) % 28:02d}{900 + n % 100:03d}"
    person = Participant.objects.create(
        first_name=first, last_name=LAST_NAMES[(n * 3) % len(LAST_NAMES)], gender=gender,
        personnummer=f"19{base}{luhn.calc_check_digit(base)}",
        education_level=["below_upper_secondary", "upper_secondary", "post_secondary"][n % 3 if n % 5 else 0],
        swedish_level=["sfi_c", "sfi_d", "sas_basic", "sas_upper"][n % 4], registered_at_af=n % 9 != 8,
        home_municipality_id=municipality_code, af_office=af_office, target_groups=["newly_arrived"] if n % 2 else ["young"],
        licences="Truckkort" if n % 5 == 1 else "", created_by=actor,
    )
    person.licence_concepts.set(by_code("licence", ["C"] if n % 7 == 0 else ["B"] if n % 3 == 0 else []))
    spoken = [(SPOKEN[first], "C2")] if first in SPOKEN else []
    spoken += [("Engelska", ["A2", "B1"][n % 2])] if n % 4 == 1 else []
    ids = dict(Concept.objects.filter(kind="language", label__in=[label for label, _level in spoken])
               .values_list("label", "pk"))
    LanguageSkill.objects.bulk_create([LanguageSkill(participant=person, language_id=ids[label], level=level)
                                       for label, level in spoken])
    validated = {"source": "validated", "validated_by": "Branschvalidering, vuxenutbildningen",
                 "validated_on": timezone.localdate() - datetime.timedelta(days=40)}
    for name, level in competences:
        concept = skill(name)
        Competence.objects.create(participant=person, concept=concept, name=concept.label if concept else name,
                                  level=level, **(validated if n % 2 else {"source": "self_assessed"}))
    return person
