"""Single sign-on against a real OpenID Connect provider (tests/oidc/provider.mjs, the npm package
oidc-provider, on loopback): our side through Django's test client, the provider's by HTTP."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY

from accounts import oidc
from accounts.audit import Security
from accounts.models import AuditEvent, ExternalIdentity, GroupRoleRule, Membership, Organisation, Role, User
from participants import signin
from tests.factories import MembershipFactory, MunicipalityOrganisationFactory, ParticipantFactory, UserFactory
from tests.oidc.server import identity_provider, oidc_secret, oidc_server, sign_in_at_provider  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _municipalities(reference_data):
    """A transactional test earlier in the same worker (a browser or a worker test) empties the
    data migrations' municipalities: load them again (a CI-like run failed on a missing '1480')."""
DOMAIN = "malmo.test"
EID_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


@pytest.fixture
def home():
    return MunicipalityOrganisationFactory(municipality_id="1280")


@pytest.fixture
def provider(oidc_server, oidc_secret, home):
    return identity_provider(oidc_server, organisations=[home], domains=f"{DOMAIN}, kommun.test")


def _sso(client, email, login):
    """The e-mail step, our start, the provider's login, and the callback: the callback's response."""
    step = client.post("/accounts/login/", {"username": email})
    assert step.status_code == 302 and step["Location"].startswith("/accounts/sso/")
    start = client.get(step["Location"])
    assert start.status_code == 302
    back = sign_in_at_provider(start["Location"], login)
    return client.get(back)


def _actions(*actions):
    return list(AuditEvent.objects.filter(action__in=actions).order_by("id").values_list("action", flat=True))


def _logged_in(client):
    return client.session.get(SESSION_KEY)


def test_sso_officer_logs_in_through_the_provider(client, provider, oidc_server, home):
    officer = MembershipFactory(user=UserFactory(email=f"eva@{DOMAIN}"), role=Role.COORDINATOR, organisation=home).user
    sub = oidc_server.add_account("eva", email=f"Eva@{DOMAIN}", email_verified=True, name="Eva")
    response = _sso(client, f"eva@{DOMAIN}", "eva")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert _logged_in(client) == str(officer.pk)
    assert client.session[oidc.SSO_SESSION_KEY] == provider.pk
    assert list(ExternalIdentity.objects.values_list("provider", "subject", "user")) == [(provider.pk, sub, officer.pk)]
    assert _actions(Security.LOGIN, Security.SSO_LOGIN) == [Security.LOGIN, Security.SSO_LOGIN]
    assert list(officer.memberships.values_list("role", flat=True)) == [Role.COORDINATOR]
    # The provider did the strong authentication: no local second factor is asked for (accounts/two_factor.py).
    assert client.get("/").status_code == 200


def test_sso_start_sends_state_nonce_pkce_and_the_hint(client, provider):
    start = client.get(f"/accounts/sso/{provider.pk}/?login_hint=eva@{DOMAIN}")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(provider.issuer)
    assert (query["client_id"], query["code_challenge_method"], query["login_hint"]) == (
        ["jobbspar-staff"], ["S256"], [f"eva@{DOMAIN}"])
    assert query["state"][0] in client.session["oidc_states"] and query["nonce"]


def test_sso_unknown_user_is_refused_and_gets_no_account(client, provider, oidc_server):
    oidc_server.add_account("okand", email=f"okand@{DOMAIN}", email_verified=True)
    response = _sso(client, f"okand@{DOMAIN}", "okand")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert _logged_in(client) is None
    assert not User.objects.filter(email=f"okand@{DOMAIN}").exists()
    page = client.get("/accounts/login/")
    assert f"Det finns inget konto i Jobbspår för okand@{DOMAIN}" in page.content.decode()
    refusal = AuditEvent.objects.get(action=Security.SSO_REFUSED)
    assert (refusal.detail["reason"], refusal.object_id) == ("unknown_user", str(provider.pk))


def test_sso_unverified_email_is_refused(client, provider, oidc_server, home):
    MembershipFactory(user=UserFactory(email=f"olle@{DOMAIN}"), organisation=home)
    oidc_server.add_account("olle", email=f"olle@{DOMAIN}", email_verified=False)
    response = _sso(client, f"olle@{DOMAIN}", "olle")
    assert response["Location"] == "/accounts/login/" and _logged_in(client) is None
    assert AuditEvent.objects.get(action=Security.SSO_REFUSED).detail["reason"] == "email_unverified"
    assert not ExternalIdentity.objects.exists()


def test_sso_address_of_another_domain_is_refused(client, provider, oidc_server, home):
    """The provider vouches for its own organisation's addresses only, not another's staff."""
    MembershipFactory(user=UserFactory(email="chef@annan.test"), organisation=home)
    oidc_server.add_account("chef", email="chef@annan.test", email_verified=True)
    start = client.get(f"/accounts/sso/{provider.pk}/")
    response = client.get(sign_in_at_provider(start["Location"], "chef"))
    assert response["Location"] == "/accounts/login/" and _logged_in(client) is None
    assert AuditEvent.objects.get(action=Security.SSO_REFUSED).detail["reason"] == "foreign_domain"


def test_sso_group_rule_grants_exactly_the_mapped_role(client, provider, oidc_server, home):
    other = MunicipalityOrganisationFactory(municipality_id="0180")
    GroupRoleRule.objects.create(provider=provider, group="handlaggare", role=Role.MUNICIPALITY_OFFICER,
                                 organisation=home)
    GroupRoleRule.objects.create(provider=provider, group="koordinatorer", role=Role.COORDINATOR, organisation=home)
    # Not one of the provider's organisations: never granted, whatever the claim says.
    GroupRoleRule.objects.create(provider=provider, group="handlaggare", role=Role.COORDINATOR, organisation=other)
    oidc_server.add_account("ny", email=f"ny@{DOMAIN}", email_verified=True, name="Nina Ny",
                            groups=["handlaggare", "annat"])
    response = _sso(client, f"ny@{DOMAIN}", "ny")
    user = User.objects.get(email=f"ny@{DOMAIN}")
    assert (response["Location"], _logged_in(client), user.full_name) == ("/", str(user.pk), "Nina Ny")
    assert list(Membership.objects.filter(user=user).values_list("role", "organisation")) == [
        (Role.MUNICIPALITY_OFFICER, home.pk)]
    assert not user.has_usable_password()
    assert _actions(Security.SSO_ACCOUNT_CREATED, Security.SSO_MEMBERSHIP, Security.SSO_LOGIN) == [
        Security.SSO_ACCOUNT_CREATED, Security.SSO_MEMBERSHIP, Security.SSO_LOGIN]
    # A second login grants nothing again.
    client.logout()
    _sso(client, f"ny@{DOMAIN}", "ny")
    assert (Membership.objects.filter(user=user).count(), len(_actions(Security.SSO_MEMBERSHIP))) == (1, 1)


def test_sso_subject_link_matches_after_the_address_changes(client, provider, oidc_server, home):
    officer = MembershipFactory(user=UserFactory(email=f"kim@{DOMAIN}"), organisation=home).user
    oidc_server.add_account("kim", email=f"kim@{DOMAIN}", email_verified=True)
    _sso(client, f"kim@{DOMAIN}", "kim")
    client.logout()
    oidc_server.add_account("kim", email=f"kim.berg@{DOMAIN}", email_verified=False)
    response = _sso(client, f"kim@{DOMAIN}", "kim")
    assert (response["Location"], _logged_in(client)) == ("/", str(officer.pk))


def test_sso_callback_with_a_foreign_state_is_refused(client, provider, oidc_server, home):
    MembershipFactory(user=UserFactory(email=f"eva@{DOMAIN}"), organisation=home)
    oidc_server.add_account("eva", email=f"eva@{DOMAIN}", email_verified=True)
    start = client.get(f"/accounts/sso/{provider.pk}/")
    back = sign_in_at_provider(start["Location"], "eva")
    response = client.get(back.replace("state=", "state=x"))
    assert response["Location"] == "/accounts/login/" and _logged_in(client) is None
    assert AuditEvent.objects.get(action=Security.SSO_REFUSED).detail["reason"] == "state"


def test_sso_cancelled_at_the_provider_is_refused(client, provider):
    client.get(f"/accounts/sso/{provider.pk}/")
    state = next(iter(client.session["oidc_states"]))
    response = client.get(f"/accounts/sso/callback/?error=access_denied&state={state}")
    assert response["Location"] == "/accounts/login/" and _logged_in(client) is None
    assert AuditEvent.objects.get(action=Security.SSO_REFUSED).detail["reason"] == "provider_error"


def test_login_page_asks_for_the_address_first_when_providers_exist(client, provider):
    page = client.get("/accounts/login/").content.decode()
    assert ('name="password"' in page, "Fortsätt" in page) == (False, True)
    # An address that routes nowhere gets the password field, the address kept.
    step = client.post("/accounts/login/", {"username": "anna@annan.test"})
    assert (step.status_code, 'name="password"' in step.content.decode()) == (200, True)
    assert 'value="anna@annan.test"' in step.content.decode()
    assert provider.issuer.rsplit(":", 1)[0] in step["Content-Security-Policy"]


def test_login_page_is_the_password_form_without_providers(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="password"' in page


def test_password_login_refused_where_the_organisation_switched_it_off(client, home):
    Organisation.objects.filter(pk=home.pk).update(password_login=False)
    user = MembershipFactory(user=UserFactory(email=f"pia@{DOMAIN}"), organisation=home).user
    response = client.post("/accounts/login/", {"username": f"pia@{DOMAIN}", "password": "test-password-123"})
    assert (response.status_code, _logged_in(client)) == (200, None)
    assert "Din organisation loggar in dig via sin egen inloggning" in response.content.decode()
    assert AuditEvent.objects.get(action=Security.PASSWORD_REFUSED).object_id == str(user.pk)


def test_password_login_still_works_where_it_is_on(client, home):
    user = MembershipFactory(user=UserFactory(email=f"pia@{DOMAIN}"), organisation=home).user
    response = client.post("/accounts/login/", {"username": f"pia@{DOMAIN}", "password": "test-password-123"})
    assert (response.status_code, _logged_in(client)) == (302, str(user.pk))


@pytest.fixture
def eid(oidc_server):
    return identity_provider(oidc_server, kind="e_identification")


def _invited(home):
    officer = MembershipFactory(organisation=home).user
    person = ParticipantFactory(email="deltagare@example.org")
    return signin.account_invite(participant=person, actor=officer, channel="email", language="sv")


def test_eid_participant_logs_in_with_personal_identity_number(client, eid, oidc_server, home):
    account = _invited(home)
    oidc_server.add_account("bankid", **{EID_CLAIM: account.participant.personnummer})
    page = client.get("/mina-sidor/logga-in/").content.decode()
    assert f'href="/mina-sidor/logga-in/e-legitimation/{eid.pk}/"' in page
    start = client.get(f"/mina-sidor/logga-in/e-legitimation/{eid.pk}/")
    response = client.get(sign_in_at_provider(start["Location"], "bankid"))
    assert (response["Location"], _logged_in(client)) == ("/mina-sidor/", str(account.user_id))
    account.refresh_from_db()
    assert account.activated_at is not None
    login = AuditEvent.objects.get(action=Security.SSO_LOGIN)
    assert (login.actor_id, login.object_id) == (account.user_id, str(account.participant_id))


def test_eid_person_without_an_invitation_is_refused(client, eid, oidc_server, home):
    person = ParticipantFactory()
    oidc_server.add_account("bankid2", **{EID_CLAIM: person.personnummer})
    start = client.get(f"/mina-sidor/logga-in/e-legitimation/{eid.pk}/")
    response = client.get(sign_in_at_provider(start["Location"], "bankid2"))
    assert (response["Location"], _logged_in(client)) == ("/mina-sidor/logga-in/", None)
    assert AuditEvent.objects.get(action=Security.SSO_REFUSED).detail["reason"] == "no_account"
    assert "Vi hittade ingen inbjudan" in client.get("/mina-sidor/logga-in/").content.decode()


def test_eid_flow_cannot_finish_at_the_staff_callback(client, eid, oidc_server, home):
    account = _invited(home)
    oidc_server.add_account("bankid3", **{EID_CLAIM: account.participant.personnummer})
    start = client.get(f"/mina-sidor/logga-in/e-legitimation/{eid.pk}/")
    back = sign_in_at_provider(start["Location"], "bankid3")
    response = client.get(back.replace("/mina-sidor/logga-in/e-legitimation/klar/", "/accounts/sso/callback/"))
    assert (response["Location"], _logged_in(client)) == ("/accounts/login/", None)


def test_login_pages_with_providers_are_valid_html(client, home, tmp_path):
    """The e-mail step, the password step after it and the participant's login with the
    e-identification button (the HTML check's own pages have no provider)."""
    import json
    import shutil
    import subprocess

    from accounts.models import IdentityProvider
    from tests.test_html_validity import VNU

    IdentityProvider.objects.create(name="Kommunen", issuer="https://login.example.org", client_id="x",
                                    email_domains=DOMAIN)
    IdentityProvider.objects.create(name="BankID", kind="e_identification", issuer="https://eid.example.org",
                                    client_id="y")
    pages = {"email-step": client.get("/accounts/login/"),
             "password-step": client.post("/accounts/login/", {"username": "anna@annan.test"}),
             "email-step-error": client.post("/accounts/login/", {"username": "inte-en-adress"}),
             "portal-login": client.get("/mina-sidor/logga-in/")}
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    result = subprocess.run([shutil.which("java"), "-jar", str(VNU), "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=180)
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_provider_settings_are_checked_in_the_admin(home):
    from django.core.exceptions import ValidationError

    from accounts.models import IdentityProvider

    first = IdentityProvider.objects.create(name="A", issuer="https://a.example.org", client_id="a",
                                            email_domains=DOMAIN)
    first.organisations.set([home])
    clash = IdentityProvider(name="B", issuer="https://b.example.org", client_id="b", email_domains=f"x.test {DOMAIN}")
    both = IdentityProvider(name="C", issuer="https://c.example.org", client_id="c", client_secret_env="S",
                            client_secret="s")
    employer = Organisation.objects.create(kind=Organisation.Kind.EMPLOYER, name="Firma", municipality_id="1280")
    wrong_kind = GroupRoleRule(provider=first, group="g", role=Role.EMPLOYER_REPRESENTATIVE, organisation=home)
    not_its_own = GroupRoleRule(provider=first, group="g", role=Role.EMPLOYER_REPRESENTATIVE, organisation=employer)
    fine = GroupRoleRule(provider=first, group="g", role=Role.COORDINATOR, organisation=home)
    errors = {}
    for name, obj in {"clash": clash, "both": both, "wrong_kind": wrong_kind, "not_its_own": not_its_own,
                      "fine": fine}.items():
        try:
            obj.clean()
        except ValidationError as error:
            errors[name] = sorted(error.message_dict)
    assert errors == {"clash": ["email_domains"], "both": ["client_secret"], "wrong_kind": ["organisation"],
                      "not_its_own": ["organisation"]}


def test_sso_never_logs_in_an_admin_site_account(client, provider, oidc_server, home):
    admin = MembershipFactory(user=UserFactory(email=f"drift@{DOMAIN}", is_staff=True), organisation=home).user
    oidc_server.add_account("drift", email=f"drift@{DOMAIN}", email_verified=True)
    response = _sso(client, f"drift@{DOMAIN}", "drift")
    assert (response["Location"], _logged_in(client)) == ("/accounts/login/", None)
    refusal = AuditEvent.objects.get(action=Security.SSO_REFUSED)
    assert (refusal.detail["reason"], refusal.detail["user"]) == ("admin_account", admin.pk)
