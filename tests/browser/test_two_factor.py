"""Two-factor login in the browser: set up an authenticator from the typed key, log in again with a
code, then with a recovery code once (a second use is refused). Phone width and axe-core through
the conftest's helpers."""

import time
from base64 import b32decode

from django_otp.oath import TOTP

from ..factories import MembershipFactory, MunicipalityOrganisationFactory
from .conftest import a11y, visit

PASSWORD = "test-password-123"
EMAIL = "tvafaktor@test.jobbspar.example"


def app_code(secret: str, steps_ahead=0) -> str:
    """What an authenticator app shows for the key typed from the page."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_step(page):
    visit(page, "/accounts/login/")
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    a11y(page)


def code_step(page, value):
    assert page.locator("h1").inner_text() == "Bekräfta din inloggning"
    page.get_by_role("textbox", name="Kod").fill(value)
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    a11y(page)


def log_out(page):
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    a11y(page)


def test_two_factor_enrol_then_code_then_recovery_code_once(page, reference_data):
    organisation = MunicipalityOrganisationFactory(municipality_id="1480")
    MembershipFactory(user__email=EMAIL, organisation=organisation)

    password_step(page)
    assert page.url.endswith("/accounts/two-factor/enrol/")
    assert page.locator("h1").inner_text() == "Ställ in tvåfaktorinloggning"
    assert page.get_by_role("img", name="QR-kod för din autentiseringsapp").is_visible()
    secret = page.locator(".secret-key").inner_text()
    page.get_by_role("textbox", name="Kod").fill(app_code(secret))
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("h1").inner_text() == "Dina reservkoder"
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(set(codes)) == 10
    page.get_by_role("link", name="Jag har sparat dem: fortsätt").click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("h1").inner_text() != "Dina reservkoder"
    assert page.url.endswith("/")
    log_out(page)

    # The next login asks for the app's code (the next step's: the first is used).
    password_step(page)
    code_step(page, app_code(secret, steps_ahead=1))
    assert page.url.endswith("/") and page.get_by_role("button", name="Logga ut").is_visible()
    log_out(page)

    password_step(page)
    code_step(page, codes[0])
    assert "Du loggade in med en reservkod. Du har 9 kvar." in page.locator(".messages").inner_text()
    log_out(page)

    password_step(page)
    code_step(page, codes[0])
    assert "Koden är fel eller har gått ut." in page.locator(".error-summary").inner_text()
    assert page.url.endswith("/accounts/two-factor/")
