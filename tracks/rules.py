"""Who may do what with a track (django-rules). Visibility is `selectors.tracks_visible_to`."""

import rules

from jobbspar.accounts.models import Membership, Role
from jobbspar.accounts.rules import is_af_officer, is_coordinator, is_municipality_officer

from .models import LetterOfIntent, Phase, ProfileProposal
from .selectors import ORGANISATION_ROLES, tracks_visible_to


def _track(obj):
    """Permissions are asked about a track or about something on one."""
    return getattr(obj, "track", obj)


@rules.predicate
def can_see_track(user, obj):
    return obj is not None and tracks_visible_to(user).filter(pk=_track(obj).pk).exists()


@rules.predicate
def coordinates_track(user, obj):
    return obj is not None and _track(obj).coordinators.filter(pk=user.pk).exists()


@rules.predicate
def track_is_open(user, obj):
    return obj is not None and _track(obj).is_open


@rules.predicate
def track_in_planning(user, obj):
    return obj is not None and _track(obj).phase == Phase.PLANNING


@rules.predicate
def works_with_track(user, obj):
    """A coordinator or officer of a partner organisation, or the track's own coordinator:
    the people who see the track's internal sections (checklist, problems, history)."""
    if obj is None:
        return False
    track = _track(obj)
    organisations = Membership.objects.filter(user=user, role__in=ORGANISATION_ROLES).values("organisation")
    return (
        coordinates_track(user, track)
        or track.lead_municipality_id in {m["organisation"] for m in organisations}
        or track.partners.filter(pk__in=organisations).exists()
    )


@rules.predicate
def represents_track_employer(user, obj):
    if obj is None:
        return False
    employers = Membership.objects.filter(user=user, role=Role.EMPLOYER_REPRESENTATIVE).values("organisation")
    return _track(obj).employers.filter(pk__in=employers).exists()


@rules.predicate
def represents_letter_employer(user, letter):
    return letter is not None and Membership.objects.filter(
        user=user, role=Role.EMPLOYER_REPRESENTATIVE, organisation=letter.employer_id
    ).exists()


@rules.predicate
def letter_awaits_employer(user, letter):
    return letter is not None and letter.status == LetterOfIntent.Status.SENT


@rules.predicate
def sits_on_track_steering_group(user, obj):
    if obj is None:
        return False
    track = _track(obj)
    return track.agreement_id is not None and Membership.objects.filter(
        user=user, role=Role.STEERING_GROUP_MEMBER, steering_group__agreement=track.agreement_id
    ).exists()


@rules.predicate
def represents_shortlist_employer(user, shortlist):
    return shortlist is not None and shortlist.sent_at is not None and Membership.objects.filter(
        user=user, role=Role.EMPLOYER_REPRESENTATIVE, organisation=shortlist.employer_id
    ).exists()


@rules.predicate
def problem_awaits_decision(user, problem):
    return problem is not None and problem.awaits_decision


@rules.predicate
def proposal_is_open(user, proposal):
    return proposal is not None and proposal.status == ProfileProposal.Status.OPEN


rules.add_perm("tracks.add_track", is_coordinator)
rules.add_perm("tracks.nominate", is_municipality_officer | is_af_officer)
rules.add_perm("tracks.view_track", can_see_track)
rules.add_perm("tracks.view_track_internals", can_see_track & (works_with_track | sits_on_track_steering_group))
rules.add_perm("tracks.change_track", coordinates_track & track_is_open)
rules.add_perm("tracks.change_phase", coordinates_track & track_is_open)
rules.add_perm("tracks.start_new_round", coordinates_track)
rules.add_perm("tracks.propose_profile_change", represents_track_employer & track_in_planning)
rules.add_perm("tracks.view_proposals", can_see_track & (works_with_track | represents_track_employer))
rules.add_perm("tracks.decide_proposal", coordinates_track & proposal_is_open)
rules.add_perm("tracks.view_letter", coordinates_track | works_with_track | represents_letter_employer)
rules.add_perm("tracks.sign_letter", represents_letter_employer & letter_awaits_employer)
rules.add_perm("tracks.decide_shortlist", represents_shortlist_employer)
rules.add_perm("tracks.give_feedback", represents_track_employer)
rules.add_perm("tracks.decide_problem", sits_on_track_steering_group & problem_awaits_decision)
