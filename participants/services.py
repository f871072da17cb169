"""Every write to a participant's record goes through here, each with its audit event."""

from django.utils.translation import gettext as _

from accounts.audit import Change, record
from lib.plausible import not_after_today

from .models import Competence, Participant


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
