import pytest
from django.urls import reverse

from jobbspar.celery import app as celery_app
from jobbspar.services import heartbeat_beat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_checking_anything(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_reports_database_broker_and_heartbeat(client):
    beat = heartbeat_beat(name="celery", hostname="test@host")
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok"},
        "heartbeat": beat.last_run_at.isoformat(),
    }


def test_readyz_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    # Port 9 on this machine: nothing listens, so the connection is refused at once.
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration, so both
    # change; the configuration first, so that undoing restores its own value, not this one.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] != "ok"


def test_heartbeat_beat_counts_runs():
    heartbeat_beat(name="celery", hostname="a")
    beat = heartbeat_beat(name="celery", hostname="b")
    assert (beat.runs, beat.hostname) == (2, "b")
