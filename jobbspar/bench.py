"""The benchmark behind `make bench`, run on the scale data set (jobbspar/scale.py).

- pages: every main page as a user of the role that uses it, in-process through the whole
  middleware stack: p50/p95 over 50 requests after warming up, queries per request, and the floor —
  a bare view that renders the same number of table rows from a list through the same base
  template for the same user, measured in the same run, so the ratio holds on a noisy machine;
- pdf: a track status report, and a follow-up report over 400 tracks in a fresh process (its peak
  resident memory is the process's own maximum);
- reminders: the whole reminder job over all data;
- import (bench_import.py): 2,000 participants from a file, previewed and confirmed (rolled back);
- matching and the vocabulary (bench_vocabulary.py): 2,000 candidates ranked against 15
  requirements, the combobox's suggestions over the whole vocabulary, and the coordinator's search
  of the providers' catalogue over 5,000 intakes;
- load: 50 simulated users against gunicorn with 2 workers for 60 s: each logs in, then asks for
  pages of its role with 1–3 s between requests (as a person reading them would, and as locust's
  usual `between(1, 3)` does)."""

import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 50
WARM_UP = 3


# --- The floor: the same rows from a list, through the same base template -----------------------


def floor_view(request, rows):
    table = [(f"Rad {n}", f"Kolumn B {n}", f"Kolumn C {n}", "2026-11-23", n) for n in range(rows)]
    return render(request, "bench/floor.html", {"rows": table})


urlpatterns = [path("", include("jobbspar.urls")), path("__bench__/floor/<int:rows>/", floor_view, name="bench_floor")]


# --- Who asks for what -------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    role: str
    url: str
    user: object = None  # another user of the role than the busiest, where the page needs one


def personas():
    """The scale data set's busiest user of each role."""
    from accounts.models import Role, User
    from jobbspar.scale import DOMAIN

    def busiest(role, count):
        return (User.objects.filter(email__endswith=DOMAIN, memberships__role=role).annotate(n=Count(count, distinct=True))
                .order_by("-n", "pk").first())

    return {
        "coordinator": busiest(Role.COORDINATOR, "coordinated_tracks"),
        "municipality_officer": User.objects.get(email=f"handlaggare.0180@{DOMAIN}"),
        "af_officer": User.objects.get(email=f"arbetsformedlare.0180@{DOMAIN}"),
        "employer_representative": busiest(Role.EMPLOYER_REPRESENTATIVE, "memberships__organisation__employer_tracks"),
        "steering_group_member": User.objects.get(email=f"styrgrupp.0180@{DOMAIN}"),
    }


def pages(users) -> list[Page]:
    from tracks.models import Candidacy, Phase, Shortlist, Track

    coordinator = users["coordinator"]
    own = Track.objects.filter(coordinators=coordinator)
    running = own.filter(phase=Phase.EXECUTION).annotate(n=Count("candidacies")).order_by("-n").first() or own.first()
    # The candidates page is a recruiting track's: the busiest coordinator's own, else (a small data
    # set) the recruiting track with most candidates, as one of its coordinators.
    recruiting = own.filter(phase=Phase.RECRUITMENT).first() or (
        Track.objects.filter(phase=Phase.RECRUITMENT).annotate(n=Count("candidacies")).order_by("-n", "pk").first())
    recruiter = coordinator if recruiting.coordinators.filter(pk=coordinator.pk).exists() else recruiting.coordinators.first()
    first = Candidacy.objects.filter(track=running).order_by("pk").first()
    person = first.participant_id
    employer = users["employer_representative"]
    shortlist = Shortlist.objects.filter(employer__memberships__user=employer, sent_at__isnull=False).order_by("-pk").first()
    result = [Page("dashboard", role, reverse("dashboard")) for role in users if role != "participant"]
    result += [
        Page("tracks:list", "coordinator", reverse("tracks:list")),
        Page("tracks:detail", "coordinator", reverse("tracks:detail", args=[running.pk])),
        Page("tracks:candidates", "coordinator", reverse("tracks:candidates", args=[recruiting.pk]), recruiter),
        Page("participants:list", "municipality_officer", reverse("participants:list")),
        Page("participants:detail", "coordinator", reverse("participants:detail", args=[person])),
        Page("tracks:shortlist", "employer_representative", reverse("tracks:shortlist", args=[shortlist.pk])),
        Page("notifications", "coordinator", reverse("notifications")),
        Page("reports:list", "steering_group_member", reverse("reports:list")),
    ]
    # The participant's own pages, as the first person on the running track (invited once).
    from participants import signin
    from participants.models import Participant, ParticipantAccount
    if not ParticipantAccount.objects.filter(participant_id=person).exists():
        Participant.objects.filter(pk=person, email="").update(email=f"deltagare.{person}@bench.invalid")
        signin.account_invite(participant=Participant.objects.get(pk=person), actor=coordinator, channel="email",
                              language="ar")
    users["participant"] = ParticipantAccount.objects.select_related("user").get(participant_id=person).user
    return result + [Page(name, "participant", reverse(name, args=args)) for name, args in (
        ("portal:home", []), ("portal:track", [first.pk]), ("portal:tasks", []), ("portal:skills", []))]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def second_factor(client, user):
    """The session as the code step leaves it (accounts/two_factor.py): a confirmed authenticator's
    id, so the measured pages are the pages, not the redirect to the code step."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from .bench_load import authenticator_device

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_device(user).persistent_id
    session.save()


def timed(client, url, n):
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (url, response.status_code)
    return times


def measure_page(page: Page, user) -> dict:
    client = Client()
    client.force_login(user)
    second_factor(client, user)
    for _ in range(WARM_UP):
        response = client.get(page.url)
    assert response.status_code == 200, (page.url, response.status_code)
    body = response.content.decode()
    rows = max(0, body.count("<tr") - body.count("<thead"))
    with CaptureQueriesContext(connection) as captured:
        client.get(page.url)
    queries = len(captured)  # now: the next request empties the connection's query log
    times = timed(client, page.url, REQUESTS)
    floor_url = reverse("bench_floor", args=[rows])
    timed(client, floor_url, WARM_UP)
    floor = timed(client, floor_url, REQUESTS)
    return {"name": page.name, "role": page.role, "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1), "queries": queries, "rows": rows,
            "floor_p95_ms": round(percentile(floor, 0.95), 1)}


# --- PDFs and the reminder job ---------------------------------------------------------------------


def track_status_seconds(track) -> float:
    from reports.models import Report
    from reports.services import build

    report = Report(kind=Report.Kind.TRACK_STATUS, track=track, variant=Report.Variant.NAMES)
    build(report)  # warm: fonts and WeasyPrint's first use
    started = time.perf_counter()
    build(report)
    return round(time.perf_counter() - started, 2)


def followup_in_this_process(n_tracks: int) -> dict:
    """Called in a fresh process: the follow-up report over the n most recent tracks."""
    from django.utils import translation

    from lib.pdf import render_pdf
    from reports import documents
    from tracks.models import Track

    started = time.perf_counter()
    ids = list(Track.objects.order_by("-planned_start").values_list("pk", flat=True)[:n_tracks])
    tracks = Track.objects.filter(pk__in=ids)
    with translation.override("sv"):
        context = documents.followup(tracks, scope=f"{n_tracks} jobbspår", period_from=min(t.planned_start for t in tracks),
                                     period_to=max(t.planned_end for t in tracks))
        pdf = render_pdf("reports/pdf/followup.html", context)
    return {"seconds": round(time.perf_counter() - started, 2), "bytes": len(pdf), "tracks": len(ids),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def followup_400() -> dict:
    out = subprocess.run([sys.executable, "manage.py", "bench", "--followup-only", "400"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, env=os.environ)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def reminders_seconds() -> float:
    from django.utils import timezone

    from accounts.models import Notification
    from accounts.notifications import email_immediate
    from tracks.reminders import RULES, run_all

    Notification.objects.all().delete()
    started = time.perf_counter()
    run_all(timezone.localdate(), RULES)
    email_immediate()
    return round(time.perf_counter() - started, 2)


# --- The whole run ----------------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))) // 1024 // 1024
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {memory} GiB RAM, " \
           f"Python {platform.python_version()}, {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}".strip()


def data_counts() -> dict:
    from participants.models import Participant
    from tracks.models import FollowUp, Track

    return {"tracks": Track.objects.count(), "participants": Participant.objects.count(),
            "follow_ups": FollowUp.objects.count()}


def run(log=print, load_seconds=60, pages_only=False) -> dict:
    from accounts.models import Role, User
    from jobbspar.scale import DOMAIN
    from tracks.models import Phase, Track

    settings.ROOT_URLCONF = __name__
    settings.PARTICIPANT_PATHS = (*settings.PARTICIPANT_PATHS, "/__bench__/")  # the floor, for a participant too
    from .wsgi import freeze_startup_objects  # as every production process does at start

    freeze_startup_objects()
    users = personas()
    result = {"machine": machine(), "data": data_counts(), "pages": []}
    log(f"{result['machine']}\n{result['data']}")
    for page in pages(users):
        row = measure_page(page, page.user or users[page.role])
        result["pages"].append(row)
        log(f"  {row['name']:<22} {row['role']:<24} p50 {row['p50_ms']:>7} ms  p95 {row['p95_ms']:>7} ms  "
            f"floor {row['floor_p95_ms']:>6} ms  queries {row['queries']:>3}  rows {row['rows']}")
    from .bench_vocabulary import catalogue_ms, matching_ms, suggest_ms

    result["matching"] = matching_ms()
    log(f"  matching {result['matching']}  (target p95 <= 200 ms)")
    result["suggest"] = suggest_ms(users["coordinator"])
    log(f"  combobox suggestions {result['suggest']}  (target p95 <= 50 ms)")
    result["catalogue"] = catalogue_ms(users["coordinator"])
    log(f"  catalogue search {result['catalogue']}  (target p95 <= 150 ms)")
    from .bench_import import import_seconds

    result["import"] = import_seconds(users["municipality_officer"])
    log(f"  import of 2,000 participants {result['import']}  (target <= 10 s)")
    if pages_only:
        return result
    biggest = Track.objects.filter(phase=Phase.EXECUTION).annotate(n=Count("candidacies")).order_by("-n").first()
    result["pdf"] = {"track_status_s": track_status_seconds(biggest)}
    followup = followup_400()
    result["pdf"].update({"followup_400_s": followup["seconds"], "followup_peak_mb": followup["peak_mb"]})
    log(f"  PDF: {result['pdf']}")
    result["reminders_s"] = reminders_seconds()
    log(f"  reminders: {result['reminders_s']} s")
    from .bench_load import load, start_gunicorn

    port = 8765
    server = start_gunicorn(port)
    try:
        by_role = {
            "coordinator": list(User.objects.filter(email__endswith=DOMAIN, memberships__role=Role.COORDINATOR,
                                                    coordinated_tracks__isnull=False).distinct().order_by("pk")[:20]),
            "municipality_officer": list(User.objects.filter(email__endswith=DOMAIN, memberships__role=Role.MUNICIPALITY_OFFICER).order_by("pk")[:10]),
            "employer_representative": list(User.objects.filter(email__endswith=DOMAIN, memberships__role=Role.EMPLOYER_REPRESENTATIVE).order_by("pk")[:10]),
            "steering_group_member": list(User.objects.filter(email__endswith=DOMAIN, memberships__role=Role.STEERING_GROUP_MEMBER).order_by("pk")[:10]),
        }
        result["load"] = load(port, by_role, seconds=load_seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    log(f"  load: {result['load']}")
    return result
