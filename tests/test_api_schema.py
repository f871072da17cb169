"""The API's OpenAPI schema: valid OpenAPI 3, and exercised property-based by schemathesis
against a live server with data and a token of every scope: no 5xx, every status documented,
every response of the documented type and conforming to the schema."""

import datetime

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from drf_spectacular.validation import validate_schema

from jobbspar.api.docs import schema as generated_schema
from jobbspar.api.models import Scope
from jobbspar.api.services import api_client_create
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .personas import build_world

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = 12  # per operation: a bound that keeps the test well under a minute


def test_api_schema_is_valid_openapi_3(db):
    api = generated_schema()
    validate_schema(api)  # against the OpenAPI 3 JSON schema that drf-spectacular ships
    assert api["openapi"].startswith("3.")
    assert sorted(api["components"]["securitySchemes"]) == ["token"]


def test_api_schema_is_served(client, db):
    response = client.get("/api/schema/?format=json")
    assert (response.status_code, response.json()["info"]["title"]) == (200, "Jobbspår API")


@pytest.fixture
def token(transactional_db, reference_data):
    """A home-municipality client with every scope, in a world of tracks and people."""
    world = build_world()
    _client, token = api_client_create(
        name="Schemathesis", organisation=world.home.municipality, role="municipality_officer", scopes=list(Scope.values),
        expires_at=timezone.now() + datetime.timedelta(days=1), actor=world.user("administrator"))
    return token


@pytest.fixture
def unthrottled():
    """The rate limit is its own test's (test_api.py); here it would only stop the examples."""
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**original, "api_client": "100000/min"}
    yield
    SimpleRateThrottle.THROTTLE_RATES = original


def test_api_passes_schemathesis_against_a_live_server(live_server, token, unthrottled):
    api = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    headers = {"Authorization": f"Bearer {token}"}
    tested, statuses = [], set()
    for result in api.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def exercise(case):
            response = case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)
            statuses.add((operation.label, response.status_code))

        exercise()
        tested.append(operation.label)
    assert len(tested) == 11, tested
    # The lists answered with data, not only with refusals.
    assert {label for label, code in statuses if code == 200} >= {
        "GET /api/v1/tracks/", "GET /api/v1/participants/", "GET /api/v1/kpis/agreements/"}
