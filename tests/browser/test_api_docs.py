"""The API's documentation page in a browser: rendered from the schema, under the site's strict
CSP with nothing from elsewhere, accessible and phone-sized, and its schema link works."""

import pytest

from .conftest import visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_page_lists_every_endpoint_and_links_the_schema(page, reference_data):
    visit(page, "/api/docs/")
    main = page.locator("main")
    assert main.get_by_role("heading", level=1).inner_text() == "Jobbspårs API 1.0.0"
    assert main.locator("h3").count() == 11
    assert "GET /api/v1/tracks/" in main.inner_text()
    schema = page.request.get(main.get_by_role("link", name="OpenAPI 3-schemat (JSON)").get_attribute("href"))
    assert schema.json()["info"]["title"] == "Jobbspår API"
