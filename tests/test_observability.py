"""Operations can watch the site: JSON logs with a request id from the web into the worker, a
Prometheus endpoint for inside only, error reports only when asked for — and no personal data in
any of them."""

import io
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import signals
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families
from django.urls import reverse

from jobbspar.celery import app as celery_app
from jobbspar.models import Heartbeat
from jobbspar.services import heartbeat_beat
from jobbspar.tasks import apply_retention
from lib.logs import REQUEST_ID, JsonFormatter, RequestIdFilter, before_send, scrub

ROOT = Path(__file__).resolve().parent.parent
INSIDE = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def json_log():
    """The root logger's lines as production writes them (LOG_FORMAT=json), parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines.text = lambda: stream.getvalue()
    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def _person_data(participant) -> list[str]:
    return [f"{participant.first_name} {participant.last_name}", participant.personnummer,
            participant.personnummer_formatted, participant.email]


def test_every_answer_carries_a_request_id(client, db):
    made = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz")["X-Request-ID"] != made
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-4f2a.9")["X-Request-ID"] == "lb-4f2a.9"
    odd = client.get("/healthz", HTTP_X_REQUEST_ID="<script> 19900101-1234")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", odd)


def test_a_request_logs_one_json_line_with_its_id_and_route(client, db, json_log):
    client.get("/healthz", HTTP_X_REQUEST_ID="req-1")
    [line] = [entry for entry in json_log() if entry["logger"] == "jobbspar.requests"]
    assert {k: line[k] for k in ("level", "request_id", "route", "method", "status")} == {
        "level": "INFO", "request_id": "req-1", "route": "healthz", "method": "GET", "status": 200}
    assert line["duration_ms"] >= 0
    assert REQUEST_ID.get() == ""  # nothing left behind for the next request on this thread


def test_production_logs_are_json_with_the_request_id_and_nothing_personal():
    """The settings' LOGGING, in a process of its own with LOG_FORMAT=json."""
    code = ("import django, logging; django.setup(); from lib.logs import REQUEST_ID; REQUEST_ID.set('abc-1');"
            "logging.getLogger('jobbspar.test').warning('Sent a code to %s, %s', 'anna.berg@example.se', '19900101-1234')")
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "jobbspar.settings", "LOG_FORMAT": "json"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(x) for x in result.stderr.splitlines() if '"jobbspar.test"' in x]
    assert (line["level"], line["request_id"], line["message"]) == ("WARNING", "abc-1", "Sent a code to [removed], [removed]")


def test_development_logs_are_text():
    code = "import django, logging; django.setup(); logging.getLogger('jobbspar.test').warning('hello')"
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "jobbspar.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert re.search(r"^\S+ \S+ WARNING \[-\] jobbspar.test: hello$", result.stderr, re.M), result.stderr


@pytest.mark.parametrize("text", [
    "19900101-1234", "199001011234", "900101-1234", "9001011234", "19900101+1234",
    "anna.berg@example.se", "070-123 45 67", "+46 70 123 45 67", "0701234567",
])
def test_personal_data_is_taken_out_of_log_messages(text):
    assert scrub(f"Read {text}.") == "Read [removed]."


@pytest.mark.parametrize("text", ["GET participants:detail 200", "report 1234 ready", "took 12.5 ms",
                                  "task 3f2b9c1e-7d4a-4b7e-9a51-0c2d6e8f1a2b", "2026-12-07 15:20"])
def test_operational_text_is_left_as_it_is(text):
    assert scrub(text) == text


def test_reading_a_participant_leaves_no_personal_data_in_logs_or_metrics(client, world, json_log, caplog):
    participant = world.objects["participant"]
    client.force_login(world.user("coordinator"))
    # A search by name puts the name in the query string; a bad form echoes what was typed.
    assert client.get(participant.get_absolute_url()).status_code == 200
    client.get(reverse("participants:list"), {"q": participant.last_name})
    client.post(reverse("participants:reveal", args=[participant.pk]), HTTP_HX_REQUEST="true")
    logging.getLogger("jobbspar.test").warning("Contact %s at %s", participant.personnummer_formatted,
                                               participant.email)
    metrics = client.get(reverse("metrics"), **INSIDE).content.decode()
    logged = json_log.text()
    assert "participants:detail" in logged and 'route="participants:detail"' in metrics
    for value in _person_data(participant) + [participant.last_name]:
        assert value not in logged, value
        assert value not in metrics, value
    assert str(participant.pk) not in re.findall(r'route="([^"]*)"', metrics)


def _metrics(client) -> dict:
    """{(name, (label, value)...): value} of what /metrics answers from inside."""
    response = client.get("/metrics", **INSIDE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.content.decode()) for sample in family.samples}


def test_metrics_answer_inside_with_requests_latency_queue_failures_and_heartbeat(client, db):
    healthz = ("jobbspar_http_requests_total", (("method", "GET"), ("route", "healthz"), ("status", "200")))
    latency = ("jobbspar_http_request_duration_seconds_count", (("route", "healthz"),))
    before = _metrics(client)
    client.get("/healthz")
    heartbeat_beat(name="celery", hostname="worker-1")
    signals.task_failure.send(sender=apply_retention, task_id="t-1", exception=RuntimeError("disk full"))
    after = _metrics(client)
    assert after[healthz] == before.get(healthz, 0) + 1
    assert after[latency] == before.get(latency, 0) + 1
    assert after[("jobbspar_celery_task_failures_total", (("task", "jobbspar.tasks.apply_retention"),))] == 1
    assert after[("jobbspar_celery_task_failures_total", (("task", "jobbspar.tasks.heartbeat"),))] == 0
    [queue] = [value for (name, _labels), value in after.items() if name == "jobbspar_celery_queue_length"]
    assert queue >= 0
    beat = Heartbeat.objects.get(pk="celery")
    assert after[("jobbspar_celery_heartbeat_timestamp_seconds", ())] == beat.last_run_at.timestamp()
    assert 0 <= after[("jobbspar_celery_heartbeat_age_seconds", ())] < 60


def test_the_queue_length_counts_waiting_tasks(client, db):
    def length():
        return sum(v for (name, _labels), v in _metrics(client).items() if name == "jobbspar_celery_queue_length")

    before = length()
    try:
        celery_app.send_task("jobbspar.tasks.heartbeat")
        celery_app.send_task("jobbspar.tasks.heartbeat")
        assert length() == before + 2
    finally:
        celery_app.control.purge()


@pytest.mark.parametrize("meta", [
    {"REMOTE_ADDR": "203.0.113.9"},  # the internet
    {"REMOTE_ADDR": "10.1.2.3"},  # the pod network, not allowed by default
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},  # through the load balancer
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"},
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.9"},
])
def test_metrics_are_not_found_from_outside(client, db, meta):
    response = client.get("/metrics", **meta)
    assert response.status_code == 404
    assert b"jobbspar_" not in response.content


def test_metrics_answer_the_networks_configured(client, db, settings):
    settings.METRICS_ALLOWED_CIDRS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 404


def test_no_error_reports_without_a_dsn(settings):
    import sentry_sdk

    assert settings.SENTRY_DSN == ""
    assert sentry_sdk.get_client().is_active() is False


def test_a_dsn_turns_error_reports_on_without_personal_data():
    code = ("import django, json, sentry_sdk; django.setup(); c = sentry_sdk.get_client();"
            "d = c.options['data_collection'];"
            "print(json.dumps([c.is_active(), d['user_info'], d['cookies'], d['http_bodies'], d['url_query_params'],"
            "d['stack_frame_variables'], c.options['before_send'].__module__, c.options['environment']]))")
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "jobbspar.settings",
                   "SENTRY_DSN": "http://public@127.0.0.1:9/1", "SENTRY_ENVIRONMENT": "staging"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        True, False, {"mode": "off"}, [], {"mode": "off"}, False, "lib.logs", "staging"]


def test_an_error_report_keeps_the_error_and_drops_the_person():
    event = {
        "request": {"method": "POST", "url": "https://jobbspar.example.se/participants/?q=Berg",
                    "data": {"personnummer": "19900101-1234"}, "cookies": {"sessionid": "s"},
                    "headers": {"Cookie": "sessionid=s"}, "query_string": "q=Berg"},
        "user": {"id": 7, "email": "anna.berg@example.se"},
        "extra": {"name": "Anna Berg"},
        "exception": {"values": [{"type": "ValueError", "value": "bad number 19900101-1234",
                                  "stacktrace": {"frames": [{"function": "save", "vars": {"email": "a@b.se"}}]}}]},
        "breadcrumbs": {"values": [{"message": "mail to anna.berg@example.se", "data": {"to": "anna.berg@example.se"}}]},
    }
    cleaned = before_send(event, {})
    assert cleaned["request"] == {"method": "POST", "url": "https://jobbspar.example.se/participants/"}
    assert "user" not in cleaned and "extra" not in cleaned
    exception = cleaned["exception"]["values"][0]
    assert (exception["type"], exception["value"]) == ("ValueError", "bad number [removed]")
    assert exception["stacktrace"]["frames"] == [{"function": "save"}]
    assert cleaned["breadcrumbs"]["values"] == [{"message": "mail to [removed]"}]


def _database_url():
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_task_logs_with_the_id_of_the_request_that_queued_it(client, tmp_path):
    """A real worker, logging JSON: the task queued during a request carries that request's id."""
    environment = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "jobbspar.settings",
                   "LOG_FORMAT": "json"}
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "jobbspar", "worker", "--pool=solo", "--loglevel=INFO",
             f"--hostname=obs-{os.getpid()}@%h"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            token = REQUEST_ID.set("req-from-web-7")
            try:
                celery_app.send_task("jobbspar.tasks.heartbeat")
            finally:
                REQUEST_ID.reset(token)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not Heartbeat.objects.filter(pk="celery").exists():
                time.sleep(0.5)
            time.sleep(1)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    output = log_path.read_text()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert lines, output[-3000:]
    done = [line for line in lines if "jobbspar.tasks.heartbeat" in line["message"] and "succeeded" in line["message"]]
    assert "req-from-web-7" in [line["request_id"] for line in done], output[-3000:]
