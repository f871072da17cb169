"""The REST API: token clients, scopes, visibility per organisation (the API's own permission
matrix, with tokens), personal data, nominations, paging, rate limits and query counts."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import Operation, Read
from accounts.models import AuditEvent, Membership
from jobbspar.api.models import ApiClient, Scope
from jobbspar.api.services import api_client_create, api_client_revoke
from tracks.models import Candidacy, Phase, Track

from .factories import ParticipantFactory
from .queries import count_queries

ALL = list(Scope.values)
IN_A_YEAR = datetime.timedelta(days=365)


def make_client(world, organisation, role, scopes=ALL, expires_at=None):
    return api_client_create(name=f"System of {organisation}", organisation=organisation, role=role, scopes=scopes,
                             expires_at=expires_at or timezone.now() + IN_A_YEAR, actor=world.user("administrator"))


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def clients(world):
    """A token per kind of client: the home municipality, the home AF office (partner of the
    home track), the home employer, and the other municipality (the outsider)."""
    return {
        "municipality": make_client(world, world.home.municipality, "municipality_officer")[1],
        "af": make_client(world, world.home.af_office, "af_officer")[1],
        "employer": make_client(world, world.home.employer, "employer_representative", [Scope.TRACKS_READ])[1],
        "outsider": make_client(world, world.away.municipality, "municipality_officer")[1],
    }


# --- Registering clients --------------------------------------------------------------------


def test_api_client_create_stores_only_the_hash_and_an_inactive_service_user(world):
    client, token = make_client(world, world.home.municipality, "municipality_officer")
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(f"{client.token_prefix}_")
    assert (client.user.is_active, client.user.has_usable_password()) == (False, False)
    assert list(Membership.objects.filter(user=client.user).values_list("role", "organisation")) == [
        ("municipality_officer", world.home.municipality.pk)]
    event = AuditEvent.objects.get(action=Operation.API_CLIENT_CREATE)
    assert (event.actor, event.object_id) == (world.user("administrator"), str(client.pk))


def test_api_client_create_refuses_people_scopes_for_an_employer(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_client(world, world.home.employer, "employer_representative", [Scope.PARTICIPANTS_READ])
    assert list(refused.value.message_dict) == ["scopes"]


def test_api_client_create_refuses_a_role_the_organisation_cannot_hold(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_client(world, world.home.employer, "af_officer")
    assert list(refused.value.message_dict) == ["role"]


def test_admin_registers_a_client_and_sees_the_token_once(client, world):
    client.force_login(world.user("administrator"))
    response = client.post(reverse("admin:site_apiclient_add"), {
        "name": "Verksamhetssystemet", "organisation": world.home.municipality.pk, "role": "municipality_officer",
        "scopes": ["tracks:read", "kpis:read"], "expires_at_0": "2099-01-01", "expires_at_1": "12:00:00",
        "expires_at": "2099-01-01 12:00"})
    assert response.status_code == 200
    registered = ApiClient.objects.get()
    token = response.context["token"]
    assert (registered.token_hash, registered.scopes) == (hashlib.sha256(token.encode()).hexdigest(),
                                                          ["kpis:read", "tracks:read"])
    assert token in response.content.decode()
    assert token not in client.get(reverse("admin:site_apiclient_change", args=[registered.pk])).content.decode()


def test_admin_revokes_a_client_and_its_token_stops_working(client, world):
    registered, token = make_client(world, world.home.municipality, "municipality_officer")
    client.force_login(world.user("administrator"))
    client.post(reverse("admin:site_apiclient_changelist"), {"action": "revoke", "_selected_action": [registered.pk]})
    client.logout()
    registered.refresh_from_db()
    assert registered.revoked_at is not None
    assert AuditEvent.objects.filter(action=Operation.API_CLIENT_REVOKE, object_id=str(registered.pk)).count() == 1
    assert client.get(reverse("api:tracks"), **auth(token)).status_code == 401


# --- Tokens and scopes ------------------------------------------------------------------------


def test_api_without_a_token_is_401_with_the_scheme(client, db):
    response = client.get(reverse("api:tracks"))
    assert (response.status_code, response["WWW-Authenticate"]) == (401, "Bearer")
    assert set(response.json()) == {"detail"}


def test_api_with_a_wrong_token_is_401(client, world):
    make_client(world, world.home.municipality, "municipality_officer")
    assert client.get(reverse("api:tracks"), **auth("jsp_nope_nope")).status_code == 401


def test_api_with_an_expired_token_is_401(client, world, monkeypatch):
    registered, token = make_client(world, world.home.municipality, "municipality_officer")
    ApiClient.objects.filter(pk=registered.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("api:tracks"), **auth(token)).status_code == 401


def test_api_with_a_revoked_token_is_401(client, world):
    registered, token = make_client(world, world.home.municipality, "municipality_officer")
    api_client_revoke(client=registered, actor=world.user("administrator"))
    assert client.get(reverse("api:tracks"), **auth(token)).status_code == 401


def test_api_without_the_scope_is_403(client, world):
    _registered, token = make_client(world, world.home.municipality, "municipality_officer", [Scope.KPIS_READ])
    assert client.get(reverse("api:tracks"), **auth(token)).status_code == 403


def test_api_session_login_is_not_enough(client, world):
    client.force_login(world.user("coordinator"))
    assert client.get(reverse("api:tracks")).status_code == 401


def test_api_records_when_a_client_was_last_used(client, world):
    registered, token = make_client(world, world.home.municipality, "municipality_officer")
    client.get(reverse("api:tracks"), **auth(token))
    registered.refresh_from_db()
    assert registered.last_used_at is not None


# --- Who gets what (the permission matrix of the API, with tokens) ----------------------------

OK, NOT_FOUND, FORBIDDEN = 200, 404, 403


def track_kwargs(world):
    return {"id": world.track.pk}


def person_kwargs(world):
    return {"id": world.objects["participant"].pk}


API_MATRIX = {
    # url name: (kwargs, {client: status})
    "api:tracks": (lambda w: {}, dict(municipality=OK, af=OK, employer=OK, outsider=OK)),
    "api:track": (track_kwargs, dict(municipality=OK, af=OK, employer=OK, outsider=NOT_FOUND)),
    "api:interventions": (track_kwargs, dict(municipality=OK, af=OK, employer=OK, outsider=NOT_FOUND)),
    "api:activities": (track_kwargs, dict(municipality=OK, af=OK, employer=OK, outsider=NOT_FOUND)),
    "api:agreements": (lambda w: {}, dict(municipality=OK, af=OK, employer=FORBIDDEN, outsider=OK)),
    "api:agreement_kpis": (lambda w: {"id": w.home.steering_group.agreement.pk},
                           dict(municipality=OK, af=OK, employer=FORBIDDEN, outsider=NOT_FOUND)),
    "api:municipality_kpis": (lambda w: {"code": "1480"},
                              dict(municipality=OK, af=OK, employer=FORBIDDEN, outsider=NOT_FOUND)),
    "api:participants": (lambda w: {}, dict(municipality=OK, af=OK, employer=FORBIDDEN, outsider=OK)),
    "api:participant": (person_kwargs, dict(municipality=OK, af=OK, employer=FORBIDDEN, outsider=NOT_FOUND)),
    "api:candidacies": (person_kwargs, dict(municipality=OK, af=OK, employer=FORBIDDEN, outsider=NOT_FOUND)),
}
API_CLIENTS = ["municipality", "af", "employer", "outsider"]


def test_api_matrix_declares_every_api_url():
    from .test_permission_matrix import all_url_names

    api = {name for name in all_url_names() if name and name.startswith("api:")}
    assert api - set(API_MATRIX) == {"api:schema", "api:docs", "api:nominations"}


@pytest.mark.parametrize("who", API_CLIENTS)
@pytest.mark.parametrize("url_name", sorted(API_MATRIX))
def test_api_matrix(client, world, clients, url_name, who):
    kwargs, expected = API_MATRIX[url_name]
    response = client.get(reverse(url_name, kwargs=kwargs(world)), **auth(clients[who]))
    assert response.status_code == expected[who]


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_api_tracks_are_those_the_same_role_sees_on_the_pages(client, world, clients):
    from tracks.selectors import tracks_visible_to

    for who, persona in [("municipality", "municipality_officer"), ("outsider", "municipality_officer_outsider"),
                         ("af", "af_officer"), ("employer", "employer")]:
        shown = ids(client.get(reverse("api:tracks"), {"limit": 200}, **auth(clients[who])))
        assert sorted(shown) == sorted(tracks_visible_to(world.user(persona)).values_list("pk", flat=True)), who
    assert world.track.pk not in ids(client.get(reverse("api:tracks"), **auth(clients["outsider"])))


def test_api_tracks_filter_by_phase_and_municipality(client, world, clients):
    url = reverse("api:tracks")
    token = auth(clients["municipality"])
    assert world.track.pk in ids(client.get(url, {"phase": world.track.phase, "municipality": "1480"}, **token))
    assert ids(client.get(url, {"phase": "closed"}, **token)) == []
    assert ids(client.get(url, {"municipality": "1488"}, **token)) == []
    assert ids(client.get(url, {"changed_since": "2999-01-01T00:00:00Z"}, **token)) == []


def test_api_bad_filter_is_400_in_swedish(client, world, clients):
    response = client.get(reverse("api:tracks"), {"phase": "nonsense", "municipality": "12"},
                          **auth(clients["municipality"]))
    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["municipality", "phase"]
    assert "är inte ett giltigt val" in response.json()["errors"]["phase"][0]


def test_api_track_shows_phase_dates_occupation_and_employers(client, world, clients):
    data = client.get(reverse("api:track", kwargs=track_kwargs(world)), **auth(clients["employer"])).json()
    assert (data["phase"], data["planned_start"], data["occupation"]["code"]) == ("planning", "2026-09-07", "5152")
    assert [e["id"] for e in data["employers"]] == [world.home.employer.pk]
    assert data["lead_municipality"]["code"] == "1480"


def test_api_an_id_that_is_no_number_is_404(client, world, clients):
    token = auth(clients["municipality"])
    assert client.get(reverse("api:track", kwargs={"id": "abc"}), **token).status_code == 404
    assert client.get(reverse("api:track", kwargs={"id": "9" * 30}), **token).status_code == 404


def test_api_participant_never_gives_the_personnummer(client, world, clients):
    person = world.objects["participant"]
    data = client.get(reverse("api:participant", kwargs=person_kwargs(world)), **auth(clients["municipality"])).json()
    assert data["birth_date"] == person.personnummer_masked
    assert person.personnummer not in str(data)
    assert person.personnummer[-4:] not in data["birth_date"]


def test_api_reads_of_people_are_logged_as_page_reads(client, world, clients):
    person = world.objects["participant"]
    before = AuditEvent.objects.filter(action=Read.VIEW, object_id=str(person.pk)).count()
    client.get(reverse("api:participant", kwargs=person_kwargs(world)), **auth(clients["af"]))
    event = AuditEvent.objects.filter(action=Read.VIEW, object_id=str(person.pk)).latest("pk")
    registered = ApiClient.objects.get(organisation=world.home.af_office)
    assert AuditEvent.objects.filter(action=Read.VIEW, object_id=str(person.pk)).count() == before + 1
    assert (event.actor, event.detail["api_client"]) == (registered.user, registered.pk)
    assert event.detail["page"] == reverse("api:participant", kwargs=person_kwargs(world))


def test_api_participant_list_logs_each_person_listed(client, world, clients):
    response = client.get(reverse("api:participants"), {"limit": 2}, **auth(clients["municipality"]))
    listed = ids(response)
    logged = AuditEvent.objects.filter(action=Read.VIEW, object_id__in=[str(pk) for pk in listed])
    assert (len(listed), logged.count()) == (2, 2)


def test_api_candidacies_of_a_person(client, world, clients):
    response = client.get(reverse("api:candidacies", kwargs=person_kwargs(world)), **auth(clients["municipality"]))
    assert [(c["track"], c["status"]) for c in response.json()["results"]] == [(world.track.pk, "shortlisted")]


def test_api_kpis_of_a_municipality_come_from_the_kpi_module(client, world, clients):
    from reports import kpis

    data = client.get(reverse("api:municipality_kpis", kwargs={"code": "1480"}), **auth(clients["municipality"])).json()
    from tracks.selectors import tracks_visible_to

    led = tracks_visible_to(world.user("municipality_officer")).filter(lead_municipality=world.home.municipality)
    expected = kpis.compute(led)
    assert expected.tracks > 0
    assert (data["tracks"], data["started"], data["outcomes"]) == (expected.tracks, expected.started, expected.outcomes)


def test_api_kpis_period_must_be_in_order(client, world, clients):
    response = client.get(reverse("api:municipality_kpis", kwargs={"code": "1480"}),
                          {"period_from": "2026-12-01", "period_to": "2026-01-01"}, **auth(clients["municipality"]))
    assert (response.status_code, list(response.json()["errors"])) == (400, ["period_to"])


# --- Nominations --------------------------------------------------------------------------


def nominate(client, token, **data):
    return client.post(reverse("api:nominations"), data, content_type="application/json", **auth(token))


@pytest.fixture
def recruiting(world):
    Track.objects.filter(pk=world.track.pk).update(phase=Phase.RECRUITMENT)
    return world.track


def test_api_nomination_through_the_service(client, world, clients, recruiting):
    person = ParticipantFactory(home_municipality_id="1480")
    response = nominate(client, clients["municipality"], track=recruiting.pk, participant=person.pk,
                        motivation="Har arbetat som fastighetsskötare.")
    assert response.status_code == 201
    candidacy = Candidacy.objects.get(pk=response.json()["id"])
    assert (candidacy.participant, candidacy.nominating_organisation, candidacy.status) == (
        person, world.home.municipality, "nominated")
    assert AuditEvent.objects.filter(action="candidacy.nominate", object_id=str(person.pk)).count() == 1


def test_api_nomination_to_a_track_not_recruiting_is_400(client, world, clients):
    person = ParticipantFactory(home_municipality_id="1480")
    response = nominate(client, clients["municipality"], track=world.track.pk, participant=person.pk, motivation="x")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["track"])
    assert Candidacy.objects.filter(participant=person).count() == 0


def test_api_nomination_twice_is_400_in_swedish(client, world, clients, recruiting):
    person = world.objects["participant"]  # nominated already
    response = nominate(client, clients["af"], track=recruiting.pk, participant=person.pk, motivation="Igen")
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [f"{person.full_name} är redan nominerad till det här jobbspåret."]


def test_api_nomination_of_someone_the_client_does_not_see_is_400(client, world, clients, recruiting):
    person = ParticipantFactory(home_municipality_id="1488")
    response = nominate(client, clients["municipality"], track=recruiting.pk, participant=person.pk, motivation="x")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["participant"])


def test_api_nomination_by_an_outsider_is_400(client, world, clients, recruiting):
    person = ParticipantFactory(home_municipality_id="1488")
    response = nominate(client, clients["outsider"], track=recruiting.pk, participant=person.pk, motivation="x")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["track"])


def test_api_nomination_needs_the_scope(client, world, recruiting):
    _registered, token = make_client(world, world.home.municipality, "municipality_officer", [Scope.TRACKS_READ])
    person = ParticipantFactory(home_municipality_id="1480")
    assert nominate(client, token, track=recruiting.pk, participant=person.pk, motivation="x").status_code == 403


def test_api_nomination_with_a_bad_body_is_400(client, world, clients):
    response = nominate(client, clients["municipality"], track="x")
    assert (response.status_code, sorted(response.json()["errors"])) == (400, ["motivation", "participant", "track"])


# --- Paging, rate limits, queries ------------------------------------------------------------


def test_api_lists_are_paged(client, world, clients):
    response = client.get(reverse("api:participants"), {"limit": 1, "offset": 1}, **auth(clients["municipality"]))
    data = response.json()
    assert (len(data["results"]), data["count"] > 1, data["previous"] is not None) == (1, True, True)


def test_api_rate_limit_is_429_with_retry_after(client, world, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    _registered, token = make_client(world, world.home.municipality, "municipality_officer")
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "api_client": "2/min"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [client.get(reverse("api:tracks"), **auth(token)).status_code for _ in range(3)]
        response = client.get(reverse("api:tracks"), **auth(token))
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 429]
    assert int(response["Retry-After"]) > 0
    assert set(response.json()) == {"detail"}


def test_api_rate_limit_is_per_client(client, world, clients):
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**original, "api_client": "1/min"}
    try:
        first = client.get(reverse("api:tracks"), **auth(clients["municipality"])).status_code
        other = client.get(reverse("api:tracks"), **auth(clients["af"])).status_code
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert (first, other) == (200, 200)


def assert_api_queries_constant(client, url, token, add_row, bound):
    """tests/queries.py's rule (1 and 3 rows, the same count within the bound), with a token."""
    add_row()
    one = count_queries(client, url, **auth(token))
    add_row()
    add_row()
    three = count_queries(client, url, **auth(token))
    assert (one, three) == (one, one), f"{one} queries with 1 row, {three} with 3: a query per row"
    assert one <= bound, f"{one} queries, bound {bound}"


def test_api_tracks_list_queries(client, world):
    from .factories import make_track

    _registered, token = make_client(world, world.away.municipality, "municipality_officer")
    coordinator = world.user("coordinator_outsider")
    assert_api_queries_constant(client, reverse("api:tracks"), token, lambda: make_track(
        coordinator=coordinator, municipality=world.away.municipality, employers=[world.away.employer]), bound=6)


def test_api_participants_list_queries(client, world):
    _registered, token = make_client(world, world.away.municipality, "municipality_officer")
    assert_api_queries_constant(client, reverse("api:participants"), token,
                                lambda: ParticipantFactory(home_municipality_id="1488"), bound=6)


def test_api_responses_are_not_cached(client, world, clients):
    response = client.get(reverse("api:tracks"), **auth(clients["municipality"]))
    assert "no-store" in response["Cache-Control"]
