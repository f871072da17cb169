"""How well a nominated participant fits a track's requirement profile, requirement by
requirement, in words: met, not met, or unknown (nothing recorded). No score is hidden: the
ranking is by must-requirements met, then merits met, then fewest unknowns."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from employers.models import Requirement, SwedishLevel

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
LEVELS = list(Requirement.Level.values)  # basic < good < very good
SWEDISH = list(SwedishLevel.values)  # "" < SFI A … < fluent


@dataclass(frozen=True)
class Check:
    label: str
    kind: str  # "must" or "merit"
    status: str
    reason: str


@dataclass
class Match:
    participant: object
    checks: list = field(default_factory=list)

    def _count(self, kind, status):
        return sum(1 for c in self.checks if c.kind == kind and c.status == status)

    @property
    def must_met(self):
        return self._count("must", MET)

    @property
    def must_not_met(self):
        return self._count("must", NOT_MET)

    @property
    def merits_met(self):
        return self._count("merit", MET)

    @property
    def unknown(self):
        return sum(1 for c in self.checks if c.status == UNKNOWN)

    def sort_key(self):
        return (self.must_not_met, -self.must_met, -self.merits_met, self.unknown, str(self.participant))


def _normal(text):
    return " ".join(text.lower().split())


def check_requirement(requirement, competences) -> Check:
    have = {_normal(c.name): c for c in competences}.get(_normal(requirement.competence))
    if have is None:
        return Check(requirement.competence, requirement.kind, UNKNOWN, _("Not recorded for the participant."))
    if LEVELS.index(have.level) >= LEVELS.index(requirement.level):
        return Check(requirement.competence, requirement.kind, MET, _("%(level)s (%(source)s).") % {
            "level": have.get_level_display(), "source": have.get_source_display().lower()})
    return Check(requirement.competence, requirement.kind, NOT_MET, _("%(have)s, the profile asks for %(need)s.") % {
        "have": have.get_level_display(), "need": requirement.get_level_display().lower()})


def check_swedish(profile, participant) -> Check | None:
    if not profile.swedish_level:
        return None
    label, need = _("Swedish"), SwedishLevel(profile.swedish_level).label
    if not participant.swedish_level:
        return Check(label, "must", UNKNOWN, _("Not recorded for the participant."))
    have = SwedishLevel(participant.swedish_level).label
    if SWEDISH.index(participant.swedish_level) >= SWEDISH.index(profile.swedish_level):
        return Check(label, "must", MET, _("%(have)s.") % {"have": have})
    return Check(label, "must", NOT_MET, _("%(have)s, the profile asks for %(need)s.") % {"have": have, "need": need})


def check_licences(profile, participant) -> list[Check]:
    wanted = [part.strip() for part in profile.licences.split(",") if part.strip()]
    held = {_normal(licence) for licence in participant.licence_list()}
    checks = []
    for licence in wanted:
        if _normal(licence) in held:
            checks.append(Check(licence, "must", MET, _("Holds it.")))
        elif not held:
            checks.append(Check(licence, "must", UNKNOWN, _("No licences recorded for the participant.")))
        else:
            checks.append(Check(licence, "must", NOT_MET, _("Not among the participant's licences.")))
    return checks


def match(participant, profile, requirements, competences) -> Match:
    """Every requirement of the profile checked against one participant."""
    result = Match(participant)
    if profile is None:
        return result
    result.checks = [check_requirement(r, competences) for r in requirements]
    swedish = check_swedish(profile, participant)
    if swedish:
        result.checks.append(swedish)
    result.checks += check_licences(profile, participant)
    return result


def rank(track, candidacies) -> list[tuple[object, Match]]:
    """The candidacies with their matches, best fit first. Expects participants' competences
    prefetched, so this runs no query per candidate."""
    profile = track.requirement_profile
    requirements = list(profile.requirements.all()) if profile else []
    matched = [(c, match(c.participant, profile, requirements, list(c.participant.competences.all()))) for c in candidacies]
    return sorted(matched, key=lambda pair: pair[1].sort_key())
