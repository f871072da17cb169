"""Privacy: reads of personal data in the access log and its review, change history, register
extracts (GDPR art. 15), retention (gallring) and protected identity."""

import datetime
import io
import json
import zipfile

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.audit import record_many
from accounts.models import AuditEvent
from jobbspar.models import RetentionPolicy
from jobbspar.privacy import access_log, retention
from participants.models import Participant
from reports import services as report_services
from reports.kpis import compute
from reports.models import Report
from tracks.models import Candidacy, FollowUp, Phase, Track, WorkplaceFeedback

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """Built once for the module (see conftest.world_once)."""
    return world_once


def reads(participant, action="participant.view"):
    return list(AuditEvent.objects.filter(action=action, object_id=str(participant.pk)).values_list("actor", "detail"))


def pdf_text(content):
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


# --- Every read is logged ----------------------------------------------------------------


def test_every_kind_of_read_of_personal_data_is_logged(client, world):
    coordinator = world.user("coordinator")
    enrolled = world.objects["enrolled"]
    person = enrolled.participant
    client.force_login(coordinator)
    pages = [
        person.get_absolute_url(),
        reverse("tracks:follow_up", args=[world.track.pk, enrolled.follow_ups.first().pk]),
        reverse("tracks:outcome", args=[world.track.pk, enrolled.pk]),
        reverse("tracks:personal_chain", args=[world.track.pk, enrolled.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200
    client.post(reverse("participants:reveal", args=[person.pk]))
    client.get(reverse("reports:export_participants", args=["csv"]))
    client.get(reverse("reports:download", args=[world.objects["report"].pk]))
    assert sorted(detail["page"] for actor, detail in reads(person)) == sorted(pages)
    assert {actor for actor, _detail in reads(person)} == {coordinator.pk}
    assert len(reads(person, "participant.reveal_personnummer")) == 1
    assert len(reads(person, "participant.export")) == 1
    assert len(reads(person, "participant.read_in_report")) == 1


def test_the_employer_reading_a_shortlist_is_logged(client, world):
    client.force_login(world.user("employer"))
    url = reverse("tracks:shortlist", args=[world.objects["shortlist"].pk])
    client.get(url)
    assert reads(world.objects["participant"]) == [(world.user("employer").pk, {"page": url, "role": "employer"})]


# --- The access log and its review ---------------------------------------------------------


def test_privacy_officer_searches_the_log_by_participant_and_by_user(client, world):
    person = world.objects["participant"]
    client.force_login(world.user("coordinator"))
    client.get(person.get_absolute_url())
    client.force_login(world.user("af_officer"))
    client.get(person.get_absolute_url())
    client.force_login(world.user("privacy_officer"))
    by_person = client.get(reverse("privacy:audit_log"), {"participant": person.personnummer_formatted})
    # The coordinator's and the officer's reads, and (from the world) the person's own doings.
    assert {e.actor for e in by_person.context["page"].object_list} == {
        world.user("coordinator"), world.user("af_officer"), world.user("participant")}
    by_user = client.get(reverse("privacy:audit_log"), {"user": world.user("af_officer").email.upper()})
    assert {e.actor for e in by_user.context["page"].object_list} == {world.user("af_officer")}
    assert AuditEvent.objects.filter(actor=world.user("privacy_officer"), action="audit.search").count() == 2


@pytest.mark.parametrize("query, message", [
    ({"participant": "19900101-0000"}, "Ange ett giltigt personnummer"),
    ({"participant": "' OR 1=1 --"}, "Ange ett giltigt personnummer"),
    ({"user": "nobody@example.org"}, "Ingen användare har den e-postadressen."),
    ({"date_from": "2026-02-31"}, "Fyll i ett giltigt datum."),
    ({"date_from": "2026-06-01", "date_to": "2026-01-01"}, "Periodens slut kan inte vara före dess början."),
])
def test_access_log_search_explains_bad_input(client, world, query, message):
    client.force_login(world.user("privacy_officer"))
    response = client.get(reverse("privacy:audit_log"), query)
    assert response.status_code == 200 and message in response.content.decode()


def test_monthly_review_flags_a_user_reading_many_people_outside_their_own_tracks(client, world, settings):
    settings.LOG_REVIEW_THRESHOLDS = {**settings.LOG_REVIEW_THRESHOLDS, "outside_own_work": 5}
    curious, coordinator = world.user("municipality_officer"), world.user("coordinator")
    strangers = [ParticipantFactory() for _ in range(5)]
    record_many(curious, "participant.view", strangers, {"page": "/participants/"})
    record_many(coordinator, "participant.view", [world.objects["enrolled"].participant], {"page": "/participants/"})
    today = timezone.localdate()
    review = access_log.monthly_review(today.year, today.month)
    assert [r.user for r in review["flagged"]] == [curious]
    assert review["flagged"][0].flags == ["läste 5 personer utanför sina egna jobbspår och nomineringar"] or \
        review["flagged"][0].flags == ["read 5 people outside their own tracks and nominations"]
    coordinators_row = next(r for r in review["readers"] if r.user == coordinator)
    assert (coordinators_row.reads, len(coordinators_row.outside), coordinators_row.flags) == (1, 0, [])

    client.force_login(world.user("privacy_officer"))
    response = client.get(reverse("privacy:log_review_pdf"), {"month": f"{today:%Y-%m}"})
    text = pdf_text(response.content)
    assert f"{curious.full_name} ({curious.email}): läste 5 personer utanför sina egna jobbspår" in text


@pytest.mark.parametrize("month", ["2026-13", "x" * 10000, "<script>", "2999-01"])
def test_monthly_review_refuses_a_bad_month(client, world, month):
    client.force_login(world.user("privacy_officer"))
    response = client.get(reverse("privacy:log_review"), {"month": month})
    assert response.status_code == 200 and "Det finns ett problem" in response.content.decode()
    assert client.get(reverse("privacy:log_review_pdf"), {"month": month}).status_code == 404


# --- Change history --------------------------------------------------------------------------


def test_change_history_shows_who_changed_what_without_repeating_personal_data(client, world):
    from .test_participants import form_data

    coordinator = world.user("coordinator")
    client.force_login(coordinator)
    person = world.objects["enrolled"].participant
    data = {**form_data(world), "first_name": person.first_name, "last_name": "Nyttnamn",
            "personnummer": person.personnummer_formatted, "swedish_level": "sas_basic", "home_municipality": "1480"}
    response = client.post(reverse("participants:edit", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    history = client.get(reverse("participants:history", args=[person.pk])).context["history"]
    change = next(e for e in history if e["what"] == "Personuppgifter" and e["kind"] == "Ändrad")
    assert change["who"] == coordinator
    fields = {str(c["field"]).lower(): (c["old"], c["new"]) for c in change["changes"]}
    assert fields["svensknivå"] == ("SFI kurs D", "Svenska som andraspråk, grundläggande")
    assert fields["efternamn"] == (None, None)  # said to have changed, not repeated
    in_tracks = client.get(reverse("tracks:person_history", args=[person.pk])).context["history"]
    assert any(e["what"] == "Kandidatur" for e in in_tracks)


# --- Register extract ------------------------------------------------------------------------


def test_register_extract_holds_everything_and_is_logged(client, world):
    enrolled = world.objects["enrolled"]
    person = enrolled.participant
    FollowUp.objects.filter(pk=enrolled.follow_ups.first().pk).update(held_on=datetime.date(2026, 9, 21), notes="Trivs bra.")
    client.force_login(world.user("coordinator"))
    client.get(person.get_absolute_url())
    response = client.post(reverse("privacy:subject_access_export", args=[person.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["LASMIG.txt", "registerutdrag.json", "registerutdrag.pdf"]
    data = json.loads(archive.read("registerutdrag.json"))
    assert data["person"]["personal_identity_number"] == person.personnummer_formatted
    (candidacy,) = data["candidacies"]
    assert candidacy["track"] == world.track.title
    assert any(f["notes"] == "Trivs bra." for f in candidacy["follow_ups"])
    assert any(e["action_code"] == "participant.view" and e["action"] == "läste uppgifterna" for e in data["access_log"])
    assert data["change_history"]
    text = pdf_text(archive.read("registerutdrag.pdf"))
    assert person.real_name in text and person.personnummer_formatted in text and "Trivs bra." in text
    assert len(reads(person, "participant.subject_access_export")) == 1


def test_privacy_officer_finds_the_person_by_personnummer(client, world):
    person = world.objects["participant"]
    client.force_login(world.user("privacy_officer"))
    response = client.post(reverse("privacy:subject_access"), {"participant": person.personnummer})
    assert response["Content-Type"] == "application/zip"
    unknown = client.post(reverse("privacy:subject_access"), {"participant": "19121212-1212"})
    assert "Ingen deltagare i Jobbspår har det personnumret." in unknown.content.decode()


# --- Retention --------------------------------------------------------------------------------


def end_track(track, months_ago):
    Track.objects.filter(pk=track.pk).update(phase=Phase.CLOSED,
                                             phase_changed_at=timezone.now() - relativedelta(months=months_ago, days=1))


def test_dry_run_shows_what_the_next_run_will_do_and_changes_nothing(client, world):
    end_track(world.track, 37)
    people = set(Candidacy.objects.filter(track=world.track).values_list("participant", flat=True))
    plan = retention.plan()
    assert set(plan.participants.values_list("pk", flat=True)) >= people
    client.force_login(world.user("administrator"))
    page = client.get(reverse("privacy:retention"))
    assert page.context["counts"]["people"] == plan.participants.count()
    assert Participant.objects.filter(pk__in=people, pseudonymised_at__isnull=False).count() == 0


def test_retention_pseudonymises_after_36_months_and_the_numbers_stay(world):
    end_track(world.track, 37)
    tracks = Track.objects.filter(pk=world.track.pk)
    before = compute(tracks)
    enrolled = world.objects["enrolled"]
    FollowUp.objects.filter(pk=enrolled.follow_ups.first().pk).update(notes="Känslig anteckning")
    WorkplaceFeedback.objects.create(candidacy=enrolled, text="Bra", author=world.user("employer"))
    person = enrolled.participant
    old_name, old_number = person.real_name, person.personnummer
    done = retention.run()
    person.refresh_from_db()
    assert done["pseudonymised"] >= 4
    assert person.pseudonymised_at is not None and person.personnummer != old_number and person.email == ""
    assert old_name not in person.real_name and person.full_name.startswith("Pseudonymiserad deltagare")
    assert not Participant.history.filter(personnummer=old_number).exists()  # the history too
    assert not FollowUp.history.filter(notes="Känslig anteckning").exists()
    assert not FollowUp.objects.filter(notes="Känslig anteckning").exists()
    assert not WorkplaceFeedback.objects.filter(candidacy=enrolled).exists()
    assert compute(tracks) == before
    assert retention.run()["pseudonymised"] == 0  # twice is harmless


def test_notes_go_after_24_months_and_the_person_stays(world):
    end_track(world.track, 25)
    enrolled = world.objects["enrolled"]
    FollowUp.objects.filter(pk=enrolled.follow_ups.first().pk).update(notes="Anteckning", next_step="Ring")
    retention.run()
    person = Participant.objects.get(pk=enrolled.participant_id)
    assert person.pseudonymised_at is None
    assert not FollowUp.objects.filter(candidacy=enrolled).exclude(notes="", next_step="").exists()


def test_people_in_an_open_track_are_kept(world):
    Participant.objects.update(created_at=timezone.now() - relativedelta(months=40))
    retention.run()
    in_track = set(Candidacy.objects.filter(track=world.track).values_list("participant", flat=True))
    assert not Participant.objects.filter(pk__in=in_track, pseudonymised_at__isnull=False).exists()


def test_report_files_follow_the_rule(world):
    policy = RetentionPolicy.current()
    policy.report_files_after_days = 30
    policy.save()
    Report.objects.filter(pk=world.objects["report"].pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert retention.run()["report_files_removed"] == 1


def test_administrator_changes_the_rules_and_bad_values_are_refused(client, world):
    client.force_login(world.user("administrator"))
    bad = client.post(reverse("privacy:retention"), {"pseudonymise_after_months": "-1", "notes_after_months": "abc",
                                                     "report_files_after_days": "99999999999"})
    assert bad.status_code == 200 and "Det finns ett problem" in bad.content.decode()
    assert RetentionPolicy.current().pseudonymise_after_months == 36
    client.post(reverse("privacy:retention"), {"pseudonymise_after_months": "48", "notes_after_months": "24",
                                               "report_files_after_days": "90"})
    assert RetentionPolicy.current().pseudonymise_after_months == 48


def test_retention_runs_every_night(settings):
    assert settings.CELERY_BEAT_SCHEDULE["retention"]["task"] == "jobbspar.tasks.apply_retention"


# --- Protected identity -------------------------------------------------------------------------


@pytest.fixture
def protected(world):
    person = world.objects["enrolled"].participant
    person.protected_identity = True
    person.first_name, person.last_name, person.email = "Hemlighild", "Skyddadsson", "hemlig@example.se"
    person.save()
    return person


def test_protected_identity_shows_the_name_to_the_coordinator_only(client, world, protected):
    client.force_login(world.user("coordinator"))
    page = client.get(protected.get_absolute_url()).content.decode()
    assert protected.real_name in page and "hemlig@example.se" in page
    client.force_login(world.user("municipality_officer"))  # sees the person through the municipality
    response = client.get(protected.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert protected.last_name not in page and "hemlig@example.se" not in page and protected.personnummer_masked_real not in page
    assert "Deltagare med skyddad identitet" in page
    assert client.get(reverse("participants:edit", args=[protected.pk])).status_code == 403
    assert client.post(reverse("participants:reveal", args=[protected.pk])).status_code == 403


def test_protected_identity_never_in_exports_reports_or_employer_pages(client, world, protected):
    client.force_login(world.user("coordinator"))
    export = client.get(reverse("reports:export_participants", args=["csv"])).content.decode("utf-8-sig")
    assert protected.last_name not in export and "Deltagare med skyddad identitet" in export
    pdf = report_services.build(Report(kind=Report.Kind.TRACK_STATUS, track=world.track, variant=Report.Variant.NAMES))
    assert protected.last_name not in pdf_text(pdf)
    client.force_login(world.user("employer"))
    page = client.get(reverse("tracks:detail", args=[world.track.pk])).content.decode()
    assert protected.last_name not in page and protected.first_name not in page


def test_protected_identity_never_in_reminders(world, protected):
    from tracks.reminders import follow_ups_due

    reminders = follow_ups_due(datetime.date(2027, 6, 1))
    assert reminders and all(protected.last_name not in r.message for r in reminders)
    assert any("skyddad identitet" in r.message for r in reminders)
