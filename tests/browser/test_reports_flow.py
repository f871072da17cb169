"""Reports in the browser with a real Celery worker: the steering group asks for a follow-up
report, watches its progress (htmx polling, no reload) and downloads it; the coordinator asks for
a track's status report from the workspace. axe-core checks every page on the way."""

import io
import re

import pytest
from pypdf import PdfReader

from accounts.models import LocalAgreement
from jobbspar.management.commands.seed_demo import DEMO_PASSWORD
from reports.kpis import compute
from reports.selectors import followup_tracks

from ..test_report_worker import start_worker
from .conftest import a11y, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(tmp_path, media_root):
    process, log = start_worker(tmp_path, media_root, "browser")
    yield
    process.terminate()
    process.wait(timeout=30)
    log.close()


def pdf_text(path) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())


def download(page, name):
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return info.value


def test_steering_group_asks_for_a_report_waits_and_downloads(page, demo_data, worker):
    log_in(page, "styrgrupp@goteborg.jobbspar.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Ta fram en uppföljningsrapport (PDF eller Excel)").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_label("Lokal överenskommelse").select_option(label="Lokal överenskommelse Göteborg")
    page.get_by_label("Från").fill("2026-01-01")
    page.get_by_label("Till").fill("2027-12-31")
    page.get_by_label("PDF").check()
    page.get_by_role("button", name="Ta fram rapporten").click()
    page.wait_for_load_state()
    a11y(page)
    assert page.locator("h1").inner_text() == "Uppföljningsrapport för styrgruppen"
    page.get_by_text("Rapporten är klar.").wait_for(timeout=90_000)  # htmx polled the status in place
    a11y(page)

    pdf = download(page, re.compile("^Ladda ner \\(PDF"))
    assert pdf.suggested_filename.startswith("jobbspar-uppfoljning-")
    text = pdf_text(pdf.path())
    agreement = LocalAgreement.objects.get(name="Lokal överenskommelse Göteborg")
    tracks = followup_tracks(user=None, agreement=agreement, period_from="2026-01-01", period_to="2027-12-31")
    share = f"{100 * compute(tracks).share_to_work:.1f}".replace(".", ",").removesuffix(",0")
    assert "Uppföljningsrapport: Lokal överenskommelse Göteborg" in text
    assert f"Andel till arbete {share} %" in text

    page.get_by_role("link", name="Rapporter", exact=True).click()
    page.wait_for_load_state()
    a11y(page)
    assert "Lokal överenskommelse Göteborg, 2026-01-01 – 2027-12-31" in page.locator("table").inner_text()


def test_coordinator_asks_for_a_track_status_report(page, demo_data, worker):
    log_in(page, "koordinator@goteborg.jobbspar.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Fastighetsskötare hos Framtidens Bostäder").first.click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_role("button", name="Ta fram en statusrapport (PDF)").click()
    page.wait_for_load_state()
    a11y(page)
    page.get_by_text("Rapporten är klar.").wait_for(timeout=90_000)
    a11y(page)
    assert "deltagarnas namn" in page.locator("#report-status").inner_text()
    text = pdf_text(download(page, re.compile("^Ladda ner")).path())
    assert "Statusrapport: Fastighetsskötare hos Framtidens Bostäder" in text
    assert re.search(r"\d{8}-\*{4}", text)  # names with masked personnummer, never the full number
