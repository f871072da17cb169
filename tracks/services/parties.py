"""Organisations join a track only by accepting. A coordinator names partners and employers; each
named organisation is invited (the coordinator's own organisation joins at once), its people are
told, and one of them accepts or declines. Only then is it a partner or an employer of the track:
it sees the track, its officers may nominate their people, the employer gets its letter of intent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from accounts.models import Membership
from accounts.notifications import Reminder, notify
from accounts.selectors import organisation_ids

from ..models import ANSWERING_ROLES, Invitation, LetterOfIntent

As = Invitation.As


def _tell(invitations):
    """Everyone who may answer for an invited organisation finds it among their reminders."""
    if not invitations:
        return
    members = Membership.objects.filter(
        organisation__in=[i.organisation_id for i in invitations], user__is_active=True,
        role__in={role for roles in ANSWERING_ROLES.values() for role in roles},
    ).values_list("organisation_id", "role", "user_id")
    url = reverse("dashboard")
    notify([
        Reminder(user, "invitation", str(i.pk), None, _("%(organisation)s is invited to take part in the job track "
                                                        "“%(track)s”: accept or decline on your start page.") % {
            "organisation": i.organisation.name, "track": " ".join(i.track.title.split())}, url)
        for i in invitations for organisation, role, user in members
        if organisation == i.organisation_id and role in ANSWERING_ROLES[i.taking_part_as]
    ])


@transaction.atomic
def parties_set(*, track, actor, organisations, as_) -> list[Invitation]:
    """The track's partners (or employers) become `organisations`: those no longer named leave the
    track (an open invitation is withdrawn), new ones are invited. Returns the new invitations."""
    wanted = {o.pk: o for o in organisations}
    current = {i.organisation_id: i for i in track.invitations.filter(taking_part_as=as_).select_related("organisation")}
    for organisation_id, invitation in current.items():
        if organisation_id not in wanted and invitation.status in (Invitation.Status.INVITED, Invitation.Status.ACCEPTED):
            _leave(track, invitation, actor)
    new = []
    for organisation_id, organisation in wanted.items():
        invitation = current.get(organisation_id)
        if invitation is not None and invitation.status in (Invitation.Status.INVITED, Invitation.Status.ACCEPTED):
            continue
        invitation = invitation or Invitation(track=track, organisation=organisation, taking_part_as=as_)
        invitation.status, invitation.invited_by, invitation.invited_at = Invitation.Status.INVITED, actor, timezone.now()
        invitation.answered_by, invitation.answered_at, invitation.decline_reason = None, None, ""
        invitation.save()
        record(actor, Change.PARTY_INVITE, track, {"organisation": organisation_id, "as": as_})
        new.append(invitation)
    own = organisation_ids(actor, ANSWERING_ROLES[as_])
    for invitation in new:
        if invitation.organisation_id in own:  # one's own organisation needs no one's consent
            invitation_accept(invitation=invitation, actor=actor)
    _tell([i for i in new if i.is_open])
    return new


def _leave(track, invitation, actor):
    if invitation.taking_part_as == As.EMPLOYER:
        track.employers.remove(invitation.organisation_id)
        track.letters.filter(employer=invitation.organisation_id, status=LetterOfIntent.Status.DRAFT,
                             signed_versions__isnull=True).delete()
    else:
        track.partners.remove(invitation.organisation_id)
    invitation.status, invitation.answered_by, invitation.answered_at = Invitation.Status.WITHDRAWN, actor, timezone.now()
    invitation.save(update_fields=["status", "answered_by", "answered_at"])
    record(actor, Change.PARTY_LEAVE, track, {"organisation": invitation.organisation_id, "as": invitation.taking_part_as})


@transaction.atomic
def invitation_accept(*, invitation, actor) -> Invitation:
    """The organisation takes part: a partner sees the track and may nominate; an employer gets its
    letter of intent to consider."""
    if not invitation.is_open:
        raise ValidationError(_("The invitation is already answered."))
    track = invitation.track
    if invitation.taking_part_as == As.EMPLOYER:
        track.employers.add(invitation.organisation)
        LetterOfIntent.objects.get_or_create(track=track, employer=invitation.organisation)
    else:
        track.partners.add(invitation.organisation)
    invitation.status, invitation.answered_by, invitation.answered_at = Invitation.Status.ACCEPTED, actor, timezone.now()
    invitation.save(update_fields=["status", "answered_by", "answered_at"])
    record(actor, Change.PARTY_ACCEPT, track, {"organisation": invitation.organisation_id, "as": invitation.taking_part_as})
    return invitation


def invitation_decline(*, invitation, actor, reason="") -> Invitation:
    if not invitation.is_open:
        raise ValidationError(_("The invitation is already answered."))
    invitation.status, invitation.answered_by, invitation.answered_at = Invitation.Status.DECLINED, actor, timezone.now()
    invitation.decline_reason = reason.strip()
    invitation.save(update_fields=["status", "answered_by", "answered_at", "decline_reason"])
    record(actor, Change.PARTY_DECLINE, invitation.track,
           {"organisation": invitation.organisation_id, "as": invitation.taking_part_as})
    return invitation
