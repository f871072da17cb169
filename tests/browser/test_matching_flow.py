"""Match first, with the shared vocabulary: the coordinator asks for licence B on a track's profile,
records a validated competence by typing it into the combobox, ticks the person's licence, and the
candidates' matrix turns from "partly" to "met"; the employer sees every requirement's state on the
shortlist. axe-core checks each page, the open list of suggestions too (and with it, that it fits a phone)."""

import pytest
from playwright.sync_api import expect

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from tracks.matching import MET
from tracks.models import Track
from tracks.selectors import ranked_candidates

from .conftest import a11y, log_in, tab, visit

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "koordinator@goteborg.jobbspar.example"
EMPLOYER = "arbetsgivare@bostad.jobbspar.example"


def cell(page, person, column):
    """The matrix cell of one candidate under one requirement, read as a user reads it."""
    headers = page.locator("table.matrix thead th").all_inner_texts()
    index = next(n for n, text in enumerate(headers) if text.startswith(column))
    return page.locator("table.matrix tbody tr", has=page.get_by_role("rowheader", name=person)).locator("th, td").nth(index)


def test_vocabulary_licences_and_validation_reach_the_matrix(page, demo_data):
    track = Track.objects.get(title="Lokalvårdare i bostadsområdena")
    _demand, ranked = ranked_candidates(track)
    # Someone without a driving licence whose cleaning competence is only self-reported.
    candidacy, match = next((c, m) for c, m in ranked if not c.participant.licence_concepts.exists()
                            and not c.participant.competences.exclude(source="self_assessed").exists())
    person = candidacy.participant
    cleaning = next(r for r in _demand.requirements if r.kind == "must" and r.validation == "industry")
    assert match.by_key()[f"r{cleaning.pk}"].status != MET

    log_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, f"/tracks/{track.pk}/")
    tab(page, "Kravprofil")
    page.locator("#profile summary", has_text="Svenska, körkort och utbildning").click()
    page.locator("#profile").get_by_label("B", exact=True).check()
    page.locator("#profile form", has=page.get_by_role("button", name="Spara")).get_by_role("button", name="Spara").click()
    expect(page.locator("#profile dl")).to_contain_text("B")
    a11y(page)

    # The person's page: the competence is typed, chosen from the suggestions, and its evidence given.
    visit(page, person.get_absolute_url())
    page.locator("#competences summary", has_text="Lägg till en kompetens").click()
    page.fill("#id_competence-competence", "Lokalvård")
    expect(page.locator("#id_competence-competence-list [role=option]").first).to_be_visible()
    a11y(page)  # with the list of suggestions open
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Lägg till kompetens").click()
    page.wait_for_load_state()
    a11y(page)
    # "Lokalvård" names the cleaning concept the person already holds, self-reported: the form says
    # so, and the way on is to validate what is there.
    expect(page.locator("#competences")).to_contain_text("Städtjänster finns redan")
    page.get_by_role("link", name="Bedöm eller validera Städtjänster").click()
    page.wait_for_load_state()
    a11y(page)
    page.select_option("#id_source", label="Validerad")
    page.fill("#id_validated_on", "2026-10-01")
    page.fill("#id_validated_by", "Almega, branschvalidering")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    a11y(page)
    expect(page.locator("#competences table")).to_contain_text("Validerad")

    visit(page, f"/participants/{person.pk}/edit/")
    page.get_by_label("B", exact=True).check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    a11y(page)

    # The matrix: both must-requirements now met, said in words.
    visit(page, f"/tracks/{track.pk}/candidates/")
    expect(cell(page, person.full_name, cleaning.label)).to_contain_text("Uppfyllt")
    expect(cell(page, person.full_name, "Körkort B")).to_contain_text("Uppfyllt")

    # The adapted profile is offered to the shared library; free text waits to be mapped.
    visit(page, f"/tracks/{track.pk}/profile/")
    page.locator("#profile summary", has_text="Publicera i det gemensamma biblioteket").click()
    page.fill("#id_publish-note", "Körkort B krävs nu i bostadsområdena.")
    page.get_by_role("button", name="Begär godkännande").click()
    page.wait_for_load_state()
    a11y(page)
    visit(page, "/employers/profiles/")
    page.get_by_role("link", name="Profiler föreslagna till biblioteket").click()
    page.wait_for_load_state()
    a11y(page)
    expect(page.locator("main")).to_contain_text("Väntar på godkännande")
    visit(page, "/employers/profiles/")
    page.get_by_role("link", name="Kompetenser skrivna som fritext, att koppla till begreppslistan").click()
    page.wait_for_load_state()
    a11y(page)
    expect(page.locator("main")).to_contain_text("Kemikaliehantering")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    a11y(page)

    # The employer sees each shortlisted candidate against every requirement, never a personnummer.
    log_in(page, EMPLOYER, DEMO_PASSWORD)
    shortlist = track.shortlists.get()
    visit(page, f"/tracks/shortlists/{shortlist.pk}/")
    tables = page.locator("table.checks")
    expect(tables.first).to_be_visible()
    for n in range(tables.count()):
        text = tables.nth(n).inner_text()
        assert cleaning.label in text and "Körkort B" in text
    assert not any(c.participant.personnummer[-4:] in page.content() for c, _m in ranked)
