"""The restore drill: build data, back it up with bin/backup's code, restore the archive into a
fresh database and a fresh report folder in another process (bin/restore), and read both sides the
same way: the KPI figures, the access log's count, a participant's register extract and the report
files are identical. On whatever DATABASE_URL names: PostgreSQL (pg_dump and pg_restore into a new
database) or SQLite (the online backup API into a new file)."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.audit import Read, record_many
from accounts.models import AuditEvent
from reports.models import Report

ROOT = Path(__file__).resolve().parent.parent
REPORT_NAME = "2026/12/track-status-drill.pdf"
REPORT_BYTES = b"%PDF-1.7 the drill's report\n" + bytes(range(256)) * 40

# Read by a separate process, on the original database and on the restored one alike.
FIGURES = """
import dataclasses, json, sys
import django
django.setup()
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from accounts.models import AuditEvent
from jobbspar.privacy.subject_access import collect
from participants.models import Participant
from reports.kpis import compute
from tracks.models import Track

def canonical(value):
    if isinstance(value, dict):
        return sorted([str(k), canonical(v)] for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value

kpis = dataclasses.asdict(compute(Track.objects.all()))
kpis.pop("computed_at")
extract = collect(Participant.objects.get(pk=int(sys.argv[1])))
extract.pop("made_at")
storage = storages["reports"]
with storage.open(sys.argv[2], "rb") as f:
    report = f.read().hex()
print(json.dumps({"kpis": canonical(kpis), "audit_events": AuditEvent.objects.count(), "extract": canonical(extract),
                  "report": report}, cls=DjangoJSONEncoder))
"""


def _database_url(name: str) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    return f"sqlite:///{name}"


def _run(code_or_args, database_url, media_root, *args):
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
                   "DJANGO_SETTINGS_MODULE": "jobbspar.settings", "DATABASE_URL": database_url,
                   "MEDIA_ROOT": str(media_root), "PYTEST_XDIST_WORKER": os.environ.get("PYTEST_XDIST_WORKER", "")}
    command = [sys.executable, "-c", code_or_args, *args] if isinstance(code_or_args, str) else code_or_args
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database beside the test database, dropped afterwards."""
    if connection.vendor == "postgresql":
        # Its own autocommit connection: CREATE DATABASE cannot run inside the test's transaction.
        import psycopg

        name = f"restore_drill_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_database_url("postgres"), autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        yield _database_url(name)
        with psycopg.connect(_database_url("postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield _database_url(str(tmp_path / "restored.sqlite3"))


@pytest.fixture
def drill_data(transactional_db, kpi_tracks, world, media_root):
    """Committed data (the backup runs pg_dump, another process): the KPI set, reads in the access
    log, and a report file in the reports storage."""
    track = kpi_tracks.get()
    person = track.candidacies.order_by("pk").first().participant
    officer = world.user("coordinator")
    for what in (Read.VIEW, Read.VIEW, Read.EXPORT):
        record_many(officer, what, [person], {"page": "/drill/"})
    storages["reports"].save(REPORT_NAME, ContentFile(REPORT_BYTES))
    Report.objects.create(kind=Report.Kind.TRACK_STATUS, track=track, requested_by=officer,
                          status=Report.Status.DONE, file_name=REPORT_NAME, file_size=len(REPORT_BYTES))
    return person


def test_restore_drill_gives_identical_figures_log_and_extract(drill_data, media_root, fresh_database, tmp_path):
    original = json.loads(_run(FIGURES, _database_url(connection.settings_dict["NAME"]), media_root,
                               str(drill_data.pk), REPORT_NAME))
    assert original["audit_events"] == AuditEvent.objects.count() > 3
    assert original["kpis"][0] and original["extract"]

    call_command("backup", str(tmp_path / "backups"), stdout=open(os.devnull, "w"))
    [archive] = (tmp_path / "backups").glob("jobbspar-*.tar")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    database_member = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    report_files = _files(media_root / "reports")
    assert REPORT_NAME in report_files and len(report_files) > 1  # the world's reports too
    assert sorted(names) == sorted(["manifest.json", database_member, *(f"reports/{n}" for n in report_files)])

    restored_media = tmp_path / "restored-media"
    out = _run([str(ROOT / "bin" / "restore"), str(archive)], fresh_database, restored_media)
    assert f"{len(report_files)} report files" in out
    restored = json.loads(_run(FIGURES, fresh_database, restored_media, str(drill_data.pk), REPORT_NAME))

    assert restored["kpis"] == original["kpis"]
    assert restored["audit_events"] == original["audit_events"]
    assert restored["extract"] == original["extract"]
    assert bytes.fromhex(restored["report"]) == REPORT_BYTES
    assert _files(restored_media / "reports") == report_files


def test_restore_refuses_a_database_that_has_data(db, tmp_path):
    call_command("backup", str(tmp_path), stdout=open(os.devnull, "w"))
    [archive] = tmp_path.glob("jobbspar-*.tar")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_restore_refuses_a_damaged_archive(db, tmp_path, fresh_database):
    storages["reports"].save(REPORT_NAME, ContentFile(REPORT_BYTES))
    call_command("backup", str(tmp_path / "b"), stdout=open(os.devnull, "w"))
    [archive] = (tmp_path / "b").glob("jobbspar-*.tar")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == f"reports/{REPORT_NAME}":
                data = data[:-1] + b"!"
            target.addfile(member, io.BytesIO(data))
    environment = {"PATH": os.environ["PATH"], "DATABASE_URL": fresh_database, "MEDIA_ROOT": str(tmp_path / "m")}
    result = subprocess.run([str(ROOT / "bin" / "restore"), str(damaged)], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"reports/{REPORT_NAME} is missing or damaged" in result.stderr
    assert not (tmp_path / "m" / "reports").exists()


def test_backup_keeps_the_newest_archives(db, tmp_path):
    for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
        (tmp_path / f"jobbspar-{stamp}.tar").write_bytes(b"old")
    call_command("backup", str(tmp_path), "--keep", "2", stdout=open(os.devnull, "w"))
    kept = sorted(p.name for p in tmp_path.glob("jobbspar-*.tar"))
    assert len(kept) == 2
    assert kept[0] == "jobbspar-20260103-010000.tar"
