"""The KPI formulas on a small hand-built set with known answers, and on an empty set."""

import datetime

import pytest

from reports.kpis import compute, share
from tracks import services
from tracks.models import Candidacy, OutcomeCheck, Track

from .factories import ParticipantFactory, make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture(world):
    """One more track: 5 nominated (3 women, 2 men); 4 shortlisted; 3 approved and enrolled
    1 Sep 2026; outcomes: a woman to work on 1 Dec (91 days), a man to work with subsidy on
    31 Dec (121 days), a woman left early. One +90 check recorded: still employed."""
    coordinator = world.user("coordinator")
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer])
    people = [ParticipantFactory(gender=g) for g in ("woman", "woman", "woman", "man", "man")]
    candidacies = [Candidacy.objects.create(track=track, participant=p, nominated_by=coordinator,
                                            nominating_organisation=world.home.municipality, motivation="x") for p in people]
    shortlist = services.shortlist_create(track=track, employer=world.home.employer, candidacies=candidacies[:4],
                                          deadline=datetime.date(2099, 1, 1), actor=coordinator)
    services.shortlist_send(shortlist=shortlist, actor=coordinator)
    entries = {e.candidacy_id: e for e in shortlist.entries.all()}
    for c in (candidacies[0], candidacies[1], candidacies[3]):
        services.shortlist_decide(entry=entries[c.pk], actor=world.user("employer"), decision="approved")
        c.refresh_from_db()
        services.candidacy_enrol(candidacy=c, actor=coordinator, start=datetime.date(2026, 9, 1))
    services.shortlist_decide(entry=entries[candidacies[2].pk], actor=world.user("employer"), decision="declined", reason="swedish")
    services.outcome_record(candidacy=candidacies[0], actor=coordinator, kind="employment", date=datetime.date(2026, 12, 1),
                            employer=world.home.employer, employment_form="permanent")
    services.outcome_record(candidacy=candidacies[3], actor=coordinator, kind="subsidised", date=datetime.date(2026, 12, 31),
                            subsidy="new_start", employer=world.home.employer, employment_form="fixed_term")
    services.outcome_record(candidacy=candidacies[1], actor=coordinator, kind="left_early", date=datetime.date(2026, 10, 1),
                            reason="Flyttade.")
    check = OutcomeCheck.objects.get(candidacy=candidacies[0], days_after=90)
    services.outcome_check_record(check=check, actor=coordinator, status="employment")
    return Track.objects.filter(pk=track.pk)


def test_kpis_counts_and_shares(fixture):
    k = compute(fixture)
    assert k.tracks_by_phase == {"planning": 1}
    assert (k.started, k.completed, k.left_early) == (3, 2, 1)
    assert k.outcomes == {"employment": 1, "subsidised": 1, "left_early": 1}
    assert (k.share_to_work, k.share_to_studies) == (0.6667, 0.0)


def test_kpis_funnel_with_gender(fixture):
    assert compute(fixture).funnel == [
        ("nominated", 5, {"woman": 3, "man": 2}),
        ("shortlisted", 4, {"woman": 3, "man": 1}),
        ("approved", 3, {"woman": 2, "man": 1}),
        ("enrolled", 3, {"woman": 2, "man": 1}),
        ("completed", 2, {"woman": 1, "man": 1}),
        ("work", 2, {"woman": 1, "man": 1}),
    ]


def test_kpis_splits_median_and_checks(fixture):
    k = compute(fixture)
    assert k.by["gender"] == {"woman": {"employment": 1, "left_early": 1}, "man": {"subsidised": 1}}
    assert k.by["employer_sector"] == {"private": {"employment": 1, "subsidised": 1}, None: {"left_early": 1}}
    assert k.median_days_to_work == 106  # median of 91 and 121
    assert k.checks == {90: {"employment": 1}}


def test_kpis_empty_set_divides_by_nothing(db):
    k = compute(Track.objects.none())
    assert (k.started, k.share_to_work, k.share_to_studies, k.median_days_to_work) == (0, 0.0, 0.0, None)
    assert [total for _step, total, _g in k.funnel] == [0, 0, 0, 0, 0, 0]
    assert share(1, 0) == 0.0


def test_steering_start_page_shows_the_kpis_of_its_agreement(client, world):
    from django.urls import reverse

    from reports.kpis import compute

    client.force_login(world.user("steering"))
    response = client.get(reverse("dashboard"))
    expected = compute(Track.objects.filter(agreement=world.home.steering_group.agreement))
    assert response.context["kpis"] == expected
    page = response.content.decode()
    assert "Andel till arbete" in page and "Duas uppföljning: 50 %" in page
    assert f"<th scope=\"row\">Nominerad</th><td>{expected.funnel[0][1]}</td>" in page
