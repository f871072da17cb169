"""Which tracks a user may see: the one visibility query every list and permission uses."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from accounts.selectors import membership_scopes, organisation_ids
from lib.ids import parse_id
from lib.urls import url_for_each

from .models import Attendance, Candidacy, Intervention, PersonalIntervention, Problem, Track

# Roles that see the tracks their organisation leads or partners in.
ORGANISATION_ROLES = [Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER]


def _organisations(user, roles):
    return Membership.objects.filter(user=user, role__in=roles, organisation__isnull=False).values("organisation")


def _steering_agreements(user):
    return Membership.objects.filter(user=user, role=Role.STEERING_GROUP_MEMBER).values(
        "steering_group__agreement"
    )


def tracks_visible_to(user) -> QuerySet[Track]:
    """Every track the user may open, whatever the role that lets them. The user's organisations
    and agreements come from the request's memberships (`membership_scopes`), so each way in is a
    list of ids or one indexed semi-join (`pk IN (…)`) — only the ways the user's roles open; an
    EXISTS over joins of all of them at once was a hundred times slower on national data."""
    if not user.is_authenticated:
        return Track.objects.none()
    visible = Q()
    for way in _ways_in(user):
        visible |= Q(pk__in=way) if isinstance(way, QuerySet) else way
    return Track.objects.filter(visible)


def _ways_in(user) -> list:
    """Each way in: the ids of a link table (a queryset), or a condition on the track (a Q)."""
    scopes = membership_scopes(user)
    organisations = {o for role, o, _a in scopes if role in ORGANISATION_ROLES and o}
    employers = {o for role, o, _a in scopes if role == Role.EMPLOYER_REPRESENTATIVE and o}
    agreements = {a for role, _o, a in scopes if role == Role.STEERING_GROUP_MEMBER and a}
    ways = [Track.coordinators.through.objects.filter(user=user).values("track_id")]
    if organisations:
        ways += [Q(lead_municipality__in=organisations),
                 Track.partners.through.objects.filter(organisation__in=organisations).values("track_id")]
    if employers:
        ways.append(Track.employers.through.objects.filter(organisation__in=employers).values("track_id"))
    if agreements:
        ways.append(Q(agreement__in=agreements))
    return ways


def tracks_visible_to_many(user) -> QuerySet[Track]:
    """The same tracks as `tracks_visible_to`, as the union of each way in's ids: for counting and
    for what a list refers to, where the OR of the ways in makes the database read every track."""
    if not user.is_authenticated:
        return Track.objects.none()
    first, *others = [(way if isinstance(way, QuerySet) else Track.objects.filter(way).values("pk")).order_by()
                      for way in _ways_in(user)]
    return Track.objects.filter(pk__in=first.union(*others) if others else first)


def track_list(user, *, phase="", municipality="", employer="", search="") -> QuerySet[Track]:
    tracks = tracks_visible_to(user).select_related("occupation", "lead_municipality").prefetch_related("employers")
    return _filtered(tracks, phase, municipality, employer, search).order_by("phase", "planned_start", "title")


def track_list_count(user, *, phase="", municipality="", employer="", search="") -> int:
    """How many tracks `track_list` gives, counted over the union of the ways in."""
    return _filtered(tracks_visible_to_many(user), phase, municipality, employer, search).count()


def _filtered(tracks, phase, municipality, employer, search):
    if phase:
        tracks = tracks.filter(phase=phase)
    # A filter value that is no id (a tampered link) filters nothing out rather than failing.
    if parse_id(municipality):
        tracks = tracks.filter(lead_municipality_id=parse_id(municipality))
    if parse_id(employer):
        tracks = tracks.filter(employers=parse_id(employer))
    if search:
        tracks = tracks.filter(Q(title__icontains=search) | Q(occupation__name__icontains=search))
    return tracks


def track_rows(user) -> QuerySet[Track]:
    """A start page's table of tracks: the track and its lead municipality, nothing more (the
    list page's employers and occupation are not shown there)."""
    return tracks_visible_to(user).select_related("lead_municipality").order_by("phase", "planned_start", "title")


def track_table(tracks, *, full=False) -> list[dict]:
    """Tracks as a table prints them, worked out once (the template only prints): the start pages'
    rows, and with `full` the list page's (occupation, employers, places, round; employers and
    occupation read with the tracks)."""
    url = url_for_each("tracks:detail")
    rows = []
    for t in tracks:
        row = {"url": url(t.pk), "title": t.title, "phase": t.phase, "phase_label": t.get_phase_display(),
               "municipality": t.lead_municipality.name,
               "start": t.planned_start.isoformat() if t.planned_start else "",
               "end": t.planned_end.isoformat() if t.planned_end else ""}
        if full:
            row.update(round=t.round_number, occupation=str(t.occupation or ""), places=t.places,
                       employers=", ".join(e.name for e in t.employers.all()))
        rows.append(row)
    return rows


def filter_choices(user) -> dict:
    """The municipalities and employers of the tracks the user sees, for the list's filters."""
    visible = tracks_visible_to_many(user).values("pk")
    return {
        "municipalities": Organisation.objects.filter(pk__in=tracks_visible_to_many(user).values("lead_municipality")),
        "employer_choices": Organisation.objects.filter(
            pk__in=Track.employers.through.objects.filter(track__in=visible).values("organisation")),
    }


def escalations_for(user) -> QuerySet[Problem]:
    """Escalated problems awaiting the user's steering group(s)."""
    return (
        Problem.objects.filter(
            track__agreement__in=_steering_agreements(user), escalated_at__isnull=False, decided_at__isnull=True
        )
        .select_related("track")
        .order_by("escalated_at")
    )


def letters_awaiting(employer):
    """Letters of intent sent to the employer and not yet signed or declined."""
    from .models import LetterOfIntent

    return LetterOfIntent.objects.filter(employer=employer, status=LetterOfIntent.Status.SENT).select_related("track")


def nomination_tracks(user) -> QuerySet[Track]:
    """Tracks the user may nominate participants to: visible and recruiting."""
    from .models import Phase

    return tracks_visible_to(user).filter(phase=Phase.RECRUITMENT).select_related("lead_municipality").order_by("title")


def nominating_organisation(user, active=None, track=None):
    """The officer's organisation a nomination is made for: of the user's officer organisations,
    one that takes part in the track (its lead municipality or an accepted partner), the active
    role's first; without a track, the active role's, else the first."""
    officer_roles = [Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER]
    memberships = list(Membership.objects.filter(user=user, role__in=officer_roles).select_related("organisation"))
    memberships.sort(key=lambda m: active is None or m.pk != active.pk)
    if track is not None:
        parties = {track.lead_municipality_id, *track.partners.values_list("pk", flat=True)}
        memberships = [m for m in memberships if m.organisation_id in parties] or memberships
    return memberships[0].organisation if memberships else None


def candidate_knowledge():
    """The prefetches `matching.Known.of` reads from a participant: competences with their
    concepts, driving licences, languages."""
    from django.db.models import Prefetch

    from participants.models import Competence, LanguageSkill

    return [Prefetch("participant__competences", queryset=Competence.objects.select_related("concept").order_by("name")),
            "participant__licence_concepts",
            Prefetch("participant__languages", queryset=LanguageSkill.objects.select_related("language"))]


def ranked_candidates(track):
    """The track's nominated and shortlisted candidates with their match, best fit first, and the
    profile's demand they were matched against."""
    from .matching import Demand, rank_candidacies
    from .models import Candidacy

    candidacies = (
        track.candidacies.filter(status__in=[Candidacy.Status.NOMINATED, Candidacy.Status.SHORTLISTED])
        .select_related("participant", "nominating_organisation").prefetch_related(*candidate_knowledge())
    )
    demand = Demand.of(track.requirement_profile)
    return demand, rank_candidacies(demand, candidacies)


def shortlists_to_decide(user):
    """Sent shortlists for the user's employer(s), with how many candidates still await a decision."""
    from django.db.models import Count

    from .models import Shortlist, ShortlistEntry

    return (
        Shortlist.objects.filter(sent_at__isnull=False, employer__in=_organisations(user, [Role.EMPLOYER_REPRESENTATIVE]))
        .annotate(pending=Count("entries", filter=Q(entries__decision=ShortlistEntry.Decision.PENDING)))
        .select_related("track")
        .order_by("deadline")
    )


def shortlist_entries_for_employer(shortlist):
    """What the employer sees of each candidate: the name, and every requirement of the profile
    with its state and reason (from the competences, Swedish level, languages, licences and
    education), and when the person can start. The queries select nothing else, so nothing else
    (personnummer, contact details, notes, nominations) can reach the page."""
    from django.db.models import Prefetch

    from participants.models import Competence, LanguageSkill

    from .matching import Demand, Known, match

    demand = Demand.of(shortlist.track.requirement_profile)
    entries = shortlist.entries.select_related("candidacy__participant").only(
        "id", "decision", "decline_reason", "decline_text", "decided_at", "shortlist_id", "candidacy_id",
        "candidacy__status", "candidacy__participant__first_name", "candidacy__participant__last_name",
        "candidacy__participant__swedish_level", "candidacy__participant__licences",
        "candidacy__participant__education_level", "candidacy__participant__available_from",
        "candidacy__participant__protected_identity", "candidacy__participant__pseudonymised_at",
        "candidacy__participant__presentation", "candidacy__participant__presentation_shown",
    ).prefetch_related(
        Prefetch("candidacy__participant__competences", queryset=Competence.objects.select_related("concept").only(
            "id", "participant_id", "name", "level", "source", "validated_on", "validated_by", "concept")),
        "candidacy__participant__licence_concepts",
        Prefetch("candidacy__participant__languages", queryset=LanguageSkill.objects.select_related("language")),
    )
    return demand, [(entry, match(demand, Known.of(entry.candidacy.participant))) for entry in entries]


def letters_visible_to(user, track, *, internal):
    """The track's letters of intent the user may read: all of them for the people who work with
    the track, otherwise only those of the user's own employer."""
    letters = track.letters.select_related("employer").prefetch_related("signed_versions")
    if not internal:
        letters = letters.filter(employer__in=_organisations(user, [Role.EMPLOYER_REPRESENTATIVE]))
    return list(letters)


def assignable_users(track):
    """Who a checklist task can be given to: active members of the organisations in the track."""
    from accounts.models import User

    organisations = [track.lead_municipality_id, *track.partners.values_list("pk", flat=True)]
    return User.objects.filter(memberships__organisation__in=organisations, is_active=True).distinct()


def invitations_for(user):
    """Open invitations to tracks for the organisations the user answers for."""
    from .models import ANSWERING_ROLES, Invitation

    mine = Q()
    for as_, roles in ANSWERING_ROLES.items():
        mine |= Q(taking_part_as=as_, organisation__in=_organisations(user, roles))
    return (Invitation.objects.filter(mine, status=Invitation.Status.INVITED)
            .select_related("track__lead_municipality", "track__occupation", "organisation", "invited_by")
            .order_by("invited_at"))


def lead_municipalities_for(user):
    """The municipalities a coordinator may lead a track for: their own, and those their AF office
    has a local agreement with."""
    from accounts.models import LocalAgreement

    own = _organisations(user, [Role.COORDINATOR])
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).filter(
        Q(pk__in=own) | Q(pk__in=LocalAgreement.objects.filter(af_office__in=own).values("municipality"))
    ).order_by("name")


# --- Free text to map to the vocabulary ---------------------------------------------------------


def free_text_scope(user):
    """The flagged competences and requirements the user may map: of the people they see (not
    those with protected identity or pseudonymised), of the tracks they coordinate, and, for the
    administrator, of the library too."""
    from employers.models import Requirement
    from participants.models import Competence
    from participants.selectors import participants_visible_to

    people = participants_visible_to(user).filter(protected_identity=False, pseudonymised_at__isnull=True)
    competences = Competence.objects.filter(participant__in=people, concept__isnull=True)
    requirements = Requirement.objects.filter(concept__isnull=True,
                                              profile__track__in=tracks_visible_to(user).filter(coordinators=user))
    if user.has_perm("tracks.add_synonym"):  # the administrator: the library's profiles as well
        requirements = requirements | Requirement.objects.filter(concept__isnull=True, profile__in_library=True)
    return competences, requirements


def free_texts(competences, requirements, limit) -> list[dict]:
    """Each flagged text once (in normal form), with how many competences and requirements carry
    it, the most common first."""
    from collections import Counter

    from lib.text import key as text_key

    rows, shown = {}, {}
    for kind, texts in (("competences", competences.values_list("name", flat=True)[:5000]),
                        ("requirements", requirements.values_list("competence", flat=True)[:5000])):
        for text in texts:
            key = text_key(text)
            shown.setdefault(key, text)
            rows.setdefault(key, Counter())[kind] += 1
    ordered = sorted(rows.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:limit]
    return [{"text": shown[key], "competences": n["competences"], "requirements": n["requirements"]}
            for key, n in ordered]


# --- Education providers ---------------------------------------------------------------------

LEARNER_STATUSES = ["enrolled", "completed", "left_early"]


def provider_interventions(user, *, recent_days=35):
    """The chain steps the user's provider organisations give that are running, coming, or ended
    within `recent_days` (so last weeks' attendance can still be reported)."""
    since = timezone.localdate() - datetime.timedelta(days=recent_days)
    return (Intervention.objects.filter(provider_organisation__in=organisation_ids(user, [Role.PROVIDER]),
                                        end_date__gte=since)
            .select_related("track", "intake__module").order_by("start_date", "pk"))


def learners_of(interventions) -> dict:
    """For each intervention, the participants placed in it: enrolled in its track before it ended
    (or done with the track since), not skipping it in their own chain. Two queries for any number
    of interventions."""
    interventions = list(interventions)
    tracks = {i.track_id for i in interventions}
    skipped = set(PersonalIntervention.objects.filter(source__in=interventions, skipped=True)
                  .values_list("candidacy_id", "source_id"))
    by_track: dict = {}
    for candidacy in (Candidacy.objects.filter(track_id__in=tracks, status__in=LEARNER_STATUSES)
                      .select_related("participant").order_by("participant__last_name", "participant__first_name", "pk")):
        by_track.setdefault(candidacy.track_id, []).append(candidacy)
    return {i.pk: [c for c in by_track.get(i.track_id, []) if (c.pk, i.pk) not in skipped
                   and (c.enrolled_on is None or c.enrolled_on <= i.end_date)] for i in interventions}


def attendance_missing(interventions, week) -> list:
    """(intervention, learners not reported) for the interventions that ran in `week` (a Monday)
    and still lack someone's attendance for it."""
    running = [i for i in interventions if i.start_date <= week + datetime.timedelta(days=4) and i.end_date >= week]
    if not running:
        return []
    placed = learners_of(running)
    reported = set(Attendance.objects.filter(intervention__in=running, week=week).values_list("intervention_id", "candidacy_id"))
    # Only those still taking part are missed: someone who has left the track is not asked for.
    missing = [(i, sum((i.pk, c.pk) not in reported for c in placed[i.pk] if c.status == Candidacy.Status.ENROLLED))
               for i in running]
    return [(i, n) for i, n in missing if n]
