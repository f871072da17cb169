"""Every write to a participant's record goes through here, each with its audit event."""

from django.utils.translation import gettext as _

from accounts.audit import Change, Read, record
from lib import throttle
from lib.plausible import not_after_today

from .models import Competence, Participant
from .selectors import participants_visible_to


def _plausible(fields):
    not_after_today(fields.get("registered_at_af_since"), field="registered_at_af_since",
                    what=_("The registration at Arbetsförmedlingen"))


def participant_register(*, actor, **fields) -> Participant:
    _plausible(fields)
    participant = Participant(created_by=actor, **fields)
    participant._history_user = actor
    participant.save()
    record(actor, Change.PARTICIPANT_CREATE, participant)
    return participant


def participant_update(*, participant, actor, **fields) -> Participant:
    _plausible(fields)
    changed = sorted(name for name, value in fields.items() if getattr(participant, name) != value)
    for name, value in fields.items():
        setattr(participant, name, value)
    participant._history_user = actor
    participant.save()
    record(actor, Change.PARTICIPANT_CHANGE, participant, {"fields": changed})
    return participant


def competence_add(*, participant, actor, name, level, source) -> Competence:
    competence = Competence.objects.create(participant=participant, name=name, level=level, source=source)
    record(actor, Change.COMPETENCE_ADD, participant, {"competence": name})
    return competence


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
