"""The demo's shared library of competence profiles (`seed_demo`), named through the vocabulary."""

from taxonomy.models import Concept
from taxonomy.search import resolve

from .models import CompetenceProfile, LanguageRequirement, Requirement

LIBRARY = [
    # title, SSYK, Swedish level, driving licences, education, languages, requirements as a
    # coordinator would type them (resolved through the vocabulary and its synonyms: "Lokalvård,
    # grundnivå" is Städtjänster; "Kemikaliehantering" is in no list and stays flagged free text).
    ("Fastighetsskötare", "5152", "sas_basic", ["B"], "", [], [
        ("Grundläggande fastighetsskötsel", "must", "practical", "good"),
        ("Säkerhet vid arbete på höjd", "must", "certificate", "basic"),
        ("Kundbemötande", "merit", "interview", "good"),
    ]),
    ("Undersköterska, äldreboende", "5321", "sas_upper", [], "upper_secondary", [], [
        ("Omvårdnad enligt vård- och omsorgscollege", "must", "industry", "good"),
        ("Basala hygienrutiner", "must", "certificate", "good"),
        ("Dokumentation i journalsystem", "merit", "practical", "basic"),
    ]),
    ("Butikssäljare, dagligvaror", "5222", "sfi_d", [], "", [("Engelska", "A2", "merit")], [
        ("Kassahantering", "must", "practical", "good"),
        ("Varuplock och påfyllning", "must", "practical", "good"),
        ("Truckkort A", "merit", "certificate", "basic"),
    ]),
    ("Städare", "9111", "sfi_c", [], "", [], [
        ("Lokalvård, grundnivå", "must", "industry", "basic"),
        ("Kemikaliehantering", "must", "certificate", "basic"),
    ]),
]


def skill(text):
    """The concept a typed competence names (by label or synonym), if any."""
    return resolve("skill", text)


def by_code(kind, codes):
    return list(Concept.objects.filter(kind=kind, code__in=codes))


def library_profiles(actor):
    profiles = {}
    for title, ssyk, swedish, licences, education, languages, requirements in LIBRARY:
        profile, created = CompetenceProfile.objects.get_or_create(
            title=title, in_library=True,
            defaults={"occupation_id": ssyk, "swedish_level": swedish, "education_level": education, "created_by": actor},
        )
        if created:
            named = [(skill(text), text, kind, validation, level) for text, kind, validation, level in requirements]
            Requirement.objects.bulk_create([
                Requirement(profile=profile, concept=concept, competence=concept.label if concept else text, kind=kind,
                            validation=validation, level=level) for concept, text, kind, validation, level in named])
            profile.licence_concepts.set(by_code("licence", licences))
            for label, level, kind in languages:
                LanguageRequirement.objects.create(profile=profile, language=Concept.objects.get(kind="language", label=label),
                                                   level=level, kind=kind)
        profiles[ssyk] = profile
    return profiles
