"""What the loopback cluster test (`make cluster-test`, jobbspar/cluster_test.py) relies on, checked
without a cluster: several senders at once (two workers, or the jobs of a second beat started by
mistake) e-mail each reminder once; the reminder job and a report run twice change nothing the
second time; the cluster's own e-mail backend keeps every message whole and the test reads them back."""

import shutil
import subprocess
import threading

import pytest
from django.core import mail
from django.db import connection

from accounts.models import Notification
from accounts.notifications import email_digests, email_immediate

from .factories import UserFactory

SENDERS = 4


def notifications(users, per_user=15):
    return Notification.objects.bulk_create([
        Notification(recipient=user, rule="follow_up_due", key=f"k:{user.pk}:{n}", message=f"Påminnelse {user.pk}-{n}",
                     url=f"/tracks/{n}/") for user in users for n in range(per_user)])


def at_once(job, n=SENDERS):
    """`job` in n threads that start together, each with its own database connection (as workers)."""
    barrier, errors = threading.Barrier(n), []

    def run():
        try:
            barrier.wait()
            job()
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_senders_at_once_email_each_immediate_reminder_once(mailoutbox):
    users = UserFactory.create_batch(4, email_frequency="immediate")
    made = notifications(users)
    at_once(email_immediate)
    sent = sorted(line for m in mail.outbox for line in m.body.splitlines() if line.startswith("- "))
    assert sent == sorted(f"- {n.message}" for n in made)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_digests_at_once_send_one_digest_per_user(mailoutbox):
    users = UserFactory.create_batch(4, email_frequency="daily")
    notifications(users)
    at_once(email_digests)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


@pytest.mark.django_db
def test_reminder_job_twice_sends_nothing_the_second_time(world, mailoutbox):
    from tracks.tasks import run_reminders

    Notification.objects.all().delete()
    type(world.user("coordinator")).objects.update(email_frequency="immediate")
    first = run_reminders()
    sent = len(mailoutbox)
    assert first > 0 and sent > 0
    assert run_reminders() == 0
    assert len(mailoutbox) == sent


@pytest.mark.django_db
def test_stale_report_sweep_twice_queues_it_once(world, settings):
    import datetime

    from django.utils import timezone

    from reports import services
    from reports.models import Report

    settings.REPORT_STALE_SECONDS = 60
    report = Report.objects.create(kind=Report.Kind.TRACK_STATUS, track=world.track, status=Report.Status.RUNNING,
                                   attempts=1, heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    assert services.requeue_stale() == 1
    assert services.requeue_stale() == 0  # a second beat's sweep a moment later finds it fresh
    assert Report.objects.get(pk=report.pk).status == Report.Status.QUEUED


def test_cluster_mail_backend_keeps_each_message_whole_and_the_test_reads_them(settings, tmp_path, monkeypatch):
    from jobbspar import cluster_test

    settings.EMAIL_BACKEND = "jobbspar.cluster_mail.EmailBackend"
    settings.CLUSTER_MAIL_DIR = str(tmp_path / "mail")
    monkeypatch.setattr(cluster_test, "VAR", tmp_path)
    body = "Hej,\n\n- Påminnelse: följ upp Åsa i Städ (2026-12-07).\n  https://127.0.0.1/tracks/1/follow-ups/2/\n"
    mail.send_mass_mail([("Påminnelse", body, None, ["a@test.jobbspar.example"]),
                         ("Påminnelse", body, None, ["b@test.jobbspar.example"])])
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 2
    assert list((tmp_path / "mail").glob(".partial-*")) == []
    assert cluster_test.sent_emails() == {
        (to, "Påminnelse: följ upp Åsa i Städ (2026-12-07).", "https://127.0.0.1/tracks/1/follow-ups/2/"): 1
        for to in ("a@test.jobbspar.example", "b@test.jobbspar.example")}


@pytest.mark.skipif(not shutil.which("haproxy"), reason="HAProxy is installed by `make cluster-deps` only")
def test_cluster_balancer_configuration_is_valid(tmp_path):
    from jobbspar.cluster import balancer_config

    config = tmp_path / "haproxy.cfg"
    config.write_text(balancer_config(tmp_path / "haproxy.sock"))
    checked = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "server node2 127.0.0.1:18102 check" in config.read_text()
