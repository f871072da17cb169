"""Loads a JobTech taxonomy export (the CSV layout of taxonomy/data) into the vocabulary. Used by the
data migration with the shipped copy, and by `manage.py load_taxonomy` with a newer one. No
network: the files are on disk.

A concept keeps its id. A new one is added; a changed label is updated; one that is no longer in
the export is marked deprecated, and replaced by the concept that now carries its label if there
is one — never deleted, so whatever names it keeps its meaning."""

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections, router, transaction

from lib.text import key as text_key

SHIPPED = Path(__file__).resolve().parent / "data"


@dataclass
class Row:
    kind: str
    label: str
    code: str = ""
    headline: str = ""
    parent: str = ""


@dataclass
class Summary:
    added: int = 0
    changed: int = 0
    retired: int = 0
    replaced: int = 0
    relations: int = 0
    synonyms: int = 0
    broader: int = 0
    unknown_synonyms: list = field(default_factory=list)


def _read(directory: Path, name: str):
    path = directory / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@functools.lru_cache(maxsize=2)
def read_export(directory: Path) -> tuple[dict, list]:
    """{concept id: Row} and the (SSYK code, skill id) relations of an export."""
    rows = {}
    for r in _read(directory, "skill_headlines.csv"):
        rows[r["concept_id"]] = Row("headline", r["label"])
    for r in _read(directory, "skills.csv"):
        rows[r["concept_id"]] = Row("skill", r["label"], headline=r.get("headline_id", ""))
    ssyk = {}
    for r in _read(directory, "ssyk4_groups.csv"):
        rows[r["concept_id"]] = Row("occupation", r["label"], code=r["ssyk_code"])
        ssyk[r["ssyk_code"]] = r["concept_id"]
    for r in _read(directory, "occupation_names.csv"):
        rows[r["concept_id"]] = Row("occupation_name", r["label"], code=r["ssyk_code"], parent=ssyk.get(r["ssyk_code"], ""))
    for r in _read(directory, "driving_licences.csv"):
        rows[r["concept_id"]] = Row("licence", r["label"], code=r["code"] or r["label"])
    for r in _read(directory, "languages.csv"):
        rows[r["concept_id"]] = Row("language", r["label"], code=r["code"])
    for r in _read(directory, "sun_levels.csv"):
        rows[r["concept_id"]] = Row("education", r["label"], code=r["code"], parent=r["parent_concept_id"])
    relations = [(ssyk[r["ssyk_code"]], r["skill_concept_id"]) for r in _read(directory, "ssyk4_skills.csv")
                 if r["ssyk_code"] in ssyk and r["skill_concept_id"] in rows]
    return rows, relations


def _insert(model, fields, values):
    """Many rows in one statement per thousand, without building a model instance each: the
    vocabulary is some 28,000 rows, and a test that empties the database loads it again."""
    connection = connections[router.db_for_write(model)]
    column = {f.name: f.column for f in model._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column[f]) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(values), 1000):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values[start:start + 1000])


def load(Concept, Synonym, Version, directory: Path = SHIPPED, *, version: str) -> Summary:
    """Bring the vocabulary up to the export in `directory`. Takes the models as arguments, so the
    data migration can pass its historical ones."""
    from .search import vocabulary_changed

    with transaction.atomic(using=router.db_for_write(Concept)):
        summary = _load(Concept, Synonym, Version, directory, version)
    vocabulary_changed()
    return summary


def _load(Concept, Synonym, Version, directory, version) -> Summary:
    rows, relations = read_export(directory)
    summary = Summary()
    existing = {c.id: c for c in Concept.objects.all()}
    new, changed = [], []
    for concept_id, row in rows.items():
        concept = existing.get(concept_id)
        if concept is None:
            new.append(Concept(id=concept_id, kind=row.kind, label=row.label, code=row.code, search_key=text_key(row.label),
                               headline_id=row.headline if row.headline in rows else None,
                               parent_id=row.parent if row.kind != "skill" and row.parent in rows else None))
        elif (concept.label, concept.code, concept.deprecated) != (row.label, row.code, False):
            concept.label, concept.code, concept.deprecated = row.label, row.code, False
            concept.search_key, concept.replaced_by_id = text_key(row.label), None
            changed.append(concept)
    fields = ["id", "kind", "label", "code", "headline", "parent", "replaced_by", "deprecated", "search_key"]
    _insert(Concept, fields, [(c.id, c.kind, c.label, c.code, c.headline_id, c.parent_id, None, False, c.search_key)
                              for c in new])
    Concept.objects.bulk_update(changed, ["label", "code", "deprecated", "search_key", "replaced_by"], batch_size=2000)
    summary.added, summary.changed = len(new), len(changed)
    _link(Concept, rows, existing)
    _retire(Concept, rows, existing, summary)
    through = Concept.related_skills.through
    through.objects.all().delete()
    _insert(through, ["from_concept", "to_concept"], relations)
    summary.relations = len(relations)
    _synonyms(Concept, Synonym, directory, summary)
    _broader(Concept, directory, summary)
    Version.objects.create(label=version, added=summary.added, changed=summary.changed, retired=summary.retired)
    return summary


def _link(Concept, rows, existing):
    """Each concept that was there before to its heading and broader concept as the export has
    them now (new ones got theirs when created). A skill's broader concept is Jobbspår's own
    (broader.csv, the administrator's), not the export's."""
    changed = []
    for concept_id, concept in existing.items():
        row = rows.get(concept_id)
        if row is None:
            continue
        headline = row.headline if row.headline in rows else None
        parent = concept.parent_id if row.kind == "skill" else (row.parent if row.parent in rows else None)
        if (concept.headline_id, concept.parent_id) != (headline, parent):
            concept.headline_id, concept.parent_id = headline, parent
            changed.append(concept)
    Concept.objects.bulk_update(changed, ["headline", "parent"], batch_size=2000)


def _broader(Concept, directory, summary):
    """Jobbspår's own "is a kind of" between skills (Sjukhusstädning under Städtjänster), which the
    taxonomy copy does not carry; matching reads a narrower competence as meeting a broader one."""
    rows = _read(directory, "broader.csv")
    skills = Concept.objects.filter(kind="skill", pk__in={r[k] for r in rows for k in ("narrower_id", "broader_id")})
    known = set(skills.values_list("pk", flat=True))
    linked = [Concept(pk=r["narrower_id"], parent_id=r["broader_id"]) for r in rows
              if r["narrower_id"] in known and r["broader_id"] in known]
    Concept.objects.bulk_update(linked, ["parent"])
    summary.broader = len(linked)


def _retire(Concept, rows, existing, summary):
    """Concepts of the kinds in this export that it no longer has: deprecated, and replaced by
    the concept of the same kind that carries the same label now, if one does."""
    kinds = {row.kind for row in rows.values()}
    gone = [c for cid, c in existing.items() if cid not in rows and c.kind in kinds and not c.deprecated]
    by_label = {(row.kind, text_key(row.label)): cid for cid, row in rows.items()}
    for concept in gone:
        concept.deprecated = True
        concept.replaced_by_id = by_label.get((concept.kind, concept.search_key))
        summary.replaced += concept.replaced_by_id is not None
    Concept.objects.bulk_update(gone, ["deprecated", "replaced_by"], batch_size=2000)
    summary.retired = len(gone)


def _synonyms(Concept, Synonym, directory, summary):
    rows = _read(directory, "synonyms.csv")
    known = set(Concept.objects.filter(pk__in=[r["concept_id"] for r in rows]).values_list("pk", flat=True))
    have = set(Synonym.objects.values_list("key", "concept_id"))
    new = []
    for r in rows:
        pair = (text_key(r["text"]), r["concept_id"])
        if r["concept_id"] not in known:
            summary.unknown_synonyms.append(r["text"])
        elif pair not in have:
            have.add(pair)
            new.append(Synonym(text=r["text"], key=pair[0], concept_id=r["concept_id"], note=r.get("note", "")))
    Synonym.objects.bulk_create(new)
    summary.synonyms = len(new)
