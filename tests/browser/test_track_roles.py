"""Each demo role opens the track pages it works with; every page passes axe-core."""

import datetime

import pytest

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from tracks.models import LetterOfIntent, Problem, Track

from .conftest import a11y, log_in, tab, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_sees_track_list_workspace_with_gap_and_library(page, demo_data):
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    visit(page, "/tracks/")
    assert page.locator("table tbody tr").count() == 5
    visit(page, "/tracks/?phase=planning")
    page.get_by_role("link", name="Undersköterskor till Omsorgspartner Väst").click()
    page.wait_for_load_state()
    a11y(page)
    tab(page, "Insatskedja")
    assert "Glapp: ingen insats" in page.locator("#chain").inner_text()
    assert page.locator("#chain svg title").count() == 1
    visit(page, "/employers/profiles/")
    assert page.locator("article h2").count() == 4


def test_employer_signs_the_letter_sent_to_it(page, demo_data):
    letter = LetterOfIntent.objects.get(status="sent", employer__name="Omsorgspartner Väst AB")
    log_in(page, "arbetsgivare@omsorg.jobbspar.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Avsiktsförklaring för Undersköterskor till Omsorgspartner Väst").click()
    page.wait_for_load_state()
    a11y(page)
    page.fill("#id_title", "Verksamhetschef")
    page.fill("#id_signed_on", datetime.date.today().isoformat())
    page.get_by_role("button", name="Skriv under avsiktsförklaringen").click()
    page.wait_for_load_state()
    a11y(page)
    letter.refresh_from_db()
    assert (letter.status, letter.signed_by_name, letter.signed_by_title) == ("signed", "Leila Karimi", "Verksamhetschef")
    # The employer's view of the track: its parts, not the coordinator's checklist or problems.
    assert page.locator("#letters").count() == 1 and page.locator("#checklist").count() == 0


def test_steering_group_decides_the_escalated_problem(page, demo_data):
    problem = Problem.objects.get(escalated_at__isnull=False)
    log_in(page, "styrgrupp@goteborg.jobbspar.example", DEMO_PASSWORD)
    page.get_by_role("link", name=problem.title).click()
    page.wait_for_load_state()
    a11y(page)
    assert "Kan parterna avsätta två handledare" in page.locator("main").inner_text()
    page.fill("#id_decision", "Bolaget frigör två handledare från v. 14; AF bidrar med handledarutbildning.")
    page.fill("#id_owner", "Framtidens Bostäder, Johan Berg")
    page.fill("#id_due", "2099-04-03")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_load_state()
    a11y(page)
    problem.refresh_from_db()
    assert problem.decided_at is not None
    visit(page, problem.track.get_absolute_url())
    tab(page, "Problem")
    assert "Bolaget frigör två handledare" in page.locator("#problems").inner_text()


@pytest.mark.parametrize("email", ["handlaggare@trollhattan.jobbspar.example", "arbetsformedlare@goteborg.jobbspar.example"])
def test_officers_read_their_tracks(page, demo_data, email):
    log_in(page, email, DEMO_PASSWORD)
    links = page.locator("main table a")
    assert links.count() >= 1
    links.first.click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("#phase form").count() == 0  # read-only: no phase buttons
    assert Track.objects.exists()
