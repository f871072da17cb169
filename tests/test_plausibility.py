"""Records a steering group can trust: nothing is recorded as done, held, signed or decided after
today (Europe/Stockholm), nothing before what it follows. The rules live in the services, so every
form obeys them; each refusal is a Swedish message on the form and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant
from tracks import services
from tracks.models import FollowUp, Outcome, Phase, RecruitmentActivity

from .factories import make_track
from .test_participants import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once

NEXT_YEAR = (timezone.localdate() + datetime.timedelta(days=366)).isoformat()
LONG_AGO = "2000-01-03"


def refused(response, message):
    body = response.content.decode()
    assert response.status_code == 200
    assert "Det finns ett problem" in body or 'role="alert"' in body
    assert message in body, body[body.find("error-summary"):][:1500]


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.user("coordinator"))
    return client


@pytest.mark.parametrize("held_on, message", [
    (NEXT_YEAR, "Uppföljningen kan inte registreras som gjord"),
    (LONG_AGO, "Uppföljningen kan inte vara före deltagarens start (2026-09-07)."),
])
def test_a_follow_up_is_held_neither_after_today_nor_before_the_start(coordinator_client, world, held_on, message):
    follow_up = world.objects["follow_up"]
    url = reverse("tracks:follow_up", args=[world.track.pk, follow_up.pk])
    refused(coordinator_client.post(url, {"kind": "participant", "held_on": held_on, "progress": "on_track"}), message)
    follow_up.refresh_from_db()
    assert follow_up.held_on is None


@pytest.mark.parametrize("date, message", [
    (NEXT_YEAR, "Utfallet kan inte dateras efter i dag"),
    (LONG_AGO, "Utfallet kan inte vara före deltagarens start (2026-09-07)."),
])
def test_an_outcome_is_dated_neither_after_today_nor_before_the_start(coordinator_client, world, date, message):
    enrolled = world.objects["enrolled"]
    url = reverse("tracks:outcome", args=[world.track.pk, enrolled.pk])
    refused(coordinator_client.post(url, {"kind": "studies", "date": date, "study_plan": "on"}), message)
    assert not Outcome.objects.filter(candidacy=enrolled).exists()
    enrolled.refresh_from_db()
    assert enrolled.status == "enrolled"


def test_a_check_after_90_days_waits_until_it_is_due(coordinator_client, world):
    enrolled = world.objects["enrolled"]
    services.outcome_record(candidacy=enrolled, actor=world.user("coordinator"), kind="studies",
                            date=timezone.localdate(), study_plan=True)
    check = enrolled.outcome_checks.get(days_after=90)
    response = coordinator_client.post(reverse("tracks:outcome_check", args=[world.track.pk, check.pk]),
                                       {"status": "employment"}, HTTP_HX_REQUEST="true")
    assert f"Status efter 90 dagar kan registreras från och med {check.due_date.isoformat()}." in response.content.decode()
    check.refresh_from_db()
    assert check.status == ""


@pytest.mark.parametrize("signed_on, message", [
    (NEXT_YEAR, "Underskriften kan inte registreras som gjord"),
    (LONG_AGO, "Avsiktsförklaringen kan inte skrivas under innan den skickades"),
])
def test_a_letter_is_signed_neither_after_today_nor_before_it_was_sent(client, world, signed_on, message):
    letter = world.objects["letter"]
    client.force_login(world.user("employer"))
    response = client.post(reverse("tracks:letter_sign", args=[world.track.pk, letter.pk]),
                           {"name": "Johan Berg", "title": "VD", "signed_on": signed_on})
    refused(response, message)
    letter.refresh_from_db()
    assert (letter.status, letter.signed_versions.count()) == ("sent", 1)


def test_an_intervention_is_finished_only_once_it_has_ended(coordinator_client, world):
    intervention = world.objects["intervention"]
    url = reverse("tracks:intervention_edit", args=[world.track.pk, intervention.pk])
    data = {"intervention-kind": "sfi", "intervention-title": "SFI C", "intervention-responsible": "municipality",
            "intervention-start_date": "2026-09-07", "intervention-end_date": NEXT_YEAR, "intervention-finished": "on"}
    refused(coordinator_client.post(url, data), "En insats som slutar efter i dag kan inte vara avslutad än.")
    intervention.refresh_from_db()
    assert not intervention.finished
    data["intervention-end_date"] = timezone.localdate().isoformat()
    assert coordinator_client.post(url, data).status_code == 302
    intervention.refresh_from_db()
    assert (intervention.finished, intervention.end_date) == (True, timezone.localdate())


def test_attendance_is_recorded_only_after_the_activity(coordinator_client, world):
    activity = RecruitmentActivity.objects.create(
        track=world.track, kind="interview", starts_at=timezone.now() + datetime.timedelta(days=7), place="A",
        organiser="B")
    response = coordinator_client.post(reverse("tracks:activity_attendance", args=[world.track.pk, activity.pk]),
                                       {"attended": []})
    refused(response, "Aktiviteten har inte ägt rum än: registrera vilka som kom efteråt.")


def test_no_track_is_closed_before_it_started(world):
    from django.utils import translation

    from tracks import gates

    track = make_track(coordinator=world.user("coordinator"), municipality=world.home.municipality,
                       employers=[world.home.employer], planned_start=timezone.localdate() + datetime.timedelta(days=30),
                       planned_end=timezone.localdate() + datetime.timedelta(days=200))
    with translation.override("sv"):
        assert gates.missing_for(track, Phase.CLOSED)[0].startswith("Jobbspåret har inte börjat än")


def test_enrolment_cannot_start_after_the_track_ends(coordinator_client, world):
    candidacy = world.objects["candidacy"]
    response = coordinator_client.post(reverse("tracks:enrol", args=[world.track.pk, candidacy.pk]), {"start": NEXT_YEAR})
    refused(response, "Startdatumet är efter jobbspårets planerade slut (2027-03-26).")
    candidacy.refresh_from_db()
    assert candidacy.status == "approved"


def test_registration_at_af_is_not_dated_after_today(client, world):
    client.force_login(world.user("af_officer"))
    response = client.post(reverse("participants:create"), form_data(world, registered_at_af_since=NEXT_YEAR))
    refused(response, "Inskrivningen hos Arbetsförmedlingen kan inte registreras som gjord")
    assert not Participant.objects.filter(personnummer="199004121233").exists()


def test_follow_ups_are_kept_for_the_record(world):
    """The dates a follow-up was held stay as recorded; the plausibility rules refuse, never rewrite."""
    follow_up = world.objects["follow_up"]
    services.followup_record(follow_up=follow_up, actor=world.user("coordinator"), held_on=datetime.date(2026, 9, 21),
                             progress="on_track", kind="participant")
    assert FollowUp.objects.get(pk=follow_up.pk).held_on == datetime.date(2026, 9, 21)
