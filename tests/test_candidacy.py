"""A candidacy's life in one function: the transition table says which status may follow which,
who may make the move and what it needs; every step reaches the change history with who made it;
withdrawing a nomination is the officer's or the coordinator's, with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from tracks import services
from tracks.models import Candidacy, Phase, Track
from tracks.services.candidacy import TRANSITIONS

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once
S = Candidacy.Status


@pytest.fixture
def recruiting(world):
    Track.objects.filter(pk=world.track.pk).update(phase=Phase.RECRUITMENT)
    world.track.refresh_from_db()
    return world.track


def test_a_candidacy_from_nomination_to_outcome_through_the_pages_shows_every_step(client, world, recruiting):
    """Each step through the page that makes it; the history page then reads them all, with who."""
    person = ParticipantFactory(af_office=world.home.af_office)
    officer, coordinator, employer = world.user("af_officer"), world.user("coordinator"), world.user("employer")
    client.force_login(officer)
    client.post(reverse("tracks:nominate"), {"track": recruiting.pk, "participant": person.pk, "motivation": "Erfaren."})
    candidacy = Candidacy.objects.get(track=recruiting, participant=person)
    client.force_login(coordinator)
    client.post(reverse("tracks:shortlist_create", args=[recruiting.pk]), {
        "shortlist-candidacies": [candidacy.pk], "shortlist-employer": world.home.employer.pk,
        "shortlist-deadline": "2099-01-01"})
    shortlist = candidacy.shortlist_entries.get().shortlist
    client.post(reverse("tracks:shortlist_send", args=[recruiting.pk, shortlist.pk]))
    client.force_login(employer)
    entry = candidacy.shortlist_entries.get()
    client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, entry.pk]), {"decision": "interview"})
    client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, entry.pk]), {"decision": "approved"})
    client.force_login(coordinator)
    client.post(reverse("tracks:enrol", args=[recruiting.pk, candidacy.pk]), {"start": "2026-09-07"})
    client.post(reverse("tracks:outcome", args=[recruiting.pk, candidacy.pk]), {
        "kind": "studies", "date": timezone.localdate().isoformat(), "study_plan": "on"})

    history = client.get(reverse("tracks:person_history", args=[person.pk])).context["history"]
    steps = [(e["who"], [(str(c["old"]), str(c["new"])) for c in e["changes"] if str(c["field"]).lower() == "status"])
             for e in reversed(history) if e["what"] == "Kandidatur"]
    assert steps == [
        (officer, []),  # created: nominated
        (coordinator, [("Nominerad", "På en kortlista")]),
        (employer, [("På en kortlista", "Godkänd för intervju")]),
        (employer, [("Godkänd för intervju", "Godkänd för jobbspåret")]),
        (coordinator, [("Godkänd för jobbspåret", "Antagen")]),
        (coordinator, [("Antagen", "Fullföljt")]),
    ]
    moves = AuditEvent.objects.filter(action="candidacy.status", object_id=str(person.pk)).order_by("pk")
    assert [(e.detail["from"], e.detail["to"]) for e in moves] == [
        ("nominated", "shortlisted"), ("shortlisted", "approved_for_interview"),
        ("approved_for_interview", "approved"), ("approved", "enrolled"), ("enrolled", "completed")]


def test_the_table_refuses_a_move_it_does_not_hold(world):
    candidacy = world.objects["candidacy"]  # approved
    with pytest.raises(ValidationError, match="kan inte gå från|cannot go from"):
        services.candidacy_change_status(candidacies=[candidacy], actor=world.user("coordinator"), to=S.COMPLETED)
    candidacy.refresh_from_db()
    assert candidacy.status == S.APPROVED


def test_the_table_says_who_may_make_each_move(world):
    candidacy = world.objects["candidacy"]
    with pytest.raises(PermissionDenied):  # the employer enrols nobody
        services.candidacy_change_status(candidacies=[candidacy], actor=world.user("employer"), to=S.ENROLLED,
                                         start=world.track.planned_start)
    with pytest.raises(PermissionDenied):  # another organisation's coordinator
        services.candidacy_withdraw(candidacy=candidacy, actor=world.user("coordinator_outsider"), reason="x")


def test_a_move_gets_what_it_needs(world):
    candidacy = world.objects["candidacy"]
    with pytest.raises(ValidationError, match="Give the start date|Ange startdatum"):
        services.candidacy_change_status(candidacies=[candidacy], actor=world.user("coordinator"), to=S.ENROLLED)
    with pytest.raises(ValidationError, match="Give a reason|Ange ett skäl"):
        services.candidacy_withdraw(candidacy=candidacy, actor=world.user("coordinator"), reason="  ")


def test_every_move_before_enrolment_can_be_a_withdrawal_and_none_after():
    withdrawable = {source for (source, target) in TRANSITIONS if target == S.WITHDRAWN}
    assert withdrawable == {S.NOMINATED, S.SHORTLISTED, S.APPROVED_FOR_INTERVIEW, S.APPROVED}
    assert not any(source in (S.ENROLLED, S.COMPLETED, S.LEFT_EARLY, S.WITHDRAWN) and target == S.WITHDRAWN
                   for source, target in TRANSITIONS)


def test_the_nominating_officer_withdraws_a_nomination_with_a_reason(client, world):
    candidacy = world.objects["participant"].candidacies.get()  # nominated by the home AF office, shortlisted
    client.force_login(world.user("af_officer"))
    person_page = client.get(reverse("tracks:person", args=[candidacy.participant_id])).content.decode()
    assert reverse("tracks:withdraw", args=[world.track.pk, candidacy.pk]) in person_page
    response = client.post(reverse("tracks:withdraw", args=[world.track.pk, candidacy.pk]),
                           {"reason": "Har fått ett annat arbete.", "next": "person"})
    assert response["Location"] == candidacy.participant.get_absolute_url()
    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.withdrawal_reason) == (S.WITHDRAWN, "Har fått ett annat arbete.")
    # The employer sees that there is nothing to decide, and cannot decide.
    client.force_login(world.user("employer"))
    shortlist = world.objects["shortlist"]
    page = client.get(reverse("tracks:shortlist", args=[shortlist.pk])).content.decode()
    assert "nomineringen har återkallats" in page
    client.post(reverse("tracks:shortlist_decide", args=[shortlist.pk, world.objects["entry"].pk]), {"decision": "approved"})
    candidacy.refresh_from_db()
    assert candidacy.status == S.WITHDRAWN


def test_another_officer_of_the_same_role_cannot_withdraw(client, world):
    candidacy = world.objects["participant"].candidacies.get()
    client.force_login(world.user("municipality_officer"))  # sees the track, did not nominate the person
    response = client.post(reverse("tracks:withdraw", args=[world.track.pk, candidacy.pk]), {"reason": "x"})
    assert response.status_code == 403
    candidacy.refresh_from_db()
    assert candidacy.status == S.SHORTLISTED


@pytest.mark.parametrize("name", ["tracks:person", "tracks:person_history"])
def test_a_persons_track_parts_cost_a_fixed_number_of_queries(client, world, name):
    from .factories import make_track
    from .queries import assert_queries_constant

    coordinator, person = world.user("coordinator"), world.objects["participant"]

    def another_track():
        track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer])
        Track.objects.filter(pk=track.pk).update(phase=Phase.RECRUITMENT)
        services.candidacy_nominate(track=Track.objects.get(pk=track.pk), participant=person, actor=coordinator,
                                    organisation=world.home.municipality, motivation="x")

    client.force_login(coordinator)
    assert_queries_constant(client, reverse(name, args=[person.pk]), another_track, bound=15)
