"""Every URL pattern of the project, with what each persona gets.

A new URL that is in no row fails `test_every_url_pattern_is_declared`: declare who may, who may
not (including another organisation's user of the same role), and who is sent to log in.
"""

from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .personas import PARTICIPANT_PERSONAS, PERSONAS


@pytest.fixture
def world(shared_world, db):
    """The world is built once for this module; each case runs in its own rolled-back savepoint."""
    return shared_world


@pytest.fixture(autouse=True)
def media_root(settings, shared_media):
    """The shared world's report files."""
    settings.MEDIA_ROOT = str(shared_media)
    settings.STORAGES = {**settings.STORAGES, "reports": {
        **settings.STORAGES["reports"], "OPTIONS": {"location": str(shared_media / "reports"), "allow_overwrite": True}}}
    return shared_media

OK = "ok"  # 200
LOGIN = "login"  # 302 to the login page
ADMIN_LOGIN = "admin-login"  # 302 to the admin site's login page
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not-found"  # 404: the object is hidden from this user
REDIRECT = "redirect"  # 302 somewhere other than a login page
UNAUTHORIZED = "unauthorized"  # 401: the API asks for a client's token

LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]


def expect(*, default, **overrides):
    """An expectation for every persona: `default`, except where named. A participant's login
    opens their own pages only: every other page refuses it unless a row says otherwise."""
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    values = {persona: overrides.get(persona, default) for persona in PERSONAS}
    values.update({p: overrides.get(p, FORBIDDEN) for p in PARTICIPANT_PERSONAS})
    return values


def both_participants(result):
    return {p: result for p in PARTICIPANT_PERSONAS}


PUBLIC = expect(default=OK, **both_participants(OK))
MEMBERS_ONLY = expect(default=OK, anonymous=LOGIN)
ANONYMOUS_ONLY = expect(default=REDIRECT, anonymous=OK)  # e.g. login sends a logged-in user on


@dataclass
class Row:
    expected: dict
    kwargs: Callable = lambda world, user: {}
    method: str = "get"
    data: Callable = lambda world, user: {}
    extra: dict = field(default_factory=dict)


def own_membership(world, user):
    membership = user.memberships.first() if user else None
    return {"membership": membership.pk} if membership else {}


STAFF_PUBLIC = expect(default=OK)  # the staff login's pages: not for a participant's login

MATRIX = {
    # The start page sends a participant to their own pages.
    "dashboard": Row(expect(default=OK, anonymous=LOGIN, **both_participants(REDIRECT))),
    "healthz": Row(PUBLIC),
    "favicon": Row(expect(default=REDIRECT, **both_participants(REDIRECT))),
    "accessibility": Row(PUBLIC),
    "readyz": Row(PUBLIC),
    # Prometheus's, from inside only (jobbspar/observability.py): from an outside address nobody
    # learns it exists, logged in or not. tests/test_observability.py asks from inside.
    "metrics": Row(expect(default=NOT_FOUND), extra={"REMOTE_ADDR": "203.0.113.9"}),
    "login": Row(ANONYMOUS_ONLY),
    "logout": Row(expect(default=LOGIN, **both_participants(LOGIN)), method="post"),
    # Single sign-on (accounts/oidc.py): the world has no provider, so its start is "not found"; a
    # callback without a flow sends the logged-out to the login page, a logged-in user on.
    "sso_start": Row(expect(default=NOT_FOUND), kwargs=lambda w, u: {"pk": 999999}),
    "sso_callback": Row(expect(default=REDIRECT, anonymous=LOGIN)),
    # The code step of a password login: a finished login (force_login) is sent on to where it was going.
    "two_factor": Row(expect(default=REDIRECT, anonymous=LOGIN)),
    "two_factor_enrol": Row(expect(default=REDIRECT, anonymous=LOGIN)),
    "password_change": Row(MEMBERS_ONLY),
    "password_change_done": Row(MEMBERS_ONLY),
    "password_reset": Row(STAFF_PUBLIC),
    "password_reset_done": Row(STAFF_PUBLIC),
    "password_reset_confirm": Row(STAFF_PUBLIC, kwargs=lambda world, user: {"uidb64": "MQ", "token": "bad-token"}),
    "password_reset_complete": Row(STAFF_PUBLIC),
    # Posting one's own membership switches to it; a user without one has nothing to switch to.
    "switch_membership": Row(
        expect(default=REDIRECT, anonymous=LOGIN, no_role=FORBIDDEN), method="post", data=own_membership
    ),
    "notifications": Row(MEMBERS_ONLY),
    "notifications_read_all": Row(expect(default=REDIRECT, anonymous=LOGIN), method="post"),
    # Each user's own only; the world has none, so every logged-in user is told "not found".
    "notification_read": Row(expect(default=NOT_FOUND, anonymous=LOGIN), kwargs=lambda w, u: {"pk": 999999}, method="post"),
    # Each user's own calendar address; the address itself opens without a login, for a calendar
    # program, and a wrong one is not found (participants have their meetings' files instead).
    "calendar": Row(MEMBERS_ONLY),
    "calendar_feed": Row(expect(default=NOT_FOUND), kwargs=lambda w, u: {"token": "not-a-token"}),
    "set_language": Row(expect(default=REDIRECT), method="post", data=lambda world, user: {"language": "en"}),
}

# --- Tracks -------------------------------------------------------------------------------
# The home track: its coordinator may act; the municipality officer (lead municipality), the AF
# officer (partner), the employer's representative and the steering group (its agreement) may
# see it but not change it; every outsider, the administrator and a user without a role get 404.
HIDDEN = dict(
    anonymous=LOGIN,
    coordinator_outsider=NOT_FOUND,
    municipality_officer_outsider=NOT_FOUND,
    af_officer_outsider=NOT_FOUND,
    employer_outsider=NOT_FOUND,
    steering_outsider=NOT_FOUND,
    provider=NOT_FOUND,
    provider_outsider=NOT_FOUND,
    administrator=NOT_FOUND,
    privacy_officer=NOT_FOUND,
    no_role=NOT_FOUND,
)
TRACK_VIEW = expect(default=OK, **HIDDEN)


def coordinator_only(result):
    return expect(default=FORBIDDEN, coordinator=result, **HIDDEN)


def track(world, user):
    return {"pk": world.track.pk}


def on_track(name, key=None):
    key = key or f"{name}_pk"
    return lambda world, user: {"pk": world.track.pk, key: world.objects[name].pk}


def usual(world):
    from taxonomy.search import usual_skills

    return usual_skills(world.track.occupation_id)[-1].pk


MATRIX.update({
    "employers:profiles": Row(MEMBERS_ONLY),
    # The vocabulary's suggestions: any signed-in user; they name no person.
    "taxonomy:suggest": Row(expect(default=OK, anonymous=LOGIN, **both_participants(OK)),
                            data=lambda w, u: {"kind": "skill", "q": "städ"}),
    "tracks:list": Row(MEMBERS_ONLY),
    # Everyone's own to-do list (empty for those who coordinate nothing).
    "tracks:todo": Row(MEMBERS_ONLY),
    "tracks:create": Row(expect(default=FORBIDDEN, anonymous=LOGIN, coordinator=OK, coordinator_outsider=OK)),
    "tracks:detail": Row(TRACK_VIEW, kwargs=track),
    # The areas of the workspace: whoever sees the track opens the overview, profile, chain,
    # letters (their own), activities and people (their own); the internal areas are for those who
    # work with the track and its steering group, not for the employer.
    **{f"tracks:{area}": Row(TRACK_VIEW, kwargs=track) for area in ("profile", "chain", "letters", "activities")},
    # People by name: not for the steering group, which sees numbers only.
    "tracks:people": Row(expect(default=OK, steering=FORBIDDEN, **HIDDEN), kwargs=track),
    **{f"tracks:{area}": Row(expect(default=OK, employer=FORBIDDEN, **HIDDEN), kwargs=track)
       for area in ("checklist", "problems", "closing", "events")},
    "tracks:edit": Row(coordinator_only(OK), kwargs=track),
    # The gate is closed (planning checklist open): the coordinator is shown what is missing.
    "tracks:phase": Row(coordinator_only(OK), kwargs=track, method="post"),
    "tracks:new_round": Row(coordinator_only(OK), kwargs=track, method="post"),
    "tracks:evaluation": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                             data=lambda w, u: {"evaluation-evaluation": "Bra spår."}),
    "tracks:profile_copy": Row(coordinator_only(OK), kwargs=track, method="post"),
    "tracks:requirement_add": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                                  data=lambda w, u: {"requirement-competence": "Truckkort", "requirement-level": "good",
                                                     "requirement-kind": "merit", "requirement-validation": "certificate"}),
    "tracks:requirements_add_usual": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                                         data=lambda w, u: {"usual-concepts": [usual(w)], "usual-kind": "merit",
                                                            "usual-level": "basic"}),
    "tracks:profile_settings": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                                   data=lambda w, u: {"settings-swedish_level": "sfi_d",
                                                      "settings-licence_concepts": ["VTK8_WRx_GcM"]}),
    "tracks:profile_language_add": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                                       data=lambda w, u: {"language-language": "Arabiska", "language-level": "B1",
                                                          "language-kind": "merit"}),
    "tracks:profile_language_delete": Row(coordinator_only(REDIRECT), kwargs=on_track("language_requirement", "language_pk"),
                                          method="post"),
    # The track's profile already awaits approval: the coordinator is told so on the page.
    "tracks:profile_publish": Row(coordinator_only(OK), kwargs=track, method="post",
                                  data=lambda w, u: {"publish-note": "Ny version."}),
    # Requests to publish to the library: coordinators (their own, and their organisation's to
    # decide) and the administrator; the one who asked may not approve their own.
    "tracks:publications": Row(expect(default=FORBIDDEN, anonymous=LOGIN, coordinator=OK, coordinator_outsider=OK,
                                      administrator=OK)),
    "tracks:publication_decide": Row(expect(default=FORBIDDEN, anonymous=LOGIN, administrator=REDIRECT),
                                     kwargs=lambda w, u: {"publication_pk": w.objects["publication"].pk}, method="post",
                                     data=lambda w, u: {"decision": "approve"}),
    # Free text to map: whoever records competences or requirements, each within their own reach.
    "tracks:to_map": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in [
        "coordinator", "municipality_officer", "af_officer", "coordinator_outsider", "municipality_officer_outsider",
        "af_officer_outsider", "administrator"]})),
    "tracks:requirement_delete": Row(coordinator_only(REDIRECT), kwargs=on_track("requirement"), method="post"),
    "tracks:proposal_add": Row(expect(default=FORBIDDEN, employer=REDIRECT, **HIDDEN), kwargs=track, method="post",
                               data=lambda w, u: {"proposal-competence": "B-körkort", "proposal-level": "good",
                                                  "proposal-kind": "must"}),
    "tracks:proposal_decide": Row(coordinator_only(REDIRECT), kwargs=on_track("proposal"), method="post",
                                  data=lambda w, u: {"decision": "accept"}),
    "tracks:intervention_add": Row(coordinator_only(OK), kwargs=track),
    "tracks:intervention_edit": Row(coordinator_only(OK), kwargs=on_track("intervention")),
    "tracks:intervention_delete": Row(coordinator_only(REDIRECT), kwargs=on_track("intervention"), method="post"),
    # The letter is the employer's: its representative reads it; steering groups do not see letters.
    "tracks:letter_edit": Row(expect(default=FORBIDDEN, coordinator=OK, steering=NOT_FOUND, **HIDDEN),
                              kwargs=on_track("letter")),
    # Already sent: the coordinator is told so on the page.
    "tracks:letter_send": Row(expect(default=FORBIDDEN, coordinator=OK, steering=NOT_FOUND, **HIDDEN),
                              kwargs=on_track("letter"), method="post"),
    "tracks:letter_waive": Row(expect(default=FORBIDDEN, coordinator=REDIRECT, steering=NOT_FOUND, **HIDDEN),
                               kwargs=on_track("letter"), method="post", data=lambda w, u: {"reason": "Muntligt avtal."}),
    "tracks:letter_sign": Row(expect(default=FORBIDDEN, employer=OK, steering=NOT_FOUND, **HIDDEN),
                              kwargs=on_track("letter")),
    "tracks:letter_pdf": Row(expect(default=OK, steering=NOT_FOUND, **HIDDEN), kwargs=on_track("letter")),
    # Version 1 as it was signed, for whoever may read the letter.
    "tracks:letter_version_pdf": Row(expect(default=OK, steering=NOT_FOUND, **HIDDEN),
                                     kwargs=lambda w, u: {"pk": w.track.pk, "letter_pk": w.objects["letter"].pk, "version": 1}),
    "tracks:activity_add": Row(coordinator_only(OK), kwargs=track, method="post"),
    "tracks:activity_delete": Row(coordinator_only(REDIRECT), kwargs=on_track("activity"), method="post"),
    "tracks:activity_invite": Row(coordinator_only(REDIRECT), kwargs=on_track("activity"), method="post"),
    "tracks:activity_attendance": Row(coordinator_only(REDIRECT), kwargs=on_track("activity"), method="post"),
    "tracks:checklist_add": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                                data=lambda w, u: {"task-phase": "planning", "task-title": "Boka lokal"}),
    "tracks:checklist_edit": Row(coordinator_only(OK), kwargs=on_track("item")),
    "tracks:checklist_status": Row(coordinator_only(REDIRECT), kwargs=on_track("item"), method="post",
                                   data=lambda w, u: {"status": "done"}),
    "tracks:problem_add": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                              data=lambda w, u: {"problem-title": "Lokal saknas", "problem-severity": "low"}),
    "tracks:problem_action": Row(coordinator_only(REDIRECT), kwargs=on_track("problem"), method="post",
                                 data=lambda w, u: {"action": "resolve"}),
    "tracks:problem_decide": Row(expect(default=FORBIDDEN, steering=OK, **HIDDEN), kwargs=on_track("problem")),
    # Nominating: the officers, to recruiting tracks they see (the form lists only those).
    "tracks:nominate": Row(expect(default=FORBIDDEN, anonymous=LOGIN, municipality_officer=OK, af_officer=OK,
                                  municipality_officer_outsider=OK, af_officer_outsider=OK)),
    "tracks:candidates": Row(coordinator_only(OK), kwargs=track),
    # Nothing nominated is left to shortlist: the coordinator is shown the page with the error.
    "tracks:shortlist_create": Row(coordinator_only(OK), kwargs=track, method="post"),
    # Already sent: the coordinator is told so.
    "tracks:shortlist_send": Row(coordinator_only(OK), kwargs=on_track("shortlist"), method="post"),
    "tracks:enrol": Row(coordinator_only(REDIRECT), kwargs=on_track("candidacy"), method="post",
                        data=lambda w, u: {"start": "2026-09-07"}),
    # An invitation is answered by someone of the invited organisation (the home AF office); to
    # everyone else it does not exist.
    "tracks:invitation_accept": Row(expect(default=NOT_FOUND, anonymous=LOGIN, af_officer=REDIRECT),
                                    kwargs=lambda w, u: {"pk": w.objects["invitation"].pk}, method="post"),
    "tracks:invitation_decline": Row(expect(default=NOT_FOUND, anonymous=LOGIN, af_officer=REDIRECT),
                                     kwargs=lambda w, u: {"pk": w.objects["invitation"].pk}, method="post",
                                     data=lambda w, u: {"reason": "Inga platser i höst."}),
    # The coordinator, or an officer of the organisation that nominated the person (the municipality).
    "tracks:withdraw": Row(expect(default=FORBIDDEN, coordinator=REDIRECT, municipality_officer=REDIRECT, **HIDDEN),
                           kwargs=on_track("candidacy"), method="post", data=lambda w, u: {"reason": "Fick jobb."}),
    "tracks:follow_up": Row(coordinator_only(OK), kwargs=on_track("follow_up")),
    "tracks:personal_chain": Row(coordinator_only(OK), kwargs=on_track("enrolled", "candidacy_pk")),
    "tracks:personal_step_add": Row(coordinator_only(OK), kwargs=on_track("enrolled", "candidacy_pk")),
    "tracks:personal_step": Row(coordinator_only(OK), kwargs=lambda w, u: {
        "pk": w.track.pk, "candidacy_pk": w.objects["enrolled"].pk, "step_pk": w.objects["enrolled"].chain.first().pk}),
    "tracks:outcome": Row(coordinator_only(OK), kwargs=on_track("enrolled", "candidacy_pk")),
    "tracks:outcome_check": Row(coordinator_only(REDIRECT), kwargs=on_track("check"), method="post",
                                data=lambda w, u: {"status": "employment"}),
    # The employer's representative tells how their own participants do at the workplace.
    "tracks:feedback": Row(expect(default=FORBIDDEN, employer=REDIRECT, **HIDDEN), kwargs=on_track("enrolled", "candidacy_pk"),
                           method="post", data=lambda w, u: {"feedback-text": "Punktlig och noggrann."}),
    # Only the representatives of the employer it was sent to; every other user cannot tell it exists.
    "tracks:shortlist": Row(expect(default=NOT_FOUND, anonymous=LOGIN, employer=OK),
                            kwargs=lambda w, u: {"shortlist_pk": w.objects["shortlist"].pk}),
    "tracks:shortlist_decide": Row(expect(default=NOT_FOUND, anonymous=LOGIN, employer=REDIRECT),
                                   kwargs=lambda w, u: {"shortlist_pk": w.objects["shortlist"].pk,
                                                        "entry_pk": w.objects["entry"].pk},
                                   method="post", data=lambda w, u: {"decision": "interview"}),
})

# --- Participants ---------------------------------------------------------------------------
# The home participant lives in Göteborg, belongs to the home AF office and is nominated to the
# home track: its coordinator and both home officers see them; nobody else learns they exist.
REGISTERS = ["coordinator", "municipality_officer", "af_officer",
             "coordinator_outsider", "municipality_officer_outsider", "af_officer_outsider"]
SEES_PERSON = expect(
    default=NOT_FOUND, anonymous=LOGIN, coordinator=OK, municipality_officer=OK, af_officer=OK,
)


def participant(world, user):
    return {"pk": world.objects["participant"].pk}


IMPORTED_BY_OFFICER = expect(default=FORBIDDEN, anonymous=LOGIN,
                             **{p: OK if p == "municipality_officer" else NOT_FOUND for p in REGISTERS})


def import_kept(world, kind="participants", owner="municipality_officer"):
    """A checked file waiting for its confirmation, sent by the home municipality officer: one row,
    rejected (so that confirming it saves nothing)."""
    from lib.imports import keep

    return keep(user=world.user(owner).pk, kind=kind, name="rader.csv", headers=["Förnamn"], mapping={0: "first_name"},
                rows=[(2, ["Bo"])], errors={2: ["Efternamn: Detta fält måste fyllas i."]})


MATRIX.update({
    "participants:list": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in REGISTERS})),
    "participants:create": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in REGISTERS})),
    # Importing from a file: whoever registers people, into their own register; a preview's
    # rejected rows and its confirmation are its sender's only.
    "participants:import": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in REGISTERS})),
    "participants:import_template": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in REGISTERS}),
                                        kwargs=lambda w, u: {"fmt": "xlsx"}),
    "participants:import_errors": Row(IMPORTED_BY_OFFICER, kwargs=lambda w, u: {"token": import_kept(w), "fmt": "csv"}),
    "participants:import_confirm": Row(IMPORTED_BY_OFFICER, method="post",
                                       data=lambda w, u: {"token": import_kept(w)}),
    "participants:detail": Row(SEES_PERSON, kwargs=participant),
    "participants:edit": Row(SEES_PERSON, kwargs=participant),
    "participants:history": Row(SEES_PERSON, kwargs=participant),
    "participants:reveal": Row(SEES_PERSON, kwargs=participant, method="post"),
    # The person's tracks, timeline and the history of their candidacies: rendered by tracks,
    # included in the person's pages, for the same people.
    "tracks:person": Row(SEES_PERSON, kwargs=lambda w, u: {"participant_pk": w.objects["participant"].pk}),
    "tracks:person_history": Row(SEES_PERSON, kwargs=lambda w, u: {"participant_pk": w.objects["participant"].pk}),
    "participants:competence_add": Row(
        expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, municipality_officer=REDIRECT, af_officer=REDIRECT),
        kwargs=participant, method="post",
        data=lambda w, u: {"competence-competence": "Truckvana", "competence-level": "good",
                           "competence-source": "validated", "competence-validated_by": "Lernia",
                           "competence-validated_on": "2026-01-12"},
    ),
    "participants:competence_edit": Row(SEES_PERSON, kwargs=lambda w, u: {
        "pk": w.objects["participant"].pk, "competence_pk": w.objects["competence"].pk}),
    "participants:competence_delete": Row(
        expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, municipality_officer=REDIRECT, af_officer=REDIRECT),
        kwargs=lambda w, u: {"pk": w.objects["participant"].pk, "competence_pk": w.objects["competence"].pk},
        method="post"),
    "participants:language_add": Row(
        expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, municipality_officer=REDIRECT, af_officer=REDIRECT),
        kwargs=participant, method="post", data=lambda w, u: {"language-language": "Arabiska", "language-level": "C2"}),
    "participants:language_delete": Row(
        expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, municipality_officer=REDIRECT, af_officer=REDIRECT),
        kwargs=lambda w, u: {"pk": w.objects["participant"].pk, "language_pk": w.objects["language"].pk},
        method="post"),
})

# The person's own pages, opened and closed from their page by whoever may change the record;
# what the person reported themselves is confirmed there.
CHANGES_PERSON = expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, municipality_officer=REDIRECT,
                        af_officer=REDIRECT)
MATRIX.update({
    "participants:competence_confirm": Row(CHANGES_PERSON, method="post", kwargs=lambda w, u: {
        "pk": w.objects["participant"].pk, "competence_pk": w.objects["own_competence"].pk}),
    "participants:invite": Row(CHANGES_PERSON, kwargs=participant, method="post",
                               data=lambda w, u: {"invite-channel": "email", "invite-language": "ar"}),
    "participants:access_close": Row(CHANGES_PERSON, kwargs=participant, method="post"),
    "tracks:participant_tasks": Row(coordinator_only(OK), kwargs=lambda w, u: {
        "pk": w.track.pk, "candidacy_pk": w.objects["entry"].candidacy_id}),
})

# --- The participant's own pages --------------------------------------------------------------
# Each participant opens their own; another participant's ids are "not found"; staff are
# refused (their login is not a participant's), the logged-out visitor is sent to the code login.
OWN = expect(default=FORBIDDEN, anonymous=REDIRECT, **both_participants(OK))
OWN_WRITE = expect(default=FORBIDDEN, anonymous=REDIRECT, **both_participants(REDIRECT))
ONLY_MINE = expect(default=FORBIDDEN, anonymous=REDIRECT, participant=OK, participant_outsider=NOT_FOUND)
ONLY_MINE_WRITE = expect(default=FORBIDDEN, anonymous=REDIRECT, participant=REDIRECT, participant_outsider=NOT_FOUND)
LOGGED_OUT_ONLY = expect(default=REDIRECT, anonymous=OK, **both_participants(REDIRECT))

MATRIX.update({
    "portal:home": Row(OWN),
    "portal:login": Row(LOGGED_OUT_ONLY),
    # E-identification (jobbspar/portal/eid.py): no provider in the world; a callback without a flow
    # sends back to the code login.
    "portal:eid_start": Row(expect(default=NOT_FOUND, **both_participants(NOT_FOUND)), kwargs=lambda w, u: {"pk": 999999}),
    "portal:eid_callback": Row(expect(default=REDIRECT, **both_participants(REDIRECT))),
    # Without an address asked for, the code step sends back to the first step.
    "portal:code": Row(expect(default=REDIRECT, **both_participants(REDIRECT))),
    "portal:language": Row(expect(default=REDIRECT, **both_participants(REDIRECT)), method="post",
                           data=lambda w, u: {"language": "ar"}),
    "portal:track": Row(ONLY_MINE, kwargs=lambda w, u: {"pk": w.objects["entry"].candidacy_id}),
    "portal:meetings": Row(OWN),
    "portal:meeting_ics": Row(ONLY_MINE, kwargs=lambda w, u: {"uid": w.objects["meeting_uid"]}),
    "portal:tasks": Row(OWN),
    "portal:task_done": Row(ONLY_MINE_WRITE, method="post", kwargs=lambda w, u: {"pk": w.objects["task"].pk},
                            data=lambda w, u: {f"task{w.objects['task'].pk}-answer": "Förmiddagar."}),
    "portal:skills": Row(OWN),
    "portal:skill_remove": Row(ONLY_MINE_WRITE, method="post", kwargs=lambda w, u: {"pk": w.objects["own_competence"].pk}),
    "portal:spoken_add": Row(OWN_WRITE, method="post",
                             data=lambda w, u: {"spoken-language": "Somaliska", "spoken-level": "C2"}),
    "portal:spoken_remove": Row(ONLY_MINE_WRITE, method="post", kwargs=lambda w, u: {"pk": w.objects["own_language"].pk}),
    "portal:licences": Row(OWN_WRITE, method="post", data=lambda w, u: {"licence-licence_concepts": ["VTK8_WRx_GcM"]}),
    "portal:presentation": Row(OWN),
    "portal:data": Row(OWN),
    "portal:extract_code": Row(OWN, method="post"),
    # A wrong code: the page again, with the error; no file.
    "portal:extract": Row(OWN, method="post", data=lambda w, u: {"code": "000000"}),
    "portal:change_request": Row(OWN_WRITE, method="post", data=lambda w, u: {"change-text": "Fel telefonnummer."}),
})

# --- Reports --------------------------------------------------------------------------------
# Follow-up reports: the roles that follow up tracks; exports: those who work with them. A report
# is its requester's (while they may still read its subject), a monthly report its steering
# group's; to everyone else it does not exist.
FOLLOWS_UP = REGISTERS + ["steering", "steering_outsider"]


def report(name):
    return lambda world, user: {"pk": world.objects[name].pk}


MATRIX.update({
    "reports:list": Row(MEMBERS_ONLY),
    "reports:followup": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in FOLLOWS_UP})),
    # Coordinator and partners get names, the steering group numbers; the employer sees the track but not this.
    "reports:track_status": Row(expect(default=REDIRECT, employer=FORBIDDEN, **HIDDEN), kwargs=track, method="post"),
    "reports:detail": Row(expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=OK), kwargs=report("report")),
    "reports:retry": Row(expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT), kwargs=report("failed_report"),
                         method="post"),
    "reports:download": Row(expect(default=NOT_FOUND, anonymous=LOGIN, steering=OK), kwargs=report("monthly_report")),
    "reports:export_tracks": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in REGISTERS}),
                                 kwargs=lambda w, u: {"fmt": "xlsx"}),
    "reports:export_participants": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in REGISTERS}),
                                       kwargs=lambda w, u: {"fmt": "csv"}),
})

# --- Education providers --------------------------------------------------------------------
# The home provider keeps its own modules; those who plan tracks (coordinators and officers, of
# any organisation) read a published module and search the catalogue from a track they coordinate.
# Another provider does not learn the module exists. The provider sees the participants placed in
# its own modules and reports on them; nobody else, not even the track's coordinator, reports for it.
PROVIDERS = ["provider", "provider_outsider"]
PLANNERS = ["coordinator", "municipality_officer", "af_officer",
            "coordinator_outsider", "municipality_officer_outsider", "af_officer_outsider"]
OWN_PROVIDER = expect(default=NOT_FOUND, anonymous=LOGIN, provider=OK)


def module(world, user):
    return {"pk": world.objects["module"].pk}


def provided(world, user):
    return {"pk": world.objects["provided"].pk}


MATRIX.update({
    "providers:modules": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in PROVIDERS})),
    "providers:module_add": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in PROVIDERS})),
    "providers:module": Row(expect(default=NOT_FOUND, anonymous=LOGIN, provider=OK, **{p: OK for p in PLANNERS}),
                            kwargs=module),
    "providers:module_edit": Row(expect(default=NOT_FOUND, anonymous=LOGIN, provider=OK,
                                        **{p: FORBIDDEN for p in PLANNERS}), kwargs=module),
    "providers:competence_add": Row(expect(default=NOT_FOUND, anonymous=LOGIN, provider=REDIRECT,
                                           **{p: FORBIDDEN for p in PLANNERS}), kwargs=module, method="post",
                                    data=lambda w, u: {"competence-competence": "x", "competence-competence_id": usual(w)}),
    "providers:competence_remove": Row(expect(default=NOT_FOUND, anonymous=LOGIN, provider=REDIRECT,
                                              **{p: FORBIDDEN for p in PLANNERS}), method="post",
                                       kwargs=lambda w, u: {"pk": w.objects["module"].pk, "concept": "J5Xc_doF_TUR"}),
    "providers:intake_add": Row(expect(default=NOT_FOUND, anonymous=LOGIN, provider=REDIRECT,
                                       **{p: FORBIDDEN for p in PLANNERS}), kwargs=module, method="post",
                                data=lambda w, u: {"intake-start_date": "2027-01-11", "intake-free_places": "5"}),
    "tracks:catalogue": Row(coordinator_only(OK), kwargs=track),
    "tracks:intervention_from_intake": Row(coordinator_only(REDIRECT), kwargs=track, method="post",
                                           data=lambda w, u: {"intake": w.objects["intake"].pk}),
    "tracks:learners": Row(expect(default=FORBIDDEN, anonymous=LOGIN, **{p: OK for p in PROVIDERS})),
    "tracks:learners_attendance": Row(OWN_PROVIDER, kwargs=provided),
    # The provider's part of a three-way meeting booked with its learner; the coordinator books it.
    "tracks:learners_follow_up": Row(OWN_PROVIDER, kwargs=lambda w, u: {"follow_up_pk": w.objects["meeting"].pk}),
    "tracks:follow_up_book": Row(coordinator_only(OK), kwargs=on_track("follow_up")),
    "tracks:learners_completion": Row(OWN_PROVIDER, kwargs=lambda w, u: {"pk": w.objects["provided"].pk,
                                                                         "candidacy_pk": w.objects["learner"].pk}),
})

# --- Privacy ---------------------------------------------------------------------------------
# The access log, its review, register extracts of anyone, and the retention rules: the privacy
# officer and the administrator (who alone changes the rules). From a person's own page, whoever
# may read the person by name can make their register extract too.
PRIVACY = expect(default=FORBIDDEN, anonymous=LOGIN, administrator=OK, privacy_officer=OK)

MATRIX.update({
    "privacy:audit_log": Row(PRIVACY),
    "privacy:log_review": Row(PRIVACY),
    "privacy:log_review_pdf": Row(PRIVACY),
    "privacy:subject_access": Row(PRIVACY),
    "privacy:subject_access_export": Row(
        expect(default=NOT_FOUND, anonymous=LOGIN, coordinator=OK, municipality_officer=OK, af_officer=OK,
               administrator=OK, privacy_officer=OK),
        kwargs=participant, method="post"),
    # Only the administrator changes the rules; the privacy officer reads them and the dry run.
    "privacy:retention": Row(expect(default=FORBIDDEN, anonymous=LOGIN, administrator=REDIRECT, privacy_officer=FORBIDDEN),
                             method="post", data=lambda w, u: {"pseudonymise_after_months": "36", "notes_after_months": "24",
                                                               "report_files_after_days": "90"}),
})

# --- Imports of the administrator -------------------------------------------------------------
# Employers and staff users from a file: the administrator only; a preview is its sender's.
ADMINISTRATOR_ONLY = expect(default=FORBIDDEN, anonymous=LOGIN, administrator=OK)
for _namespace in ("employers", "users"):
    MATRIX.update({
        f"{_namespace}:import": Row(ADMINISTRATOR_ONLY),
        f"{_namespace}:import_template": Row(ADMINISTRATOR_ONLY, kwargs=lambda w, u: {"fmt": "csv"}),
        f"{_namespace}:import_errors": Row(ADMINISTRATOR_ONLY, kwargs=lambda w, u, k=_namespace: {
            "token": import_kept(w, kind=k, owner="administrator"), "fmt": "xlsx"}),
        f"{_namespace}:import_confirm": Row(ADMINISTRATOR_ONLY, method="post", data=lambda w, u, k=_namespace: {
            "token": import_kept(w, kind=k, owner="administrator")}),
    })

# --- The API (jobbspar/api/) -----------------------------------------------------------------
# Token clients only: a session login, whoever's, is not a client (401), and a participant's login
# is kept to its own pages (403). Who gets what with a token: tests/test_api.py's API_MATRIX. The
# schema and its documentation are public (they name nothing but the API).
API_ONLY = expect(default=UNAUTHORIZED)
API_PUBLIC = expect(default=OK)


def api_track(world, user):
    return {"id": world.track.pk}


def api_person(world, user):
    return {"id": world.objects["participant"].pk}


MATRIX.update({
    "api:schema": Row(API_PUBLIC),
    "api:docs": Row(API_PUBLIC),
    "api:tracks": Row(API_ONLY),
    "api:track": Row(API_ONLY, kwargs=api_track),
    "api:interventions": Row(API_ONLY, kwargs=api_track),
    "api:activities": Row(API_ONLY, kwargs=api_track),
    "api:agreements": Row(API_ONLY),
    "api:agreement_kpis": Row(API_ONLY, kwargs=lambda w, u: {"id": w.home.steering_group.agreement.pk}),
    "api:municipality_kpis": Row(API_ONLY, kwargs=lambda w, u: {"code": "1480"}),
    "api:participants": Row(API_ONLY),
    "api:participant": Row(API_ONLY, kwargs=api_person),
    "api:candidacies": Row(API_ONLY, kwargs=api_person),
    "api:nominations": Row(API_ONLY, method="post", data=lambda w, u: {"track": w.track.pk, "motivation": "x"}),
})

# --- Imports of the administrator -------------------------------------------------------------
# Employers and staff users from a file: the administrator only; a preview is its sender's.
ADMINISTRATOR_ONLY = expect(default=FORBIDDEN, anonymous=LOGIN, administrator=OK)
for _namespace in ("employers", "users"):
    MATRIX.update({
        f"{_namespace}:import": Row(ADMINISTRATOR_ONLY),
        f"{_namespace}:import_template": Row(ADMINISTRATOR_ONLY, kwargs=lambda w, u: {"fmt": "csv"}),
        f"{_namespace}:import_errors": Row(ADMINISTRATOR_ONLY, kwargs=lambda w, u, k=_namespace: {
            "token": import_kept(w, kind=k, owner="administrator"), "fmt": "xlsx"}),
        f"{_namespace}:import_confirm": Row(ADMINISTRATOR_ONLY, method="post", data=lambda w, u, k=_namespace: {
            "token": import_kept(w, kind=k, owner="administrator")}),
    })

# The admin site checks staff status itself; every admin URL is declared by this one row, and the
# test walks each admin URL that takes no object id.
ADMIN_ROW = Row(expect(default=ADMIN_LOGIN, administrator=OK))
ADMIN_PUBLIC = {"admin:login"}


def walk(resolver=None, namespace=""):
    """Yield (qualified name, pattern) for every URL pattern, recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), pattern


def all_url_names():
    return {name for name, _ in walk()}


def test_every_url_pattern_is_named():
    # The admin site's own catch-all redirects are unnamed; its row below covers them.
    unnamed = [str(p.pattern) for name, p in walk() if name is None and p.callback.__module__ not in ADMIN_MODULES]
    assert unnamed == []


ADMIN_MODULES = {"django.contrib.admin.sites", "django.views.generic.base"}


def test_every_url_pattern_is_declared():
    names = all_url_names()
    undeclared = sorted(n for n in names if n and n not in MATRIX and not n.startswith("admin:"))
    assert undeclared == [], "Add these URLs to MATRIX in tests/test_permission_matrix.py"


def test_no_stale_declarations():
    assert sorted(set(MATRIX) - all_url_names()) == []


def outcome(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302:
        target = urlparse(response["Location"]).path
        if target == reverse("admin:login"):
            return ADMIN_LOGIN
        if target == reverse("login"):
            return LOGIN
        return REDIRECT
    if response.status_code == 401:
        return UNAUTHORIZED
    return f"status {response.status_code}"


def fetch(client, world, persona, row, url_name):
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, kwargs=row.kwargs(world, user))
    send = getattr(client, row.method)
    return send(url, data=row.data(world, user), **row.extra)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_matrix(client, world, url_name, persona):
    row = MATRIX[url_name]
    response = fetch(client, world, persona, row, url_name)
    assert outcome(response) == row.expected[persona]


def admin_urls_without_arguments():
    return sorted(
        name
        for name, pattern in walk()
        if name and name.startswith("admin:") and name not in ADMIN_PUBLIC and not pattern.pattern.regex.groups
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_admin_site(client, world, persona):
    wrong = {}
    for url_name in admin_urls_without_arguments():
        if url_name == "admin:logout":
            continue  # POST only, and logging out is open to all; covered by Django's own tests
        response = fetch(client, world, persona, ADMIN_ROW, url_name)
        got = outcome(response)
        # A superuser may still be refused an add view on read-only reference data (403).
        allowed = {OK, FORBIDDEN} if ADMIN_ROW.expected[persona] == OK else {ADMIN_ROW.expected[persona]}
        if got not in allowed:
            wrong[url_name] = got
    assert wrong == {}


def test_anonymous_is_sent_to_login_with_next(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_switch_membership_refuses_another_users_membership(client, world):
    client.force_login(world.user("coordinator"))
    theirs = world.user("coordinator_outsider").memberships.get()
    response = client.post(reverse("switch_membership"), {"membership": theirs.pk})
    assert response.status_code == 403


REFUSED = {LOGIN, ADMIN_LOGIN, FORBIDDEN, NOT_FOUND, UNAUTHORIZED}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_matrix_htmx_partials_refuse_the_same_people(client, world, url_name):
    """The same URLs asked for as htmx partials: whoever is refused a page is refused its partial."""
    row = MATRIX[url_name]
    wrong = {}
    for persona in PERSONAS:
        if row.expected[persona] not in REFUSED:
            continue
        client.logout()
        response = fetch(client, world, persona, Row(row.expected, row.kwargs, row.method, row.data,
                                                     {**row.extra, "HTTP_HX_REQUEST": "true"}), url_name)
        if outcome(response) != row.expected[persona]:
            wrong[persona] = outcome(response)
    assert wrong == {}


def id_kwargs(row, world, user):
    kwargs = row.kwargs(world, user)
    return {k: v for k, v in kwargs.items() if isinstance(v, int)} and kwargs


# Published to everyone who plans tracks, whatever their organisation: the providers' catalogue
# (no personal data). Its rows above say who reads a module and who may change it.
SHARED_ACROSS_ORGANISATIONS = {"providers:module"}


@pytest.mark.parametrize("outsider", [p for p in PERSONAS if p.endswith("_outsider")])
def test_guessing_another_organisations_ids_never_returns_its_data(client, world, outsider):
    """Every URL with an id, with the world's ids and their neighbours, as each outsider: the
    answer is always "not found" or "forbidden" (the away side owns no such objects)."""
    user = world.user(outsider)
    client.force_login(user)
    leaks = []
    for url_name, row in sorted(MATRIX.items()):
        if url_name in SHARED_ACROSS_ORGANISATIONS:
            continue
        kwargs = id_kwargs(row, world, user)
        if not kwargs:
            continue
        for shift in (-2, -1, 0, 1, 2):
            guessed = {k: max(1, v + shift) if isinstance(v, int) else v for k, v in kwargs.items()}
            response = getattr(client, row.method)(reverse(url_name, kwargs=guessed), data=row.data(world, user))
            if response.status_code not in (401, 403, 404):
                leaks.append((url_name, guessed, response.status_code))
    assert leaks == []


def test_an_id_too_large_for_the_database_is_not_found(client, world):
    client.force_login(world.user("coordinator"))
    for path in ("/tracks/" + "9" * 30 + "/", "/participants/" + "9" * 19 + "/", "/reports/" + "9" * 25 + "/download/"):
        assert client.get(path).status_code == 404


def people_in(world):
    from participants.models import Participant

    return {p.pk: p.real_name for p in Participant.objects.all()}


def allowed_names(world, persona):
    """Whom each role may see by name: a steering group nobody; an employer the candidates its
    sent shortlists put before it and the participants placed with it."""
    from tracks.models import Candidacy

    user = world.user(persona)
    if persona.startswith("steering"):
        return set()
    if persona.startswith("participant"):
        return {user.participant_account.participant_id}
    if persona.startswith("provider"):
        from tracks.selectors import learners_of, provider_interventions

        return {c.participant_id for placed in learners_of(provider_interventions(user)).values() for c in placed}
    employers = list(user.memberships.values_list("organisation", flat=True))
    shown = Candidacy.objects.filter(shortlist_entries__shortlist__employer__in=employers,
                                     shortlist_entries__shortlist__sent_at__isnull=False)
    placed = Candidacy.objects.filter(placed_with__in=employers)
    return set((shown | placed).values_list("participant_id", flat=True))


@pytest.mark.parametrize("persona", ["steering", "steering_outsider", "employer", "employer_outsider", "provider",
                                     "provider_outsider", "participant", "participant_outsider"])
def test_what_a_role_sees_of_people_on_every_page_and_partial(client, world, persona):
    """Every page and htmx partial a steering group, employer, provider or participant may open,
    read for names: a steering group sees numbers, never a person; an employer only its own
    candidates; a provider only the participants placed in its own modules; a participant only
    themselves."""
    client.force_login(world.user(persona))
    names = people_in(world)
    may = allowed_names(world, persona)
    if persona in ("employer", "provider", "participant"):
        assert may, f"the home {persona} has participants of its own"
    seen = {}
    for url_name, row in sorted(MATRIX.items()):
        if row.method != "get" or row.expected[persona] != OK:
            continue
        url = reverse(url_name, kwargs=row.kwargs(world, world.user(persona)))
        for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **extra)
            if "html" not in response.get("Content-Type", ""):
                continue
            body = response.content.decode()
            for pk, name in names.items():
                if pk not in may and name in body:
                    seen.setdefault(name, []).append(url_name)
    assert seen == {}


def test_a_provider_sees_name_and_year_of_birth_never_the_personnummer_or_the_officers_notes(client, world):
    """On every page the provider may open: the learner's name and year of birth, never the
    personnummer (whole or masked), the officer's motivation, or the follow-ups' notes."""
    from participants.models import Participant
    from tracks.models import FollowUp

    enrolled = world.objects["learner"]
    person = Participant.objects.get(pk=enrolled.participant_id)
    assert FollowUp.objects.filter(candidacy=enrolled).update(notes="Hemlig anteckning om hälsan")
    client.force_login(world.user("provider"))
    bodies = {}
    for url_name, row in sorted(MATRIX.items()):
        if row.method == "get" and row.expected["provider"] == OK:
            response = client.get(reverse(url_name, kwargs=row.kwargs(world, world.user("provider"))))
            bodies[url_name] = response.content.decode()
    learners = bodies["tracks:learners"]
    assert person.last_name in learners and person.personnummer[:4] in learners
    for url_name, body in bodies.items():
        for secret in (person.personnummer, person.personnummer_masked, person.personnummer[:8], enrolled.motivation,
                       "Hemlig anteckning"):
            assert secret not in body, (url_name, secret)
