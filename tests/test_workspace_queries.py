"""A part costs its part: every area of the workspace as a page within 15 queries, and as the htmx
answer that swaps it within 10, with one row and with three (nothing is queried per row); an htmx
action answers with its part alone."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from tracks import services
from tracks.models import PhaseChange

from .factories import EmployerFactory, ParticipantFactory
from .queries import count_queries

pytestmark = pytest.mark.django_db

PAGE_BOUND, PART_BOUND, ACTION_BOUND = 15, 10, 12
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(world_once):
    return world_once


def adder(world, area):
    """Adds one more row of what the area lists."""
    track, coordinator = world.track, world.user("coordinator")
    n = itertools.count()

    def candidate():
        from tracks.models import Candidacy

        return Candidacy.objects.create(track=track, participant=ParticipantFactory(), nominated_by=coordinator,
                                        nominating_organisation=world.home.municipality, motivation="x",
                                        status="approved")

    return {
        "overview": candidate,
        "profile": lambda: services.requirement_add(track=track, actor=coordinator, competence=f"Kompetens {next(n)}"),
        "chain": lambda: services.intervention_save(
            track=track, actor=coordinator, kind="internship", title=f"Praktik {next(n)}", responsible="employer",
            start_date=datetime.date(2026, 9, 7), end_date=datetime.date(2026, 12, 18)),
        "letters": lambda: [services.invitation_accept(invitation=i, actor=coordinator) for i in services.parties_set(
            track=track, actor=coordinator, organisations=[*track.employers.all(), EmployerFactory().organisation],
            as_="employer")],
        "activities": lambda: services.activity_save(
            track=track, actor=coordinator, kind="interview", starts_at=timezone.now(), place="A", organiser="B"),
        "people": lambda: services.candidacy_enrol(candidacy=candidate(), actor=coordinator,
                                                   start=datetime.date(2026, 9, 7)),
        "checklist": lambda: services.checklist_item_add(track=track, actor=coordinator, phase="planning",
                                                         title=f"Uppgift {next(n)}"),
        "problems": lambda: services.problem_create(track=track, actor=coordinator, title=f"Problem {next(n)}"),
        "closing": lambda: PhaseChange.objects.create(track=track, from_phase="planning", to_phase="planning",
                                                      actor=coordinator),
        # Events about a person (enrolment) and about the track (a problem).
        "events": lambda: [services.candidacy_enrol(candidacy=candidate(), actor=coordinator, start=datetime.date(2026, 9, 7)),
                           services.problem_create(track=track, actor=coordinator, title=f"Problem {next(n)}")],
    }[area]


def url(world, area):
    return world.track.get_absolute_url() if area == "overview" else reverse(f"tracks:{area}", args=[world.track.pk])


AREAS = ["overview", "profile", "chain", "letters", "activities", "people", "checklist", "problems", "closing", "events"]


# Each persona on the areas it opens: the employer not the internal ones, the steering group not
# the people (it sees numbers, never people).
OPENS = [(area, persona) for persona in ("coordinator", "employer", "steering") for area in AREAS
         if not (persona == "employer" and area in ("checklist", "problems", "closing", "events"))
         and not (persona == "steering" and area == "people")]


@pytest.mark.parametrize("area, persona", OPENS)
def test_each_area_costs_a_fixed_number_of_queries(client, world, area, persona):
    client.force_login(world.user(persona))
    add = adder(world, area)
    add()
    page_one, part_one = count_queries(client, url(world, area)), count_queries(client, url(world, area), **HTMX)
    add()
    add()
    page_three, part_three = count_queries(client, url(world, area)), count_queries(client, url(world, area), **HTMX)
    assert (page_three, part_three) == (page_one, part_one), "a query per row"
    assert page_one <= PAGE_BOUND, f"the {area} page: {page_one} queries"
    assert part_one <= PART_BOUND, f"the {area} part: {part_one} queries"


def test_an_htmx_action_answers_with_its_part_alone(client, world, django_assert_max_num_queries):
    """The checklist toggle that ran the whole workspace (34 queries) now computes the checklist."""
    client.force_login(world.user("coordinator"))
    item = world.track.checklist.first()
    with django_assert_max_num_queries(ACTION_BOUND):
        response = client.post(reverse("tracks:checklist_status", args=[world.track.pk, item.pk]), {"status": "done"},
                               **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="checklist"') and "<html" not in body
    assert 'id="phase"' not in body and 'id="people"' not in body
