"""The participant's own pages: invitation, one-time code login, the boundary to staff pages,
tasks, self-mapped competences, the presentation, "my data" and three languages."""

import datetime
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.audit import Change, Read, Security
from accounts.models import AuditEvent, Notification
from participants import signin
from participants.account import CODE_TRIES, OneTimeCode, ParticipantAccount
from participants.models import Competence, Participant
from tracks.models import Candidacy, ParticipantTask, TrackEvent

from .factories import ParticipantFactory
from .queries import assert_queries_constant, count_queries

pytestmark = pytest.mark.django_db
LOGIN = "/mina-sidor/logga-in/"


@pytest.fixture
def world(world_once):
    return world_once


@pytest.fixture
def person(world):
    return Participant.objects.get(pk=world.objects["participant"].pk)


@pytest.fixture
def account(world):
    return ParticipantAccount.objects.select_related("user", "participant").get(pk=world.objects["account"].pk)


def code_in(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def log_in(client, address):
    """The two steps as the person takes them: the address, then the code from the e-mail."""
    mail.outbox.clear()
    assert client.post(LOGIN, {"address": address}).status_code == 302
    response = client.post(reverse("portal:code"), {"code": code_in(mail.outbox[-1])})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


# --- Invitation -------------------------------------------------------------------------------

def test_an_officer_invites_a_person_by_e_mail_in_their_language_without_naming_them(client, world):
    person = ParticipantFactory(home_municipality_id="1480", af_office=world.home.af_office,
                                email="Hodan.Ny@Example.org", created_by=world.user("af_officer"))
    client.force_login(world.user("af_officer"))
    mail.outbox.clear()
    response = client.post(reverse("participants:invite", args=[person.pk]),
                           {"invite-channel": "email", "invite-language": "ar"})
    assert response.status_code == 302
    account = ParticipantAccount.objects.get(participant=person)
    assert (account.address, account.language, account.activated_at) == ("hodan.ny@example.org", "ar", None)
    assert account.user.is_participant and not account.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["hodan.ny@example.org"] and LOGIN in message.body
    assert "مدعو" in message.body  # Arabic, as chosen
    assert person.real_name not in message.body
    assert AuditEvent.objects.filter(action=Change.PARTICIPANT_INVITE, object_id=str(person.pk)).exists()
    page = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert "hodan.ny@example.org" in page and "العربية" in page


def test_a_person_without_an_address_is_not_invited_and_told_why(client, world):
    person = ParticipantFactory(home_municipality_id="1480", af_office=world.home.af_office, email="", phone="")
    client.force_login(world.user("af_officer"))
    response = client.post(reverse("participants:invite", args=[person.pk]),
                           {"invite-channel": "email", "invite-language": "sv"})
    assert response.status_code == 200
    assert "Registrera först en e-postadress" in response.content.decode()
    assert not ParticipantAccount.objects.filter(participant=person).exists()


def test_an_invitation_not_used_in_fourteen_days_expires_and_a_new_one_opens_again(client, account):
    ParticipantAccount.objects.filter(pk=account.pk).update(invited_at=timezone.now() - timedelta(days=15))
    mail.outbox.clear()
    client.post(LOGIN, {"address": account.address})
    assert mail.outbox == []  # no code: the invitation has expired (and the page does not say so)
    signin.account_invite(participant=account.participant, actor=account.invited_by, channel="email", language="sv")
    log_in(client, account.address)
    account.refresh_from_db()
    assert account.activated_at is not None


def test_a_closed_access_ends_the_session(client, world, account):
    log_in(client, account.address)
    signin.account_close(account=account, actor=world.user("coordinator"))
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"] == LOGIN


def test_a_verified_e_identification_finds_the_same_person_by_personnummer(account):
    found = signin.account_for_identity(account.participant.personnummer)
    assert found.pk == account.pk
    assert signin.account_for_identity("190001019999") is None


# --- The one-time code ---------------------------------------------------------------------------

def test_the_code_logs_in_once_and_is_audited(client, account):
    mail.outbox.clear()
    client.post(LOGIN, {"address": account.address.upper()})
    code = code_in(mail.outbox[-1])
    assert OneTimeCode.objects.get(account=account).digest != code  # only its digest is kept
    assert client.post(reverse("portal:code"), {"code": code})["Location"] == "/mina-sidor/"
    assert client.get(reverse("portal:home")).status_code == 200
    client.logout()
    client.post(LOGIN, {"address": account.address})  # a new code is sent, but the old one is spent
    response = client.post(reverse("portal:code"), {"code": code})
    assert response.status_code == 200 and "Koden är fel eller gäller inte längre" in response.content.decode()
    assert AuditEvent.objects.filter(action=Security.LOGIN, actor=account.user).count() == 1
    assert AuditEvent.objects.filter(action=Security.CODE_SENT, object_id=str(account.participant_id)).count() == 2
    assert AuditEvent.objects.filter(action=Security.CODE_FAILED, object_id=str(account.participant_id)).exists()


def test_a_code_older_than_ten_minutes_is_refused(client, account):
    mail.outbox.clear()
    client.post(LOGIN, {"address": account.address})
    code = code_in(mail.outbox[-1])
    OneTimeCode.objects.filter(account=account).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(reverse("portal:code"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_tries_spend_the_code(client, account):
    mail.outbox.clear()
    client.post(LOGIN, {"address": account.address})
    code = code_in(mail.outbox[-1])
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    for _ in range(CODE_TRIES):
        assert client.post(reverse("portal:code"), {"code": wrong}).status_code == 200
    assert client.post(reverse("portal:code"), {"code": code}).status_code == 200  # right, but too late
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_gets_the_same_answer_and_no_code(client, world):
    mail.outbox.clear()
    response = client.post(LOGIN, {"address": "ingen@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:code")
    assert mail.outbox == []


def test_codes_are_throttled_per_address(client, account):
    statuses = [client.post(LOGIN, {"address": account.address}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert OneTimeCode.objects.filter(account=account).count() == 5


def test_a_code_by_text_message_goes_to_the_mobile_number(client, world, settings):
    from lib import sms

    settings.SMS_BACKEND = "lib.sms.MemoryBackend"
    sms.outbox.clear()
    person = ParticipantFactory(home_municipality_id="1480", af_office=world.home.af_office, phone="+46 70-123 45 67")
    signin.account_invite(participant=person, actor=world.user("af_officer"), channel="sms", language="en")
    client.post(LOGIN, {"address": "070 123 45 67"})
    to, text = sms.outbox[-1]
    assert to == "0701234567" and re.search(r"\d{6}", text) and "log in" in text
    assert client.post(reverse("portal:code"), {"code": re.search(r"\d{6}", text).group()}).status_code == 302


def test_text_messages_are_refused_when_no_gateway_is_set(world, settings):
    from django.core.exceptions import ValidationError

    settings.SMS_BACKEND = ""
    person = ParticipantFactory(home_municipality_id="1480", phone="0701234567")
    with pytest.raises(ValidationError):
        signin.account_invite(participant=person, actor=world.user("af_officer"), channel="sms", language="sv")


# --- The boundary ------------------------------------------------------------------------------

def test_a_participant_login_opens_no_staff_page_and_staff_open_no_participant_page(client, world, account):
    log_in(client, account.address)
    assert client.get("/")["Location"] == "/mina-sidor/"
    for url in ("/tracks/", "/participants/", f"/participants/{account.participant_id}/", "/reports/", "/admin/"):
        assert client.get(url).status_code == 403, url
    client.force_login(world.user("coordinator"))
    assert client.get(reverse("portal:home")).status_code == 403


def test_another_participants_ids_are_not_found(client, world, account):
    other = ParticipantFactory(home_municipality_id="1480", email="x@example.org")
    theirs = signin.account_invite(participant=other, actor=world.user("coordinator"), channel="email", language="sv")
    client.force_login(theirs.user)
    task = world.objects["task"]
    assert client.get(reverse("portal:track", args=[world.objects["entry"].candidacy_id])).status_code == 404
    assert client.post(reverse("portal:task_done", args=[task.pk]), {f"task{task.pk}-answer": "x"}).status_code == 404
    assert client.get(reverse("portal:meeting_ics", args=[world.objects["meeting_uid"]])).status_code == 404


# --- My track, meetings and tasks ---------------------------------------------------------------

def test_my_track_shows_steps_and_contacts_but_not_the_motivation_or_a_decline_reason(client, world, account):
    candidacy = world.objects["entry"].candidacy
    Candidacy.objects.filter(pk=candidacy.pk).update(status=Candidacy.Status.DECLINED)
    world.objects["entry"].__class__.objects.filter(pk=world.objects["entry"].pk).update(
        decision="declined", decline_reason="other", decline_text="Talade dålig svenska på intervjun")
    client.force_login(account.user)
    page = client.get(reverse("portal:track", args=[candidacy.pk])).content.decode()
    assert "Arbetsgivaren valde andra personer den här gången" in page
    assert "SFI C" in page and world.user("coordinator").full_name in page
    for secret in ("Talade dålig svenska", candidacy.motivation):
        assert secret not in page


def test_a_meeting_is_added_to_the_calendar_as_an_ics_file(client, world, account):
    client.force_login(account.user)
    assert "Lägg till i min kalender" in client.get(reverse("portal:meetings")).content.decode()
    response = client.get(reverse("portal:meeting_ics", args=[world.objects["meeting_uid"]]))
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    activity = world.objects["interview"]
    assert str(event["UID"]).startswith(f"activity-{activity.pk}@")
    assert event.decoded("DTSTART") == activity.starts_at.replace(microsecond=0) or \
        abs(event.decoded("DTSTART") - activity.starts_at) < timedelta(seconds=1)
    assert str(event["LOCATION"]) == "Biblioteket"


def test_a_question_needs_an_answer_and_a_done_task_tells_the_coordinators(client, world, account):
    task = world.objects["task"]
    client.force_login(account.user)
    url = reverse("portal:task_done", args=[task.pk])
    refused = client.post(url, {f"task{task.pk}-answer": "  "})
    assert refused.status_code == 200 and "Skriv ditt svar." in refused.content.decode()
    assert client.post(url, {f"task{task.pk}-answer": "Förmiddagar passar bäst."})["Location"] == "/mina-sidor/uppgifter/"
    task.refresh_from_db()
    assert task.done_at is not None and task.answer == "Förmiddagar passar bäst."
    assert TrackEvent.objects.filter(track=world.track, action=Change.PARTICIPANT_TASK_DONE).exists()
    told = Notification.objects.get(recipient=world.user("coordinator"), rule="event",
                                    key__contains=str(AuditEvent.objects.filter(action=Change.PARTICIPANT_TASK_DONE).get().pk))
    assert account.participant.real_name not in told.message  # the name only on the page
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("tracks:participant_tasks", args=[world.track.pk, task.candidacy_id])).content.decode()
    assert "Förmiddagar passar bäst." in page


def test_the_coordinator_gives_a_task_not_in_the_past(client, world):
    candidacy = world.objects["entry"].candidacy
    client.force_login(world.user("coordinator"))
    url = reverse("tracks:participant_tasks", args=[world.track.pk, candidacy.pk])
    yesterday = timezone.localdate() - timedelta(days=1)
    refused = client.post(url, {"task-kind": "document", "task-title": "Betyg", "task-due_on": yesterday.isoformat()})
    assert refused.status_code == 200 and "Sista dagen har passerat" in refused.content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert client.post(url, {"task-kind": "document", "task-title": "Betyg",
                             "task-due_on": tomorrow.isoformat()}).status_code == 302
    assert ParticipantTask.objects.filter(candidacy=candidacy, title="Betyg").exists()


# --- Mapping my own skills ------------------------------------------------------------------------

def test_what_the_person_maps_is_self_reported_whatever_is_sent_and_an_officer_confirms_it(client, world, account):
    client.force_login(account.user)
    response = client.post(reverse("portal:skills"), {
        "skill-competence": "رعاية", "skill-competence_id": "MR4H_FFT_mTj", "skill-level": "good",
        "skill-learned": "work_abroad", "skill-years": "4", "skill-source": "validated"})
    assert response.status_code == 302
    added = Competence.objects.get(participant=account.participant, concept_id="MR4H_FFT_mTj")
    assert (added.source, added.learned, added.years) == ("self_assessed", "work_abroad", 4)
    client.force_login(world.user("af_officer"))
    page = client.get(reverse("participants:detail", args=[account.participant_id])).content.decode()
    assert "tag--warning" in page and "Egen uppgift" in page
    assert AuditEvent.objects.filter(action=Read.VIEW, object_id=str(account.participant_id),
                                     actor=world.user("af_officer")).exists()
    client.post(reverse("participants:competence_confirm", args=[account.participant_id, added.pk]))
    added.refresh_from_db()
    assert (added.source, added.validated_by) == ("assessed", world.user("af_officer").full_name)


def test_searching_in_arabic_finds_the_swedish_concept(client, account):
    client.force_login(account.user)
    response = client.get(reverse("taxonomy:suggest"), {"kind": "skill", "q": "تنظيف"})
    assert "Städtjänster" in response.content.decode()


def test_the_matching_counts_a_self_reported_competence_from_the_moment_it_is_saved(world, account):
    from participants import services
    from tracks.matching import MET, UNKNOWN, Demand, Known, match

    person = account.participant
    demand = Demand.of(world.track.requirement_profile)

    def caretaking():
        fresh = Participant.objects.get(pk=person.pk)
        checks = match(demand, Known.of(fresh)).checks
        return next(c.status for c in checks if getattr(c, "label", "") == "Fastighetsskötsel" or
                    "Fastighetsskötsel" in str(getattr(c, "asked", "")) or "Fastighetsskötsel" in str(c))

    Competence.objects.filter(participant=person, concept_id="J5Xc_doF_TUR").delete()
    assert caretaking() == UNKNOWN
    services.competence_add(participant=person, actor=account.user, competence="Fastighetsskötsel", level="good",
                            source="validated")
    assert Competence.objects.get(participant=person, concept_id="J5Xc_doF_TUR").source == "self_assessed"
    assert caretaking() == MET


def test_the_person_removes_only_what_they_reported_themselves(client, world, account):
    client.force_login(account.user)
    confirmed = world.objects["competence"]
    Competence.objects.filter(pk=confirmed.pk).update(source="assessed")  # recorded by the officer
    assert client.post(reverse("portal:skill_remove", args=[confirmed.pk])).status_code == 404
    own = world.objects["own_competence"]
    assert client.post(reverse("portal:skill_remove", args=[own.pk])).status_code == 302
    assert not Competence.objects.filter(pk=own.pk).exists()


# --- Presenting myself ----------------------------------------------------------------------------

def test_the_employer_reads_the_presentation_only_when_the_person_shows_it_and_nothing_else_new(client, world, account):
    shortlist = world.objects["shortlist"]
    client.force_login(world.user("employer"))
    before = client.get(reverse("tracks:shortlist", args=[shortlist.pk])).content.decode()
    phone = Client()  # the person's own
    phone.force_login(account.user)
    phone.post(reverse("portal:presentation"), {"presentation": "Jag har arbetat som fastighetsskötare i fem år."})
    hidden = client.get(reverse("tracks:shortlist", args=[shortlist.pk])).content.decode()
    assert "fastighetsskötare i fem år" not in hidden
    phone.post(reverse("portal:presentation"), {"presentation": "Jag har arbetat som fastighetsskötare i fem år.",
                                                "presentation_shown": "on"})
    shown = client.get(reverse("tracks:shortlist", args=[shortlist.pk])).content.decode()
    assert "fastighetsskötare i fem år" in shown

    def without_tokens(html):
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", html)

    new = set(without_tokens(shown).splitlines()) - set(without_tokens(before).splitlines())
    assert all("fastighetsskötare i fem år" in line or "egna ord" in line or "presentation" in line
               for line in new), new
    for secret in ("Städtjänster", "work_abroad", account.address):  # the self-mapped skill is not new there
        assert (secret in shown) == (secret in before)


# --- My data ----------------------------------------------------------------------------------------

def test_the_register_extract_needs_a_fresh_code(client, account):
    log_in(client, account.address)
    mail.outbox.clear()
    assert client.post(reverse("portal:extract"), {"code": "123456"}).status_code == 200  # no code asked for
    client.post(reverse("portal:extract_code"))
    code = code_in(mail.outbox[-1])
    response = client.post(reverse("portal:extract"), {"code": code})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "registerutdrag.json" in names
    data = zipfile.ZipFile(io.BytesIO(response.content)).read("registerutdrag.json").decode()
    assert "Vilka tider passar?" in data and account.address in data
    assert AuditEvent.objects.filter(action=Read.SUBJECT_ACCESS, actor=account.user).count() == 1
    assert client.post(reverse("portal:extract"), {"code": code}).status_code == 200  # spent


def test_a_change_request_reaches_the_coordinator_without_the_text_in_the_e_mail(client, world, account):
    client.force_login(account.user)
    response = client.post(reverse("portal:change_request"), {"change-text": "Mitt telefonnummer är 0701112233."})
    assert response.status_code == 302
    note = Notification.objects.get(recipient=world.user("coordinator"), rule="change_request")
    assert "0701112233" not in note.message
    client.force_login(world.user("coordinator"))
    page = client.get(note.url).content.decode()
    assert "Mitt telefonnummer är 0701112233." in page


def test_the_data_page_says_how_long_data_is_kept(client, account):
    from jobbspar.models import RetentionPolicy

    client.force_login(account.user)
    months = RetentionPolicy.current().pseudonymise_after_months
    assert f"{months} månader" in client.get(reverse("portal:data")).content.decode()


def test_pseudonymising_the_person_closes_their_access(world, account):
    from jobbspar.privacy.retention import pseudonymise

    pseudonymise([account.participant_id], timezone.now())
    account.refresh_from_db()
    account.user.refresh_from_db()
    assert account.closed_at is not None and account.address == ""
    assert not account.user.is_active and account.user.full_name == "Pseudonymiserad"


# --- Languages --------------------------------------------------------------------------------------

def test_arabic_is_right_to_left_remembered_for_the_person_and_used_for_their_codes(client, account):
    log_in(client, account.address)
    client.post(reverse("portal:language"), {"language": "ar", "next": "/mina-sidor/"})
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page and "مساراتي الوظيفية" in page
    account.refresh_from_db()
    assert account.language == "ar"
    client.logout()
    client.cookies.clear()
    mail.outbox.clear()
    client.post(LOGIN, {"address": account.address})
    assert "رمزك" in mail.outbox[-1].body
    client.post(reverse("portal:code"), {"code": code_in(mail.outbox[-1])})
    assert 'dir="rtl"' in client.get(reverse("portal:home")).content.decode()


def test_staff_pages_never_speak_arabic(client, world):
    client.cookies["django_language"] = "ar"
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("tracks:list")).content.decode()
    assert '<html lang="sv">' in page and 'value="ar"' not in page  # not even offered
    assert 'value="ar"' in Client().get(reverse("portal:login")).content.decode()


def test_every_string_of_the_participants_pages_has_an_arabic_translation():
    """Each entry of the Arabic catalogue that a participant's page, message or sentence uses."""
    from pathlib import Path

    import polib

    po = polib.pofile(str(Path(__file__).resolve().parent.parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    portal = ("templates/portal/", "jobbspar/portal/", "participants/templates/participants/messages/",
              "participants/account.py", "tracks/own.py")
    entries = [e for e in po if any(where.startswith(portal) for where, _line in e.occurrences)]
    assert len(entries) > 100
    missing = [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags]
    assert missing == []
    unknown = [e.msgid for e in entries for text in ([e.msgstr] + list(e.msgstr_plural.values()))
               if set(re.findall(r"%\(\w+\)s", text)) - set(re.findall(r"%\(\w+\)s", e.msgid + (e.msgid_plural or "")))]
    assert unknown == []


# --- Speed --------------------------------------------------------------------------------------------

def test_the_participants_pages_stay_within_ten_queries(client, world, account):
    client.force_login(account.user)
    candidacy = world.objects["entry"].candidacy

    def add_task():
        ParticipantTask.objects.create(candidacy=candidacy, kind="document", title="Pass", created_by=world.user("coordinator"),
                                       due_on=timezone.localdate() + timedelta(days=3))

    for name in ("portal:home", "portal:tasks", "portal:meetings"):
        assert_queries_constant(client, reverse(name), add_task, bound=10)
    for url in (reverse("portal:skills"), reverse("portal:presentation"), reverse("portal:data"),
                reverse("portal:track", args=[candidacy.pk])):
        assert count_queries(client, url) <= 10, url


def test_dates_in_the_past_are_not_due(world):
    assert world.objects["task"].due_on >= timezone.localdate() - datetime.timedelta(days=0)


def test_the_person_ticks_the_licences_they_hold(client, account):
    client.force_login(account.user)
    assert client.post(reverse("portal:licences"), {"licence-licence_concepts": ["VTK8_WRx_GcM"]}).status_code == 302
    assert list(account.participant.licence_concepts.values_list("pk", flat=True)) == ["VTK8_WRx_GcM"]
    assert AuditEvent.objects.filter(action=Change.PARTICIPANT_CHANGE, actor=account.user).exists()


def test_unknown_addresses_reach_their_limit_exactly_as_known_ones(client, account):
    """Seven unknown addresses in a row are answered as any address is: nothing tells them apart."""
    for n in range(7):
        assert client.post(LOGIN, {"address": f"okand{n}@example.org"}).status_code == 302
    assert client.post(LOGIN, {"address": account.address}).status_code == 302


# --- What the review found ---------------------------------------------------------------------------

def test_a_participants_login_is_never_named_where_a_steering_group_reads_events(client, world, account):
    task = world.objects["task"]
    client.force_login(account.user)
    client.post(reverse("portal:task_done", args=[task.pk]), {f"task{task.pk}-answer": "Förmiddagar."})
    client.force_login(world.user("steering"))
    page = client.get(reverse("tracks:events", args=[world.track.pk])).content.decode()
    assert "<td>Deltagare</td>" in page
    # The whole name: a first name alone may be part of someone else's ("Johan" in "Johansson").
    assert account.participant.real_name not in page


def test_typing_an_accounts_number_or_a_client_address_spends_no_ones_codes(client, account):
    for typed in [str(account.pk), "127.0.0.1"] * 5:
        client.post(LOGIN, {"address": typed})
    mail.outbox.clear()
    assert client.post(LOGIN, {"address": account.address}).status_code == 302
    assert len(mail.outbox) == 1


def test_a_day_of_wrong_codes_closes_the_login_until_tomorrow(client, account):
    from django.core.cache import cache

    cache.clear()
    for _ in range(20):
        signin.code_check(account=account, code="000000")
    signin.code_send(address=account.address, client="10.0.0.1")
    code = code_in(mail.outbox[-1])
    assert not signin.code_check(account=account, code=code)


def test_an_address_changed_on_the_record_no_longer_logs_in(client, account):
    Participant.objects.filter(pk=account.participant_id).update(email="ny.adress@example.org")
    mail.outbox.clear()
    client.post(LOGIN, {"address": account.address})
    assert mail.outbox == []


def test_two_people_never_share_an_address(world, account):
    from django.core.exceptions import ValidationError

    other = ParticipantFactory(home_municipality_id="1480", email=account.address)
    with pytest.raises(ValidationError):
        signin.account_invite(participant=other, actor=world.user("coordinator"), channel="email", language="sv")


def test_a_next_with_a_line_break_is_ignored_not_a_server_error(client, account):
    response = client.post(LOGIN + "?next=/mina-sidor/%0d%0aX:1", {"address": account.address})
    assert response.status_code == 302 and "\n" not in response["Location"]
    assert client.post(LOGIN, {"address": account.address, "next": "/mina-sidor/moten/"})["Location"].endswith(
        "?next=%2Fmina-sidor%2Fmoten%2F")


def test_the_person_adds_languages_but_never_changes_an_officers(client, world, account):
    client.force_login(account.user)
    recorded = world.objects["language"]  # English B1, recorded by an officer
    refused = client.post(reverse("portal:spoken_add"), {"spoken-language": "Engelska", "spoken-level": "C2"})
    assert refused.status_code == 200 and "redan registrerad" in refused.content.decode()
    recorded.refresh_from_db()
    assert recorded.level == "B1"
    assert client.post(reverse("portal:spoken_remove", args=[recorded.pk])).status_code == 404


def test_licences_ticked_by_the_person_are_added_never_taken_away(client, account):
    person = account.participant
    person.licence_concepts.set(["VTK8_WRx_GcM"])  # B, recorded by an officer
    client.force_login(account.user)
    client.post(reverse("portal:licences"), {"licence-licence_concepts": []})
    assert list(person.licence_concepts.values_list("pk", flat=True)) == ["VTK8_WRx_GcM"]


def test_the_employers_shortlist_reads_presentations_without_a_query_per_candidate(client, world):
    from tracks.models import ShortlistEntry

    shortlist = world.objects["shortlist"]

    def add_candidate():
        person = ParticipantFactory(home_municipality_id="1480", presentation="Van vid lager.", presentation_shown=True)
        candidacy = Candidacy.objects.create(track=world.track, participant=person, nominated_by=world.user("coordinator"),
                                             nominating_organisation=world.home.municipality, motivation="x",
                                             status=Candidacy.Status.SHORTLISTED)
        ShortlistEntry.objects.create(shortlist=shortlist, candidacy=candidacy)

    client.force_login(world.user("employer"))
    assert_queries_constant(client, reverse("tracks:shortlist", args=[shortlist.pk]), add_candidate, bound=14)
