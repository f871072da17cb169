"""Invitations carry a calendar file: a recruitment activity planned reaches the track's employers'
representatives, an activity's invitation and a booked follow-up meeting reach the person invited
(by e-mail with an .ics file, in their language; by text message without one). Each file is read by
a second, independent parser (vobject) and keeps the UID the calendar feeds use."""

import datetime

import pytest
import vobject
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import email_digests, email_immediate
from participants.account import ParticipantAccount
from participants.signin import account_close, account_invite
from tests.factories import ParticipantFactory
from tracks import services
from tracks.models import Candidacy

pytestmark = pytest.mark.django_db
SOON = datetime.timedelta(days=9)


@pytest.fixture
def world(world_once):
    return world_once


def calendar_of(message):
    """The one calendar file attached to an e-mail, parsed by vobject."""
    files = [(name, body, kind) for name, body, kind in message.attachments if kind.startswith("text/calendar")]
    assert len(files) == 1, message.attachments
    name, body, kind = files[0]
    assert name.endswith(".ics") and "method=PUBLISH" in kind
    body = body.decode() if isinstance(body, bytes) else body
    parsed = vobject.readOne(body)
    assert parsed.method.value == "PUBLISH"
    return parsed.vevent, body


def person_with_account(world, channel="email", language="sv"):
    """A new person on the home track, with their own pages opened by e-mail or text message."""
    participant = ParticipantFactory(home_municipality_id="1480", email="inbjuden@example.se", phone="0701234567")
    candidacy = Candidacy.objects.create(track=world.track, participant=participant, nominated_by=world.user("coordinator"),
                                         nominating_organisation=world.home.af_office, motivation="Inbjuden")
    account_invite(participant=participant, actor=world.user("af_officer"), channel=channel, language=language)
    mail.outbox.clear()
    return candidacy


def test_a_planned_activity_reaches_the_employers_people_with_a_calendar_file(world):
    employer, outsider = world.user("employer"), world.user("employer_outsider")
    employer.email_frequency = "immediate"
    employer.save(update_fields=["email_frequency"])
    starts = timezone.now().replace(microsecond=0) + SOON
    activity = services.activity_save(track=world.track, actor=world.user("coordinator"), kind="interview",
                                      starts_at=starts, place="Stadshuset", organiser="AF Göteborg")
    told = Notification.objects.filter(rule="activity", key__startswith=f"activity:{activity.pk}:")
    assert set(told.values_list("recipient", flat=True)) == {employer.pk}
    assert not Notification.objects.filter(rule="activity", recipient=outsider).exists()
    mail.outbox.clear()
    email_immediate()
    mine = [m for m in mail.outbox if m.to == [employer.email]]
    [message] = [m for m in mine if "Stadshuset" in m.body]
    event, body = calendar_of(message)
    assert event.uid.value.startswith(f"activity-{activity.pk}@")
    assert event.dtstart.value == starts and event.location.value == "Stadshuset"
    assert event.status.value == "CONFIRMED"
    assert world.track.title in event.summary.value


def test_an_invited_person_gets_the_activity_by_e_mail_with_a_calendar_file_once_saved(
        world, django_capture_on_commit_callbacks):
    candidacy = person_with_account(world)
    activity = world.objects["activity"]
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.activity_invite(activity=activity, candidacies=[candidacy], actor=world.user("coordinator"))
    assert mail.outbox == []  # nothing leaves before the invitation is saved
    for callback in pending:
        callback()
    [message] = mail.outbox
    assert message.to == ["inbjuden@example.se"]
    assert candidacy.participant.last_name not in message.subject + message.body  # never named
    assert "Biblioteket" in message.body and "/mina-sidor/moten/" in message.body
    event, _body = calendar_of(message)
    assert event.uid.value.startswith(f"activity-{activity.pk}@")
    assert event.location.value == "Biblioteket"


def test_the_invitation_is_in_the_persons_language(world, django_capture_on_commit_callbacks):
    candidacy = person_with_account(world, language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_invite(activity=world.objects["activity"], candidacies=[candidacy],
                                 actor=world.user("coordinator"))
    [message] = mail.outbox
    assert message.subject.startswith("دعوة:"), message.subject  # "Invitation:"
    assert "أنت مدعو" in message.body
    event, _body = calendar_of(message)
    assert event.uid.value.startswith(f"activity-{world.objects['activity'].pk}@")


def test_a_text_message_invitation_has_no_file_and_a_closed_access_or_none_hears_nothing(
        world, settings, django_capture_on_commit_callbacks):
    from lib import sms

    settings.SMS_BACKEND = "lib.sms.MemoryBackend"
    sms.outbox.clear()
    by_text = person_with_account(world, channel="sms")
    closed = person_with_account(world)
    account_close(account=ParticipantAccount.objects.get(participant=closed.participant), actor=world.user("af_officer"))
    without = Candidacy.objects.create(track=world.track, participant=ParticipantFactory(home_municipality_id="1480"),
                                       nominated_by=world.user("coordinator"),
                                       nominating_organisation=world.home.af_office, motivation="Utan sidor")
    mail.outbox.clear()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_invite(activity=world.objects["activity"], candidacies=[by_text, closed, without],
                                 actor=world.user("coordinator"))
    assert mail.outbox == []
    [(to, text)] = sms.outbox
    assert to == "0701234567" and "Biblioteket" in text


def test_a_booked_follow_up_reaches_the_person_and_the_invited_staff_with_the_same_event(
        world, django_capture_on_commit_callbacks):
    learner = world.objects["other_learner"]
    participant = learner.participant
    participant.email = "larande@example.se"
    participant.save(update_fields=["email"])
    account_invite(participant=participant, actor=world.user("coordinator"), channel="email", language="sv")
    mail.outbox.clear()
    follow_up = learner.follow_ups.order_by("due_date").first()
    meeting_at = timezone.now().replace(microsecond=0) + SOON
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_book(follow_up=follow_up, actor=world.user("coordinator"), meeting_at=meeting_at,
                               place="Vuxenutbildningen, rum 7")
    [message] = mail.outbox
    assert message.to == ["larande@example.se"]
    event, _body = calendar_of(message)
    assert event.uid.value.startswith(f"follow-up-{follow_up.pk}@")
    assert event.dtstart.value == meeting_at and event.location.value == "Vuxenutbildningen, rum 7"

    # The staff asked to it (the provider of the step running then) get it in their daily e-mail, with the file.
    staff = Notification.objects.filter(rule="three_way", key__startswith=f"three_way:{follow_up.pk}:")
    assert staff.exists() and all("BEGIN:VCALENDAR" in n.calendar for n in staff)
    recipients = {n.recipient for n in staff.select_related("recipient")}
    for user in recipients:
        user.email_frequency = "daily"
        user.save(update_fields=["email_frequency"])
    mail.outbox.clear()
    email_digests()
    sent = [m for m in mail.outbox if m.to[0] in {u.email for u in recipients}]
    assert sent
    for message in sent:
        uids = [vobject.readOne(body if isinstance(body, str) else body.decode()).vevent.uid.value
                for _name, body, kind in message.attachments if kind.startswith("text/calendar")]
        assert f"follow-up-{follow_up.pk}@" in " ".join(uids)
        assert participant.last_name not in message.body
