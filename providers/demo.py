"""The demo's catalogue: what the three demo providers offer, with intakes around today, so that
a coordinator finds something to fill the nurses' track's gap and the caretakers' chain is taken
from it. Built through the services."""

import datetime

from . import services
from .models import Module

WEEK = datetime.timedelta(weeks=1)


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


# provider key, kind, title, SSYK, weeks, hours, places, municipality, distance, language support,
# Swedish needed, intake starts in weeks from today
MODULES = [
    ("komvux", "vocational_swedish", "Yrkessvenska för fastighetsskötare", "5152", 12, 15, 16, "1480", False,
     "arabiska, somaliska, tigrinja", "sfi_c", [-8, 4, 16]),
    ("komvux", "vocational_package", "Yrkespaket undersköterska", "5321", 40, 25, 20, "1480", False, "arabiska", "sfi_d",
     [12, 28, 38]),
    ("komvux", "vocational_swedish", "Yrkessvenska för vård och omsorg", "5321", 4, 20, 16, "1480", True, "arabiska, dari",
     "sfi_c", [6, 24]),
    ("komvux", "yrkesvux", "Yrkesvux lokalvård", "9111", 8, 20, 12, "1480", False, "", "sfi_b", [2, 14]),
    ("amu", "labour_market_training", "Fastighetsskötarutbildning", "5152", 14, 40, 12, "1480", False, "", "sfi_c",
     [-6, 10]),
    ("amu", "labour_market_training", "Truckförarutbildning A och B", "8344", 2, 40, 10, "1488", False, "engelska", "",
     [1, 5, 9]),
    ("sfi", "sfi", "SFI kurs C med yrkesinriktning", "", 10, 15, 25, "1488", True, "arabiska, somaliska", "sfi_b",
     [-4, 1, 6, 11]),
    ("sfi", "sfi", "SFI kurs D, distans", "", 10, 10, 30, "1488", True, "arabiska, persiska, tigrinja", "sfi_c",
     [3, 13]),
]
# Competences the vocabulary names that each module gives (JobTech concept ids).
COMPETENCES = {"Yrkessvenska för fastighetsskötare": [], "Fastighetsskötarutbildning": ["J5Xc_doF_TUR"]}


def seed_catalogue(*, providers, actor_for, today) -> dict:
    """`providers` maps a key to its organisation, `actor_for` a key to one of its people.
    Returns the intakes by (title, weeks from today)."""
    intakes = {}
    if Module.objects.exists():
        return intakes
    from accounts.models import Municipality
    from employers.models import Occupation
    from taxonomy.models import Concept

    for key, kind, title, ssyk, weeks, hours, places, code, distance, languages, swedish, starts in MODULES:
        actor = actor_for[key]
        module = services.module_save(
            provider=providers[key], actor=actor, kind=kind, title=title, weeks=weeks, hours_per_week=hours,
            places=places, municipality=Municipality.objects.get(pk=code), distance=distance,
            occupation=Occupation.objects.filter(pk=ssyk).first() if ssyk else None, language_support=languages,
            swedish_prerequisite=swedish, address="Vuxenutbildningens lokaler, centrum" if not distance else "",
            description=f"{title}. Studiestart flera gånger per år; studievägledare hjälper till med planeringen.")
        for concept in Concept.objects.filter(pk__in=COMPETENCES.get(title, [])):
            services.module_competence_add(module=module, actor=actor, concept=concept)
        for offset in starts:
            start = _monday(today) + offset * WEEK
            intakes[title, offset] = services.intake_save(module=module, actor=actor, start_date=start,
                                                          free_places=max(places - 4 - (offset % 3), 0) if offset > 0 else 2)
    return intakes
