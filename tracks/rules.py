"""Who may do what with a track (django-rules). Visibility is `selectors.tracks_visible_to`."""

import datetime
import functools

import rules
from django.utils import timezone

from accounts.models import Role
from accounts.personal_data import Kind
from accounts.rules import has_role, is_administrator, is_af_officer, is_coordinator, is_municipality_officer, sees
from accounts.selectors import membership_scopes, organisation_ids

from .models import ANSWERING_ROLES, Intervention, LetterOfIntent, Phase, ProfileProposal, ProfilePublication
from .selectors import ORGANISATION_ROLES, learners_of


def _track(obj):
    """Permissions are asked about a track or about something on one."""
    return getattr(obj, "track", obj)


def per_track(test):
    """Asked once per user and track while the track object lives (one request): a page asks
    several permissions that share these tests, and each would otherwise be a query."""

    @functools.wraps(test)
    def predicate(user, obj):
        if obj is None:
            return False
        track = _track(obj)
        answers = track.__dict__.setdefault("_rules_answers", {})
        key = (test.__name__, user.pk)
        if key not in answers:
            answers[key] = test(user, track)
        return answers[key]

    return rules.predicate(predicate)


def _ids(track, relation):
    """The ids of the track's partners or employers, asked once per track object (or taken from
    what the view prefetched): several predicates of one request need them."""
    known = track.__dict__.setdefault("_rules_ids", {})
    if relation not in known:
        known[relation] = {o.pk for o in getattr(track, relation).all()}
    return known[relation]


@per_track
def coordinates_track(user, track):
    return any(c.pk == user.pk for c in track.coordinators.all())  # prefetched by the views


@per_track
def can_see_track(user, track):
    """The ways in of `selectors.tracks_visible_to`, answered from the request's memberships and
    the track's own lists (which the page loads anyway), so that seeing a track costs no query of
    its own. A test holds this equal to the selector for every persona and track."""
    organisations = organisation_ids(user, ORGANISATION_ROLES)
    employers = organisation_ids(user, [Role.EMPLOYER_REPRESENTATIVE])
    agreements = {a for role, _o, a in membership_scopes(user) if role == Role.STEERING_GROUP_MEMBER}
    return (
        coordinates_track(user, track)
        or track.lead_municipality_id in organisations
        or (track.agreement_id is not None and track.agreement_id in agreements)
        or (bool(organisations) and not organisations.isdisjoint(_ids(track, "partners")))
        or (bool(employers) and not employers.isdisjoint(_ids(track, "employers")))
    )


@rules.predicate
def track_is_open(user, obj):
    return obj is not None and _track(obj).is_open


@rules.predicate
def track_in_planning(user, obj):
    return obj is not None and _track(obj).phase == Phase.PLANNING


@per_track
def works_with_track(user, track):
    """A coordinator or officer of a partner organisation, or the track's own coordinator:
    the people who see the track's internal sections (checklist, problems, history)."""
    organisations = organisation_ids(user, ORGANISATION_ROLES)
    return (
        coordinates_track(user, track)
        or track.lead_municipality_id in organisations
        or (bool(organisations) and not organisations.isdisjoint(_ids(track, "partners")))
    )


@per_track
def represents_track_employer(user, track):
    employers = organisation_ids(user, [Role.EMPLOYER_REPRESENTATIVE])
    return bool(employers) and not employers.isdisjoint(_ids(track, "employers"))


@rules.predicate
def represents_letter_employer(user, letter):
    return letter is not None and letter.employer_id in organisation_ids(user, [Role.EMPLOYER_REPRESENTATIVE])


@rules.predicate
def letter_awaits_employer(user, letter):
    return letter is not None and letter.status == LetterOfIntent.Status.SENT


@per_track
def sits_on_track_steering_group(user, track):
    agreements = {a for role, _o, a in membership_scopes(user) if role == Role.STEERING_GROUP_MEMBER}
    return track.agreement_id is not None and track.agreement_id in agreements


@rules.predicate
def represents_shortlist_employer(user, shortlist):
    return (shortlist is not None and shortlist.sent_at is not None
            and shortlist.employer_id in organisation_ids(user, [Role.EMPLOYER_REPRESENTATIVE]))


@rules.predicate
def problem_awaits_decision(user, problem):
    return problem is not None and problem.awaits_decision


@rules.predicate
def proposal_is_open(user, proposal):
    return proposal is not None and proposal.status == ProfileProposal.Status.OPEN


@rules.predicate
def answers_for_invited(user, invitation):
    """Someone of the invited organisation, in a role that answers for it, while it is open."""
    return (invitation is not None and invitation.is_open
            and invitation.organisation_id in organisation_ids(user, ANSWERING_ROLES[invitation.taking_part_as]))


@rules.predicate
def placed_with_my_employer(user, candidacy):
    """A participant placed with the user's employer: the only people an employer follows."""
    return candidacy is not None and candidacy.placed_with_id in organisation_ids(user, [Role.EMPLOYER_REPRESENTATIVE])


@rules.predicate
def decides_for_candidacy(user, candidacy):
    """A representative of the employer a sent shortlist put the candidate before."""
    employers = organisation_ids(user, [Role.EMPLOYER_REPRESENTATIVE])
    return candidacy is not None and bool(employers) and candidacy.shortlist_entries.filter(
        shortlist__sent_at__isnull=False, shortlist__employer_id__in=employers).exists()


@rules.predicate
def nominated_candidacy(user, candidacy):
    """The officer who nominated the person, or an officer of the organisation that did."""
    if candidacy is None:
        return False
    officers = organisation_ids(user, [Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER])
    return candidacy.nominated_by_id == user.pk or candidacy.nominating_organisation_id in officers


@rules.predicate
def coordinates_for_publication_owner(user, publication):
    """A coordinator of the organisation that owns the library profile, other than the one who asked."""
    return (publication.owner_id is not None and publication.requested_by_id != user.pk
            and publication.owner_id in organisation_ids(user, [Role.COORDINATOR]))


@rules.predicate
def publication_pending(user, publication):
    return publication.status == ProfilePublication.Status.PENDING


rules.add_perm("tracks.add_track", is_coordinator)
rules.add_perm("tracks.view_publications", is_administrator | is_coordinator)
rules.add_perm("tracks.map_free_text", is_administrator | is_coordinator | is_municipality_officer | is_af_officer)
# Keeping a mapped text as a synonym changes the vocabulary for everyone: the administrator's.
rules.add_perm("tracks.add_synonym", is_administrator)
rules.add_perm("tracks.decide_publication", publication_pending & (is_administrator | coordinates_for_publication_owner))
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
rules.add_perm("tracks.give_feedback_on", placed_with_my_employer)
rules.add_perm("tracks.answer_invitation", answers_for_invited)
# The people on a track, by name: those who work with it, and an employer (its own participants
# only); a steering group sees numbers, never people (accounts.personal_data).
rules.add_perm("tracks.view_people", can_see_track & sees(Kind.NAME) & (works_with_track | represents_track_employer))
rules.add_perm("tracks.decide_problem", sits_on_track_steering_group & problem_awaits_decision)
# Who may move a candidacy, by the transition table in services/candidacy.py.
rules.add_perm("tracks.shortlist_candidacy", coordinates_track & track_is_open)
rules.add_perm("tracks.decide_candidacy", decides_for_candidacy)
rules.add_perm("tracks.enrol_candidacy", coordinates_track & track_is_open)
rules.add_perm("tracks.record_outcome", coordinates_track & track_is_open)
rules.add_perm("tracks.withdraw_candidacy", (coordinates_track & track_is_open) | (nominated_candidacy & track_is_open))
rules.add_perm("tracks.follow_up_after_exit", coordinates_track)


# --- Education providers: the participants placed in their own modules, nothing else ----------

is_provider = has_role(Role.PROVIDER)


@rules.predicate
def provides_intervention(user, intervention):
    return (intervention is not None and intervention.provider_organisation_id is not None
            and intervention.provider_organisation_id in organisation_ids(user, [Role.PROVIDER]))


rules.add_perm("tracks.view_learners", is_provider)
rules.add_perm("tracks.report_attendance", provides_intervention & sees(Kind.ATTENDANCE))


@rules.predicate
def provides_for_meeting(user, follow_up):
    """A three-way meeting booked for someone placed in one of the user's provider's own steps, running
    then or ended within the last 30 days; a part another provider has written is that provider's."""
    if follow_up is None or follow_up.kind != "three_way" or follow_up.meeting_at is None:
        return False
    providers = organisation_ids(user, [Role.PROVIDER])
    if not providers or (follow_up.provider_part_by_id and follow_up.provider_part_by_id not in providers):
        return False
    day = timezone.localtime(follow_up.meeting_at).date()
    steps = list(Intervention.objects.filter(track=follow_up.candidacy.track_id, provider_organisation__in=providers,
                                             start_date__lte=day, end_date__gte=day - datetime.timedelta(days=30)))
    placed = learners_of(steps)
    return any(c.pk == follow_up.candidacy_id for step in steps for c in placed[step.pk])


rules.add_perm("tracks.give_provider_part", provides_for_meeting & sees(Kind.ATTENDANCE))
