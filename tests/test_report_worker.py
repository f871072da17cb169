"""Reports in real Celery workers on the configured broker (file system by default, Redis in CI),
writing to the test database and the test's MEDIA_ROOT: a worker killed in the middle of a
report leaves no file, and the report is produced when the stale-report sweep queues it again."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.models import Report
from reports.storage import report_storage

from .test_celery_worker import database_url

ROOT = Path(__file__).resolve().parent.parent


def start_worker(tmp_path, media_root, name, *extra, **env):
    log = (tmp_path / f"{name}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "jobbspar", "worker", "--pool=solo", "--loglevel=INFO",
         f"--hostname={name}-{os.getpid()}@%h", *extra],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": str(media_root),
             "DJANGO_SETTINGS_MODULE": "jobbspar.settings", **env},
    )
    return process, log


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def status(report):
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)


@pytest.mark.django_db(transaction=True)
def test_killed_worker_leaves_no_file_and_the_report_is_made_on_retry(world, tmp_path, media_root):
    from reports.tasks import render_report

    report = Report.objects.create(kind=Report.Kind.TRACK_STATUS, track=world.track, variant=Report.Variant.NAMES,
                                   requested_by=world.user("coordinator"))
    folder = media_root / "reports" / str(report.pk)

    first, log = start_worker(tmp_path, media_root, "doomed")
    try:
        render_report.delay(report.pk)
        started = wait_for(lambda: status(report) == Report.Status.RUNNING, 60)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        log.close()
        if first.poll() is None:
            first.kill()
    assert started, (tmp_path / "doomed.log").read_text()[-3000:]
    assert status(report) == Report.Status.RUNNING  # killed before it could finish
    assert not folder.exists() or list(folder.iterdir()) == []  # no file, not even half of one

    second, log = start_worker(tmp_path, media_root, "rescuer", "--beat", f"--schedule={tmp_path / 'beat'}",
                               REPORT_STALE_SECONDS="1", REPORT_SWEEP_INTERVAL_SECONDS="1")
    try:
        done = wait_for(lambda: status(report) == Report.Status.DONE, 120)
    finally:
        second.terminate()
        second.wait(timeout=30)
        log.close()
    assert done, (tmp_path / "rescuer.log").read_text()[-3000:]
    report.refresh_from_db()
    assert report.attempts == 2
    assert [p.name for p in folder.iterdir()] == [report.download_name]
    with report_storage().open(report.file_name, "rb") as stored:
        text = PdfReader(io.BytesIO(stored.read())).pages[0].extract_text()
    assert f"Statusrapport: {world.track.title}" in " ".join(text.split())
