"""Mapping free text to the vocabulary: competences and requirements written as "other, not in
the list" get the concept they mean, everywhere in the user's reach at once (all rows with the
same text in normal form). The administrator may also keep the text as a synonym, so the next one
typed that way is found."""

from django.db import transaction

from accounts.audit import Change, record, record_many
from employers.models import Requirement
from lib.text import key as text_key
from participants.models import Competence
from taxonomy.models import Synonym
from taxonomy.services import synonym_save


@transaction.atomic
def free_text_map(*, actor, text, concept, competences, requirements, as_synonym=False) -> dict:
    """Give every flagged competence and requirement in the querysets whose text is `text` (in
    normal form) the concept. A participant who already holds the concept keeps that one; the
    flagged duplicate is removed. Returns how many of each changed."""
    wanted = text_key(text)
    comp = [c for c in competences.filter(concept=None).select_related("participant") if text_key(c.name) == wanted]
    held = set(Competence.objects.filter(participant__in={c.participant_id for c in comp}, concept=concept)
               .values_list("participant_id", flat=True))
    duplicates = [c for c in comp if c.participant_id in held]
    mapped = [c for c in comp if c.participant_id not in held]
    for c in mapped:
        c.concept = concept
    Competence.objects.bulk_update(mapped, ["concept"])
    Competence.objects.filter(pk__in=[c.pk for c in duplicates]).delete()
    reqs = [r for r in requirements.filter(concept=None).select_related("profile") if text_key(r.competence) == wanted]
    for r in reqs:
        r.concept = concept
    Requirement.objects.bulk_update(reqs, ["concept"])
    people = {c.participant_id: c.participant for c in comp}
    record_many(actor, Change.VOCABULARY_MAP, sorted(people.values(), key=lambda p: p.pk),
                {"text": text, "concept": concept.pk, "label": concept.label})
    record(actor, Change.VOCABULARY_MAP, None, {"text": text, "concept": concept.pk, "competences": len(comp),
                                                "requirements": len(reqs)})
    if as_synonym and wanted != concept.search_key and not Synonym.objects.filter(key=wanted, concept=concept).exists():
        synonym_save(synonym=Synonym(text=text, concept=concept), actor=actor)
    return {"competences": len(comp), "requirements": len(reqs)}



