"""The cluster test's simulated users (jobbspar/cluster_test.py): bench.py's users — they log in
with the form (and their authenticator's code where the site asks for one), then move between
their role's pages — over HTTP through the load balancer; and the throughput with one web node and
with two, users in a closed loop without pauses."""

import collections
import datetime
import os
import platform
import random
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from .cluster import LB_PORT, Cluster

USERS = {"coordinator": 8, "municipality_officer": 4, "employer_representative": 4, "steering_group_member": 4}
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- A user's browser, through the balancer -----------------------------------------------------


@dataclass
class Hit:
    user: int
    method: str
    url: str
    started: float
    ended: float
    status: int  # 0: no answer at all
    served_by: str = ""
    location: str = ""


class Browser:
    """Keeps its cookies, says it came over HTTPS (as behind the production proxy)."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, url, fields=None, referer="") -> tuple[Hit, bytes]:
        import http.client

        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": f"https://127.0.0.1{referer or url}"})
        started = time.monotonic()
        status, served_by, location, content = 0, "", "", b""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", LB_PORT, timeout=30)
            conn.request(method, url, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            status, served_by, location = response.status, response.getheader("X-Served-By", ""), response.getheader("Location", "")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            conn.close()
        except OSError:
            pass
        return Hit(0, method, url, started, time.monotonic(), status, served_by, location), content

    def token(self, page: bytes) -> str:
        found = TOKEN.search(page)
        return found.group(1).decode() if found else ""

    def log_in(self, address, password, code=None) -> bool:
        """The login form; then, where the user's roles ask for it, the second factor's code step
        with the code `code()` gives (their authenticator's)."""
        _hit, page = self.request("GET", "/accounts/login/")
        hit, _ = self.request("POST", "/accounts/login/", {"csrfmiddlewaretoken": self.token(page), "username": address,
                                                           "password": password})
        if hit.status != 302 or hit.location.startswith("/accounts/login/"):
            return False
        hit, _ = self.request("GET", "/")
        if hit.status == 302 and hit.location.startswith("/accounts/two-factor/") and code is not None:
            _hit, page = self.request("GET", "/accounts/two-factor/")
            self.request("POST", "/accounts/two-factor/", {"csrfmiddlewaretoken": self.token(page), "code": code()})
            hit, _ = self.request("GET", "/")
        return hit.status == 200


def bounced(hit: Hit) -> bool:
    return hit.status == 302 and "/accounts/login/" in hit.location


# --- Who takes part ---------------------------------------------------------------------------------


def people(counts=USERS):
    from accounts.models import Role, User
    from jobbspar.bench_load import MIX, authenticator, own_track
    from jobbspar.scale import DOMAIN

    roles = {"coordinator": Role.COORDINATOR, "municipality_officer": Role.MUNICIPALITY_OFFICER,
             "employer_representative": Role.EMPLOYER_REPRESENTATIVE, "steering_group_member": Role.STEERING_GROUP_MEMBER}
    result = []
    for role, n in counts.items():
        users = User.objects.filter(email__endswith=DOMAIN, is_active=True, memberships__role=roles[role]).distinct()
        if role == "coordinator":
            users = users.filter(coordinated_tracks__isnull=False)
        for user in users.order_by("pk")[:n]:
            track = own_track(user, role)
            urls = [u.format(track=track) for u in MIX[role] if track or "{track}" not in u]
            user.code = authenticator(user)
            result.append((user, role, urls))
    return result


def percentile(values, q):
    from jobbspar.bench import percentile as p

    return round(p(values, q), 1) if values else None


# --- Throughput with one node and with two ----------------------------------------------------------


def closed_loop(browsers, seconds) -> dict:
    hits, lock, stop = [], threading.Lock(), time.monotonic() + seconds

    def loop(n, browser, urls):
        rng = random.Random(n)
        while time.monotonic() < stop:
            hit, _ = browser.request("GET", rng.choice(urls))
            with lock:
                hits.append(hit)

    threads = [threading.Thread(target=loop, args=(n, b, urls)) for n, (b, urls) in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    durations = [1000 * (h.ended - h.started) for h in hits]
    return {"requests": len(hits), "requests_per_s": round(len(hits) / seconds, 1),
            "p50_ms": percentile(durations, 0.5), "p95_ms": percentile(durations, 0.95),
            "errors": sum(h.status != 200 for h in hits), "served_by": dict(collections.Counter(h.served_by for h in hits))}


def others_busy() -> list[str]:
    """What else used the CPU while measuring (the machine may be shared): processes over 10 %."""
    out = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"], capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines()[:12] if float(line.split()[0]) >= 10]


def throughput(cluster: Cluster, users=12, seconds=20, warm=5, log=print) -> dict:
    from jobbspar.scale import SCALE_PASSWORD

    chosen = people({"coordinator": users // 2, "municipality_officer": users // 4, "steering_group_member": users // 4})
    browsers = []
    for user, _role, urls in chosen:
        browser = Browser()
        assert browser.log_in(user.email, SCALE_PASSWORD, user.code), user.email
        browsers.append((browser, urls))
    result = {"date": datetime.date.today().isoformat(), "users": len(browsers), "seconds": seconds,
              "cpus": os.cpu_count(), "machine": f"{platform.system()} {platform.release()}"}
    for nodes in (1, 2):
        cluster.balancer(f"{'enable' if nodes == 2 else 'disable'} server web/node2")
        cluster._wait(lambda: list(cluster.servers_up().values()).count("UP") == nodes, f"{nodes} nodes up", 30)
        closed_loop(browsers, warm)
        load_before = os.getloadavg()[0]
        result[f"{nodes}_node"] = {**closed_loop(browsers, seconds), "load_average_before": round(load_before, 2)}
        result[f"{nodes}_node"]["busy_meanwhile"] = others_busy()
        log(f"  {nodes} node(s): {result[f'{nodes}_node']}")
    result["ratio"] = round(result["2_node"]["requests_per_s"] / max(result["1_node"]["requests_per_s"], 0.1), 2)
    log(f"  two nodes / one node: {result['ratio']}×")
    return result
