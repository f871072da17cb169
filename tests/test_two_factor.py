"""Two-factor login for password accounts that reach personal data (accounts/two_factor.py):
enrolment at the first login, a code (or a recovery code) at later ones, wrong codes counted and
audited towards the password lockout, the administrator's reset, and who is not asked."""

import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.audit import Security
from accounts.models import AuditEvent, Role

from .factories import MembershipFactory, MunicipalityOrganisationFactory, UserFactory
from .otp import code, enrolled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _municipalities(reference_data):
    """A transactional test earlier in the same worker (a browser or a worker test) empties the
    data migrations' municipalities: load them again (a CI-like run failed on a missing '1480')."""

PASSWORD = "test-password-123"
WRONG = "Koden är fel eller har gått ut. Försök igen med en ny kod."


@pytest.fixture
def coordinator(db):
    organisation = MunicipalityOrganisationFactory(municipality_id="1480")
    return MembershipFactory(user__email="kod@test.jobbspar.example", organisation=organisation).user


def password_login(client, user, next_url=None):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": user.email, "password": PASSWORD}, follow=True)
    assert "_auth_user_id" in client.session
    return response


def events(action, user=None):
    found = AuditEvent.objects.filter(action=action)
    return found.filter(object_id=str(user.pk)) if user is not None else found


def enrol(client, user) -> list[str]:
    """Through the pages: the password, the QR page, the first code; returns the recovery codes."""
    password_login(client, user)
    client.get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_enrol"), {"code": code(device)})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())


# --- Enrolment and login ----------------------------------------------------------------------

def test_enrolment_first_login_is_sent_to_set_up_an_authenticator(client, coordinator):
    response = password_login(client, coordinator)
    assert response.redirect_chain == [(reverse("dashboard"), 302), (reverse("two_factor"), 302),
                                       (reverse("two_factor_enrol"), 302)]
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert '<svg role="img" aria-labelledby="qr-label"' in page
    assert two_factor.secret_text(device) in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]  # no image from elsewhere
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_enrolment_confirmed_with_a_code_shows_ten_recovery_codes_once_and_opens_the_pages(client, coordinator):
    codes = enrol(client, coordinator)
    assert len(set(codes)) == 10
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed is True
    stored = set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    assert len(stored) == 10 and stored.isdisjoint({c.replace("-", "") for c in codes})  # digests only
    assert client.get(reverse("dashboard")).status_code == 200
    assert events(Security.TWO_FACTOR_ENROLLED, coordinator).count() == 1
    # Shown once: the enrolment page now sends on to the start page, no codes again.
    response = client.get(reverse("two_factor_enrol"))
    assert (response.status_code, response["Location"]) == (302, reverse("dashboard"))


def test_enrolment_wrong_first_code_is_refused_and_the_device_stays_unconfirmed(client, coordinator):
    password_login(client, coordinator)
    client.get(reverse("two_factor_enrol"))
    response = client.post(reverse("two_factor_enrol"), {"code": "000000"})
    assert WRONG in response.content.decode()
    assert TOTPDevice.objects.get(user=coordinator).confirmed is False
    assert client.get(reverse("dashboard"))["Location"] == reverse("two_factor")


def test_login_after_enrolment_asks_for_a_code_and_keeps_where_the_user_was_going(client, coordinator):
    enrol(client, coordinator)
    client.post(reverse("logout"))
    device = TOTPDevice.objects.get(user=coordinator)
    fresh = Client()
    response = password_login(fresh, coordinator, next_url=reverse("tracks:list"))
    assert response.redirect_chain[-1] == (f"{reverse('two_factor')}?next=%2Ftracks%2F", 302)
    response = fresh.post(reverse("two_factor"), {"code": code(device, steps_ahead=1),
                                                  "next": reverse("tracks:list")})
    assert (response.status_code, response["Location"]) == (302, reverse("tracks:list"))
    assert fresh.get(reverse("tracks:list")).status_code == 200
    assert events(Security.TWO_FACTOR_VERIFIED, coordinator).count() == 1


def test_login_code_used_once_is_refused_the_second_time(client, coordinator):
    device = enrolled(coordinator)
    token = code(device)
    password_login(client, coordinator)
    assert client.post(reverse("two_factor"), {"code": token}).status_code == 302
    other = Client()
    password_login(other, coordinator)
    assert WRONG in other.post(reverse("two_factor"), {"code": token}).content.decode()


def test_login_next_to_another_site_goes_to_the_start_page(client, coordinator):
    device = enrolled(coordinator)
    password_login(client, coordinator)
    response = client.post(reverse("two_factor"), {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")


# --- Wrong codes and lockout ------------------------------------------------------------------

def test_wrong_code_is_counted_like_a_wrong_password_and_audited(client, coordinator):
    enrolled(coordinator)
    password_login(client, coordinator)
    response = client.post(reverse("two_factor"), {"code": "123456"})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert AccessAttempt.objects.get(username=coordinator.email).failures_since_start == 1
    [event] = events(Security.TWO_FACTOR_FAILED, coordinator)
    assert (event.actor, event.detail["enrolling"]) == (coordinator, False)


def test_wrong_code_right_after_another_is_told_to_wait_and_not_tried(client, coordinator):
    device = enrolled(coordinator)
    password_login(client, coordinator)
    client.post(reverse("two_factor"), {"code": "123456"})
    response = client.post(reverse("two_factor"), {"code": code(device)})
    assert "Vänta några sekunder innan du försöker igen." in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert AccessAttempt.objects.get(username=coordinator.email).failures_since_start == 1


def test_wrong_codes_lock_the_account_after_ten_and_end_the_session(client, coordinator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only the lockout under test, not the back-off
    enrolled(coordinator)
    password_login(client, coordinator)
    for _ in range(9):
        assert client.post(reverse("two_factor"), {"code": "123456"}).status_code == 200
    response = client.post(reverse("two_factor"), {"code": "123456"})
    assert response.status_code == 429
    assert "Kontot är tillfälligt låst" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert events(Security.TWO_FACTOR_FAILED, coordinator).count() == 10
    assert AuditEvent.objects.filter(action=Security.LOCKED_OUT, detail__username=coordinator.email).count() == 1
    # The password alone does not open it again while it is locked.
    again = client.post(reverse("login"), {"username": coordinator.email, "password": PASSWORD})
    assert again.status_code == 429


# --- Recovery codes ---------------------------------------------------------------------------

def test_recovery_code_opens_one_login_and_never_a_second(client, coordinator):
    codes = enrol(client, coordinator)
    client.post(reverse("logout"))
    first = Client()
    password_login(first, coordinator)
    response = first.post(reverse("two_factor"), {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    assert "Du loggade in med en reservkod. Du har 9 kvar." in response.content.decode()
    [event] = events(Security.RECOVERY_CODE_USED, coordinator)
    assert event.detail["left"] == 9
    second = Client()
    password_login(second, coordinator)
    assert WRONG in second.post(reverse("two_factor"), {"code": codes[0]}).content.decode()
    assert DEVICE_ID_SESSION_KEY not in second.session
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9


# --- The administrator's reset ----------------------------------------------------------------

def test_admin_reset_removes_the_authenticator_audited_and_the_user_enrols_again(client, coordinator):
    codes = enrol(client, coordinator)
    assert codes
    admin = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=admin, role=Role.ADMINISTRATOR, organisation=None)
    staff = Client()
    staff.force_login(admin)
    response = staff.post(reverse("admin:accounts_user_changelist"),
                          {"action": "reset_two_factor", "_selected_action": [coordinator.pk]}, follow=True)
    assert "Tvåfaktorinloggningen återställd för 1 användare" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator).count() == 0
    assert StaticDevice.objects.filter(user=coordinator).count() == 0
    [event] = events(Security.TWO_FACTOR_RESET, coordinator)
    assert event.actor == admin
    again = Client()
    assert password_login(again, coordinator).redirect_chain[-1] == (reverse("two_factor_enrol"), 302)


def test_admin_reset_action_is_offered_in_swedish(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Återställ tvåfaktorinloggning" in page


# --- What an unverified session reaches -------------------------------------------------------

def test_unverified_session_cannot_open_a_staff_page(client, coordinator):
    enrolled(coordinator)
    password_login(client, coordinator)
    response = client.get(reverse("tracks:list"))
    assert (response.status_code, response["Location"]) == (302, f"{reverse('two_factor')}?next=%2Ftracks%2F")
    assert client.post(reverse("notifications_read_all"))["Location"] == reverse("two_factor")


def test_unverified_session_gets_no_htmx_partial(client, coordinator):
    enrolled(coordinator)
    password_login(client, coordinator)
    response = client.get(reverse("tracks:list"), headers={"HX-Request": "true"})
    assert (response.status_code, response["HX-Redirect"], response.content) == (204, reverse("two_factor"), b"")


def test_unverified_session_cannot_open_the_admin_site(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    enrolled(admin)
    password_login(client, admin)
    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("two_factor"))


def test_unverified_session_may_log_out(client, coordinator):
    password_login(client, coordinator)
    response = client.post(reverse("logout"))
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    assert "_auth_user_id" not in client.session


# --- Who is not asked -------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.STEERING_GROUP_MEMBER, None])
def test_login_without_personal_data_needs_no_second_factor(client, role):
    user = UserFactory()
    if role is not None:
        from .factories import SteeringGroupFactory

        MembershipFactory(user=user, role=role, organisation=None, steering_group=SteeringGroupFactory())
    response = password_login(client, user)
    assert (response.redirect_chain, response.status_code) == ([(reverse("dashboard"), 302)], 200)


@pytest.mark.parametrize("role", sorted(two_factor.ROLES))
def test_login_with_a_role_that_reaches_personal_data_is_asked(role):
    user = UserFactory.build()
    assert two_factor.required(user, {role}, {}) is True


def test_login_through_an_identity_provider_is_not_asked_here(db):
    user = UserFactory.build()
    assert two_factor.required(user, {Role.COORDINATOR}, {two_factor.SSO_SESSION_KEY: 1}) is False


def test_participant_login_with_a_one_time_code_is_unaffected(client, world):
    account = world.objects["account"]
    mail.outbox.clear()
    assert client.post(reverse("portal:login"), {"address": account.address}).status_code == 302
    token = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post(reverse("portal:code"), {"code": token})
    assert response.status_code == 302 and not response["Location"].startswith(reverse("two_factor"))
    assert client.get(reverse("portal:home")).status_code == 200
    assert TOTPDevice.objects.filter(user=account.user).count() == 0


# --- Valid HTML -------------------------------------------------------------------------------

def test_two_factor_pages_are_valid_html(client, coordinator, tmp_path):
    import json
    import shutil
    import subprocess

    from .test_html_validity import VNU

    java = shutil.which("java")
    assert java and VNU.exists(), "`make test` installs Java and vnu.jar (npm ci)"
    password_login(client, coordinator)
    pages = {"enrol": client.get(reverse("two_factor_enrol")),
             "enrol-errors": client.post(reverse("two_factor_enrol"), {"code": "000000"})}
    TOTPDevice.objects.filter(user=coordinator).update(throttling_failure_count=0)
    pages["recovery-codes"] = client.post(reverse("two_factor_enrol"),
                                          {"code": code(TOTPDevice.objects.get(user=coordinator))})
    again = Client()
    password_login(again, coordinator)
    pages["verify"] = again.get(reverse("two_factor"))
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files.append(str(tmp_path / f"{name}.html"))
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=180)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
