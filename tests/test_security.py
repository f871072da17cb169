"""Sessions, login logging, headers and deployment: the measures of the security issue that are
not about personal data itself."""

import datetime
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from accounts.middleware import LOGIN_AT, SEEN_AT
from accounts.models import AuditEvent

from .factories import UserFactory
from .test_deploy import run_manage, service_environment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def person(db):
    return UserFactory(email="karin@test.jobbspar.example", password=PASSWORD)


def logged_in_client(person):
    client = Client()
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def edit_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


def is_logged_in(client):
    response = client.get(reverse("dashboard"))
    return response.status_code == 200


# --- Sessions ------------------------------------------------------------------------------


def test_session_ends_after_30_minutes_without_a_request(person):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    client = logged_in_client(person)
    assert is_logged_in(client)
    # 30 minutes pass: the row expires, and so does the cached copy (kept exactly as long).
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    cache.delete(KEY_PREFIX + key)
    assert not is_logged_in(client)


def test_active_session_is_kept_alive_for_30_more_minutes(person, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = logged_in_client(person)
    edit_session(client, **{SEEN_AT: time.time() - 120})
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert is_logged_in(client)
    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expires > timezone.now() + datetime.timedelta(minutes=29)


def test_session_ends_12_hours_after_login_however_active(person):
    client = logged_in_client(person)
    edit_session(client, **{LOGIN_AT: time.time() - 12 * 3600 - 1})
    response = client.get(reverse("tracks:list"))
    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next=/tracks/")
    page = client.get(response["Location"]).content.decode()
    assert "Du har varit inloggad i 12 timmar" in page
    assert not is_logged_in(client)


def test_htmx_request_after_the_session_ended_loads_the_login_page_whole(person):
    client = logged_in_client(person)
    edit_session(client, **{LOGIN_AT: time.time() - 13 * 3600})
    response = client.get(reverse("notifications"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_login_records_when_the_session_started(person):
    client = logged_in_client(person)
    assert abs(client.session[LOGIN_AT] - time.time()) < 60


def test_password_change_ends_the_users_other_sessions(person):
    here, elsewhere = logged_in_client(person), logged_in_client(person)
    response = here.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "ett-helt-nytt-losenord-2026", "new_password2": "ett-helt-nytt-losenord-2026"})
    assert response.status_code == 302
    assert is_logged_in(here)
    assert not is_logged_in(elsewhere)


def test_deactivation_ends_the_users_sessions(person):
    client = logged_in_client(person)
    person.is_active = False
    person.save()
    assert not is_logged_in(client)


# --- Logins in the audit log ---------------------------------------------------------------


def test_logins_failures_and_lockouts_are_logged(client, person):
    logged_in_client(person)
    assert AuditEvent.objects.filter(actor=person, action="login").count() == 1
    for _ in range(11):
        client.post(reverse("login"), {"username": person.email.upper(), "password": "fel"})
    failures = AuditEvent.objects.filter(action="login.failed")
    assert failures.count() == 11  # the eleventh, refused by the lock, counts as failed too
    assert {e.detail["username"] for e in failures} == {person.email}
    assert all("fel" not in json.dumps(e.detail) for e in failures)
    assert AuditEvent.objects.filter(action="login.locked_out", detail__username=person.email).exists()


def test_lockout_message_is_swedish(client, person):
    for _ in range(10):
        client.post(reverse("login"), {"username": person.email, "password": "fel"})
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Kontot är tillfälligt låst" in response.content.decode()


def test_password_rules_ask_for_twelve_characters(client, person):
    client.force_login(person)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "kort-ord-1", "new_password2": "kort-ord-1"})
    assert "minst 12 tecken" in response.content.decode()


# --- Headers ---------------------------------------------------------------------------------


def test_pages_of_logged_in_users_are_never_stored(client, world):
    client.force_login(world.user("coordinator"))
    for url in (reverse("dashboard"), reverse("tracks:list"), reverse("participants:detail", args=[world.objects["participant"].pk]),
                reverse("reports:download", args=[world.objects["report"].pk]),
                reverse("reports:export_participants", args=["csv"])):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_content_security_policy_allows_no_inline_script(client, world):
    client.force_login(world.user("coordinator"))
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def production_settings(*names):
    code = ("import django, json; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "jobbspar.settings", **service_environment("web")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_production_cookies_and_hsts():
    assert production_settings(
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "DEBUG",
    ) == {
        "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True, "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True, "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True, "DEBUG": False,
    }


def test_deploy_check_passes_at_warning_level():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], service_environment("web"))
    assert result.returncode == 0, result.stdout + result.stderr


def broken_view(request):
    raise RuntimeError("secret internals: SELECT * FROM participants")


urlpatterns = [path("broken/", broken_view)]


def test_error_page_never_shows_a_stack_trace(client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in page
    assert "Traceback" not in page and "secret internals" not in page and "RuntimeError" not in page


def test_bandit_finds_nothing_of_medium_or_high_severity():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", "jobbspar", "employers", "participants", "tracks", "reports",
         "-x", "*/migrations/*", "--severity-level", "medium", "-f", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    findings = json.loads(result.stdout)["results"]
    assert [(f["filename"], f["line_number"], f["test_id"]) for f in findings] == []
    assert result.returncode == 0
