"""The accessibility statement in a browser: found from the footer, read, and a problem reported
without logging in."""

import pytest

from jobbspar.models import AccessibilityReport

from .conftest import a11y, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_finds_the_statement_and_reports_a_problem(page, reference_data):
    visit(page, "/accounts/login/")
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_role("button", name="Skicka rapporten").click()  # empty: the form says what is missing
    page.wait_for_load_state()
    a11y(page)
    page.get_by_label("Vad fungerar inte för dig?").fill("Kartan över insatskedjan går inte att förstå med skärmläsare.")
    page.get_by_role("button", name="Skicka rapporten").click()
    page.wait_for_load_state()
    a11y(page)
    assert "Tack" in page.locator("main").inner_text()
    assert AccessibilityReport.objects.filter(description__startswith="Kartan").exists()
