"""The privacy officer's pages in the browser, axe-checked: the access log searched by a person's
number, the monthly review, a register extract, and the retention rules with their dry run."""

import re

import pytest

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from participants.models import Participant

from .conftest import a11y, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def follow(page, name):
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()
    a11y(page)


def test_privacy_officer_reviews_the_log_and_makes_a_register_extract(page, demo_data):
    person = Participant.objects.filter(candidacies__track__title="Fastighetsskötare hos Framtidens Bostäder").first()
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    page.goto(person.get_absolute_url())
    a11y(page)
    follow(page, "Ändringshistorik")
    assert page.get_by_role("heading", name="Personuppgifter: vem som ändrade vad, nyast först").is_visible()
    # The changes in the person's tracks are rendered by tracks and swapped in by htmx.
    page.get_by_role("heading", name="Jobbspår: vem som ändrade vad, nyast först").wait_for()
    a11y(page)
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    a11y(page)

    log_in(page, "dataskydd@jobbspar.example", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Integritet"
    follow(page, "Åtkomstlogg")
    page.get_by_label("Deltagarens personnummer").fill(person.personnummer_formatted)
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state()
    a11y(page)
    assert "Karin Lindqvist" in page.locator("table").inner_text()

    follow(page, "Månatlig loggranskning")
    assert page.get_by_role("heading", name="Alla som läste personuppgifter").is_visible()
    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile("Ladda ner granskningen")).click()
    assert pdf.value.suggested_filename.startswith("loggranskning-")

    follow(page, "Registerutdrag")
    page.get_by_label("Personnummer").fill(person.personnummer_formatted)
    with page.expect_download() as extract:
        page.get_by_role("button", name="Ta fram registerutdraget").click()
    assert extract.value.suggested_filename.startswith(f"registerutdrag-{person.pk}-")

    follow(page, "Gallring")
    assert page.get_by_role("heading", name="Nästa körning (provkörning)").is_visible()


def test_administrator_changes_the_retention_rules(page, demo_data):
    log_in(page, "admin@jobbspar.example", DEMO_PASSWORD)
    follow(page, "Gallringsregler och nästa körning")
    page.get_by_label("pseudonymisera personuppgifter efter (månader)").fill("0")
    page.get_by_role("button", name="Spara reglerna").click()
    page.wait_for_load_state()
    a11y(page)
    assert "Ange ett tal från 1 till 1200." in page.locator(".error-summary").inner_text()
    page.get_by_label("pseudonymisera personuppgifter efter (månader)").fill("48")
    page.get_by_role("button", name="Spara reglerna").click()
    page.wait_for_load_state()
    a11y(page)
    assert "Gallringsreglerna är sparade." in page.locator(".messages").inner_text()
