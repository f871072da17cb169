"""Finding a concept from what someone typed: by its label and by Jobbspår's synonyms, compared in
one normal form (lib.text.key). Exact matches first, then labels that start with it, then those
with a word that starts with it, then the rest that contain it; shorter labels first within each.
Two queries whatever the size of the vocabulary."""

from dataclasses import dataclass

from django.core.cache import cache

from lib.text import key as text_key

from .knowledge import LICENCE_ORDER
from .models import Concept, Synonym

GENERATION = "taxonomy:generation"

OCCUPATION_KINDS = [Concept.Kind.OCCUPATION, Concept.Kind.OCCUPATION_NAME]


@dataclass(frozen=True)
class Hit:
    concept: Concept
    shown: str  # what the list shows: the label, or "synonym → label"
    rank: tuple


def _rank(text: str, wanted: str) -> tuple:
    if text == wanted:
        return (0, len(text))
    if text.startswith(wanted):
        return (1, len(text))
    if f" {wanted}" in f" {text}":
        return (2, len(text))
    return (3, len(text))


def kinds_of(kind: str) -> list[str]:
    return OCCUPATION_KINDS if kind == Concept.Kind.OCCUPATION else [kind]


def suggest(kind: str, typed: str, limit: int = 10) -> list[Hit]:
    """The concepts of `kind` that what was typed may mean, best first."""
    wanted = text_key(typed)
    if not wanted:
        return []
    kinds = kinds_of(kind)
    hits = {}
    labels = (Concept.objects.filter(kind__in=kinds, deprecated=False, search_key__contains=wanted)
              .select_related("parent").only("id", "kind", "label", "code", "parent__label", "parent__code")[:200])
    for concept in labels:
        hits[concept.pk] = Hit(concept, concept.label, _rank(concept.search_key, wanted))
    synonyms = (Synonym.objects.filter(key__contains=wanted, concept__kind__in=kinds, concept__deprecated=False)
                .select_related("concept__parent")[:50])
    for synonym in synonyms:
        rank = _rank(synonym.key, wanted)
        if synonym.concept_id not in hits or rank < hits[synonym.concept_id].rank:
            hits[synonym.concept_id] = Hit(synonym.concept, f"{synonym.text} → {synonym.concept.label}", rank)
    return sorted(hits.values(), key=lambda hit: (hit.rank, hit.concept.label))[:limit]


def resolve(kind: str, typed: str) -> Concept | None:
    """The one concept that what was typed names exactly (its label or a synonym), if there is one."""
    wanted = text_key(typed)
    if not wanted:
        return None
    kinds = kinds_of(kind)
    exact = list(Concept.objects.filter(kind__in=kinds, deprecated=False, search_key=wanted)[:2])
    exact += [s.concept for s in Synonym.objects.filter(key=wanted, concept__kind__in=kinds).select_related("concept")[:2]]
    unique = {concept.pk: concept for concept in exact}
    return next(iter(unique.values())) if len(unique) == 1 else None


def ssyk_code(concept: Concept) -> str:
    """The SSYK 2012 code an occupation concept (a group, or a name under one) stands for."""
    return concept.code if concept.kind == Concept.Kind.OCCUPATION else (concept.parent.code if concept.parent else concept.code)


def _cached(name, compute):
    """A lookup of the vocabulary, kept in the cache until the vocabulary is loaded again (which
    moves the generation on): the forms that list licences or an occupation's usual skills then
    cost no query."""
    generation = cache.get_or_set(GENERATION, 1)
    return cache.get_or_set(f"taxonomy:{generation}:{name}", compute, timeout=24 * 3600)


def vocabulary_changed():
    """Forget every cached lookup: called when an export is loaded."""
    try:
        cache.incr(GENERATION)
    except ValueError:
        cache.set(GENERATION, 2)


def usual_skills(ssyk: str, limit: int = 40) -> list[Concept]:
    """The competences the taxonomy relates to an occupation group, by label."""
    return _cached(f"usual:{ssyk}:{limit}", lambda: list(Concept.objects.filter(
        occupations__kind=Concept.Kind.OCCUPATION, occupations__code=ssyk, deprecated=False).order_by("label")[:limit]))


def licences() -> list[Concept]:
    """The driving-licence concepts, in the order Transportstyrelsen lists them."""
    def compute():
        found = Concept.objects.filter(kind=Concept.Kind.LICENCE, deprecated=False)
        return sorted(found, key=lambda c: (LICENCE_ORDER.index(c.code) if c.code in LICENCE_ORDER else 99, c.label))

    return _cached("licences", compute)


def licence_field(field):
    """A form field of driving licences as checkboxes, listed from the cache (no query to show it)."""
    field.queryset = Concept.objects.filter(kind=Concept.Kind.LICENCE, deprecated=False)
    field.choices = [(c.pk, c.label) for c in licences()]
    return field
