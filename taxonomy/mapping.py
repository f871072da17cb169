"""From free text to concepts: what the data migrations use to map competences, requirements and
licences typed by hand before the vocabulary existed, and what the coordinator's "map it" page
suggests. A text maps when its normal form (lib.text.key) is exactly one concept's label or one of
Jobbspår's synonyms; what does not map stays as free text, flagged — nothing is lost."""

import re
from dataclasses import dataclass

from lib.text import key as text_key

SEPARATORS = re.compile(r"[,;/]| och ")


@dataclass
class Counts:
    mapped: int = 0
    flagged: int = 0

    def __str__(self):
        return f"{self.mapped} mapped, {self.flagged} kept as free text"


class Mapper:
    """Every label and synonym of the kinds asked for, in memory: one query each, then lookups."""

    def __init__(self, Concept, Synonym, kinds):
        self.ids: dict[str, set] = {}
        for pk, key in Concept.objects.filter(kind__in=kinds, deprecated=False).values_list("pk", "search_key"):
            self.ids.setdefault(key, set()).add(pk)
        for pk, key in Synonym.objects.filter(concept__kind__in=kinds).values_list("concept_id", "key"):
            self.ids.setdefault(key, set()).add(pk)

    def concept_id(self, text) -> str | None:
        found = self.ids.get(text_key(text), set())
        return next(iter(found)) if len(found) == 1 else None


def split_licences(mapper: Mapper, text: str) -> tuple[list[str], str]:
    """The driving licences named in a free-text list ("B-körkort, truckkort"), and what is left."""
    ids, rest = [], []
    for part in (p.strip() for p in SEPARATORS.split(text or "")):
        if not part:
            continue
        concept = mapper.concept_id(part)
        if concept:
            ids.append(concept)
        else:
            rest.append(part)
    return ids, ", ".join(rest)


def map_named(rows, mapper: Mapper, text_field: str) -> Counts:
    """Give each row without a concept the one its text names; return how many mapped."""
    counts, changed = Counts(), []
    for row in rows:
        concept = mapper.concept_id(getattr(row, text_field))
        if concept:
            row.concept_id = concept
            changed.append(row)
            counts.mapped += 1
        else:
            counts.flagged += 1
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["concept"], batch_size=1000)
    return counts


def map_licences(owners, mapper: Mapper) -> Counts:
    """Each owner's free-text licences to licence concepts; what names none stays as text."""
    counts = Counts()
    for owner in owners:
        ids, rest = split_licences(mapper, owner.licences)
        if ids:
            owner.licence_concepts.add(*ids)
            counts.mapped += len(ids)
        if rest:
            counts.flagged += 1
        if rest != owner.licences:
            type(owner).objects.filter(pk=owner.pk).update(licences=rest)
    return counts
