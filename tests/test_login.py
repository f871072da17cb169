import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"


@pytest.fixture
def person(db):
    return UserFactory(email="karin@test.jobbspar.example", password=PASSWORD)


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_with_email_in_any_case_reaches_dashboard(client, person):
    response = log_in(client, "Karin@Test.Jobbspar.Example", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, reverse("dashboard"))


def test_login_changes_the_session_key(client, person):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    log_in(client, person.email, PASSWORD)
    assert client.session.session_key != before


def test_login_wrong_password_says_so_in_swedish(client, person):
    response = log_in(client, person.email, "wrong")
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord." in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()


def test_login_locks_account_after_ten_failures(client, person):
    for _ in range(10):
        log_in(client, person.email, "wrong")
    response = log_in(client, person.email, PASSWORD)
    assert response.status_code == 429
    assert "Kontot är tillfälligt låst" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_nine_failures_do_not_lock(client, person):
    for _ in range(9):
        log_in(client, person.email, "wrong")
    assert log_in(client, person.email, PASSWORD).status_code == 302


def test_password_reset_by_email_sets_a_new_password(client, person):
    client.post(reverse("password_reset"), {"email": person.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Välj ett nytt lösenord för Jobbspår"
    assert message.to == [person.email]
    link = re.search(re.escape(settings.SITE_URL) + r"(/accounts/password/reset/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]  # Django moves the token into the session first
    too_short = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "minst 12 tecken" in too_short.content.decode()
    response = client.post(form_url, {"new_password1": "ett-bra-losenord-2026", "new_password2": "ett-bra-losenord-2026"})
    assert response["Location"] == reverse("password_reset_complete")
    assert User.objects.get(pk=person.pk).check_password("ett-bra-losenord-2026")


def test_password_reset_for_unknown_address_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
