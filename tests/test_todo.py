"""One to-do list that is complete: what is due for the coordinator, counted by kind on the start
page and listed whole on its page — the same lists, so the counts equal them — in a fixed number
of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from tracks import services
from tracks.models import Candidacy, FollowUp, Intervention
from tracks.todo import todo_for

from .factories import ParticipantFactory, make_track
from .queries import assert_queries_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    return world_once


@pytest.fixture
def busy(world):
    """A coordinator's track with something of every kind due."""
    coordinator = world.user("coordinator")
    today = timezone.localdate()
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer],
                       planned_start=today + datetime.timedelta(days=30), planned_end=today + datetime.timedelta(days=200))
    Intervention.objects.create(track=track, kind="sfi", title="SFI", responsible="municipality",
                                start_date=today + datetime.timedelta(days=30), end_date=today + datetime.timedelta(days=60))
    Intervention.objects.create(track=track, kind="internship", title="Praktik", responsible="employer",
                                start_date=today + datetime.timedelta(days=100), end_date=today + datetime.timedelta(days=200))
    approved = Candidacy.objects.create(track=track, participant=ParticipantFactory(), nominated_by=coordinator,
                                        nominating_organisation=world.home.municipality, motivation="x", status="approved")
    enrolled = Candidacy.objects.create(track=track, participant=ParticipantFactory(), nominated_by=coordinator,
                                        nominating_organisation=world.home.municipality, motivation="x", status="enrolled")
    FollowUp.objects.create(candidacy=enrolled, due_date=today - datetime.timedelta(days=2))
    services.proposal_create(track=track, actor=world.user("employer"), competence="Truckkort", level="basic",
                             kind="merit")
    return track, approved


def test_every_kind_is_listed_and_the_counts_equal_the_lists(client, world, busy):
    track, approved = busy
    coordinator = world.user("coordinator")
    kinds = {kind.key: kind for kind in todo_for(coordinator)}
    assert all(kinds[key].items for key in ("tasks", "follow_ups", "answers", "decisions", "gaps")), \
        {key: len(kind.items) for key, kind in kinds.items()}
    assert any(item.overdue for item in kinds["follow_ups"].items)
    assert any(approved.participant.full_name in item.text for item in kinds["decisions"].items)

    client.force_login(coordinator)
    summary = client.get(reverse("tracks:todo"), {"part": "summary"}, HTTP_HX_REQUEST="true")
    page = client.get(reverse("tracks:todo"))
    for key, kind in kinds.items():
        assert f"{kind.label}</a>: {len(kind.items)}" in summary.content.decode()
        assert f'{kind.label} <span class="muted">({len(kind.items)})</span>' in page.content.decode()
    # The page names people, and that is a logged read; the counts name nobody.
    assert approved.participant.full_name not in summary.content.decode()
    assert AuditEvent.objects.filter(detail__part="todo", object_id=str(approved.participant_id)).exists()


def test_the_start_page_loads_the_counts_as_a_part_with_a_link_without_javascript(client, world):
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("dashboard")).content.decode()
    assert f'data-hx-get="{reverse("tracks:todo")}?part=summary"' in page
    assert f'href="{reverse("tracks:todo")}"' in page


def test_the_todo_page_costs_a_fixed_number_of_queries(client, world, busy):
    track, _approved = busy
    coordinator = world.user("coordinator")

    def more():
        person = ParticipantFactory()
        candidacy = Candidacy.objects.create(track=track, participant=person, nominated_by=coordinator,
                                             nominating_organisation=world.home.municipality, motivation="x",
                                             status="enrolled")
        FollowUp.objects.create(candidacy=candidacy, due_date=timezone.localdate())
        services.checklist_item_add(track=track, actor=coordinator, phase=track.phase, title="Ring arbetsgivaren")

    client.force_login(coordinator)
    assert_queries_constant(client, reverse("tracks:todo"), more, bound=15)
