"""The one catalogue of what counts as personal data about a participant, and which roles may see
each kind. Pages, partials, exports, reports and the audit ask here (through the apps' rules);
nothing decides it on its own.

A steering group sees numbers, never people. An employer sees only the candidates put before it
and the participants placed with it, and of them only what a hiring decision and a workplace need.
The people who work with a person (the track's coordinators, the officers of the organisations
that registered or nominated them) see the record; the personnummer in full only by an explicit,
logged reveal."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Role


class Kind(models.TextChoices):
    NAME = "name", _("name")
    BIRTH_YEAR = "birth_year", _("year of birth")
    BIRTH_DATE = "birth_date", _("birth date (the masked personal identity number)")
    PERSONNUMMER = "personnummer", _("personal identity number")
    CONTACT = "contact", _("contact details")
    BACKGROUND = "background", _("gender, education, Swedish level, licences, target groups")
    COMPETENCES = "competences", _("competences")
    CANDIDACY = "candidacy", _("nominations, shortlists, the employer's decisions")
    MOTIVATION = "motivation", _("the officer's motivation for a nomination")
    FOLLOW_UP = "follow_up", _("follow-ups and their notes")
    OUTCOME = "outcome", _("outcomes and the checks after them")
    WORKPLACE = "workplace", _("workplace feedback")
    ATTENDANCE = "attendance", _("attendance, progress and completion in a provider's module")


WORKS_WITH = {Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER}
EMPLOYER = {Role.EMPLOYER_REPRESENTATIVE}
# An education provider sees the participants placed in its own modules: name, year of birth and
# what it reports itself (attendance, progress, completion) — nothing else.
PROVIDER = {Role.PROVIDER}

# Which roles may see each kind; whether a given user sees a given person is the apps' rules
# (the visibility selectors), on top of this.
SEEN_BY: dict[str, set[str]] = {
    Kind.NAME: WORKS_WITH | EMPLOYER | PROVIDER,
    Kind.BIRTH_YEAR: WORKS_WITH | PROVIDER,
    Kind.BIRTH_DATE: WORKS_WITH,
    Kind.PERSONNUMMER: WORKS_WITH,
    Kind.CONTACT: WORKS_WITH,
    Kind.BACKGROUND: WORKS_WITH | EMPLOYER,
    Kind.COMPETENCES: WORKS_WITH | EMPLOYER,
    Kind.CANDIDACY: WORKS_WITH | EMPLOYER,
    Kind.MOTIVATION: WORKS_WITH,
    Kind.FOLLOW_UP: WORKS_WITH,
    Kind.OUTCOME: WORKS_WITH,
    Kind.WORKPLACE: WORKS_WITH | EMPLOYER,
    Kind.ATTENDANCE: WORKS_WITH | PROVIDER,
}
# Roles that see numbers only: aggregates, never a person.
NUMBERS_ONLY = {Role.STEERING_GROUP_MEMBER}


def may_see(roles, kind: str) -> bool:
    """Whether any of `roles` may see personal data of this kind."""
    return not SEEN_BY[kind].isdisjoint(roles)
