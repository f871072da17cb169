"""The embedded default holds a few dozen users at once: 30 people log in and ask for a report at
the same moment, against the web server `make run` starts (bin/serve-embedded) on the test
database, while a real Celery worker with beat writes a heartbeat five times a second and renders
the reports. No request may fail ("database is locked" was a 500 on SQLite before its transactions
began IMMEDIATE in WAL mode; runserver reset connections beyond ten waiting)."""

import os
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest

from accounts.models import Membership, Role
from jobbspar.models import Heartbeat
from reports.models import Report

from .factories import UserFactory, make_track
from .test_celery_worker import ROOT, database_url
from .test_report_worker import start_worker, wait_for

PEOPLE = 30
PASSWORD = "samtidigt-lösenord-1"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_web(tmp_path, media_root, port):
    log = (tmp_path / "web.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / "bin" / "serve-embedded"), "--bind", f"127.0.0.1:{port}"], cwd=ROOT, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHON": sys.executable, "DATABASE_URL": database_url(), "MEDIA_ROOT": str(media_root),
             "DJANGO_SETTINGS_MODULE": "jobbspar.settings"})
    return process, log


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Browser:
    """One person's cookies and CSRF token, over plain HTTP."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.statuses = []

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=60) as response:
                self.statuses.append(response.status)
                return response.read().decode()
        except urllib.error.HTTPError as error:
            self.statuses.append(error.code)
            return error.read().decode(errors="replace")

    def post(self, path, data, token_from):
        token = TOKEN.search(self.open(token_from)).group(1)
        return self.open(path, {**data, "csrfmiddlewaretoken": token})


@pytest.mark.django_db(transaction=True)
def test_thirty_people_log_in_and_ask_for_reports_while_a_worker_writes(world, tmp_path, media_root):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    coordinator = world.user("coordinator")
    # The server checks passwords with the production hasher; one hash serves everyone.
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, "samtidigtsalt")
    people = [UserFactory(email=f"samtidig{n}@test.jobbspar.example") for n in range(PEOPLE)]
    for person in people:
        person.password = hashed
    type(coordinator).objects.bulk_update(people, ["password"])
    Membership.objects.bulk_create([Membership(user=p, role=Role.COORDINATOR, organisation=world.home.municipality)
                                    for p in people])
    track = make_track(coordinator=coordinator, municipality=world.home.municipality, employers=[world.home.employer])
    track.coordinators.add(*people)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web, web_log = start_web(tmp_path, media_root, port)
    worker, log = start_worker(tmp_path, media_root, "busy", "--beat", f"--schedule={tmp_path / 'beat'}",
                               HEARTBEAT_INTERVAL_SECONDS="0.2")
    start = threading.Barrier(PEOPLE)
    from jobbspar.bench_load import authenticator

    codes = {person.pk: authenticator(person) for person in people}

    def visit(person):
        browser = Browser(base)
        login = "/accounts/login/"
        page = browser.open(login)
        start.wait(timeout=60)  # everyone logs in at once
        browser.open(login, {"username": person.email, "password": PASSWORD,
                             "csrfmiddlewaretoken": TOKEN.search(page).group(1)})
        # Coordinators confirm a password login with their authenticator's code (accounts/two_factor.py).
        step = browser.open("/accounts/two-factor/")
        browser.open("/accounts/two-factor/", {"code": codes[person.pk](), "csrfmiddlewaretoken": TOKEN.search(step).group(1)})
        browser.post(f"/reports/tracks/{track.pk}/", {}, token_from=track.get_absolute_url())
        return browser.statuses

    try:
        assert wait_for(lambda: answers(base + "/healthz"), 60), (tmp_path / "web.log").read_text()[-3000:]
        assert wait_for(lambda: Heartbeat.objects.filter(pk="celery").exists(), 60), "the worker never beat"
        beats_before = Heartbeat.objects.get(pk="celery").runs
        with ThreadPoolExecutor(PEOPLE) as pool:
            statuses = [s for result in pool.map(visit, people) for s in result]
        made = wait_for(lambda: Report.objects.filter(requested_by__in=people, status=Report.Status.DONE).exists(), 120)
        beats_after = Heartbeat.objects.get(pk="celery").runs
    finally:
        os.killpg(web.pid, 15)
        worker.terminate()
        web.wait(timeout=60)
        worker.wait(timeout=60)
        log.close()
        web_log.close()
    failures = [s for s in statuses if s >= 500]
    assert failures == [], f"{len(failures)} server errors among {len(statuses)} requests"
    assert sorted(set(statuses)) == [200]  # the opener follows redirects: every page arrived
    assert Report.objects.filter(requested_by__in=people).count() == PEOPLE
    assert made, (tmp_path / "busy.log").read_text()[-3000:]
    assert beats_after > beats_before  # the worker wrote throughout
