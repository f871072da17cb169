"""Writes to a track's requirement profile: copying it from the shared library, its requirements
(each a concept of the vocabulary, or flagged free text), languages, Swedish, licences and
education, the employer's proposals, and publishing the adapted profile back to the library as a
new version, which the administrator or the owning organisation approves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from employers.models import CompetenceProfile, LanguageRequirement, Requirement
from taxonomy.fields import Other
from taxonomy.models import Concept
from taxonomy.search import resolve

from ..models import ProfileProposal, ProfilePublication

# --- The profile as a whole ------------------------------------------------------------------


def _copy(source, **fields) -> CompetenceProfile:
    """A copy of `source` with its requirements, languages and licences."""
    profile = CompetenceProfile.objects.create(
        title=source.title, occupation=source.occupation, description=source.description,
        swedish_level=source.swedish_level, licences=source.licences, education_level=source.education_level,
        **fields,
    )
    Requirement.objects.bulk_create([
        Requirement(profile=profile, concept_id=r.concept_id, competence=r.competence, level=r.level, kind=r.kind,
                    validation=r.validation)
        for r in source.requirements.all()
    ])
    LanguageRequirement.objects.bulk_create([
        LanguageRequirement(profile=profile, language_id=lang.language_id, level=lang.level, kind=lang.kind)
        for lang in source.languages.all()
    ])
    profile.licence_concepts.set(source.licence_concepts.all())
    return profile


@transaction.atomic
def profile_copy(*, track, source, actor) -> CompetenceProfile:
    """The track's own requirement profile, copied from `source` and linked to it. A library
    profile is the origin (the version copied); copying a track's profile keeps pointing at the
    library one."""
    origin = source if source.in_library else source.origin
    profile = _copy(source, in_library=False, origin=origin, created_by=actor)
    old = track.requirement_profile
    track.requirement_profile = profile
    track.save(update_fields=["requirement_profile"])
    if old is not None:
        old.delete()
    record(actor, Change.PROFILE_COPY, track, {"source": source.pk, "version": origin.version if origin else None})
    return profile


def profile_ensure(*, track, actor) -> CompetenceProfile:
    """The track's requirement profile, created empty for its occupation when there is none."""
    if track.requirement_profile is None:
        track.requirement_profile = CompetenceProfile.objects.create(
            title=track.title, occupation=track.occupation, in_library=False, created_by=actor
        )
        track.save(update_fields=["requirement_profile"])
    return track.requirement_profile


def profile_settings_save(*, track, actor, swedish_level, licence_concepts, licences, education_level):
    """What the profile asks beyond competences: Swedish, driving licences (and other licences in
    free text), education."""
    profile = profile_ensure(track=track, actor=actor)
    before = {"swedish_level": profile.swedish_level, "licences": profile.licences,
              "education_level": profile.education_level,
              "licence_concepts": sorted(profile.licence_concepts.values_list("code", flat=True))}
    profile.swedish_level, profile.licences, profile.education_level = swedish_level, licences, education_level
    profile.save(update_fields=["swedish_level", "licences", "education_level"])
    profile.licence_concepts.set(licence_concepts)
    after = {"swedish_level": swedish_level, "licences": licences, "education_level": education_level,
             "licence_concepts": sorted(c.code for c in licence_concepts)}
    record(actor, Change.PROFILE_CHANGE, track, {"fields": sorted(k for k in after if after[k] != before[k])})
    return profile


# --- Requirements and languages --------------------------------------------------------------


def _named(competence) -> dict:
    """A concept, or text: resolved through the vocabulary, else kept as flagged free text
    ("other, not in the list")."""
    if isinstance(competence, str):
        concept = None if isinstance(competence, Other) else resolve(Concept.Kind.SKILL, competence)
        if concept is None:
            return {"concept": None, "competence": str(competence)[:200]}
        competence = concept
    return {"concept": competence, "competence": competence.label}


def requirement_add(*, track, actor, competence, level="good", kind="must", validation="interview") -> Requirement:
    profile = profile_ensure(track=track, actor=actor)
    named = _named(competence)
    if named["concept"] is not None and profile.requirements.filter(concept=named["concept"]).exists():
        raise ValidationError({"competence": _("The profile already asks for %(competence)s.") % {
            "competence": named["competence"]}})
    requirement = Requirement.objects.create(profile=profile, level=level, kind=kind, validation=validation, **named)
    record(actor, Change.REQUIREMENT_ADD, track, {"requirement": requirement.competence,
                                                  "concept": requirement.concept_id, "other": requirement.is_other})
    return requirement


def requirements_add_usual(*, track, actor, concepts, kind, level) -> list[Requirement]:
    """Several of the occupation's usual competences at once, as ticked; those already asked for
    are left as they are."""
    profile = profile_ensure(track=track, actor=actor)
    have = set(profile.requirements.exclude(concept=None).values_list("concept_id", flat=True))
    new = Requirement.objects.bulk_create([
        Requirement(profile=profile, concept=c, competence=c.label, level=level, kind=kind) for c in concepts
        if c.pk not in have
    ])
    if new:
        record(actor, Change.REQUIREMENT_ADD, track, {"requirements": [r.competence for r in new],
                                                      "concepts": [r.concept_id for r in new], "other": False})
    return new


def requirement_remove(*, track, actor, requirement) -> None:
    record(actor, Change.REQUIREMENT_REMOVE, track, {"requirement": requirement.competence})
    requirement.delete()


def profile_language_add(*, track, actor, language, level, kind) -> LanguageRequirement:
    profile = profile_ensure(track=track, actor=actor)
    asked, _created = LanguageRequirement.objects.update_or_create(
        profile=profile, language=language, defaults={"level": level, "kind": kind})
    record(actor, Change.PROFILE_LANGUAGE_ADD, track, {"language": language.label, "level": level, "kind": kind})
    return asked


def profile_language_remove(*, track, actor, asked) -> None:
    record(actor, Change.PROFILE_LANGUAGE_REMOVE, track, {"language": asked.language.label})
    asked.delete()


# --- The employer's proposals ----------------------------------------------------------------


def proposal_create(*, track, actor, competence, level, kind, comment="") -> ProfileProposal:
    """The employer's representative proposes a requirement; the coordinator decides."""
    named = _named(competence)
    proposal = ProfileProposal.objects.create(
        track=track, proposed_by=actor, level=level, kind=kind, comment=comment, **named
    )
    record(actor, Change.PROPOSAL_CREATE, track, {"proposal": proposal.pk, "competence": proposal.competence})
    return proposal


def proposal_decide(*, proposal, actor, accept: bool) -> ProfileProposal:
    if proposal.status != ProfileProposal.Status.OPEN:
        raise ValidationError(_("The proposal is already decided."))
    if accept:
        profile = profile_ensure(track=proposal.track, actor=actor)
        Requirement.objects.create(profile=profile, concept_id=proposal.concept_id, competence=proposal.competence,
                                   level=proposal.level, kind=proposal.kind)
    proposal.status = ProfileProposal.Status.ACCEPTED if accept else ProfileProposal.Status.REJECTED
    proposal.decided_by = actor
    proposal.save(update_fields=["status", "decided_by"])
    record(actor, Change.PROPOSAL_DECIDE, proposal.track, {"proposal": proposal.pk, "status": proposal.status})
    return proposal


# --- Publishing to the shared library ---------------------------------------------------------


@transaction.atomic
def profile_publish(*, track, actor, note, as_new=False) -> ProfilePublication:
    """Ask to publish the track's profile to the library, as it is now (a frozen copy): a new
    version of the library profile it came from, or — with `as_new`, or when it came from none —
    a new library profile owned by the track's lead municipality."""
    profile = track.requirement_profile
    if profile is None or not profile.requirements.exists():
        raise ValidationError(_("The track's requirement profile has no requirements to publish."))
    replaces = None if as_new or profile.origin_id is None else profile.origin.latest
    if ProfilePublication.objects.filter(source_track=track, status=ProfilePublication.Status.PENDING).exists():
        raise ValidationError(_("The track's profile already awaits approval for the library."))
    frozen = _copy(profile, in_library=False, origin=profile.origin, created_by=actor,
                   owner=replaces.owner if replaces else track.lead_municipality)
    publication = ProfilePublication.objects.create(
        proposed=frozen, replaces=replaces, source_track=track, owner=frozen.owner, note=note, requested_by=actor)
    record(actor, Change.PROFILE_PUBLISH, track, {"publication": publication.pk,
                                                  "replaces": replaces.pk if replaces else None})
    return publication


@transaction.atomic
def publication_decide(*, publication, actor, approve: bool, note="") -> ProfilePublication:
    """Approve (the proposed profile becomes the library's newest version; the one it replaces
    leaves the library but stays, for the tracks copied from it) or reject."""
    if publication.status != ProfilePublication.Status.PENDING:
        raise ValidationError(_("The request is already decided."))
    if publication.requested_by_id == actor.pk and not actor.is_superuser:
        raise ValidationError(_("Someone other than the one who asked must approve it."))
    proposed, replaces = publication.proposed, publication.replaces
    if approve:
        if replaces is not None:
            current = replaces.latest
            proposed.previous, proposed.version, proposed.title = current, current.version + 1, current.title
            CompetenceProfile.objects.filter(pk=current.pk).update(in_library=False)
        proposed.in_library, proposed.origin = True, None
        proposed.save(update_fields=["previous", "version", "title", "in_library", "origin"])
    publication.status = ProfilePublication.Status.APPROVED if approve else ProfilePublication.Status.REJECTED
    publication.decided_by, publication.decided_at, publication.decision_note = actor, timezone.now(), note
    publication.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record(actor, Change.PROFILE_PUBLISH_DECIDE, publication.source_track,
           {"publication": publication.pk, "status": publication.status})
    return publication


def local_changes(profile) -> list[str]:
    """What a track's profile changed from the library version it was copied from, in words."""
    return differences(profile, profile.origin) if profile.origin is not None else []


def differences(profile, origin) -> list[str]:
    """What `profile` asks differently from `origin`, in words (reads their prefetched relations)."""

    def asked(p):
        return {(r.concept_id or r.competence.casefold()): r for r in p.requirements.all()}

    mine, theirs = asked(profile), asked(origin)
    changes = [_("Added: %(c)s") % {"c": mine[k].label} for k in mine if k not in theirs]
    changes += [_("Removed: %(c)s") % {"c": theirs[k].label} for k in theirs if k not in mine]
    for k in mine.keys() & theirs.keys():
        a, b = mine[k], theirs[k]
        if (a.level, a.kind, a.validation) != (b.level, b.kind, b.validation):
            changes.append(_("Changed: %(c)s (%(kind)s, %(level)s)") % {
                "c": a.label, "kind": a.get_kind_display().lower(), "level": a.get_level_display().lower()})
    if profile.swedish_level != origin.swedish_level:
        changes.append(_("Swedish level: %(level)s") % {"level": profile.get_swedish_level_display() or "–"})
    if set(profile.licence_concepts.all()) != set(origin.licence_concepts.all()) or profile.licences != origin.licences:
        changes.append(_("Licences changed"))
    if {(lang.language_id, lang.level) for lang in profile.languages.all()} != {
            (lang.language_id, lang.level) for lang in origin.languages.all()}:
        changes.append(_("Languages changed"))
    if profile.education_level != origin.education_level:
        changes.append(_("Education level: %(level)s") % {"level": profile.get_education_level_display() or "–"})
    return sorted(changes)
