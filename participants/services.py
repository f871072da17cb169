"""Every write to a participant's record goes through here, each with its audit event."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.audit import Change, Read, record, record_many
from lib import throttle
from lib.plausible import not_after_today, today
from taxonomy.fields import Other
from taxonomy.models import Concept
from taxonomy.search import resolve

from .models import Competence, LanguageSkill, Participant
from .selectors import participants_visible_to


def _plausible(fields):
    not_after_today(fields.get("registered_at_af_since"), field="registered_at_af_since",
                    what=_("The registration at Arbetsförmedlingen"))


def participant_register(*, actor, **fields) -> Participant:
    return participants_register(actor=actor, people=[fields])[0]


def participants_register(*, actor, people: list[dict]) -> list[Participant]:
    """Register people, one or many (an import): each person, their history row, their licences
    and the audit event, written a table at a time rather than a person at a time."""
    for fields in people:
        _plausible(fields)
    licences = [list(fields.get("licence_concepts", ())) for fields in people]
    participants = Participant.objects.bulk_create(
        [Participant(created_by=actor, **{k: v for k, v in fields.items() if k != "licence_concepts"})
         for fields in people], batch_size=500)
    if participants and participants[0].pk is None:  # a database that does not return the new keys
        raise RuntimeError("bulk registration needs a database that returns the new rows' keys")
    Participant.history.bulk_history_create(participants, batch_size=500, default_user=actor)
    through = Participant.licence_concepts.through
    through.objects.bulk_create([through(participant_id=p.pk, concept_id=getattr(c, "pk", c))
                                 for p, held in zip(participants, licences, strict=True) for c in held], batch_size=500)
    record_many(actor, Change.PARTICIPANT_CREATE, participants)
    return participants


def participant_update(*, participant, actor, licence_concepts=None, **fields) -> Participant:
    _plausible(fields)
    changed = sorted(name for name, value in fields.items() if getattr(participant, name) != value)
    for name, value in fields.items():
        setattr(participant, name, value)
    participant._history_user = actor
    participant.save()
    detail = {"fields": changed}
    if licence_concepts is not None:
        before = sorted(participant.licence_concepts.values_list("code", flat=True))
        after = sorted(c.code for c in licence_concepts)
        if before != after:
            participant.licence_concepts.set(licence_concepts)
            detail.update(fields=sorted([*changed, "licence_concepts"]), licences={"from": before, "to": after})
    record(actor, Change.PARTICIPANT_CHANGE, participant, detail)
    return participant


def licences_add(*, participant, actor, licence_concepts) -> Participant:
    """Licences the person ticks themselves: added to what is recorded, never taken away (a licence
    an officer recorded stays)."""
    held = list(participant.licence_concepts.all())
    return participant_update(participant=participant, actor=actor, licence_concepts=list({*held, *licence_concepts}))


def _evidence(actor, source, validated_on, validated_by):
    """An officer's own assessment is dated today and signed with their name unless said otherwise."""
    if source == Competence.Source.SELF_ASSESSED:
        return {"source": source, "validated_on": None, "validated_by": ""}
    return {"source": source, "validated_on": validated_on or today(),
            "validated_by": validated_by.strip() or actor.full_name}


def competence_add(*, participant, actor, competence, level, source, validated_on=None, validated_by="",
                   learned="", years=None) -> Competence:
    """A competence the person holds, named by a concept (or, flagged, in free text). What the
    person enters themselves is self-reported, whatever else is asked for."""
    if getattr(actor, "is_participant", False):
        source, validated_on, validated_by = Competence.Source.SELF_ASSESSED, None, ""
    concept = competence if not isinstance(competence, str) else (
        None if isinstance(competence, Other) else resolve(Concept.Kind.SKILL, competence))
    if concept is not None and participant.competences.filter(concept=concept).exists():
        raise ValidationError({"competence": _("%(name)s is already recorded: change how it is known instead.") % {
            "name": concept.label}})
    added = Competence.objects.create(
        participant=participant, concept=concept, name=concept.label if concept else str(competence), level=level,
        learned=learned, years=years, **_evidence(actor, source, validated_on, validated_by))
    record(actor, Change.COMPETENCE_ADD, participant, {"competence": added.name, "concept": added.concept_id,
                                                       "source": added.source})
    return added


def competence_assess(*, competence, actor, level, source, validated_on=None, validated_by="") -> Competence:
    """Change how well and how a competence is known (assessed, validated, confirmed by the employer)."""
    before = {"level": competence.level, "source": competence.source}
    competence.level = level
    for name, value in _evidence(actor, source, validated_on, validated_by).items():
        setattr(competence, name, value)
    competence.save(update_fields=["level", "source", "validated_on", "validated_by"])
    record(actor, Change.COMPETENCE_ASSESS, competence.participant, {
        "competence": competence.name, "from": before, "to": {"level": level, "source": competence.source},
        "by": competence.validated_by})
    return competence


def competence_remove(*, competence, actor) -> None:
    record(actor, Change.COMPETENCE_REMOVE, competence.participant, {"competence": competence.name})
    competence.delete()


def language_add(*, participant, actor, language, level) -> LanguageSkill:
    """A language at a level; what the person adds themselves is self-reported, and never changes
    a level an officer recorded."""
    mine = getattr(actor, "is_participant", False)
    if mine and participant.languages.filter(language=language).exists():
        raise ValidationError({"language": _("%(language)s is already recorded. Your officer can change the level.") % {
            "language": language.label}})
    skill, _created = LanguageSkill.objects.update_or_create(participant=participant, language=language,
                                                             defaults={"level": level, "self_reported": mine})
    record(actor, Change.LANGUAGE_ADD, participant, {"language": language.label, "level": level})
    return skill


def language_remove(*, skill, actor) -> None:
    record(actor, Change.LANGUAGE_REMOVE, skill.participant, {"language": skill.language.label})
    skill.delete()


def competence_confirm(*, competence, actor) -> Competence:
    """The officer confirms what the person reported themselves: assessed, today, by them."""
    return competence_assess(competence=competence, actor=actor, level=competence.level,
                             source=Competence.Source.ASSESSED)


def presentation_save(*, participant, actor, presentation, presentation_shown) -> Participant:
    """The person's own words about themselves; shown to employers only when they say so."""
    presentation = presentation.strip()
    participant.presentation = presentation
    participant.presentation_shown = presentation_shown and bool(presentation)
    participant._history_user = actor
    participant.save(update_fields=["presentation", "presentation_shown"])
    record(actor, Change.PRESENTATION_SAVE, participant, {"shown": participant.presentation_shown})
    return participant


class TooManyLookups(Exception):
    """The user or their organisation has looked up many personal identity numbers lately."""

    def __init__(self, verdict):
        super().__init__("too many personal identity number lookups")
        self.verdict = verdict


def personnummer_lookup(*, actor, number, whose_org=None, exclude=None):
    """Whether a personal identity number is already in Jobbspår, as the registration's duplicate
    check asks. Throttled per user and organisation; a hit on someone the asker does not work
    with is written to the access log as a read of that person, so that looking numbers up to see
    who is here shows in the monthly review."""

    existing = Participant.objects.filter(personnummer=number).exclude(pk=exclude).first()
    if existing is None:
        return None, False
    verdict = throttle.take("personnummer", f"user:{actor.pk}", whose_org)
    if not verdict.allowed:
        raise TooManyLookups(verdict)
    visible = participants_visible_to(actor).filter(pk=existing.pk).exists()
    if not visible:
        record(actor, Read.LOOKUP, existing, {"found_by": "registration"})
    return existing, visible
