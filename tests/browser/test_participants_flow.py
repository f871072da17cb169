"""The municipality officer registers a job seeker and nominates them; the coordinator sees them ranked."""

import pytest

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from participants.models import Participant
from tracks.models import Candidacy

from .conftest import a11y, log_in, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_registers_and_nominates_coordinator_ranks(page, demo_data):
    log_in(page, "handlaggare@trollhattan.jobbspar.example", DEMO_PASSWORD)
    visit(page, "/participants/new/")
    page.fill("#id_first_name", "Samira")
    page.fill("#id_last_name", "Quist")
    page.fill("#id_personnummer", "19900412-1234")  # wrong check digit first
    page.select_option("#id_gender", "man")
    page.select_option("#id_education_level", "upper_secondary")
    page.select_option("#id_swedish_level", "sas_basic")
    page.check("#id_registered_at_af")
    assert page.input_value("#id_home_municipality") == "1488"  # the officer's own municipality
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    a11y(page)
    assert "Ange ett giltigt personnummer" in page.locator(".error-summary").inner_text()
    assert page.input_value("#id_last_name") == "Quist"  # nothing typed is lost
    page.fill("#id_personnummer", "19900412-1233")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    a11y(page)
    person = Participant.objects.get(last_name="Quist")
    assert "19900412-****" in page.locator("#identity").inner_text()

    page.get_by_role("button", name="Visa personnummer").click()
    page.locator("#identity strong").wait_for()
    assert page.locator("#identity strong").inner_text() == "19900412-1233"
    a11y(page)

    page.get_by_role("link", name="Nominera till ett jobbspår").click()
    page.wait_for_load_state()
    a11y(page)
    page.select_option("#id_track", label="Butikssäljare i Trollhättan")
    page.fill("#id_motivation", "Har arbetat i butik i tre år.")
    page.get_by_role("button", name="Nominera", exact=True).click()
    page.wait_for_load_state()
    a11y(page)
    candidacy = Candidacy.objects.get(participant=person)
    assert candidacy.status == "nominated"

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    a11y(page)
    coordinator = candidacy.track.coordinators.first()
    log_in(page, coordinator.email, DEMO_PASSWORD)
    visit(page, f"/tracks/{candidacy.track_id}/candidates/")
    assert "Samira Quist" in page.locator("main").inner_text()
