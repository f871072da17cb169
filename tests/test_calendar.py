"""Each user's calendar feed: a secret address, read by a second, independent iCalendar parser
(vobject), with stable UIDs, cancelled events sent as cancelled, and no participant named."""

import datetime

import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, CalendarFeed
from tracks.models import ChecklistItem, FollowUp, Intervention, Phase, Track

from .queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    return world_once


def feed_url(client, user):
    client.force_login(user)
    response = client.post(reverse("calendar"), {"action": "renew"})
    assert response.status_code == 200
    url = response.context["url"]
    assert url.startswith("http://127.0.0.1:8000/kalender/")
    return url.removeprefix("http://127.0.0.1:8000")


def events(client, path):
    client.logout()  # a calendar program has no session
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    parsed = vobject.readOne(response.content.decode())
    return {str(e.uid.value).split("@")[0]: e for e in parsed.contents.get("vevent", [])}, response.content.decode()


def test_the_coordinators_feed_holds_the_tracks_dates_and_names_no_participant(client, world):
    coordinator = world.user("coordinator")
    FollowUp.objects.filter(pk=world.objects["follow_up"].pk).update(due_date=timezone.localdate())
    found, body = events(client, feed_url(client, coordinator))
    step = world.objects["intervention"]
    assert f"intervention-{step.pk}" in found
    assert found[f"intervention-{step.pk}"].dtstart.value == step.start_date
    assert found[f"intervention-{step.pk}"].dtend.value == step.end_date + datetime.timedelta(days=1)
    assert f"activity-{world.objects['activity'].pk}" in found
    assert f"follow-up-{world.objects['follow_up'].pk}" in found
    from participants.models import Participant

    for person in Participant.objects.all():
        assert person.last_name not in body
    assert AuditEvent.objects.filter(action="account.calendar_feed", actor=coordinator).exists()


def test_the_employers_feed_has_its_shortlist_deadline(client, world):
    found, _body = events(client, feed_url(client, world.user("employer")))
    assert f"shortlist-{world.objects['shortlist'].pk}" in found


def test_a_cancelled_track_sends_its_events_as_cancelled_with_the_same_uids(client, world):
    coordinator = world.user("coordinator")
    path = feed_url(client, coordinator)
    before, _body = events(client, path)
    Track.objects.filter(pk=world.track.pk).update(phase=Phase.CANCELLED)
    after, _body = events(client, path)
    step = f"intervention-{world.objects['intervention'].pk}"
    assert before[step].status.value == "CONFIRMED" and after[step].status.value == "CANCELLED"
    assert set(before) == set(after)


def test_a_task_marked_not_applicable_is_cancelled_in_the_assignees_feed(client, world):
    officer = world.user("municipality_officer")
    item = world.objects["item"]
    ChecklistItem.objects.filter(pk=item.pk).update(assignee=officer, due_date=timezone.localdate())
    path = feed_url(client, officer)
    assert events(client, path)[0][f"task-{item.pk}"].status.value == "CONFIRMED"
    ChecklistItem.objects.filter(pk=item.pk).update(status=ChecklistItem.Status.NOT_APPLICABLE)
    assert events(client, path)[0][f"task-{item.pk}"].status.value == "CANCELLED"


def test_a_new_address_ends_the_old_and_ending_it_ends_it(client, world):
    coordinator = world.user("coordinator")
    old = feed_url(client, coordinator)
    new = feed_url(client, coordinator)
    client.logout()
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200
    client.force_login(coordinator)
    client.post(reverse("calendar"), {"action": "end"})
    client.logout()
    assert client.get(new).status_code == 404
    assert not CalendarFeed.objects.filter(user=coordinator).exists()


def test_only_a_digest_of_the_address_is_kept(client, world):
    path = feed_url(client, world.user("coordinator"))
    token = path.removeprefix("/kalender/").removesuffix(".ics")
    assert token not in CalendarFeed.objects.get(user=world.user("coordinator")).digest


def test_a_deactivated_user_s_feed_stops(client, world):
    coordinator = world.user("coordinator")
    path = feed_url(client, coordinator)
    type(coordinator).objects.filter(pk=coordinator.pk).update(is_active=False)
    client.logout()
    assert client.get(path).status_code == 404


def test_the_feed_costs_the_same_queries_with_more_steps(client, world):
    path = feed_url(client, world.user("coordinator"))
    client.logout()
    today = timezone.localdate()

    def add_step():
        Intervention.objects.create(track=world.track, kind="internship", title="Praktik", responsible="employer",
                                    start_date=today, end_date=today + datetime.timedelta(days=30))

    add_step()
    one = count_queries(client, path)
    add_step()
    add_step()
    assert count_queries(client, path) == one <= 12
