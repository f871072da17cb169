"""The checklist is grouped by phase, the current phase open; a refused "not applicable" (no
reason given) lands the user on the error, which takes focus, with the task's phase open."""

import pytest
from playwright.sync_api import expect

from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from tracks.models import Track

from .conftest import a11y, log_in, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_not_applicable_lands_on_its_error(page, demo_data):
    track = Track.objects.get(title="Undersköterskor till Omsorgspartner Väst")
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    visit(page, f"/tracks/{track.pk}/checklist/")
    groups = page.locator("#checklist details.phase-group")
    assert groups.count() == 4
    current = page.locator("#checklist details.phase-group[open]")
    assert current.count() == 1 and "Planering" in current.locator("summary h3").inner_text()
    task = current.locator("li.checklist__item--open").first
    task.locator("summary", has_text="Ej aktuell").click()
    task.get_by_role("button", name="Markera som ej aktuell").click()
    page.wait_for_load_state()
    a11y(page)
    assert page.url.endswith("#checklist")  # the answer is shown scrolled to the checklist
    summary = page.locator("#checklist .error-summary")
    expect(summary).to_be_focused()
    assert "Planering" in page.locator("#checklist details.phase-group[open] summary").first.inner_text()
