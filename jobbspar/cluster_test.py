"""`make cluster-test`: the loopback cluster (jobbspar/cluster.py) killed on purpose.

Simulated users (bench.py's: they log in with the form, then move between their role's pages) go
through the load balancer while steering-group members ask for follow-up reports, new follow-ups
fall due (so the reminder job, sent by beat every three seconds, keeps finding new reminders), and
a second beat is started by mistake. Half-way through, one web node and one worker get SIGKILL.
Then, when the cluster has settled, it checks:

- no request got an error, except requests in flight at the moment of the kill (counted and
  shown); no user was sent back to the login page (the sessions live in Redis and PostgreSQL, not
  in a node);
- every report asked for exists once, is done and has its one file;
- every reminder the rules give for today (the data before the run and the follow-ups added during
  it) exists once, and every e-mail of a notification was sent exactly once — none lost, none
  twice, although two beats sent every job and a worker died in the middle of them.

`--throughput` instead measures requests a second through the balancer with one web node and with
two, users in a closed loop without pauses (see the README, Cluster). Exits non-zero on any failure."""

import argparse
import collections
import datetime
import email
import email.policy
import json
import random
import re
import signal
import sys
import threading
import time

from .cluster import VAR, Cluster
from .cluster_users import Browser, Hit, bounced, people, percentile, throughput

SECONDS = 60  # of traffic; the kill comes half-way
THINK = (0.3, 1.0)  # seconds between one user's requests
REPORT_ASKS = 10
SETTLE_SECONDS = 150
MADE_HERE = "Made by the cluster test."  # the notes of the follow-ups a run adds, removed by the next


def reset():
    """A clean slate in the cluster's own database: no notifications, reports, failed logins or
    follow-ups from an earlier run; every second user wants reminders at once, the others in the daily digest."""
    from axes.models import AccessAttempt
    from django.db.models import F

    from accounts.models import Notification, User
    from reports.models import Report
    from tracks.models import FollowUp

    FollowUp.objects.filter(notes=MADE_HERE).delete()
    Notification.objects.all().delete()
    Report.objects.all().delete()
    AccessAttempt.objects.all().delete()
    User.objects.annotate(odd=F("pk") % 2).filter(odd=0).update(email_frequency="immediate")
    User.objects.annotate(odd=F("pk") % 2).filter(odd=1).update(email_frequency="daily")


def expected_reminder_keys() -> set:
    from django.utils import timezone

    from tracks.reminders import RULES

    return {r.key for rule in RULES for r in rule(timezone.localdate())}


def should_be_emailed():
    """Notifications that must have gone out by now: those of users who want them at once, and —
    on a working day, when the digest goes out — the unread ones of those who want the digest."""
    from django.db.models import Q
    from django.utils import timezone

    from accounts.models import Notification
    from lib.workdays import is_working_day

    wanted = Q(recipient__email_frequency="immediate")
    if is_working_day(timezone.localdate()):
        wanted |= Q(recipient__email_frequency="daily", read_at__isnull=True)
    return Notification.objects.filter(wanted, recipient__is_active=True)


# --- The run -----------------------------------------------------------------------------------------


class Run:
    def __init__(self, cluster: Cluster, seconds=SECONDS, log=print):
        self.cluster, self.seconds, self.log = cluster, seconds, log
        self.hits: list[Hit] = []
        self.asks: list[dict] = []
        self.follow_ups: list[int] = []
        self.lock = threading.Lock()
        self.kill_at = None
        self.t0 = None
        self.failed_logins = 0

    def user(self, n, user, urls, barrier):
        from jobbspar.scale import SCALE_PASSWORD

        browser = Browser()
        if not browser.log_in(user.email, SCALE_PASSWORD, user.code):
            with self.lock:
                self.failed_logins += 1
        barrier.wait()
        rng = random.Random(n)
        while time.monotonic() < self.t0 + self.seconds:
            hit, _ = browser.request("GET", rng.choice(urls))
            hit.user = user.pk
            with self.lock:
                self.hits.append(hit)
            time.sleep(rng.uniform(*THINK))

    def reporter(self, members, barrier):
        """Steering-group members ask for follow-up reports: a few early, a burst just before the kill
        (so the killed worker is likely making one), a few after it. Each a different period."""
        from django.utils import timezone

        from jobbspar.scale import SCALE_PASSWORD

        browsers = []
        for user in members:
            browser = Browser()
            browser.log_in(user.email, SCALE_PASSWORD, user.code)
            browsers.append((user, browser))
        barrier.wait()
        half = self.seconds / 2
        moments = [3, 8, 13, half - 5, half - 4, half - 3, half - 2, half - 1, half + 8, half + 15][:REPORT_ASKS]
        today = timezone.localdate()
        for i, moment in enumerate(moments):
            time.sleep(max(0, self.t0 + moment - time.monotonic()))
            user, browser = browsers[i % len(browsers)]
            _hit, page = browser.request("GET", "/reports/followup/")
            select = re.search(rb'<select name="agreement".*?</select>', page, re.S)
            agreements = re.findall(rb'<option value="(\d+)"', select.group(0)) if select else []
            period_to = today - datetime.timedelta(days=7 * i)
            hit, _ = browser.request("POST", "/reports/followup/", {
                "csrfmiddlewaretoken": browser.token(page), "agreement": agreements[0].decode() if agreements else "",
                "municipality": "", "period_from": (period_to - datetime.timedelta(days=180)).isoformat(),
                "period_to": period_to.isoformat(), "format": "pdf"})
            found = re.fullmatch(r"/reports/(\d+)/", hit.location)
            with self.lock:
                self.asks.append({"user": user.pk, "at": hit.started - self.t0, "status": hit.status,
                                  "report": int(found.group(1)) if hit.status == 302 and found else None,
                                  "started": hit.started, "ended": hit.ended})

    def follow_up_maker(self, barrier):
        """New follow-ups due today, one every two seconds, so new reminders keep falling due."""
        from django.db import connection
        from django.utils import timezone

        from tracks.models import WORKING_PHASES, Candidacy, FollowUp

        candidacies = list(Candidacy.objects.filter(status=Candidacy.Status.ENROLLED, track__phase__in=WORKING_PHASES)
                           .order_by("pk").values_list("pk", flat=True)[:100])
        barrier.wait()
        try:
            for pk in candidacies:
                if time.monotonic() > self.t0 + self.seconds - 5:
                    break
                follow_up = FollowUp.objects.create(candidacy_id=pk, due_date=timezone.localdate(), notes=MADE_HERE)
                self.follow_ups.append(follow_up.pk)
                time.sleep(2)
        finally:
            connection.close()

    def go(self):
        participants = people()
        members = [user for user, role, _urls in participants if role == "steering_group_member"]
        # The clock starts when the last one is logged in, before any of them goes on.
        barrier = threading.Barrier(len(participants) + 3, action=lambda: setattr(self, "t0", time.monotonic()))
        threads = [threading.Thread(target=self.user, args=(n, user, urls, barrier), daemon=True)
                   for n, (user, _role, urls) in enumerate(participants)]
        threads += [threading.Thread(target=self.reporter, args=(members, barrier), daemon=True),
                    threading.Thread(target=self.follow_up_maker, args=(barrier,), daemon=True)]
        self.log(f"{len(participants)} users log in through the balancer…")
        for thread in threads:
            thread.start()
        barrier.wait()
        self.log(f"Traffic for {self.seconds} s; a second beat at {self.seconds / 4:.0f} s; node2 and worker2 "
                 f"get SIGKILL at {self.seconds / 2:.0f} s.")
        time.sleep(self.seconds / 4)
        self.cluster.start_beat("beat2")
        time.sleep(max(0, self.t0 + self.seconds / 2 - time.monotonic()))
        self.kill_at = time.monotonic()
        self.cluster.kill("node2")
        self.cluster.kill("worker2")
        self.log(f"Killed node2 and worker2 at {self.kill_at - self.t0:.1f} s.")
        for thread in threads:
            thread.join(timeout=self.seconds + 60)
        self.log("Traffic over; waiting for the cluster to finish the reports and reminders…")
        return self.settle()

    def settle(self) -> float:
        from accounts.models import Notification
        from reports.models import Report

        started, deadline = time.monotonic(), time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline:
            reports_open = Report.objects.exclude(status__in=[Report.Status.DONE, Report.Status.FAILED]).count()
            keys = expected_reminder_keys()
            missing = len(keys - set(Notification.objects.filter(key__in=keys).values_list("key", flat=True)))
            unsent = should_be_emailed().filter(emailed_at__isnull=True).count()
            if not (reports_open or missing or unsent):
                time.sleep(3)  # let a send that was claimed a moment ago finish
                return time.monotonic() - started
            time.sleep(1)
        self.log(f"Not settled after {SETTLE_SECONDS} s: {reports_open} reports open, {missing} reminders missing, "
                 f"{unsent} e-mails not sent.")
        return time.monotonic() - started


# --- What it shows ---------------------------------------------------------------------------------


def sent_emails() -> collections.Counter:
    """(to, message, link) of every reminder item in every e-mail the cluster sent."""
    items = collections.Counter()
    for path in (VAR / "mail").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",)).get_content()
        for line, link in re.findall(r"^- (.+)\n  (\S+)$", text, re.M):
            items[(str(message["To"]), line, link)] += 1
    return items


def check(run: Run, settle_seconds: float, beat2_log: str) -> tuple[dict, list[str]]:
    from django.conf import settings
    from django.db.models import Count

    from accounts.models import Notification
    from reports.models import Report
    from reports.storage import report_storage

    failures = []
    kill = run.kill_at
    hits = run.hits
    in_flight = [h for h in hits if h.started <= kill <= h.ended]
    errors = [h for h in hits if h.status != 200]
    unexplained = [h for h in errors if h not in in_flight]
    before, after = [h for h in hits if h.ended < kill], [h for h in hits if h.started > kill]
    lost_sessions = [h for h in hits if bounced(h)]
    users = {h.user for h in hits}
    continued = {h.user for h in after if h.status == 200}
    served = {phase: dict(collections.Counter(h.served_by for h in group))
              for phase, group in (("before", before), ("after", after))}
    durations = [1000 * (h.ended - h.started) for h in hits]
    if len(hits) < 10 * len(users) or len(run.asks) != REPORT_ASKS:
        failures.append(f"the run did too little: {len(hits)} requests, {len(run.asks)} asks for reports")
    if run.failed_logins:
        failures.append(f"{run.failed_logins} users could not log in")
    if unexplained:
        failures.append(f"{len(unexplained)} requests failed outside the kill: "
                        f"{collections.Counter((h.status, h.url) for h in unexplained).most_common(5)}")
    if lost_sessions:
        failures.append(f"{len(lost_sessions)} requests were sent to the login page (session lost)")
    if continued != users:
        failures.append(f"{len(users - continued)} users got no page after the kill")
    if served["after"].get("node2"):
        failures.append(f"node2 answered {served['after']['node2']} requests after it was killed")

    # Reports: one per ask, done, with its one file.
    asked = [a["report"] for a in run.asks if a["report"]]
    asks_failed = [a for a in run.asks if not a["report"]]
    reports = {r.pk: r for r in Report.objects.all()}
    storage = report_storage()
    report_rows = []
    for pk, report in sorted(reports.items()):
        files = storage.listdir(str(pk))[1] if storage.exists(str(pk)) else []
        whole = [f for f in files if not f.startswith(".partial-")]
        report_rows.append({"id": pk, "status": report.status, "attempts": report.attempts, "files": whole,
                            "partial_files": len(files) - len(whole)})
        if report.status != Report.Status.DONE or whole != [report.download_name] or \
                not storage.exists(report.file_name) or storage.size(report.file_name) != report.file_size:
            failures.append(f"report {pk}: {report.status}, files {whole}, error {report.error[:200]!r}")
    if len(asked) != len(set(asked)):
        failures.append(f"two asks gave the same report: {asked}")
    if missing := set(asked) - set(reports):
        failures.append(f"reports asked for but not there: {sorted(missing)}")
    if len(reports) > len(asked) + len(asks_failed):
        failures.append(f"{len(reports)} reports for {len(run.asks)} asks")
    if len(asked) < REPORT_ASKS - len([a for a in asks_failed if a["started"] <= kill <= a["ended"]]):
        failures.append(f"asks for reports failed outside the kill: {asks_failed}")

    # Reminders and e-mails.
    keys = expected_reminder_keys()
    present = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    if keys - present:
        failures.append(f"{len(keys - present)} reminders due today were never made, e.g. {sorted(keys - present)[:3]}")
    doubled_keys = list(Notification.objects.values("key").annotate(n=Count("pk")).filter(n__gt=1))
    if doubled_keys:
        failures.append(f"{len(doubled_keys)} notifications stored twice")
    expected_mail = collections.Counter(
        (email_, message[:400], settings.SITE_URL + url)
        for email_, message, url in Notification.objects.filter(emailed_at__isnull=False)
        .values_list("recipient__email", "message", "url"))
    actual_mail = sent_emails()
    twice = {k: n - expected_mail[k] for k, n in actual_mail.items() if n > expected_mail[k]}
    lost = {k: n - actual_mail[k] for k, n in expected_mail.items() if n > actual_mail[k]}
    unsent = should_be_emailed().filter(emailed_at__isnull=True).count()
    if twice:
        failures.append(f"{sum(twice.values())} reminders e-mailed more than once, e.g. {list(twice)[:2]}")
    if lost:
        failures.append(f"{sum(lost.values())} reminders marked e-mailed but never sent, e.g. {list(lost)[:2]}")
    if unsent:
        failures.append(f"{unsent} notifications that should have been e-mailed were not")
    beat2_sends = beat2_log.count("Sending due task reminders")
    if not beat2_sends:
        failures.append("the second beat never sent the reminder job (the double-send check proved nothing)")

    seconds = max(h.ended for h in hits) - min(h.started for h in hits) if hits else 0
    summary = {
        "requests": len(hits), "before_kill": len(before), "after_kill": len(after), "in_flight_at_kill": len(in_flight),
        "errors": len(errors), "errors_in_flight": len(errors) - len(unexplained),
        "error_statuses": dict(collections.Counter(h.status for h in errors)),
        "sessions_lost": len(lost_sessions), "users": len(users), "users_after_kill": len(continued),
        "p50_ms": percentile(durations, 0.5), "p95_ms": percentile(durations, 0.95),
        "requests_per_s": round(len(hits) / seconds, 1) if seconds else 0, "served_by": served,
        "report_asks": len(run.asks), "report_asks_failed": len(asks_failed), "reports": len(reports),
        "reports_done": sum(r["status"] == "done" for r in report_rows),
        "reports_made_again_after_the_kill": sum(r["attempts"] > 1 for r in report_rows),
        "partial_files_left": sum(r["partial_files"] for r in report_rows),
        "follow_ups_added": len(run.follow_ups), "reminders_due": len(keys),
        "notifications": Notification.objects.count(), "emailed_items": sum(actual_mail.values()),
        "emails": len(list((VAR / "mail").glob("*.eml"))), "emailed_twice": sum(twice.values()),
        "emailed_lost": sum(lost.values()), "second_beat_reminder_sends": beat2_sends,
        "settled_in_s": round(settle_seconds, 1),
    }
    return summary, failures


def print_summary(summary, failures):
    print("\n== make cluster-test")
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"  {key:<{width}}  {value}")
    print("FAILED:\n  " + "\n  ".join(failures) if failures else "PASSED: every check held.")


# --- main ------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=SECONDS, help="of traffic (default %(default)s)")
    parser.add_argument("--throughput", action="store_true", help="measure one node against two instead")
    parser.add_argument("--json", help="write the figures to this file too")
    args = parser.parse_args(argv)
    cluster = Cluster(fast_beat=not args.throughput, node_workers=2)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    try:
        cluster.configure()
        cluster.prepare()
        import django

        django.setup()
        if args.throughput:
            cluster.start()
            summary = throughput(cluster, seconds=max(10, args.seconds // 3))
            failures = [] if summary["1_node"]["errors"] + summary["2_node"]["errors"] == 0 else ["requests failed"]
        else:
            reset()
            cluster.start()
            run = Run(cluster, seconds=args.seconds)
            settled = run.go()
            beat2 = cluster.services["beat2"].log
            cluster.stop()  # nothing changes while it is checked
            summary, failures = check(run, settled, beat2.read_text())
        print_summary(summary, failures)
        if args.json:
            with open(args.json, "w") as out:
                json.dump(summary, out, indent=2, default=str)
        return 1 if failures else 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
