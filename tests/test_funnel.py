"""The funnel counts people who reached *at least* each step, so no step exceeds the one before it
— for everyone and for each gender, whatever the data (a hypothesis property over random
candidacies, shortlist decisions, enrolments and outcomes) — and the demo data's funnel falls step
by step on the start pages and in the follow-up report's Excel sheet."""

import datetime
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import Membership
from participants.models import Participant
from reports.kpis import FUNNEL, compute
from reports.models import Report
from reports.services import build
from tracks.models import Candidacy, Outcome, Shortlist, ShortlistEntry, Track

from .factories import make_track, valid_personnummer

pytestmark = pytest.mark.django_db

person = st.fixed_dictionaries({
    "gender": st.sampled_from(Participant.Gender.values),
    "status": st.sampled_from(Candidacy.Status.values),
    "decisions": st.lists(st.sampled_from(ShortlistEntry.Decision.values), max_size=2),
    "enrolled": st.booleans(),
    "outcome": st.none() | st.sampled_from(Outcome.Kind.values),
})


def non_increasing(numbers):
    return all(later <= earlier for earlier, later in zip(numbers, numbers[1:]))


def build_people(track, coordinator, employers, people):
    """Any combination of statuses, shortlist entries, enrolment and outcome, as odd as data
    from an import or an old release could be."""
    participants = Participant.objects.bulk_create([
        Participant(first_name="P", last_name=str(n), personnummer=valid_personnummer(1990), gender=p["gender"],
                    education_level="upper_secondary", home_municipality_id="1480")
        for n, p in enumerate(people)])
    candidacies = Candidacy.objects.bulk_create([
        Candidacy(track=track, participant=participant, nominated_by=coordinator, status=p["status"], motivation="x",
                  nominating_organisation=track.lead_municipality,
                  enrolled_on=track.planned_start if p["enrolled"] else None)
        for participant, p in zip(participants, people)])
    shortlists = [Shortlist.objects.create(track=track, employer=e, deadline=datetime.date(2099, 1, 1),
                                           created_by=coordinator) for e in employers]
    ShortlistEntry.objects.bulk_create([
        ShortlistEntry(shortlist=shortlists[n], candidacy=c, decision=decision)
        for c, p in zip(candidacies, people) for n, decision in enumerate(p["decisions"])])
    Outcome.objects.bulk_create([
        Outcome(candidacy=c, kind=p["outcome"], date=track.planned_start, recorded_by=coordinator)
        for c, p in zip(candidacies, people) if p["outcome"]])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(person, min_size=1, max_size=12))
def test_no_step_of_the_funnel_exceeds_the_one_before(world, people):
    coordinator = world.user("coordinator")
    employers = [world.home.employer, world.away.employer]
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=employers)
    build_people(track, coordinator, employers, people)
    funnel = compute(Track.objects.filter(pk=track.pk)).funnel
    assert [step for step, _total, _genders in funnel] == FUNNEL
    assert non_increasing([total for _step, total, _genders in funnel])
    for gender in Participant.Gender.values:
        assert non_increasing([genders.get(gender, 0) for _step, _total, genders in funnel])
    assert funnel[0][1] == len(people)


def demo_user(email):
    return Membership.objects.select_related("user").get(user__email=email).user


@pytest.mark.parametrize("email", ["styrgrupp@goteborg.jobbspar.example", "koordinator@goteborg.jobbspar.example",
                                   "koordinator@trollhattan.jobbspar.example"])
def test_the_demo_funnel_falls_step_by_step_on_the_start_page(client, demo_data, email):
    client.force_login(demo_user(email))
    rows = client.get("/").context["funnel_rows"]
    for column in ("total", "woman", "man", "other"):
        assert non_increasing([row[column] for row in rows]), (column, rows)
    assert rows[0]["total"] > 0


def test_the_demo_funnel_falls_step_by_step_in_the_excel_report(demo_data):
    group_member = demo_user("styrgrupp@goteborg.jobbspar.example")
    agreement = group_member.memberships.get().steering_group.agreement
    report = Report.objects.create(kind=Report.Kind.FOLLOWUP, format=Report.Format.XLSX, requested_by=group_member,
                                   agreement=agreement, period_from=datetime.date(2020, 1, 1),
                                   period_to=datetime.date(2030, 12, 31))
    sheet = load_workbook(io.BytesIO(build(report)))["Tratt"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["Nominerad", "På en kortlista", "Godkända av arbetsgivaren", "Antagen",
                                        "Fullföljt", "Till arbete"]
    for column in range(1, 5):
        assert non_increasing([row[column] for row in rows])


@pytest.mark.parametrize("email", ["styrgrupp@goteborg.jobbspar.example", "koordinator@goteborg.jobbspar.example"])
def test_every_card_on_the_start_page_agrees_with_the_table_beside_it(client, demo_data, email):
    client.force_login(demo_user(email))
    response = client.get("/")
    headline = {str(row["label"]): row["value"] for row in response.context["headline"]}
    listed = len(response.context["tracks"])
    assert headline["Pågående jobbspår"] == listed
    assert response.content.decode().count('<tr><td><a href="/tracks/') == listed
