"""What an attacker's probe of 182a39d found, each as a test that failed there and passes now
(issue 13). The steering group's and employers' view of people is also walked page by page in
test_permission_matrix.test_what_a_role_sees_of_people_on_every_page_and_partial."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent, email_key
from participants.models import Participant
from reports.models import Report
from tracks import services
from tracks.models import Candidacy, Invitation, Track

from .factories import EmployerFactory, ParticipantFactory, make_track
from .test_participants import form_data

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"


@pytest.fixture
def world(world_once):
    return world_once


# --- 1. The steering group sees numbers, not people ----------------------------------------


def test_1_the_steering_group_cannot_open_the_people_on_a_track(client, world):
    client.force_login(world.user("steering"))
    assert client.get(reverse("tracks:people", args=[world.track.pk])).status_code == 403
    overview = client.get(world.track.get_absolute_url()).content.decode()
    assert reverse("tracks:people", args=[world.track.pk]) not in overview
    assert world.objects["enrolled"].participant.real_name not in overview


# --- 2. No full personnummer without a logged reveal --------------------------------------


def test_2_the_edit_form_never_holds_the_full_personnummer(client, world):
    person = world.objects["participant"]
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("participants:edit", args=[person.pk])).content.decode()
    assert person.personnummer_formatted not in page and person.personnummer not in page
    assert person.personnummer_masked_real in page
    # Saved without touching the number: it stays; the change is of the name only.
    data = {**form_data(world), "first_name": "Ny", "last_name": person.last_name, "personnummer": "",
            "home_municipality": person.home_municipality_id, "af_office": person.af_office_id or ""}
    assert client.post(reverse("participants:edit", args=[person.pk]), data).status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.personnummer) == ("Ny", Participant.objects.get(pk=person.pk).personnummer)
    assert not AuditEvent.objects.filter(action="participant.reveal_personnummer", object_id=str(person.pk)).exists()


# --- 3. Organisations join a track only by accepting --------------------------------------


def test_3_naming_another_organisation_invites_it_and_pulls_in_nothing(client, world):
    home, away = world.home, world.away
    coordinator, away_officer = world.user("coordinator"), world.user("af_officer_outsider")
    track = make_track(coordinator=coordinator, municipality=home.municipality, employers=[away.employer],
                       partners=[away.af_office], accepted=False, title="Dragen in")
    assert (list(track.partners.all()), list(track.employers.all()), list(track.letters.all())) == ([], [], [])
    client.force_login(away_officer)
    assert client.get(track.get_absolute_url()).status_code == 404
    Track.objects.filter(pk=track.pk).update(phase="recruitment")
    person = ParticipantFactory(af_office=away.af_office, home_municipality_id="1488")
    nominated = client.post(reverse("tracks:nominate"), {"track": track.pk, "participant": person.pk, "motivation": "x"})
    assert nominated.status_code == 200 and not Candidacy.objects.filter(participant=person).exists()
    # The away office's people were told, and one of them accepts: now it takes part.
    invitation = Invitation.objects.get(track=track, organisation=away.af_office)
    assert "Inbjudningar till jobbspår" in client.get(reverse("dashboard")).content.decode()
    assert client.post(reverse("tracks:invitation_accept", args=[invitation.pk])).status_code == 302
    assert client.get(track.get_absolute_url()).status_code == 200
    # The employer never accepted: still outside, and the planning gate says so.
    assert list(track.employers.all()) == []
    from django.utils import translation

    from tracks import gates

    with translation.override("en"):
        assert f"{away.employer.name} has not yet accepted the invitation to take part." in gates.missing_for(
            Track.objects.get(pk=track.pk), "recruitment")


def test_3_a_track_is_led_only_for_ones_own_municipality_under_its_own_agreement(client, world):
    client.force_login(world.user("coordinator"))
    base = {"kind": "local", "title": "Lånad", "occupation": "5223", "employers": [world.home.employer.pk],
            "places": "6", "intended_hires": "4", "planned_start": "2026-10-05", "planned_end": "2027-02-26",
            "follow_up_days": "14"}
    other = client.post(reverse("tracks:create"), {**base, "lead_municipality": world.away.municipality.pk})
    assert "Välj ett giltigt alternativ" in other.content.decode()
    foreign = client.post(reverse("tracks:create"), {**base, "lead_municipality": world.home.municipality.pk,
                                                     "agreement": world.away.steering_group.agreement.pk})
    assert "Välj ett giltigt alternativ" in foreign.content.decode()
    assert not Track.objects.filter(title="Lånad").exists()


# --- 4. Formulas in spreadsheets are text ---------------------------------------------------


ATTACKS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_4_formulas_typed_into_forms_stay_text_in_every_workbook(client, world):
    coordinator = world.user("coordinator")
    Participant.objects.filter(pk=world.objects["participant"].pk).update(last_name=ATTACKS[0])
    Track.objects.filter(pk=world.track.pk).update(title="=WEBSERVICE(\"http://example.invalid\")")
    services.problem_decide(problem=world.objects["problem"], actor=world.user("steering"), decision="@SUM(1)")
    client.force_login(coordinator)
    export = client.get(reverse("reports:export_participants", args=["xlsx"]))
    report = Report.objects.create(kind=Report.Kind.FOLLOWUP, format=Report.Format.XLSX, requested_by=coordinator,
                                   municipality=world.home.municipality.municipality,
                                   period_from=datetime.date(2020, 1, 1), period_to=datetime.date(2030, 12, 31))
    from reports.services import build

    for content in (export.content, build(report)):
        assert b"<f>" not in b"".join(zipfile.ZipFile(io.BytesIO(content)).read(n) for n in
                                      zipfile.ZipFile(io.BytesIO(content)).namelist())
        book = load_workbook(io.BytesIO(content))
        texts = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert not [t for t in texts if t[:1] in "=+-@\t\r"]
    assert any(t.startswith("'=HYPERLINK") for t in [c.value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()
                                                      for c in row if isinstance(c.value, str)])


def test_4_the_one_defusing_function():
    from reports.spreadsheets import defuse

    assert [defuse(text) for text in ATTACKS] == ["'" + text for text in ATTACKS]
    assert defuse("Anna Svensson") == "Anna Svensson"


# --- 5. A look-alike address is no other account -----------------------------------------


def test_5_look_alike_addresses_get_no_fresh_guesses(world, settings):
    settings.AXES_ENABLED = True
    user = world.user("coordinator")
    user.email = "nisse@test.jobbspar.example"
    user.save()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "NISSE@test.jobbspar.example", "password": "wrong"})
    # The long s folds to s: the same account, still locked. The dotless ı is another address,
    # with no account: it does not log in as Nisse, whatever the password.
    for look_alike in ("niſſe@test.jobbspar.example", "NISSE@TEST.JOBBSPAR.EXAMPLE", "nısse@test.jobbspar.example"):
        response = client.post(reverse("login"), {"username": look_alike, "password": PASSWORD})
        assert "_auth_user_id" not in client.session, look_alike
        assert response.status_code in (200, 403, 429)
    assert email_key("niſſe@Test.Jobbspar.Example") == "nisse@test.jobbspar.example"
    assert email_key("nısse@test.jobbspar.example") != "nisse@test.jobbspar.example"


# --- 6. The personnummer oracle is slow and seen ------------------------------------------


def test_6_looking_numbers_up_is_throttled_and_logged(client, world, settings):
    settings.THROTTLES = {**settings.THROTTLES, "personnummer": [(2, 3600), (100, 3600)]}
    existing = world.objects["participant"]
    outsider = world.user("municipality_officer_outsider")
    client.force_login(outsider)
    for expected in ("Numret kan inte registreras av dig.", "Numret kan inte registreras av dig.",
                     "Du har kontrollerat många personnummer på kort tid."):
        page = client.post(reverse("participants:create"), form_data(world, personnummer=existing.personnummer))
        assert expected in page.content.decode()
    assert AuditEvent.objects.filter(action="participant.lookup", actor=outsider).count() == 2


# --- 7. Reads that were not logged; an employer's own people only -------------------------


def test_7_the_people_part_and_the_candidates_page_log_whom_they_show(client, world):
    client.force_login(world.user("coordinator"))
    before = AuditEvent.objects.filter(action="participant.view").count()
    client.get(reverse("tracks:people", args=[world.track.pk]), HTTP_HX_REQUEST="true")
    client.get(reverse("tracks:candidates", args=[world.track.pk]))
    shown = {world.objects["enrolled"].participant_id, world.objects["finished"].participant_id,
             world.objects["candidacy"].participant_id}
    logged = set(AuditEvent.objects.filter(action="participant.view").order_by("pk")[before:]
                 .values_list("object_id", flat=True))
    assert {str(pk) for pk in shown} <= logged


def test_7_an_employer_sees_and_follows_only_the_participants_placed_with_it(client, world):
    coordinator, home = world.user("coordinator"), world.home
    other = EmployerFactory().organisation
    for invitation in services.parties_set(track=world.track, actor=coordinator,
                                           organisations=[home.employer, other], as_="employer"):
        services.invitation_accept(invitation=invitation, actor=coordinator)
    elsewhere = Candidacy.objects.create(track=world.track, participant=ParticipantFactory(), nominated_by=coordinator,
                                         nominating_organisation=home.municipality, motivation="x", status="approved")
    services.candidacy_change_status(candidacies=[elsewhere], actor=coordinator, to="enrolled",
                                     start=datetime.date(2026, 9, 7), placed_with=other)
    client.force_login(world.user("employer"))
    page = client.get(reverse("tracks:people", args=[world.track.pk])).content.decode()
    assert world.objects["enrolled"].participant.real_name in page
    assert elsewhere.participant.real_name not in page
    response = client.post(reverse("tracks:feedback", args=[world.track.pk, elsewhere.pk]), {"feedback-text": "Hm."})
    assert response.status_code == 404 and not elsewhere.workplace_feedback.exists()


# --- 8. Work that is bounded ----------------------------------------------------------------


def test_8_report_requests_and_exports_are_throttled_and_a_repeat_is_the_same_report(client, world, settings):
    settings.THROTTLES = {**settings.THROTTLES, "report": [(3, 3600), (100, 3600)], "export": [(2, 3600), (100, 3600)]}
    client.force_login(world.user("coordinator"))
    url = reverse("reports:track_status", args=[world.track.pk])
    before = Report.objects.count()
    assert [client.post(url).status_code for _ in range(4)] == [302, 302, 302, 429]
    assert Report.objects.count() == before + 1  # the same report, still on its way
    refused = client.post(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "För många förfrågningar" in refused.content.decode()
    export = reverse("reports:export_participants", args=["csv"])
    assert [client.get(export).status_code for _ in range(3)] == [200, 200, 429]


# --- 9. The reset link comes from SITE_URL --------------------------------------------------


def test_9_the_password_reset_link_is_built_from_site_url_not_the_host(client, world, settings):
    settings.SITE_URL = "https://jobbspar.example.se"
    settings.ALLOWED_HOSTS = ["*"]
    user = world.user("coordinator")
    client.post(reverse("password_reset"), {"email": user.email}, HTTP_HOST="evil.example:8000")
    (message,) = mail.outbox
    assert "https://jobbspar.example.se/accounts/password/reset/" in message.body
    assert "evil.example" not in message.body


def test_9_a_successful_reset_unlocks_the_account(client, world, settings):
    from axes.models import AccessAttempt
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    settings.AXES_ENABLED = True
    user = world.user("coordinator")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": user.email, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=email_key(user.email)).exists()
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    reset = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    new = "ett-helt-nytt-lösenord-9"
    client.post(reset.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert not AccessAttempt.objects.filter(username=email_key(user.email)).exists()
    again = Client()
    again.post(reverse("login"), {"username": user.email, "password": new})
    assert again.session["_auth_user_id"] == str(user.pk)


# --- 10. A line break in a title loses no e-mail --------------------------------------------


def test_10_a_title_with_line_breaks_still_sends_the_shortlist(client, world, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    coordinator = world.user("coordinator")
    Track.objects.filter(pk=world.track.pk).update(title="Fastighetsskötare\r\nBcc: evil@example.invalid")
    track = Track.objects.get(pk=world.track.pk)
    candidacy = Candidacy.objects.create(track=track, participant=ParticipantFactory(), nominated_by=coordinator,
                                         nominating_organisation=world.home.municipality, motivation="x")
    client.force_login(coordinator)
    client.post(reverse("tracks:shortlist_create", args=[track.pk]), {
        "shortlist-candidacies": [candidacy.pk], "shortlist-employer": world.home.employer.pk,
        "shortlist-deadline": "2099-01-01"})
    shortlist = track.shortlists.latest("created_at")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracks:shortlist_send", args=[track.pk, shortlist.pk]))
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert shortlist.sent_at is not None
    (message,) = [m for m in mailoutbox if "Fastighetsskötare" in m.subject]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.to == [world.user("employer").email]


# --- 11. Production refuses its defaults ----------------------------------------------------


@pytest.mark.parametrize("missing, says", [
    ({"DATABASE_URL": ""}, "DATABASE_URL"),
    ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "DATABASE_URL"),
    ({"EMAIL_URL": "consolemail://"}, "EMAIL_URL"),
    ({"SITE_URL": "http://127.0.0.1:8000"}, "SITE_URL"),
])
def test_11_production_settings_refuse_to_start_on_defaults(missing, says):
    from .test_deploy import run_manage, service_environment

    environment = {k: v for k, v in {**service_environment("web"), **missing}.items() if v}
    checked = run_manage(["check"], environment)
    assert checked.returncode != 0 and says in checked.stdout + checked.stderr
    served = run_manage(["shell", "-c", "import jobbspar.wsgi"], environment)
    assert served.returncode != 0 and says in served.stdout + served.stderr


def test_11_complete_production_settings_start(world):
    from .test_deploy import run_manage, service_environment

    assert run_manage(["shell", "-c", "import jobbspar.wsgi; print('served')"], service_environment("web")).stdout.strip() \
        .endswith("served")
