"""Providers in the track, in a browser: a provider publishes a module with an intake; the
coordinator finds it in the catalogue and adds it to a chain with a gap, and the gap closes; the
provider reports a week's attendance with an absence (the learner's second in three weeks) and an
interruption; the coordinator finds the deviation among the reminders and the track's events.
axe-core checks every page, at a phone's width too."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from tracks.models import Track
from tracks.services import track_gaps

from .conftest import a11y, log_in, visit

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER = "utbildning@komvux.jobbspar.example"
COORDINATOR = "koordinator@goteborg.jobbspar.example"


def submit(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    a11y(page)


def test_a_module_fills_a_gap_and_a_providers_deviation_reaches_the_coordinator(page, demo_data):
    nurses = Track.objects.get(title="Undersköterskor till Omsorgspartner Väst")
    [gap] = track_gaps(nurses)

    # The provider publishes a module and an intake that covers the gap exactly.
    log_in(page, PROVIDER, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=2, name="Närvaro att rapportera för vecka", exact=False)).to_be_visible()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Våra kurser").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_role("link", name="Ny kurs").click()
    page.wait_for_load_state()
    a11y(page)
    page.select_option("#id_kind", "vocational_swedish")
    page.fill("#id_title", "Vårdsvenska intensiv")
    page.fill("#id_weeks", "4")
    page.fill("#id_hours_per_week", "20")
    page.fill("#id_places", "12")
    submit(page, "Publicera kursen")
    expect(page.locator(".error-summary")).to_contain_text("Ange var kursen ges")
    page.select_option("#id_municipality", "1480")
    submit(page, "Publicera kursen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vårdsvenska intensiv")
    page.get_by_role("link", name="Ändra kursen").click()
    page.wait_for_load_state()
    a11y(page)
    page.fill("#id_language_support", "arabiska, dari")
    submit(page, "Spara")
    expect(page.locator("main dl")).to_contain_text("arabiska, dari")
    page.fill("#id_intake-start_date", gap.start.isoformat())
    page.fill("#id_intake-end_date", gap.end.isoformat())
    page.fill("#id_intake-free_places", "8")
    submit(page, "Publicera kursstarten")
    expect(page.locator("#intakes table")).to_contain_text(gap.start.isoformat())

    # The coordinator searches the catalogue from the track's chain and adds it: the gap closes.
    page.context.clear_cookies()
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, f"/tracks/{nurses.pk}/chain/")
    expect(page.locator("#chain")).to_contain_text("Glapp")
    page.get_by_role("link", name="Sök i anordnarnas katalog").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_label("Ord i kursnamnet eller anordnarens namn").fill("Vårdsvenska")
    submit(page, "Sök")
    page.get_by_role("button", name=f"Lägg till i kedjan Vårdsvenska intensiv {gap.start.isoformat()}").click()
    page.wait_for_load_state()
    a11y(page)
    expect(page.locator(".messages")).to_contain_text("Vårdsvenska intensiv är tillagd i kedjan")
    expect(page.locator("#chain table")).to_contain_text("Vårdsvenska intensiv")
    expect(page.locator("#chain")).not_to_contain_text("Glapp")

    # The provider reports last week: one absence (the learner's second in three weeks), and an
    # interruption for another learner.
    page.context.clear_cookies()
    log_in(page, PROVIDER, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Deltagare hos oss").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_role("link", name="Rapportera närvaro Yrkessvenska för fastighetsskötare").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_role("link", name="Föregående vecka").click()
    page.wait_for_load_state()
    a11y(page)
    selects = page.locator("select[id^=status-]")
    for n in range(selects.count()):
        selects.nth(n).select_option("present")
    first = page.locator("table.attendance tbody tr").first
    absent = first.get_by_role("rowheader").inner_text()
    first.locator("select[id^=status-]").select_option("absent")
    submit(page, "Spara veckan")
    expect(page.locator(".error-summary")).to_contain_text("var frånvarande")
    page.locator("table.attendance tbody tr").first.locator("select[id^=reason-]").select_option("illness")
    submit(page, "Spara veckan")
    expect(page.locator(".messages")).to_contain_text("Närvaron är sparad")
    second = page.locator("table.attendance tbody tr").nth(1)
    second.get_by_role("link", name="Slutförd eller avbruten").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_label("Avbruten").check()
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_reason", "Har flyttat till en annan kommun.")
    submit(page, "Spara")
    expect(page.locator("table.attendance")).to_contain_text("Avbruten")

    # The coordinator is told: in the reminders, and on the track's events.
    page.context.clear_cookies()
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, "/accounts/notifications/")
    expect(page.locator("main")).to_contain_text("Fatima Ali rapporterade en avvikelse")
    caretakers = Track.objects.get(title="Fastighetsskötare hos Framtidens Bostäder")
    visit(page, f"/tracks/{caretakers.pk}/events/")
    expect(page.locator("#events table")).to_contain_text("Rapporterade en avvikelse")
    expect(page.locator("#events table")).to_contain_text("Rapporterade närvaro")
    # The events page names the learner (a logged read); the reminder did not.
    assert absent

    # A three-way follow-up: the coordinator books it, the provider writes its part, the coordinator reads it.
    visit(page, f"/tracks/{caretakers.pk}/people/")
    page.locator("#people a", has_text="Boka ett trepartsmöte").first.click()
    page.wait_for_load_state()
    a11y(page)
    page.fill("#id_date", (timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    page.fill("#id_time", "10:00")
    page.fill("#id_place", "Vuxenutbildningen, rum 12")
    submit(page, "Boka mötet")
    expect(page.locator(".messages")).to_contain_text("Trepartsmötet är bokat")
    expect(page.locator("#people")).to_contain_text("Vuxenutbildningen, rum 12")
    page.context.clear_cookies()
    log_in(page, PROVIDER, DEMO_PASSWORD)
    visit(page, "/tracks/learners/")
    page.get_by_role("link", name="Skriv er del").first.click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_label("Hur det går för deltagaren i er kurs").fill("Deltar aktivt och behöver stöd med fackord.")
    submit(page, "Spara")
    expect(page.locator(".messages")).to_contain_text("koordinatorn ser den")
    page.context.clear_cookies()
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, f"/tracks/{caretakers.pk}/people/")
    page.locator("#people a", has_text="Uppföljning").first.click()
    page.wait_for_load_state()
    a11y(page)
    expect(page.locator("main")).to_contain_text("Deltar aktivt och behöver stöd med fackord.")
