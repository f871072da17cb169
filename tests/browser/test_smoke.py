import re

import pytest
from playwright.sync_api import expect

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD, USERS

from .conftest import a11y, log_in, visit

pytestmark = pytest.mark.django_db(transaction=True)

# What each demo role's start page says first (the <h1>), in Swedish.
HEADINGS = {
    "koordinator@goteborg.jobbspar.example": "Dina jobbspår",
    "koordinator@af.jobbspar.example": "Dina jobbspår",
    "koordinator@trollhattan.jobbspar.example": "Dina jobbspår",
    "koordinator@jokkmokk.jobbspar.example": "Dina jobbspår",
    "handlaggare@goteborg.jobbspar.example": "Kommunens jobbspår",
    "handlaggare@trollhattan.jobbspar.example": "Kommunens jobbspår",
    "arbetsformedlare@goteborg.jobbspar.example": "Jobbspår med Arbetsförmedlingen",
    "arbetsgivare@bostad.jobbspar.example": "Jobbspår för Framtidens Bostäder AB",
    "arbetsgivare@omsorg.jobbspar.example": "Jobbspår för Omsorgspartner Väst AB",
    "arbetsgivare@handel.jobbspar.example": "Jobbspår för Handelshuset i Trollhättan AB",
    "styrgrupp@goteborg.jobbspar.example": "Styrgruppen Göteborg",
    "utbildning@komvux.jobbspar.example": "Göteborgs vuxenutbildning (Komvux och Yrkesvux)",
    "utbildning@amu.jobbspar.example": "Arbetsmarknadsutbildning Väst AB",
    "utbildning@sfi.jobbspar.example": "SFI-skolan i Trollhättan",
    "admin@jobbspar.example": "Administration",
    "dataskydd@jobbspar.example": "Integritet",
}
# Where the header says the user works.
PLACES = {
    "koordinator@goteborg.jobbspar.example": "Koordinator, Göteborgs kommun",
    "koordinator@af.jobbspar.example": "Koordinator, AF Göteborg",
    "koordinator@trollhattan.jobbspar.example": "Koordinator, Trollhättans kommun",
    "koordinator@jokkmokk.jobbspar.example": "Koordinator, Jokkmokks kommun",
    "handlaggare@goteborg.jobbspar.example": "Kommunhandläggare, Göteborgs kommun",
    "handlaggare@trollhattan.jobbspar.example": "Kommunhandläggare, Trollhättans kommun",
    "arbetsformedlare@goteborg.jobbspar.example": "Arbetsförmedlare, AF Göteborg",
    "arbetsgivare@bostad.jobbspar.example": "Arbetsgivarrepresentant, Framtidens Bostäder AB",
    "arbetsgivare@omsorg.jobbspar.example": "Arbetsgivarrepresentant, Omsorgspartner Väst AB",
    "arbetsgivare@handel.jobbspar.example": "Arbetsgivarrepresentant, Handelshuset i Trollhättan AB",
    "styrgrupp@goteborg.jobbspar.example": "Styrgruppsledamot, Styrgruppen Göteborg",
    "utbildning@komvux.jobbspar.example": "Utbildningsanordnare, Göteborgs vuxenutbildning (Komvux och Yrkesvux)",
    "utbildning@amu.jobbspar.example": "Utbildningsanordnare, Arbetsmarknadsutbildning Väst AB",
    "utbildning@sfi.jobbspar.example": "Utbildningsanordnare, SFI-skolan i Trollhättan",
    "admin@jobbspar.example": "Administratör, Jobbspårs driftorganisation",
    "dataskydd@jobbspar.example": "Dataskyddsansvarig, Jobbspårs driftorganisation",
}


def test_every_demo_role_reaches_its_dashboard(page, demo_data):
    assert sorted(HEADINGS) == sorted(email for email, *_ in USERS)
    for email, *_ in USERS:
        log_in(page, email, DEMO_PASSWORD)
        assert page.url.endswith("/")
        assert page.locator("h1").inner_text() == HEADINGS[email]
        assert " ".join(page.locator(".who__role").text_content().split()) == f"Arbetar som {PLACES[email]}"
        assert "påminnelse" in page.locator("nav.site-nav").inner_text().lower()  # seed_demo leaves every role one
        page.get_by_role("button", name="Logga ut").click()
        page.wait_for_load_state()
        a11y(page)
        assert page.locator("h1").inner_text() == "Logga in på Jobbspår"


def test_wrong_password_shows_error_summary(page, demo_data):
    log_in(page, "koordinator@goteborg.jobbspar.example", "wrong-password")
    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading").inner_text() == "Det finns ett problem"
    assert "Fel e-postadress eller lösenord." in summary.inner_text()


def test_language_can_be_switched_to_english(page):
    visit(page, "/accounts/login/")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt språk").click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("h1").inner_text() == "Log in to Jobbspår"
    assert page.locator("html").get_attribute("lang") == "en"


def test_skip_link_moves_focus_to_main(page, demo_data):
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_reminders_page(page, demo_data):
    log_in(page, "arbetsgivare@handel.jobbspar.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Påminnelser").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_role("button", name=re.compile("Påminnelse: ta ställning")).first.click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("h1").inner_text().startswith("Kandidater till")


def test_on_a_phone_the_menu_is_a_button(page, demo_data):
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_by_role("link", name="Jobbspår").is_visible()  # a wide screen shows the links
    page.set_viewport_size({"width": 390, "height": 844})
    button = menu.locator("summary", has_text="Meny")
    expect(button).to_be_visible()  # the menu follows the window's width as it changes
    expect(menu.get_by_role("link", name="Jobbspår")).to_be_hidden()
    button.click()
    expect(menu.get_by_role("link", name="Jobbspår")).to_be_visible()
    menu.get_by_role("link", name="Jobbspår").click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("h1").inner_text() == "Jobbspår"


def test_the_coordinators_todo_counts_lead_to_the_whole_list(page, demo_data):
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    counts = page.locator("#todo .todo-counts li")
    expect(counts.first).to_be_visible()  # swapped in by htmx after the page loaded
    a11y(page)
    first = counts.first.inner_text()  # e.g. "Uppgifter: 7"
    label, number = first.rsplit(":", 1)
    page.get_by_role("link", name="Allt du har att göra").click()
    page.wait_for_load_state()
    a11y(page)
    assert f"{label.strip()} ({number.strip()})" in page.locator("main").inner_text()


def test_the_nomination_picker_narrows_as_one_types(page, demo_data):
    log_in(page, "arbetsformedlare@goteborg.jobbspar.example", DEMO_PASSWORD)
    visit(page, "/tracks/nominate/")
    options = page.locator("#id_participant option")
    before = options.count()
    name = options.nth(1).inner_text().split(" (")[0]  # "Efternamn, Förnamn"
    page.get_by_label("Hitta deltagaren: namn eller personnummer").fill(name.split(",")[0])
    expect(options).not_to_have_count(before)  # htmx swapped in the matching options
    assert all(name.split(",")[0] in text for text in options.all_inner_texts() if text.strip() and "---" not in text)
    a11y(page)
