"""Reports: the PDFs and spreadsheets read back and compared with the KPI module, the request →
render → download flow, retention, the monthly report, the storage and the operator's command."""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import AuditEvent, Notification
from reports import services
from reports.charts import percent
from reports.kpis import compute
from reports.models import Report
from reports.storage import AtomicFileSystemStorage, report_storage
from tracks.models import Track

from .queries import assert_queries_constant

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # One space for any run of spaces: PDF text keeps the words, not the layout.
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def sv_percent(share: float) -> str:
    with timezone.override("Europe/Stockholm"):
        from django.utils import translation

        with translation.override("sv"):
            return re.sub(r"\s+", " ", percent(share))


def track_report(track, variant=Report.Variant.NAMES, user=None):
    return Report.objects.create(kind=Report.Kind.TRACK_STATUS, track=track, variant=variant, requested_by=user)


def followup_report(user, fmt=Report.Format.PDF, **scope):
    return Report.objects.create(
        kind=Report.Kind.FOLLOWUP, format=fmt, requested_by=user, period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 12, 31), **scope,
    )


# --- The track status report ------------------------------------------------------------


def test_track_status_pdf_shows_the_kpi_modules_shares_and_masked_names(kpi_tracks, world):
    track = kpi_tracks.get()
    kpis = compute(kpi_tracks)
    text = pdf_text(services.build(track_report(track)))
    assert f"Statusrapport: {track.title}" in text
    assert f"Andel till arbete {sv_percent(kpis.share_to_work)}" in text  # 66,7 %
    assert sv_percent(kpis.share_to_work) == "66,7 %"
    assert f"Anställning utan stöd {kpis.outcomes['employment']} {sv_percent(kpis.outcome_shares['employment'])}" in text
    person = track.candidacies.select_related("participant").first().participant
    assert person.full_name in text
    assert person.personnummer_masked in text
    assert person.personnummer not in text.replace(" ", "") and person.personnummer[2:] not in text.replace(" ", "")
    assert re.search(r"Sida 1 av \d", text)
    assert "Fas och grind" in text and "Nästa steg" in text and "Insatskedjan" in text


def test_track_status_pdf_for_the_steering_group_has_numbers_only(kpi_tracks):
    track = kpi_tracks.get()
    people = [c.participant for c in track.candidacies.select_related("participant")]
    for n, person in enumerate(people):
        person.last_name = f"Deltagarsson{n}"
        person.save()
    with_names = pdf_text(services.build(track_report(track, Report.Variant.NAMES)))
    text = pdf_text(services.build(track_report(track, Report.Variant.NUMBERS)))
    assert "Endast siffror: inga personuppgifter." in text
    assert "Deltagarsson" in with_names and "Deltagarsson" not in text
    assert not any(person.personnummer_masked in text for person in people)


def test_pdf_is_tagged_swedish_with_embedded_fonts(kpi_tracks):
    reader = PdfReader(io.BytesIO(services.build(track_report(kpi_tracks.get()))))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("sv")
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                         or "/FontFile3" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts)


def test_track_status_chart_has_a_text_alternative(world):
    """Charts are tagged figures whose /Alt is the SVG's title."""
    reader = PdfReader(io.BytesIO(services.build(track_report(world.track))))
    alts = []

    def walk(node):
        node = node.get_object()
        if hasattr(node, "get") and node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K") if hasattr(node, "get") else None
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "Hur deltagarna lämnade sina jobbspår" in alts
    assert "Tidslinje över insatserna; tabellen nedan visar dem." in alts


# --- The follow-up report ----------------------------------------------------------------


def test_followup_pdf_shares_equal_the_kpi_module(kpi_tracks, world):
    report = followup_report(world.user("coordinator"), municipality_id="1480")
    tracks = Track.objects.filter(lead_municipality__municipality="1480", planned_start__lte=report.period_to,
                                  planned_end__gte=report.period_from)
    kpis = compute(tracks)
    text = pdf_text(services.build(report))
    assert f"Andel till arbete {sv_percent(kpis.share_to_work)} DUA:s uppföljning: 50 %" in text
    assert f"Deltagare som började {kpis.started}" in text
    women = kpis.split("gender")["woman"]
    assert f"Kvinna {women.total} {women.to_work} {sv_percent(women.share_to_work)}" in text
    track = kpi_tracks.get()
    assert f"{track.title} {track.lead_municipality.name} Planering 8 5 3 2 1 2 {sv_percent(2 / 3)}" in text
    assert "Handledare saknas" in text  # the home track's escalated problem


def test_followup_xlsx_numbers_are_numbers_and_headers_frozen(kpi_tracks, world):
    report = followup_report(world.user("coordinator"), fmt=Report.Format.XLSX, municipality_id="1480")
    tracks = Track.objects.filter(lead_municipality__municipality="1480")
    kpis = compute(tracks)
    book = load_workbook(io.BytesIO(services.build(report)))
    key = book["Nyckeltal"]
    assert key.freeze_panes == "A2" and key["A1"].value == "Mått" and key["A1"].font.bold
    rows = {row[0]: row[1] for row in key.iter_rows(min_row=2, values_only=True)}
    assert rows["Andel till arbete"] == pytest.approx(kpis.share_to_work)
    assert key["B2"].number_format == "0.0%"
    assert rows["Deltagare som började"] == kpis.started
    per_track = {row[0]: row for row in book["Varje jobbspår"].iter_rows(min_row=2, values_only=True)}
    assert per_track[kpi_tracks.get().title][4:] == (5, 3, 2, 1, 2, 0, pytest.approx(0.6667))
    outcomes = {row[0]: row[1:] for row in book["Utfall"].iter_rows(min_row=2, values_only=True)}
    assert outcomes["Anställning med lönestöd"] == (1, pytest.approx(kpis.outcome_shares["subsidised"]))
    assert {"Efter kön", "Efter målgrupp", "Eskaleringar", "Tratt"} <= set(book.sheetnames)


def test_followup_for_a_user_covers_only_tracks_they_see(kpi_tracks, world):
    """The outsider coordinator asks about the home municipality: none of its tracks are theirs."""
    report = followup_report(world.user("coordinator_outsider"), municipality_id="1480")
    text = pdf_text(services.build(report))
    assert kpi_tracks.get().title not in text
    assert "Inget jobbspår pågick under perioden." in text


def test_followup_of_an_empty_set(world):
    report = followup_report(world.user("coordinator"), municipality_id="2510")
    text = pdf_text(services.build(report))
    assert "Andel till arbete 0 %" in text


# --- Asking, rendering, downloading --------------------------------------------------------


def test_followup_form_queues_a_report_that_renders_and_downloads(client, world, kpi_tracks, mailoutbox):
    steering = world.user("steering")
    client.force_login(steering)
    agreement = world.home.steering_group.agreement
    response = client.post(reverse("reports:followup"), {
        "agreement": agreement.pk, "period_from": "2026-01-01", "period_to": "2026-12-31", "format": "pdf"})
    report = Report.objects.get(requested_by=steering)
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert (report.status, report.agreement, report.variant) == (Report.Status.QUEUED, agreement, "numbers")

    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert "Väntar i kö" in page.content.decode() and 'data-hx-trigger="every 2s"' in page.content.decode()

    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == (Report.Status.DONE, 100, 1)
    assert Notification.objects.get(recipient=steering, rule="report_ready").url == reverse("reports:detail", args=[report.pk])

    partial = client.get(reverse("reports:detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 286  # htmx stops polling
    assert "Rapporten är klar." in partial.content.decode() and "<html" not in partial.content.decode()

    download = client.get(reverse("reports:download", args=[report.pk]))
    content = b"".join(download.streaming_content)
    assert download["Content-Disposition"] == f'attachment; filename="jobbspar-uppfoljning-{report.pk}.pdf"'
    assert "Uppföljningsrapport: Lokal" in pdf_text(content)
    assert AuditEvent.objects.filter(actor=steering, action="report.download", object_id=str(report.pk)).count() == 1


def test_pending_report_keeps_polling_with_progress(client, world):
    report = track_report(world.track, user=world.user("coordinator"))
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, progress=40)
    client.force_login(world.user("coordinator"))
    partial = client.get(reverse("reports:detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert 'value="40"' in partial.content.decode() and "Tas fram" in partial.content.decode()


def test_track_status_request_picks_the_variant_by_role(client, world):
    for persona, variant in (("coordinator", "names"), ("af_officer", "names"), ("steering", "numbers")):
        client.force_login(world.user(persona))
        client.post(reverse("reports:track_status", args=[world.track.pk]))
        assert Report.objects.filter(requested_by=world.user(persona)).latest("id").variant == variant


def test_names_report_download_logs_each_participant(client, world):
    coordinator = world.user("coordinator")
    report = world.objects["report"]
    client.force_login(coordinator)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200
    people = set(world.track.candidacies.values_list("participant_id", flat=True))
    logged = set(AuditEvent.objects.filter(actor=coordinator, action="participant.read_in_report").values_list("object_id", flat=True))
    assert logged == {str(pk) for pk in people}


def test_download_checks_permission_again(client, world):
    """The coordinator leaves the track and the municipality: their report of it is gone for them."""
    coordinator = world.user("coordinator")
    report = world.objects["report"]
    client.force_login(coordinator)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200
    world.track.coordinators.remove(coordinator)
    coordinator.memberships.all().delete()
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404


def test_followup_form_refuses_a_bad_period_and_keeps_the_input(client, world):
    client.force_login(world.user("steering"))
    response = client.post(reverse("reports:followup"), {
        "agreement": world.home.steering_group.agreement.pk, "period_from": "2026-06-30", "period_to": "2026-01-01",
        "format": "pdf"})
    page = response.content.decode()
    assert response.status_code == 200 and "Periodens slut kan inte vara före dess början." in page
    assert 'value="2026-06-30"' in page
    assert not Report.objects.filter(requested_by=world.user("steering")).exists()


@pytest.mark.parametrize("period_from", ["2026-02-31", "x" * 10000, "<script>alert(1)</script>", ""])
def test_followup_form_bad_dates_give_a_message(client, world, period_from):
    client.force_login(world.user("steering"))
    response = client.post(reverse("reports:followup"), {
        "agreement": world.home.steering_group.agreement.pk, "period_from": period_from, "period_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Det finns ett problem" in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_followup_form_offers_only_own_agreements(client, world):
    client.force_login(world.user("steering"))
    response = client.post(reverse("reports:followup"), {
        "agreement": world.away.steering_group.agreement.pk, "period_from": "2026-01-01", "period_to": "2026-01-31"})
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Report.objects.filter(requested_by=world.user("steering")).exists()


def test_retry_queues_a_failed_report_again(client, world):
    client.force_login(world.user("coordinator"))
    report = world.objects["failed_report"]
    client.post(reverse("reports:retry", args=[report.pk]))
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.QUEUED, 0)


def test_report_list_query_count_is_constant(client, world):
    coordinator = world.user("coordinator")
    client.force_login(coordinator)
    assert_queries_constant(client, reverse("reports:list"), lambda: track_report(world.track, user=coordinator), bound=12)


def test_report_list_shows_own_and_monthly_reports_only(client, world):
    client.force_login(world.user("steering"))
    reports = list(client.get(reverse("reports:list")).context["reports"])
    assert reports == [world.objects["monthly_report"]]
    client.force_login(world.user("steering_outsider"))
    assert list(client.get(reverse("reports:list")).context["reports"]) == []


# --- Background: stale work, retention, the monthly report ---------------------------------


def test_render_twice_makes_one_file(world):
    report = track_report(world.track, user=world.user("coordinator"))
    services.report_render(report_id=report.pk)
    first = Report.objects.get(pk=report.pk)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)  # as if a second worker took it
    services.report_render(report_id=report.pk)
    second = Report.objects.get(pk=report.pk)
    assert first.file_name == second.file_name
    assert report_storage().listdir(str(report.pk)) == ([], [report.download_name])


def test_requeue_stale_reports(world, settings):
    settings.REPORT_STALE_SECONDS = 60
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    stale = track_report(world.track, user=world.user("coordinator"))
    hopeless = track_report(world.track, user=world.user("coordinator"))
    fresh = track_report(world.track, user=world.user("coordinator"))
    Report.objects.filter(pk=stale.pk).update(status=Report.Status.RUNNING, heartbeat_at=long_ago, attempts=1)
    Report.objects.filter(pk=hopeless.pk).update(status=Report.Status.RUNNING, heartbeat_at=long_ago, attempts=3)
    Report.objects.filter(pk=fresh.pk).update(status=Report.Status.RUNNING, heartbeat_at=timezone.now(), attempts=1)
    assert services.requeue_stale() == 1
    statuses = dict(Report.objects.filter(pk__in=[stale.pk, hopeless.pk, fresh.pk]).values_list("pk", "status"))
    assert statuses == {stale.pk: "queued", hopeless.pk: "failed", fresh.pk: "running"}


def test_old_report_files_are_removed(world):
    old, recent = world.objects["report"], world.objects["monthly_report"]
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=91))
    Report.objects.filter(pk=recent.pk).update(created_at=timezone.now() - datetime.timedelta(days=89))
    assert services.remove_old_reports(days=90) == 1
    old.refresh_from_db()
    assert (old.file_name, old.is_available) == ("", False) and old.removed_at is not None
    assert not report_storage().exists(f"{old.pk}/{old.download_name}")
    assert report_storage().exists(recent.file_name)
    assert services.remove_old_reports(days=90) == 0


@pytest.mark.parametrize("today, made", [
    (datetime.date(2026, 12, 1), 1),  # Tuesday 1 December
    (datetime.date(2026, 12, 2), 0),
    (datetime.date(2027, 1, 1), 0),  # New Year's Day
    (datetime.date(2027, 1, 4), 1),  # Monday: the first working day of 2027
    (datetime.date(2026, 11, 1), 0),  # a Sunday
    (datetime.date(2026, 11, 2), 1),
])
def test_monthly_followup_on_the_first_working_day(world, today, made, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.monthly_followups(today=today) == made * 2  # the home and the away steering group
    assert len(callbacks) == made * 2
    assert services.monthly_followups(today=today) == 0  # once a month


def test_monthly_followup_covers_the_previous_month(world):
    services.monthly_followups(today=datetime.date(2027, 1, 4))
    report = Report.objects.get(key=f"monthly:{world.home.steering_group.agreement.pk}:2026-12")
    assert (report.period_from, report.period_to, report.requested_by) == (
        datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), None)
    services.report_render(report_id=report.pk)
    assert set(Notification.objects.filter(rule="report_ready", key__contains=f":{report.pk}:").values_list(
        "recipient", flat=True)) == {world.user("steering").pk}


def test_atomic_storage_leaves_no_half_written_file(tmp_path):
    storage = AtomicFileSystemStorage(location=str(tmp_path), allow_overwrite=True)

    class Exploding(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"%PDF-1.7 half"
            raise OSError("worker killed")

    with pytest.raises(OSError):
        storage.save("1/report.pdf", Exploding(b""))
    assert list(tmp_path.rglob("*")) in ([], [tmp_path / "1"])
    storage.save("1/report.pdf", ContentFile(b"whole"))
    storage.save("1/report.pdf", ContentFile(b"whole again"))
    assert (tmp_path / "1" / "report.pdf").read_bytes() == b"whole again"
    assert [p.name for p in (tmp_path / "1").iterdir()] == ["report.pdf"]


# --- The operator's command -----------------------------------------------------------------


def test_render_report_command_on_the_demo_data(demo_data, tmp_path):
    from accounts.models import LocalAgreement

    out = tmp_path / "uppfoljning.pdf"
    call_command("render_report", "followup", "--municipality", "1480", "--from", "2026-01-01", "--to", "2027-12-31",
                 "--out", str(out), stdout=io.StringIO())
    tracks = Track.objects.filter(lead_municipality__municipality="1480", planned_start__lte="2027-12-31",
                                  planned_end__gte="2026-01-01")
    text = pdf_text(out.read_bytes())
    assert f"Andel till arbete {sv_percent(compute(tracks).share_to_work)}" in text
    assert "Fastighetsskötare hos Framtidens Bostäder" in text

    agreement = LocalAgreement.objects.get(name="Lokal överenskommelse Göteborg")
    xlsx = tmp_path / "uppfoljning.xlsx"
    call_command("render_report", "followup", "--municipality", "1480", "--agreement", str(agreement.pk),
                 "--format", "xlsx", "--from", "2026-01-01", "--to", "2027-12-31", "--out", str(xlsx), stdout=io.StringIO())
    assert load_workbook(xlsx)["Nyckeltal"]["B2"].value == pytest.approx(compute(tracks.filter(agreement=agreement)).share_to_work)

    track = Track.objects.get(title="Fastighetsskötare hos Framtidens Bostäder")
    status = tmp_path / "status.pdf"
    call_command("render_report", "track", "--track", str(track.pk), "--out", str(status), stdout=io.StringIO())
    assert "Statusrapport: Fastighetsskötare hos Framtidens Bostäder" in pdf_text(status.read_bytes())


@pytest.mark.parametrize("args, message", [
    (["followup", "--municipality", "9999"], "No municipality with code 9999."),
    (["followup"], "--municipality CODE is required"),
    (["followup", "--municipality", "1480", "--from", "2026-02-31"], "Not a date"),
    (["followup", "--municipality", "1480", "--from", "2026-03-01", "--to", "2026-02-01"], "--to is before --from"),
    (["track", "--track", "999999"], "No track with id 999999."),
])
def test_render_report_command_explains_bad_arguments(db, tmp_path, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("render_report", *args, "--out", str(tmp_path / "x.pdf"))


def test_object_storage_is_chosen_by_configuration():
    """REPORTS_STORAGE=s3 gives an S3 storage (nothing is sent: building it needs no network)."""
    import os
    import subprocess
    import sys

    code = ("import django; django.setup(); from reports.storage import report_storage; s = report_storage(); "
            "print(type(s).__name__, s.bucket_name, s.location, s.default_acl, s.endpoint_url)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jobbspar.settings", "REPORTS_STORAGE": "s3",
           "REPORTS_S3_BUCKET": "jobbspar-rapporter", "REPORTS_S3_ENDPOINT_URL": "https://s3.example.se"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["S3Storage", "jobbspar-rapporter", "reports", "private", "https://s3.example.se"], out.stderr


def test_track_status_pdf_shows_the_candidates_against_the_requirement_profile(world):
    from tracks.services.profile import requirement_add

    track = world.track
    skills = ["Sjukhusstädning", "Kontorsstädning", "Fönsterputsning", "Kemikaliehantering", "Truckvana",
              "Barnomsorg", "Kassavana", "Lagerarbete", "Städtjänster", "Golvvård", "Trappstädning",
              "Hemstädning", "Avfallshantering", "Källsortering", "Kundservice"]
    for skill in skills:  # fifteen requirements: the matrix must still fit the page
        requirement_add(track=track, actor=world.user("coordinator"), competence=skill, kind="must")
    content = services.build(track_report(track))
    text = pdf_text(content)
    assert "Kandidater mot kravprofilen" in text
    assert re.search(r"\d+\. Sjukhusstädning \(krav\)", text) and re.search(r"\d+\. Kundservice \(krav\)", text)
    assert "✓ uppfyllt · ◐ delvis uppfyllt" in text
    for width, starts in pdf_texts_and_positions(content):
        assert [t for t, x in starts if x > width - 1.7 / 2.54 * 72] == []
    numbers = pdf_text(services.build(track_report(track, Report.Variant.NUMBERS)))
    assert "Kandidater mot kravprofilen" in numbers and "Sjukhusstädning" in numbers
    people = [c.participant for c in track.candidacies.select_related("participant")]
    assert people and all(p.full_name in text for p in people)
    assert not any(p.full_name in numbers for p in people)


def pdf_texts_and_positions(content: bytes):
    """Each page's width and the x where each piece of text starts, from the PDF itself."""
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for page in reader.pages:
        starts = []

        def visit(text, cm, tm, font, size, starts=starts):
            if text.strip():
                starts.append((text.strip(), cm[4] + tm[4] * cm[0]))

        page.extract_text(visitor_text=visit)
        pages.append((float(page.mediabox.width), starts))
    return pages


def test_no_pdf_table_is_wider_than_the_page(kpi_tracks, world):
    """Every column header of the follow-up report's tables is in the text, and nothing starts
    past the right margin (the "Each track" table of ten columns was cut off)."""
    content = services.build(followup_report(world.user("coordinator")))
    text = pdf_text(content)
    from django.utils import translation

    tables = [  # the column headers of the report's tables, as followup.html writes them
        ["Track", "Municipality", "Phase", "Places", "Nominated", "Started", "Completed", "Left early", "To work",
         "Share to work"],
        ["Step", "All", "Women", "Men", "Other or not stated"],
        ["Group", "With an outcome", "To work", "Share to work", "Share to studies"],
        ["Track", "Problem", "Severity", "Escalated", "Steering group's decision"],
    ]
    with translation.override("sv"):
        for headers in tables:
            row = " ".join(translation.gettext(h) for h in headers)
            assert row in text, row
    for width, starts in pdf_texts_and_positions(content):
        right = width - 1.7 / 2.54 * 72  # the right margin: 1.7 cm
        beyond = [(t, round(x)) for t, x in starts if x > right]
        assert beyond == [], f"text starting past the right margin ({round(right)} pt): {beyond[:5]}"
