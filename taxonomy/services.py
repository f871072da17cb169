"""Changes to the vocabulary that are Jobbspår's own: synonyms. The concepts themselves change only
by loading an export (loader.py)."""

from django.db import transaction

from accounts.audit import Change, record
from lib.text import key as text_key

from .models import Synonym
from .search import vocabulary_changed


@transaction.atomic
def synonym_save(*, synonym: Synonym, actor) -> Synonym:
    """Add or correct a synonym: its normal form is kept for lookups, the cached lookups forgotten."""
    synonym.key = text_key(synonym.text)
    if synonym.added_by_id is None:
        synonym.added_by = actor
    synonym.save()
    record(actor, Change.SYNONYM_ADD, synonym, {"text": synonym.text, "concept": synonym.concept_id})
    transaction.on_commit(vocabulary_changed)
    return synonym


@transaction.atomic
def synonym_remove(*, synonym: Synonym, actor) -> None:
    record(actor, Change.SYNONYM_REMOVE, synonym, {"text": synonym.text, "concept": synonym.concept_id})
    synonym.delete()
    transaction.on_commit(vocabulary_changed)
