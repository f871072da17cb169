"""The checks of matching (tracks/matching.py), one per kind of requirement, each giving a state
and the reason for it in words. A reason is worked out only when read: while 2,000 candidates are
ranked, a check holds the function and arguments that would say it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from employers.models import SWEDISH_CEFR, EducationLevel, Requirement, SwedishLevel
from lib.text import key as text_key
from participants.models import Competence
from taxonomy.knowledge import CATCH_ALL_HEADLINES, SWEDISH, licences_covered
from taxonomy.models import CEFR_RANK

MET, PARTLY, NOT_MET, UNKNOWN = "met", "partly", "not_met", "unknown"
STATES = [MET, PARTLY, NOT_MET, UNKNOWN]
MUST, MERIT = Requirement.Kind.MUST, Requirement.Kind.MERIT
LEVELS = list(Requirement.Level.values)  # basic < good < very good
SWEDISH_LEVELS = [value for value in SwedishLevel.values if value]  # SFI A < … < fluent
EDUCATION = list(EducationLevel.values)
SOURCES = list(Competence.Source.values)  # self-reported < assessed < validated < confirmed by the employer
# How a requirement must be shown, as the weakest way a competence may be known to fully meet it.
EVIDENCE_ASKED = {
    Requirement.Validation.CERTIFICATE: Competence.Source.ASSESSED,
    Requirement.Validation.INDUSTRY: Competence.Source.VALIDATED,
}


class Check:
    """One requirement checked: its state, and the reason in words. The label and the reason may
    be given as (function, *arguments), called in the active language only when read: ranking
    2,000 candidates reads neither and allocates little, a page reads those it shows."""

    __slots__ = ("key", "kind", "status", "evidence", "_label", "_reason")

    def __init__(self, key, label, kind, status, reason, evidence=0):
        self.key = key  # stable per requirement: the matrix's column
        self.kind = kind  # "must" or "merit"
        self.status = status
        self.evidence = evidence  # how well what meets it is known: 0 self-reported … 3 confirmed by the employer
        self._label, self._reason = label, reason

    @property
    def label(self) -> str:
        if isinstance(self._label, tuple):
            self._label = self._label[0](*self._label[1:])
        return self._label

    @property
    def reason(self) -> str:
        if isinstance(self._reason, tuple):
            self._reason = self._reason[0](*self._reason[1:])
        return self._reason

    @property
    def status_label(self):
        return state_labels()[self.status]

    def __repr__(self):
        return f"Check({self.key!r}, {self.status!r})"


def state_labels():
    return {MET: _("Met"), PARTLY: _("Partly met"), NOT_MET: _("Not met"), UNKNOWN: _("Unknown")}


def _parts(text):
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _known_as(competence) -> str:
    """How well and how a competence is known, in words: "good, validated by Lernia on 2026-03-02"."""
    Source = Competence.Source
    who, on = competence.validated_by, competence.validated_on.isoformat() if competence.validated_on else ""
    if competence.source == Source.SELF_ASSESSED or not who:
        how = competence.get_source_display().lower()
    elif competence.source == Source.ASSESSED:
        how = _("assessed by %(who)s") % {"who": who}
    elif competence.source == Source.VALIDATED:
        how = _("validated by %(who)s") % {"who": who}
    else:
        how = _("confirmed by %(who)s after an internship") % {"who": who}
    if on and competence.source != Source.SELF_ASSESSED:
        how = _("%(how)s on %(date)s") % {"how": how, "date": on}
    return _("%(level)s, %(how)s") % {"level": competence.get_level_display().lower(), "how": how}


def _sentence(text):
    return text[:1].upper() + text[1:]


# --- The checks ----------------------------------------------------------------------------


def _best(competences):
    return max(competences, key=lambda c: LEVELS.index(c.level))


def _best_related(requirement, known):
    """The held competence most closely related to the one asked — a narrower one first, then the
    broader one, a sibling under the same broader one, one under the same heading — and how."""
    asked = requirement.concept
    if narrower := known.by_parent.get(asked.id):
        return "narrower", _best(narrower)
    if asked.parent_id:
        if broader := known.by_concept.get(asked.parent_id):
            return "broader", broader
        if siblings := [c for c in known.by_parent.get(asked.parent_id, ()) if c.concept_id != asked.id]:
            return "sibling", _best(siblings)
    if asked.headline_id and asked.headline_id not in CATCH_ALL_HEADLINES:
        if same := [c for c in known.by_headline.get(asked.headline_id, ()) if c.concept_id != asked.id]:
            return "heading", _best(same)
    return None, None


@dataclass(frozen=True)
class Asked:
    """A requirement as the checks read it, worked out once per profile rather than once per
    candidate."""

    requirement: object
    key: str
    label: str
    kind: str
    concept_id: str | None
    texts: tuple  # normal forms of its text and its concept's label
    level: int
    evidence: int  # the weakest source that fully meets it (-1: any)

    @classmethod
    def of(cls, requirement):
        concept = requirement.concept if requirement.concept_id else None
        texts = tuple(dict.fromkeys(text_key(t) for t in (requirement.competence, concept.label if concept else "") if t))
        asked_evidence = EVIDENCE_ASKED.get(requirement.validation)
        return cls(requirement, f"r{requirement.pk}", requirement.label, requirement.kind, requirement.concept_id,
                   texts, LEVELS.index(requirement.level), SOURCES.index(asked_evidence) if asked_evidence else -1)


def _say(msgid, **words) -> str:
    return _(msgid) % words if words else _(msgid)


NOT_RECORDED = (_say, gettext_noop("Not recorded for the candidate."))
NO_COMPETENCES = (_say, gettext_noop("No competences are mapped for the candidate yet."))
NOT_AMONG = (_say, gettext_noop("Not among the candidate's mapped competences."))
NO_LICENCE = (_say, gettext_noop("No driving licence recorded for the candidate."))
AS_WRITTEN = (_say, gettext_noop("Recorded for the candidate as written."))
BY_HAND = (_say, gettext_noop("Not in the vocabulary, and not recorded for the candidate as written: check it by hand."))


def _why_requirement(state, held, how, requirement) -> str:
    """The reason for a requirement's state, in words."""
    if how in ("broader", "sibling", "heading"):
        return {
            "broader": _("Has the broader %(held)s (%(known)s); the profile asks for %(asked)s."),
            "sibling": _("Has the related %(held)s (%(known)s), of the same kind as %(asked)s."),
            "heading": _("Has the related %(held)s (%(known)s), under the same heading as %(asked)s."),
        }[how] % {"held": held.label, "known": _known_as(held), "asked": requirement.label}
    known = _sentence(_known_as(held))
    if state == "far":
        return _("%(known)s; the profile asks for %(asked)s.") % {
            "known": known, "asked": requirement.get_level_display().lower()}
    if state == "step":
        return _("%(known)s; the profile asks for %(asked)s, one step up.") % {
            "known": known, "asked": requirement.get_level_display().lower()}
    same = (_("%(known)s: %(held)s is a kind of %(asked)s.") % {"known": known, "held": held.label,
                                                                "asked": requirement.label}
            if how == "narrower" else known + ".")
    if state == "evidence":
        return _("%(known)s — to be shown by %(how)s.") % {
            "known": same.rstrip("."), "how": requirement.get_validation_display().lower()}
    return same


def check_requirement(requirement, known, asked: Asked | None = None) -> Check:
    asked = asked or Asked.of(requirement)
    key, label, kind = asked.key, asked.label, asked.kind
    held = known.by_concept.get(asked.concept_id) if asked.concept_id else None
    if held is None:
        held = next((known.by_text[t] for t in asked.texts if t in known.by_text), None)
    how = None
    if held is None and asked.concept_id:
        how, held = _best_related(requirement, known)
    if held is None:
        return Check(key, label, kind, UNKNOWN, NOT_AMONG if known.competences else NO_COMPETENCES)
    evidence = SOURCES.index(held.source)
    gap = asked.level - LEVELS.index(held.level)
    if how in ("broader", "sibling", "heading"):
        status, state = PARTLY, "related"
    elif gap >= 2:
        status, state = NOT_MET, "far"
    elif gap == 1:
        status, state = PARTLY, "step"
    elif evidence < asked.evidence:
        status, state = PARTLY, "evidence"
    else:
        status, state = MET, "met"
    return Check(key, label, kind, status, (_why_requirement, state, held, how, requirement), evidence)


def _language_label(language, level) -> str:
    return _("%(language)s, %(level)s") % {"language": language.label, "level": level}


def _why_level(msgid, have, need, cefr="") -> str:
    return _(msgid) % {"have": have, "need": need, "cefr": cefr}


def check_language(asked, known) -> Check:
    key, kind, label = f"l{asked.language_id}", asked.kind, (_language_label, asked.language, asked.level)
    have = known.language_levels.get(asked.language_id)
    if asked.language_id == SWEDISH and known.swedish_level:
        have = SWEDISH_CEFR.get(known.swedish_level)
    if have is None:
        return Check(key, label, kind, UNKNOWN, NOT_RECORDED)
    gap = CEFR_RANK[asked.level] - CEFR_RANK[have]
    if gap <= 0:
        return Check(key, label, kind, MET, (_why_level, gettext_noop("%(have)s."), have, asked.level))
    if gap == 1:
        return Check(key, label, kind, PARTLY,
                     (_why_level, gettext_noop("%(have)s, one step below %(need)s."), have, asked.level))
    return Check(key, label, kind, NOT_MET,
                 (_why_level, gettext_noop("%(have)s; the profile asks for %(need)s."), have, asked.level))


def _swedish_label(level) -> str:
    return _("Swedish, %(level)s") % {"level": SwedishLevel(level).label}


def _why_swedish(msgid, have, need) -> str:
    return _(msgid) % {"have": SwedishLevel(have).label, "cefr": SWEDISH_CEFR[have], "need": SwedishLevel(need).label}


def check_swedish(level, known) -> Check:
    label = (_swedish_label, level)
    have = known.swedish_level
    if not have:
        return Check("swedish", label, MUST, UNKNOWN, NOT_RECORDED)
    gap = SWEDISH_LEVELS.index(level) - SWEDISH_LEVELS.index(have)
    if gap <= 0:
        return Check("swedish", label, MUST, MET, (_why_swedish, gettext_noop("%(have)s (≈ %(cefr)s)."), have, level))
    if gap == 1:
        return Check("swedish", label, MUST, PARTLY, (
            _why_swedish, gettext_noop("%(have)s (≈ %(cefr)s), one step below %(need)s."), have, level))
    return Check("swedish", label, MUST, NOT_MET, (
        _why_swedish, gettext_noop("%(have)s (≈ %(cefr)s); the profile asks for %(need)s."), have, level))


def _licence_label(code) -> str:
    return _("Driving licence %(code)s") % {"code": code}


def _why_licence(msgid, held, code) -> str:
    return _(msgid) % {"held": held, "code": code}


def check_licences(demand, known) -> list[Check]:
    covered = licences_covered([c.code for c in known.licences])
    checks = []
    for licence in demand.licences:
        code = licence.code
        key, label = f"k{licence.id}", (_licence_label, code)
        by = covered.get(code)
        if by == code:
            checks.append(Check(key, label, MUST, MET, (_why_licence, gettext_noop("Holds %(code)s."), by, code)))
        elif by:
            checks.append(Check(key, label, MUST, MET, (
                _why_licence, gettext_noop("Holds %(held)s, which includes %(code)s."), by, code)))
        elif known.licences:
            held = ", ".join(sorted(c.code for c in known.licences))
            checks.append(Check(key, label, MUST, NOT_MET, (
                _why_licence, gettext_noop("Holds %(held)s, which does not include %(code)s."), held, code)))
        else:
            checks.append(Check(key, label, MUST, UNKNOWN, NO_LICENCE))
    others = {text_key(text) for text in known.other_licences}
    for text in demand.other_licences:
        key = f"o{text_key(text)}"
        checks.append(Check(key, text, MUST, MET, AS_WRITTEN) if text_key(text) in others
                      else Check(key, text, MUST, UNKNOWN, BY_HAND))
    return checks


def _education_label(level) -> str:
    return str(EducationLevel(level).label)


def _why_education(have, need) -> str:
    words = {"have": EducationLevel(have).label, "need": _education_label(need).lower()}
    if EDUCATION.index(have) >= EDUCATION.index(need):
        return _("%(have)s.") % words
    return _("%(have)s; the profile asks for %(need)s.") % words


def check_education(level, known) -> Check:
    label = (_education_label, level)
    if not known.education_level:
        return Check("education", label, MUST, UNKNOWN, NOT_RECORDED)
    met = EDUCATION.index(known.education_level) >= EDUCATION.index(level)
    return Check("education", label, MUST, MET if met else NOT_MET, (_why_education, known.education_level, level))
