"""What partners do reaches the coordinator: each change on a track is on its Händelser page, and
what a coordinator must act on — by someone else — is a notification (in the app, and by e-mail
as they chose), through one rule (tracks/events.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import Change, Read
from accounts.models import AuditEvent, Notification
from tracks import services
from tracks.models import Candidacy, TrackEvent

from .factories import ParticipantFactory, make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    return world_once


@pytest.fixture
def recruiting(world):
    """A recruiting track with a shortlist sent to the employer, holding one candidate."""
    coordinator = world.user("coordinator")
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer],
                       partners=[world.home.af_office], agreement=world.home.steering_group.agreement,
                       phase="recruitment")
    # A surname no persona's random name can share: the tests look for it on pages that name staff too.
    person = ParticipantFactory(first_name="Ylva", last_name="Qvarnbäck-Testsson")
    candidacy = Candidacy.objects.create(track=track, participant=person, nominated_by=coordinator,
                                         nominating_organisation=world.home.municipality, motivation="x")
    shortlist = services.shortlist_create(track=track, employer=world.home.employer, candidacies=[candidacy],
                                          deadline=datetime.date(2099, 1, 1), actor=coordinator,
                                          today=timezone.localdate())
    services.shortlist_send(shortlist=shortlist, actor=coordinator)
    return track, shortlist.entries.get()


def test_an_employers_decision_reaches_the_coordinator_and_the_events_page(client, world, recruiting):
    track, entry = recruiting
    employer = world.user("employer")
    before = Notification.objects.filter(rule="event").count()
    services.shortlist_decide(entry=entry, actor=employer, decision="approved")

    told = Notification.objects.filter(rule="event").exclude(pk__in=[]).order_by("-pk")
    assert told.count() == before + 1
    note = told.first()
    assert note.recipient == world.user("coordinator")
    assert note.url == reverse("tracks:events", args=[track.pk])
    assert employer.full_name in note.message and track.title in note.message
    # Random names may share a surname with the employer's representative: look past who acted.
    told_of = note.message.replace(employer.full_name, "").replace(track.title, "")
    assert entry.candidacy.participant.last_name not in told_of, "a person is named on the page, not in mail"

    client.force_login(world.user("coordinator"))
    page = client.get(note.url).content.decode()
    assert "Beslutade om en kandidat" in page and entry.candidacy.participant.full_name in page
    assert AuditEvent.objects.filter(action=Read.VIEW, detail__part="events",
                                     object_id=str(entry.candidacy.participant_id)).exists()


def test_a_coordinators_own_doing_is_an_event_but_no_notification(world, recruiting):
    track, _entry = recruiting
    before = Notification.objects.filter(rule="event").count()
    services.requirement_add(track=track, actor=world.user("coordinator"), competence="Städtjänster")
    assert TrackEvent.objects.filter(track=track, action=Change.REQUIREMENT_ADD).exists()
    assert Notification.objects.filter(rule="event").count() == before


def test_a_withdrawal_by_an_officer_is_told_and_other_status_changes_are_not(world, recruiting):
    track, _entry = recruiting
    officer = world.user("af_officer")
    nominated = services.candidacy_nominate(track=track, participant=ParticipantFactory(), actor=officer,
                                            organisation=world.home.af_office, motivation="Har städat i tre år.")
    before = Notification.objects.filter(rule="event").count()
    services.candidacy_withdraw(candidacy=nominated, actor=officer, reason="Fick annat jobb")
    assert Notification.objects.filter(rule="event").count() == before + 1
    assert TrackEvent.objects.filter(track=track, action=Change.CANDIDACY_STATUS).exists()


def test_the_events_page_filters_by_kind_and_hides_people_from_the_steering_group(client, world, recruiting):
    track, entry = recruiting
    services.shortlist_decide(entry=entry, actor=world.user("employer"), decision="approved")
    services.problem_create(track=track, actor=world.user("coordinator"), title="Handledare saknas")
    client.force_login(world.user("coordinator"))
    only = client.get(reverse("tracks:events", args=[track.pk]), {"action": Change.PROBLEM_CREATE}).content.decode()
    assert "Handledare saknas" in only and entry.candidacy.participant.full_name not in only
    client.force_login(world.user("steering"))
    page = client.get(reverse("tracks:events", args=[track.pk])).content.decode()
    assert "Handledare saknas" in page
    assert entry.candidacy.participant.full_name not in page and entry.candidacy.participant.last_name not in page


def test_the_events_page_filters_by_who(client, world, recruiting):
    track, entry = recruiting
    services.shortlist_decide(entry=entry, actor=world.user("employer"), decision="approved")
    services.problem_create(track=track, actor=world.user("coordinator"), title="Handledare saknas")
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("tracks:events", args=[track.pk]), {"actor": world.user("employer").pk})
    rows = page.context["events"]
    assert rows and {row.actor_id for row in rows} == {world.user("employer").pk}
    assert "Handledare saknas" not in page.content.decode()
    assert client.get(reverse("tracks:events", args=[track.pk]), {"actor": "x'--"}).status_code == 200
