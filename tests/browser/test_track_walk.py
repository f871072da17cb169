"""A coordinator walks a track from creation to closed in a real browser: each gate first
refuses with its reasons, then lets the track through, the work done on each area's page of the
workspace. Every page is checked with axe-core."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from tracks.models import Track

from .conftest import a11y, log_in, tab, visit

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "koordinator@goteborg.jobbspar.example"
EMPLOYER = "arbetsgivare@bostad.jobbspar.example"
TODAY = datetime.date.today().isoformat()


def submit(page, selector="main form button[type=submit]"):
    page.locator(selector).last.click()
    page.wait_for_load_state()
    a11y(page)


def tick_checklist(page, phase_label):
    """Click "Klar" on every open task of one phase; htmx swaps the checklist in place. The
    phases are collapsed groups, the current one open: open this one when it is not."""
    group = page.locator("#checklist details.phase-group", has=page.locator("summary h3", has_text=phase_label))
    open_tasks = group.locator("ul.checklist button[value=done]")
    page.evaluate("window.stillThisPage = true")
    while remaining := open_tasks.count():
        if group.get_attribute("open") is None:
            group.locator("summary").click()
        with page.expect_response(re.compile(r"/checklist/\d+/status/$")):
            open_tasks.first.click()
        # The response arrives before htmx swaps it in; clicking the old list meanwhile is
        # dropped by htmx (a request is still in flight), so wait for the swap itself.
        expect(open_tasks).to_have_count(remaining - 1)
    assert page.evaluate("window.stillThisPage === true"), "htmx swapped the section; the page did not reload"
    a11y(page)


def advance(page):
    if page.locator("#phase").count() == 0:
        tab(page, "Översikt")
    # The response arrives before htmx swaps the new part in: mark the old one, and wait until it
    # has been replaced, so what is read next is the answer (a new phase, or why not).
    page.locator("#phase").evaluate("part => part.dataset.stale = 'yes'")
    with page.expect_response(re.compile(r"/phase/$")):
        page.locator("#phase button", has_text="Gå vidare till").click()
    page.locator("#phase:not([data-stale])").wait_for()


def approve_a_candidate(track):
    from participants.models import Participant
    from tracks.models import Candidacy

    from ..factories import valid_personnummer

    person = Participant.objects.create(first_name="Yonas", last_name="Berhane", personnummer=valid_personnummer(1992),
                                        gender="man", education_level="upper_secondary", registered_at_af=True,
                                        home_municipality_id="1480")
    Candidacy.objects.create(track=track, participant=person, nominated_by=track.coordinators.get(),
                             nominating_organisation=track.lead_municipality, motivation="x", status="approved")


def current_phase(page):
    if page.locator("#phase").count() == 0:
        tab(page, "Översikt")
    return page.locator("#phase [aria-current=step]").inner_text()


def test_coordinator_walks_a_track_from_creation_to_closed(page, demo_data):
    log_in(page, COORDINATOR, DEMO_PASSWORD)

    visit(page, "/tracks/new/")
    page.fill("#id_title", "Fastighetsskötare, omgång höst")
    page.fill("#id_occupation", "Fastighetssköt")
    expect(page.locator("#id_occupation-list [role=option]").first).to_contain_text("Fastighetsskötare")
    a11y(page)  # with the list of suggestions open
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_occupation")).to_have_value("Fastighetsskötare")
    page.select_option("#id_lead_municipality", label="Göteborgs kommun")
    page.select_option("#id_employers", label="Framtidens Bostäder AB")
    page.fill("#id_places", "8")
    page.fill("#id_intended_hires", "6")
    page.fill("#id_planned_start", "2026-09-07")
    page.fill("#id_planned_end", "2027-03-26")
    submit(page)
    assert page.locator("h1").inner_text() == "Fastighetsskötare, omgång höst"
    assert current_phase(page) == "Planering"
    assert "Framtidens Bostäder AB (arbetsgivare): väntar på svar" in page.locator("#details").inner_text()

    # The employer is invited, and takes part only once its representative accepts.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    a11y(page)
    log_in(page, EMPLOYER, DEMO_PASSWORD)
    invitation = page.locator("#invitations-title + p + ul li", has_text="Fastighetsskötare, omgång höst")
    invitation.get_by_role("button", name="Godkänn").click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("h1").inner_text() == "Fastighetsskötare, omgång höst"
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    a11y(page)
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    page.get_by_role("link", name="Fastighetsskötare, omgång höst").first.click()
    page.wait_for_load_state()
    a11y(page)

    # The planning gate refuses, and says why.
    advance(page)
    errors = page.locator("#phase .error-summary li").all_inner_texts()
    assert "Kravprofilen har inga krav." in errors
    assert "Ingen rekryteringsaktivitet är planerad." in errors
    a11y(page)

    # Requirement profile.
    tab(page, "Kravprofil")
    # The occupation's usual competences from the taxonomy are offered while the profile is empty.
    page.get_by_label("Fastighetsskötsel", exact=True).check()
    submit(page, "#profile form button[type=submit] >> nth=0")
    assert "Fastighetsskötsel" in page.locator("#profile table").inner_text()

    # One intervention, on its own page.
    tab(page, "Insatskedja")
    page.locator("#chain a", has_text="Lägg till en insats").click()
    page.wait_for_load_state()
    a11y(page)
    page.select_option("#id_intervention-kind", "vocational_swedish")
    page.fill("#id_intervention-title", "Yrkessvenska för fastighetsskötare")
    page.select_option("#id_intervention-responsible", "municipality")
    page.fill("#id_intervention-start_date", "2026-09-07")
    page.fill("#id_intervention-end_date", "2027-03-26")
    submit(page)
    assert "Yrkessvenska för fastighetsskötare" in page.locator("#chain table").inner_text()

    # The letter of intent: waived, with a reason.
    tab(page, "Avsiktsförklaringar")
    page.locator("#letters summary", has_text="Avstå från avsiktsförklaring").click()
    page.locator("#letters textarea[name=reason]").fill("Bolaget har redan skrivit under den lokala överenskommelsen.")
    submit(page, "#letters form button[type=submit] >> text=Avstå")
    assert "Behövs inte" in page.locator("#letters h3").inner_text()

    # A recruitment activity.
    tab(page, "Rekryteringsaktiviteter")
    page.locator("#activities summary", has_text="Planera en aktivitet").click()
    page.select_option("#id_activity-kind", "speed_dating")
    page.fill("#id_activity-starts_at", "2026-08-20T10:00")
    page.fill("#id_activity-place", "Stadsbiblioteket, Götaplatsen")
    page.fill("#id_activity-organiser", "AF Göteborg")
    submit(page, "#activities form button[type=submit]")

    tab(page, "Checklista")
    tick_checklist(page, "Planering")
    advance(page)
    assert current_phase(page) == "Rekrytering"
    a11y(page)

    # Recruitment → execution: someone must be approved by the employer and enrolled. The
    # nomination and the employer's approval are walked in test_shortlist_flow; here the
    # approved candidate is enrolled through the coordinator's candidates page.
    tab(page, "Checklista")
    tick_checklist(page, "Rekrytering")
    advance(page)
    assert "Ingen deltagare är godkänd av arbetsgivaren och antagen." in page.locator("#phase .error-summary").inner_text()
    approve_a_candidate(Track.objects.get(title="Fastighetsskötare, omgång höst"))
    page.get_by_role("link", name="Kandidater rangordnade mot kravprofilen").click()
    page.wait_for_load_state()
    a11y(page)
    submit(page, "main form button >> text=Anta")
    assert "Antagen" in page.locator("main").inner_text()
    page.get_by_role("link", name="Fastighetsskötare, omgång höst").click()
    page.wait_for_load_state()
    a11y(page)
    advance(page)
    assert current_phase(page) == "Genomförande"

    # Execution → closing: the planned end is not reached, so every intervention must be finished.
    # One that ends after today cannot be: it is marked finished with the day it really ended.
    tab(page, "Checklista")
    tick_checklist(page, "Genomförande")
    advance(page)
    assert "Det planerade slutet" in page.locator("#phase .error-summary").inner_text()
    tab(page, "Insatskedja")
    page.locator("#chain a", has_text="Ändra").first.click()
    page.wait_for_load_state()
    a11y(page)
    page.check("#id_intervention-finished")
    submit(page)
    assert "En insats som slutar efter i dag kan inte vara avslutad än." in page.locator(".error-summary").inner_text()
    page.fill("#id_intervention-end_date", TODAY)
    submit(page)
    advance(page)
    assert current_phase(page) == "Avslutning"

    # Closing → closed: every participant's outcome, and the evaluation.
    advance(page)
    missing = page.locator("#phase .error-summary").inner_text()
    assert "1 antagen deltagare saknar utfall." in missing and "Utvärderingen är inte skriven." in missing
    tab(page, "Deltagare")
    page.get_by_role("link", name="Registrera utfallet").click()
    page.wait_for_load_state()
    a11y(page)
    page.select_option("#id_kind", "employment")
    page.fill("#id_date", "2099-03-26")
    page.select_option("#id_employment_form", "permanent")
    submit(page)
    assert "Utfallet kan inte dateras efter i dag" in page.locator(".error-summary").inner_text()
    page.fill("#id_date", TODAY)
    submit(page)
    assert "Anställning utan stöd" in page.locator("#people").inner_text()
    tab(page, "Avslutning")
    page.locator("#closing summary", has_text="Skriv utvärderingen").click()
    page.fill("#id_evaluation-evaluation", "Sex av åtta deltagare fick anställning hos bostadsbolaget.")
    submit(page, "#closing form button[type=submit]")
    tab(page, "Checklista")
    tick_checklist(page, "Avslutning")
    advance(page)
    assert current_phase(page) == "Avslutat"
    a11y(page)

    # And a new round, linked to this one.
    submit(page, "#phase form button >> text=Starta en ny omgång")
    assert "omgång 2" in page.locator(".lead").inner_text()
    assert current_phase(page) == "Planering"
