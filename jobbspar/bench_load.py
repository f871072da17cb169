"""`make bench`'s load test: 50 simulated users against gunicorn, each logging in with the form (and
its authenticator's code where the site asks for one), then moving between its role's pages with
1–3 s between requests. The cluster test (cluster_users.py) uses the same users' mix and codes."""

import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

from .bench import ROOT, percentile


def authenticator_device(user):
    """The user's confirmed authenticator (TOTP), made here if they have none, as an app holds it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    # A user may log in again within one 30-second step of an earlier run: let that code count.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    return device


def authenticator(user):
    """What gives the user's current code, as their authenticator app would."""
    from django_otp.oath import TOTP

    device = authenticator_device(user)

    def code():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        return f"{totp.token():0{device.digits}d}"

    return code


class Browser:
    """One simulated user over HTTP: keeps its cookies, says it came over HTTPS (as behind the
    production proxy), logs in with the form and its CSRF token."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, url, body=None):
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": "https://127.0.0.1/accounts/login/"})
        connection_.request(method, url, body=body, headers=headers)
        response = connection_.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection_.close()
        return response.status, content

    def log_in(self, email, password, code=None):
        """The login form, then the code step where the site asks for one (it sends a login that
        needs none on to the start page)."""
        _status, page = self.request("GET", "/accounts/login/")
        status, _ = self.request("POST", "/accounts/login/", urlencode(
            {"csrfmiddlewaretoken": csrf_token(page), "username": email, "password": password}))
        if status != 302:
            return False
        status, page = self.request("GET", "/accounts/two-factor/")
        if status == 200 and code is not None:
            self.request("POST", "/accounts/two-factor/", urlencode({"csrfmiddlewaretoken": csrf_token(page), "code": code()}))
        status, _ = self.request("GET", "/")
        return status == 200


def csrf_token(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


# The pages each simulated user moves between; {track} is a track of the user's own.
MIX = {
    "coordinator": ["/", "/tracks/", "/tracks/{track}/", "/tracks/{track}/candidates/", "/participants/",
                    "/accounts/notifications/"],
    "municipality_officer": ["/", "/tracks/", "/participants/", "/tracks/{track}/"],
    "employer_representative": ["/", "/tracks/", "/tracks/{track}/"],
    "steering_group_member": ["/", "/reports/", "/tracks/{track}/"],
}


def own_track(user, role):
    """The newest track the user works with: one they coordinate, for a coordinator."""
    from tracks.models import WORKING_PHASES, Track
    from tracks.selectors import tracks_visible_to

    tracks = Track.objects.filter(coordinators=user) if role == "coordinator" else tracks_visible_to(user)
    return tracks.filter(phase__in=WORKING_PHASES).order_by("-planned_start").values_list("pk", flat=True).first()


SPAWN_RATE = 1  # users a second: logins (a deliberately slow password hash) spread out


def load(port, users_by_role, seconds=60, n_users=50, seed=7) -> dict:
    from jobbspar.scale import SCALE_PASSWORD

    rng = random.Random(seed)
    roles = list(users_by_role)
    latencies, errors, statuses, lock = [], [0], {}, threading.Lock()
    deadline = [0.0]

    def simulated(n):
        time.sleep(n / SPAWN_RATE)  # users arrive one a second, as locust spawns them
        role = roles[n % len(roles)]
        browser = Browser(port)
        user = users_by_role[role][n // len(roles) % len(users_by_role[role])]
        if not browser.log_in(user.email, SCALE_PASSWORD, codes[user.pk]):
            with lock:
                errors[0] += 1
                statuses["login"] = statuses.get("login", 0) + 1
            return
        local = random.Random(seed + n)
        urls = [u.format(track=tracks[user.pk]) for u in MIX[role] if tracks[user.pk] or "{track}" not in u]
        while time.monotonic() < deadline[0]:
            url = local.choice(urls)
            started = time.perf_counter()
            try:
                status, _ = browser.request("GET", url)
            except OSError:
                status = 0
            elapsed = 1000 * (time.perf_counter() - started)
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors[0] += 1
                    statuses[status] = statuses.get(status, 0) + 1
            time.sleep(local.uniform(1, 3))

    rng.shuffle(roles)
    tracks = {user.pk: own_track(user, role) for role, group in users_by_role.items() for user in group}
    codes = {user.pk: authenticator(user) for group in users_by_role.values() for user in group}
    deadline[0] = time.monotonic() + n_users / SPAWN_RATE + seconds
    threads = [threading.Thread(target=simulated, args=(n,)) for n in range(n_users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"users": n_users, "seconds": seconds, "requests": len(latencies),
            "p50_ms": round(percentile(latencies, 0.5), 1) if latencies else None,
            "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None, "errors": errors[0],
            "error_statuses": statuses}


def start_gunicorn(port):
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "bench-only-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "false", "SITE_URL": "https://127.0.0.1", "EMAIL_URL": "dummymail://", "ALLOW_NO_EMAIL": "true"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    # The server's log (a line per request) goes to a file: a pipe nobody reads fills up and stops the workers.
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / "bench-gunicorn.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "jobbspar.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers",
             "2", "--log-level", "warning"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")
