"""The calendar page in a browser: a coordinator makes a calendar address and reads the feed it
gives; axe-core checks the page, at a phone's width too."""

import pytest
from playwright.sync_api import expect

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD

from .conftest import a11y, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_makes_a_calendar_address(page, demo_data, live_server, settings):
    settings.SITE_URL = live_server.url
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kalender").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_role("button", name="Skapa en kalenderadress").click()
    page.wait_for_load_state()
    a11y(page)
    address = page.get_by_label("Kalenderadress").input_value()
    feed = page.request.get(address)
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text() and "Fastighetsskötare" in feed.text()
    page.get_by_role("button", name="Avsluta adressen").click()
    page.wait_for_load_state()
    a11y(page)
    expect(page.locator(".messages")).to_contain_text("fungerar inte längre")
    assert page.request.get(address).status == 404
