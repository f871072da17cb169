import rules

from .selectors import can_register_participants, participants_visible_to


@rules.predicate
def may_register(user):
    return can_register_participants(user)


@rules.predicate
def sees_participant(user, participant):
    return participant is not None and participants_visible_to(user).filter(pk=participant.pk).exists()


rules.add_perm("participants.add_participant", rules.is_authenticated & may_register)
rules.add_perm("participants.list_participants", rules.is_authenticated & may_register)
rules.add_perm("participants.view_participant", sees_participant)
# Whoever may see the person in full (coordinator, their officers) may reveal the number, once
# per explicit action, each time logged.
rules.add_perm("participants.reveal_personnummer", sees_participant)
rules.add_perm("participants.change_participant", sees_participant)
