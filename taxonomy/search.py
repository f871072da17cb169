"""Finding a concept from what someone typed: by its label and by Jobbspår's synonyms, compared in
one normal form (lib.text.key). Exact matches first, then labels that start with it, then those
with a word that starts with it, then the rest that contain it; shorter labels first within each.
Suggestions search an in-memory index of labels and synonyms, then fetch the concepts shown."""

import uuid
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


# Per process: {(vocabulary token, kinds): [(normal form, concept id, label, synonym text or "")]}.
_INDEXES: dict = {}


def _index(kinds) -> list[tuple]:
    """Every label and synonym of `kinds`, in memory (some 30,000 short strings), rebuilt when the
    vocabulary changes: "contains" over them in Python takes a few milliseconds, where the
    database scans the table for each keystroke."""
    token = (_token(), tuple(sorted(kinds)))
    entries = _INDEXES.get(token)
    if entries is None:
        rows = Concept.objects.filter(kind__in=kinds, deprecated=False).values_list("search_key", "pk", "label")
        entries = [(key, pk, label, "") for key, pk, label in rows]
        labels = {pk: label for _key, pk, label, _synonym in entries}
        entries += [(key, pk, labels[pk], text) for key, pk, text in Synonym.objects.filter(
            concept__kind__in=kinds, concept__deprecated=False).values_list("key", "concept_id", "text")
            if pk in labels]
        _INDEXES.clear()  # one vocabulary at a time: a new token leaves the old indexes behind
        _INDEXES[token] = entries
    return entries


def suggest(kind: str, typed: str, limit: int = 10) -> list[Hit]:
    """The concepts of `kind` that what was typed may mean, best first: one query for the
    concepts shown, once the in-memory index is built."""
    wanted = text_key(typed)
    if not wanted:
        return []
    best = {}
    for key, pk, label, synonym in _index(kinds_of(kind)):
        if wanted in key:
            rank = _rank(key, wanted)
            if pk not in best or rank < best[pk][0]:
                best[pk] = (rank, label, synonym)
    chosen = sorted(best.items(), key=lambda item: (item[1][0], item[1][1]))[:limit]
    concepts = Concept.objects.select_related("parent").only(
        "id", "kind", "label", "code", "parent__label", "parent__code").in_bulk([pk for pk, _found in chosen])
    return [Hit(concepts[pk], f"{synonym} → {concepts[pk].label}" if synonym else concepts[pk].label, rank)
            for pk, (rank, _label, synonym) in chosen if pk in concepts]


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


def _token() -> str:
    """Names the vocabulary as loaded now; a new one each time an export or a synonym changes it."""
    return cache.get_or_set(GENERATION, lambda: uuid.uuid4().hex, timeout=None)


def _cached(name, compute):
    """A lookup of the vocabulary, kept in the cache until the vocabulary changes (which gives it
    a new token): the forms that list licences or an occupation's usual skills then cost no query."""
    return cache.get_or_set(f"taxonomy:{_token()}:{name}", compute, timeout=24 * 3600)


def vocabulary_changed():
    """Forget every cached lookup and index: called when an export is loaded or a synonym changes."""
    cache.set(GENERATION, uuid.uuid4().hex, timeout=None)


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
