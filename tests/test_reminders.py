"""Each reminder rule on its own, with weekends and holidays; idempotency; the operator command;
and the reminder job end to end in a real Celery worker."""

import datetime
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from tracks import reminders
from tracks.models import (
    ChecklistItem,
    FollowUp,
    Intervention,
    LetterOfIntent,
    OutcomeCheck,
    Phase,
    Problem,
    Shortlist,
    Track,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    """The world without the reminders its building left (the invitation it sent), so each test
    counts only its own."""
    from accounts.models import Notification

    Notification.objects.all().delete()
    return world

# 2026-12-23 is a Wednesday; 24, 25, 26 December are not working days, nor the weekend after.
BEFORE_CHRISTMAS = datetime.date(2026, 12, 23)


def recipients(found):
    return sorted((r.rule, r.recipient_id) for r in found)


def executing(world):
    Track.objects.filter(pk=world.track.pk).update(phase=Phase.EXECUTION)
    world.track.refresh_from_db()
    return world.track


def test_follow_up_due_goes_to_coordinator_and_nominating_officer(world):
    executing(world)
    follow_up = world.objects["enrolled"].follow_ups.first()  # due 2026-09-21
    found = [r for r in reminders.follow_ups_due(follow_up.due_date) if r.object_key == str(follow_up.pk)]
    assert recipients(found) == [("follow_up_due", world.user("coordinator").pk)]
    assert reminders.follow_ups_due(follow_up.due_date - datetime.timedelta(days=1)) == []


def test_follow_up_held_is_not_reminded(world):
    executing(world)
    follow_up = world.objects["enrolled"].follow_ups.first()
    FollowUp.objects.filter(pk=follow_up.pk).update(held_on=follow_up.due_date)
    assert [r for r in reminders.follow_ups_due(follow_up.due_date) if r.object_key == str(follow_up.pk)] == []


def test_checklist_due_within_three_working_days_counts_holidays(world):
    item = world.objects["item"]
    officer = world.user("municipality_officer")
    # Due Tuesday 29 Dec: from Wed 23 Dec the working days are 28 and 29 Dec, then 30 Dec.
    ChecklistItem.objects.filter(pk=item.pk).update(assignee=officer, due_date=datetime.date(2026, 12, 30))
    assert recipients(reminders.checklist_due(BEFORE_CHRISTMAS)) == [("checklist_due", officer.pk)]
    ChecklistItem.objects.filter(pk=item.pk).update(due_date=datetime.date(2026, 12, 31))
    assert reminders.checklist_due(BEFORE_CHRISTMAS) == []


def test_shortlist_due_goes_to_employer_and_once_passed_to_coordinator(world):
    shortlist = world.objects["shortlist"]
    # Friday; two working days later is Tuesday.
    Shortlist.objects.filter(pk=shortlist.pk).update(deadline=datetime.date(2026, 11, 24))
    assert recipients(reminders.shortlists_due(datetime.date(2026, 11, 20))) == [("shortlist_due", world.user("employer").pk)]
    assert reminders.shortlists_due(datetime.date(2026, 11, 19)) == []
    assert recipients(reminders.shortlists_due(datetime.date(2026, 11, 25))) == [
        ("shortlist_due", world.user("employer").pk), ("shortlist_overdue", world.user("coordinator").pk)]


def test_letter_unsigned_ten_working_days_before_start(world):
    # The world letter is sent, not signed; the track starts Monday 7 Sep 2026.
    assert recipients(reminders.letters_unsigned(datetime.date(2026, 8, 24))) == [("letter_unsigned", world.user("coordinator").pk)]
    assert reminders.letters_unsigned(datetime.date(2026, 8, 21)) == []
    LetterOfIntent.objects.update(status=LetterOfIntent.Status.SIGNED)
    assert reminders.letters_unsigned(datetime.date(2026, 8, 24)) == []


def test_chain_gap_ahead_for_a_participant(world):
    executing(world)
    # The participant's chain ends 18 Dec; the gap starts 19 Dec, within 10 working days of 7 Dec.
    found = [r for r in reminders.chain_gaps_ahead(datetime.date(2026, 12, 7)) if r.object_key == str(world.objects["enrolled"].pk)]
    assert [(r.rule, r.due_date) for r in found] == [("chain_gap", datetime.date(2026, 12, 19))]
    assert [r for r in reminders.chain_gaps_ahead(datetime.date(2026, 11, 20)) if r.rule == "chain_gap" and r.object_key == str(world.objects["enrolled"].pk)] == []


def test_intervention_starting_within_five_working_days(world):
    intervention = world.objects["intervention"]  # starts Monday 7 Sep 2026
    Intervention.objects.filter(pk=intervention.pk).update(start_date=datetime.date(2027, 1, 4))
    # From Wed 23 Dec: 28, 29, 30 Dec, 4 Jan (1 Jan is a holiday) — the fourth working day.
    assert recipients(reminders.interventions_starting(BEFORE_CHRISTMAS)) == [("intervention_starts", world.user("coordinator").pk)]
    assert reminders.interventions_starting(datetime.date(2026, 12, 18)) == []


def test_closing_not_started_fifteen_working_days_before_end(world):
    executing(world)
    assert recipients(reminders.closing_not_started(datetime.date(2027, 3, 8))) == [("closing_not_started", world.user("coordinator").pk)]
    assert reminders.closing_not_started(datetime.date(2027, 2, 1)) == []
    world.track.checklist.filter(phase=Phase.CLOSING).update(status=ChecklistItem.Status.DONE)
    assert reminders.closing_not_started(datetime.date(2027, 3, 8)) == []


def test_outcome_check_due(world):
    check = world.objects["check"]  # +90 days after 2027-03-26
    assert recipients(reminders.outcome_checks_due(check.due_date)) == [("outcome_check", world.user("coordinator").pk)]
    OutcomeCheck.objects.filter(pk=check.pk).update(status="employment")
    assert reminders.outcome_checks_due(check.due_date) == []


def test_escalation_waiting_ten_working_days_goes_to_the_steering_group(world):
    problem = world.objects["problem"]
    escalated = timezone.make_aware(datetime.datetime(2026, 12, 15, 10, 0))
    Problem.objects.filter(pk=problem.pk).update(escalated_at=escalated)
    # Ten working days after Tue 15 Dec: 16–18, 21–23, 28–30 Dec and Mon 4 Jan (Christmas and
    # New Year's eves, the holidays and the weekends do not count).
    assert recipients(reminders.escalations_waiting(datetime.date(2027, 1, 4))) == [("escalation_waiting", world.user("steering").pk)]
    assert reminders.escalations_waiting(datetime.date(2026, 12, 31)) == []


def test_run_twice_creates_nothing_the_second_time(world):
    executing(world)
    first = reminders.run_all(datetime.date(2027, 7, 1))
    assert first > 0
    assert reminders.run_all(datetime.date(2027, 7, 1)) == 0
    assert Notification.objects.count() == first


def test_run_reminders_command_says_how_many(world):
    out = io.StringIO()
    call_command("run_reminders", stdout=out)
    call_command("run_reminders", stdout=out)
    assert out.getvalue().splitlines()[-1] == "0 new notifications"


def test_notifications_page_marks_read_and_follows_the_link(client, world):
    executing(world)
    reminders.run_all(datetime.date(2027, 7, 1))
    coordinator = world.user("coordinator")
    client.force_login(coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "olästa påminnelser" in page
    item = Notification.objects.filter(recipient=coordinator).first()
    assert item.message.startswith("Påminnelse:")
    response = client.post(reverse("notification_read", args=[item.pk]))
    assert response["Location"] == item.url
    item.refresh_from_db()
    assert item.read_at is not None
    client.post(reverse("notifications_read_all"))
    assert not Notification.objects.filter(recipient=coordinator, read_at__isnull=True).exists()


def test_another_users_notification_is_not_found(client, world):
    executing(world)
    reminders.run_all(datetime.date(2027, 7, 1))
    theirs = Notification.objects.filter(recipient=world.user("coordinator")).first()
    client.force_login(world.user("coordinator_outsider"))
    assert client.post(reverse("notification_read", args=[theirs.pk])).status_code == 404


def test_notification_list_query_count_is_constant(client, world):
    from .queries import assert_queries_constant

    coordinator = world.user("coordinator")
    client.force_login(coordinator)
    n = iter(range(1000))
    assert_queries_constant(
        client, reverse("notifications"),
        lambda: Notification.objects.create(recipient=coordinator, rule="x", key=f"x{next(n)}", message="Påminnelse: x"),
        bound=8,
    )


@pytest.mark.django_db(transaction=True)
def test_reminder_job_runs_end_to_end_in_a_real_worker(world, tmp_path):
    from .test_celery_worker import database_url

    executing(world)
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "jobbspar.settings"}
    root = Path(__file__).resolve().parent.parent
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "jobbspar", "worker", "--pool=solo", "--loglevel=INFO",
         f"--hostname=reminders-{os.getpid()}@%h"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        from tracks.tasks import run_reminders

        run_reminders.delay()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not Notification.objects.exists():
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    assert Notification.objects.exists(), (tmp_path / "worker.log").read_text()[-3000:]


# --- e-mail ---------------------------------------------------------------------------------


def make_notifications(user, n=2):
    return [Notification.objects.create(recipient=user, rule="x", key=f"k{user.pk}-{i}", message=f"Påminnelse: sak {i}",
                                        url="/tracks/") for i in range(n)]


def test_immediate_email_once_per_notification(world, mailoutbox):
    from accounts.notifications import email_immediate

    user = world.user("coordinator")
    user.email_frequency = "immediate"
    user.save()
    make_notifications(user)
    assert email_immediate() == 2
    assert email_immediate() == 0
    assert [m.to for m in mailoutbox] == [[user.email], [user.email]]
    assert mailoutbox[0].subject == "Påminnelse från Jobbspår"
    assert "http://127.0.0.1:8000/tracks/" in mailoutbox[0].body
    assert mailoutbox[0].alternatives[0][1] == "text/html"


def test_daily_digest_groups_per_user_and_skips_those_who_said_no(world, mailoutbox):
    from accounts.notifications import email_digests

    daily, off = world.user("coordinator"), world.user("af_officer")
    off.email_frequency = "off"
    off.save()
    make_notifications(daily, 3)
    make_notifications(off, 2)
    assert email_digests() == 1
    assert [m.to for m in mailoutbox] == [[daily.email]]
    assert mailoutbox[0].body.count("Påminnelse: sak") == 3
    assert email_digests() == 0


@pytest.mark.parametrize("day, sent", [(datetime.date(2026, 11, 23), 1), (datetime.date(2026, 11, 21), 0),
                                       (datetime.date(2026, 12, 24), 0)])
def test_digest_goes_out_on_working_days_only(world, mailoutbox, monkeypatch, day, sent):
    from tracks import tasks

    make_notifications(world.user("coordinator"))
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: day)
    assert tasks.send_digests() == sent


def test_email_preference_is_saved(client, world):
    user = world.user("employer")
    client.force_login(user)
    client.post(reverse("notifications"), {"email_frequency": "immediate"})
    user.refresh_from_db()
    assert user.email_frequency == "immediate"


def test_agreement_ending_within_thirty_days_goes_to_the_administrator(world):
    from accounts.models import LocalAgreement

    agreement = world.home.steering_group.agreement
    LocalAgreement.objects.filter(pk=agreement.pk).update(valid_until=datetime.date(2027, 1, 31))
    assert recipients(reminders.agreements_ending(datetime.date(2027, 1, 1))) == [("agreement_ending", world.user("administrator").pk)]
    assert reminders.agreements_ending(datetime.date(2026, 12, 31)) == []
