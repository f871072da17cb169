"""Single sign-on in a real browser, through the real redirects to the test OpenID Connect provider
(tests/oidc/provider.mjs, the npm package oidc-provider, on 127.0.0.1): an officer from the login
page's e-mail step, a participant from the e-identification button of Mina sidor. axe-core checks
every page loaded, the provider's login page too (it is the test provider's own small form)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.audit import Security
from accounts.models import AuditEvent, Role
from participants import signin
from tests.factories import MembershipFactory, MunicipalityOrganisationFactory, ParticipantFactory, UserFactory
from tests.oidc.server import PASSWORD, identity_provider, oidc_secret, oidc_server  # noqa: F401

from .conftest import a11y, visit

pytestmark = pytest.mark.django_db(transaction=True)
EID_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


def sign_in_at_provider(page, server, login):
    """On the provider's own login page: check it, give the test account's name and password."""
    page.wait_for_url(f"{server.issuer}/interaction/**")
    a11y(page)
    page.get_by_label("Användarnamn").fill(login)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_officer_logs_in_through_the_organisations_provider(page, live_server, reference_data, oidc_server,
                                                            oidc_secret):
    home = MunicipalityOrganisationFactory(municipality_id="1280")
    officer = UserFactory(email="eva.lund@malmo.test", full_name="Eva Lund")
    MembershipFactory(user=officer, role=Role.MUNICIPALITY_OFFICER, organisation=home)
    provider = identity_provider(oidc_server, organisations=[home], domains="malmo.test", name="Malmö stads inloggning")
    oidc_server.add_account("eva", email="eva.lund@malmo.test", email_verified=True, name="Eva Lund")

    visit(page, "/accounts/login/")
    page.get_by_label("E-postadress").fill("eva.lund@malmo.test")
    page.get_by_role("button", name="Fortsätt").click()
    sign_in_at_provider(page, oidc_server, "eva")
    page.wait_for_url(f"{live_server.url}/")
    a11y(page)
    expect(page.locator("header")).to_contain_text("Eva Lund")
    assert AuditEvent.objects.filter(action=Security.SSO_LOGIN, actor=officer).count() == 1
    assert AuditEvent.objects.get(action=Security.SSO_LOGIN).detail["provider_id"] == provider.pk


def test_participant_logs_in_with_e_identification(page, live_server, reference_data, oidc_server):
    home = MunicipalityOrganisationFactory(municipality_id="1280")
    officer = MembershipFactory(organisation=home).user
    person = ParticipantFactory(email="deltagare@example.org")
    account = signin.account_invite(participant=person, actor=officer, channel="email", language="sv")
    identity_provider(oidc_server, kind="e_identification", name="BankID")
    oidc_server.add_account("bankid", **{EID_CLAIM: person.personnummer})

    visit(page, "/mina-sidor/logga-in/")
    page.get_by_role("link", name="Logga in med BankID").click()
    sign_in_at_provider(page, oidc_server, "bankid")
    page.wait_for_url(f"{live_server.url}/mina-sidor/")
    a11y(page)
    assert urlsplit(page.url).path == "/mina-sidor/"
    expect(page.locator("main h1")).to_be_visible()
    login = AuditEvent.objects.get(action=Security.SSO_LOGIN)
    assert (login.actor_id, login.object_id) == (account.user_id, str(person.pk))
