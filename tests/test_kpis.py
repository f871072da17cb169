"""The KPI formulas on a small hand-built set with known answers, and on an empty set."""

import pytest

from reports.kpis import by_track, compute, share
from tracks.models import Track

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


def test_kpis_counts_and_shares(kpi_tracks):
    k = compute(kpi_tracks)
    assert k.tracks_by_phase == {"planning": 1}
    assert (k.started, k.completed, k.left_early) == (3, 2, 1)
    assert k.outcomes == {"employment": 1, "subsidised": 1, "left_early": 1}
    assert (k.share_to_work, k.share_to_studies) == (0.6667, 0.0)


def test_kpis_funnel_with_gender(kpi_tracks):
    assert compute(kpi_tracks).funnel == [
        ("nominated", 5, {"woman": 3, "man": 2}),
        ("shortlisted", 4, {"woman": 3, "man": 1}),
        ("approved", 3, {"woman": 2, "man": 1}),
        ("enrolled", 3, {"woman": 2, "man": 1}),
        ("completed", 2, {"woman": 1, "man": 1}),
        ("work", 2, {"woman": 1, "man": 1}),
    ]


def test_kpis_splits_median_and_checks(kpi_tracks):
    k = compute(kpi_tracks)
    assert k.by["gender"] == {"woman": {"employment": 1, "left_early": 1}, "man": {"subsidised": 1}}
    assert k.by["education"] == {"post_secondary": {"employment": 1}, "upper_secondary": {"subsidised": 1, "left_early": 1}}
    assert k.by["municipality"] == {"Göteborg": {"employment": 1, "left_early": 1}, "Trollhättan": {"subsidised": 1}}
    assert k.by["target_group"] == {
        "young": {"employment": 1}, "newly_arrived": {"employment": 1, "subsidised": 1}, None: {"left_early": 1},
    }
    assert k.by["employer_sector"] == {"private": {"employment": 1, "subsidised": 1, "left_early": 1}}
    assert k.by["employer_size"] == {"small": {"employment": 1, "subsidised": 1, "left_early": 1}}
    assert k.median_days_to_work == 106  # median of 91 and 121
    assert k.checks == {90: {"employment": 1}}


def test_kpis_split_shares(kpi_tracks):
    women = compute(kpi_tracks).split("gender")["woman"]
    assert (women.total, women.to_work, women.share_to_work, women.share_to_studies) == (2, 1, 0.5, 0.0)
    newly_arrived = compute(kpi_tracks).split("target_group")["newly_arrived"]
    assert (newly_arrived.total, newly_arrived.share_to_work) == (2, 1.0)


def test_kpis_outcome_shares_sum_to_one(kpi_tracks):
    k = compute(kpi_tracks)
    assert k.outcome_shares == {"employment": 0.3333, "subsidised": 0.3333, "left_early": 0.3333}
    assert (k.tracks, k.total_outcomes, k.to_work) == (1, 3, 2)


def test_kpis_run_a_fixed_number_of_queries(kpi_tracks, django_assert_num_queries):
    with django_assert_num_queries(6):
        compute(kpi_tracks)


def test_kpis_by_track(kpi_tracks):
    figures = by_track(kpi_tracks)[kpi_tracks.get().pk]
    assert (figures.nominated, figures.started, figures.completed, figures.left_early) == (5, 3, 2, 1)
    assert (figures.outcomes, figures.to_work, figures.to_studies, figures.share_to_work) == (3, 2, 0, 0.6667)


def test_kpis_empty_set_divides_by_nothing(db):
    k = compute(Track.objects.none())
    assert (k.started, k.share_to_work, k.share_to_studies, k.median_days_to_work) == (0, 0.0, 0.0, None)
    assert [total for _step, total, _g in k.funnel] == [0, 0, 0, 0, 0, 0]
    assert share(1, 0) == 0.0
    assert k.by == {"gender": {}, "education": {}, "municipality": {}, "target_group": {}, "employer_size": {},
                    "employer_sector": {}}


def test_steering_start_page_shows_the_kpis_of_its_agreement(client, world):
    from django.urls import reverse

    from reports.kpis import compute

    client.force_login(world.user("steering"))
    response = client.get(reverse("dashboard"))
    expected = compute(Track.objects.filter(agreement=world.home.steering_group.agreement))
    assert response.context["kpis"] == expected
    page = response.content.decode()
    assert "Andel till arbete" in page and "DUA:s uppföljning: 50\u00a0%" in page
    assert f"<th scope=\"row\">Nominerad</th><td>{expected.funnel[0][1]}</td>" in page
