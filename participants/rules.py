import rules
from django.db.models import Q

from .extensions import identity_readers
from .selectors import can_register_participants, participants_visible_to


@rules.predicate
def may_register(user):
    return can_register_participants(user)


@rules.predicate
def sees_participant(user, participant):
    """Asked once per person and user while the person is loaded: a page asks several permissions
    of the same person, and each would otherwise ask the database again."""
    if participant is None:
        return False
    seen = participant.__dict__.setdefault("_seen_by", {})
    if user.pk not in seen:
        seen[user.pk] = participants_visible_to(user).filter(pk=participant.pk).exists()
    return seen[user.pk]


@rules.predicate
def may_see_identity(user, participant):
    """Who reads the name and contact details: of most people, whoever sees them; of someone with
    protected identity, only the coordinators of their tracks and the officers who registered or
    nominated them; of someone pseudonymised, nobody."""
    if participant is None or participant.pseudonymised_at is not None:
        return False
    if not participant.protected_identity:
        return True
    if participant.created_by_id == user.pk:
        return True
    readers = Q()
    for ids in identity_readers(user):
        readers |= Q(pk__in=ids)
    return bool(readers) and type(participant).objects.filter(readers, pk=participant.pk).exists()


rules.add_perm("participants.add_participant", rules.is_authenticated & may_register)
rules.add_perm("participants.list_participants", rules.is_authenticated & may_register)
# Whoever registers people one by one may register many from a file (participants/imports.py).
rules.add_perm("participants.import_participants", rules.is_authenticated & may_register)
rules.add_perm("participants.view_participant", sees_participant)
rules.add_perm("participants.view_identity", sees_participant & may_see_identity)
# Whoever may see the person in full (coordinator, their officers) may reveal the number, once
# per explicit action, each time logged.
rules.add_perm("participants.reveal_personnummer", sees_participant & may_see_identity)
rules.add_perm("participants.change_participant", sees_participant & may_see_identity)
