"""A real Celery worker with embedded beat, on the configured broker (file system by default,
Redis in CI), writing to the test database: proves that the periodic heartbeat really runs."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from jobbspar.models import Heartbeat

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_worker_and_beat_record_heartbeats(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "HEARTBEAT_INTERVAL_SECONDS": "1",
        "DJANGO_SETTINGS_MODULE": "jobbspar.settings",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "jobbspar", "worker", "--beat", "--pool=solo",
            "--loglevel=INFO", f"--schedule={tmp_path / 'beat-schedule'}", f"--hostname=test-{os.getpid()}@%h",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        runs = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and runs < 2:
            time.sleep(0.5)
            beat = Heartbeat.objects.filter(pk="celery").first()
            runs = beat.runs if beat else 0
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert runs >= 2, output[-3000:]
    assert beat.hostname.startswith("test-")
