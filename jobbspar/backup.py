"""Backup and restore: the database and the report files, in one archive that restores whole.

An archive is a tar file, `jobbspar-YYYYmmdd-HHMMSS.tar`, holding
- `manifest.json`: when, which database engine, the last migration of each app, and the SHA-256
  of every other member (checked on restore, before anything is written);
- `database.pgdump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: the
  online backup API, a consistent copy while the site runs);
- `reports/…`: every file of the "reports" storage (local files or an S3 bucket), read and
  written through Django's storage API, so a restore can go to another kind of storage.

`bin/backup` and `bin/restore` (`manage.py backup` / `restore`) run these; the nightly CronJob in
deploy/ runs `bin/backup`; `tests/test_backup.py` is the restore drill.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
# pg_dump and pg_restore, run with argument lists, never through a shell.
import subprocess  # nosec B404
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
PREFIX = "jobbspar-"
REPORTS = "reports/"


class BackupError(Exception):
    pass


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"No backup for the {vendor} database.")
    return vendor


def _pg_arguments(settings_dict) -> tuple[list[str], dict]:
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [flag, str(settings_dict[key])]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict):
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_database(engine: str, folder: Path) -> Path:
    settings_dict = connection.settings_dict
    if engine == "postgresql":
        target = folder / "database.pgdump"
        arguments, environment = _pg_arguments(settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *arguments,
              "--dbname", settings_dict["NAME"]], environment)
        return target
    target = folder / "database.sqlite3"
    source = sqlite3.connect(settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def _report_files(storage, folder=""):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # local storage before its first report
        return
    for name in sorted(files):
        if not name.startswith(".partial-"):  # a file being written (reports.storage)
            yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from _report_files(storage, f"{folder}/{directory}" if folder else directory)


def _migrations() -> dict:
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup(directory, keep: int | None = None) -> Path:
    """Write an archive into `directory` and return its path. With `keep`, only the newest `keep`
    archives stay there."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    made_at = timezone.now()
    name = f"{PREFIX}{made_at.astimezone(datetime.UTC):%Y%m%d-%H%M%S}.tar"
    storage = storages["reports"]
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work = Path(work)
        dump = _dump_database(engine, work)
        members = {dump.name: _sha256(dump)}
        reports = work / "reports"
        for report in _report_files(storage):
            path = reports / report
            path.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(report, "rb") as source, open(path, "wb") as out:
                shutil.copyfileobj(source, out)
            members[REPORTS + report] = _sha256(path)
        manifest = {"format": FORMAT, "made_at": made_at.isoformat(), "engine": engine,
                    "migrations": _migrations(), "members": members}
        partial = work / name
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(made_at.timestamp())
            archive.addfile(info, io.BytesIO(data))
            for member in members:
                archive.add(work / member, arcname=member, recursive=False)
        os.replace(partial, directory / name)
    if keep:
        for old in sorted(directory.glob(f"{PREFIX}*.tar"))[:-keep]:
            old.unlink()
    return directory / name


def _read(archive_path: Path, work: Path) -> dict:
    with tarfile.open(archive_path, "r") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
        archive.extractall(work, filter="data")
    for member, digest in manifest["members"].items():
        path = work / member
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{member} is missing or damaged in the archive.")
    return manifest


def _is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(archive_path, replace: bool = False) -> dict:
    """Restore an archive into the database and report storage that settings name. Refuses a
    database that has tables, unless `replace`. Returns what was restored."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="jobbspar-restore-") as work:
        work = Path(work)
        manifest = _read(Path(archive_path), work)
        if manifest["engine"] != engine:
            raise BackupError(f"The archive holds a {manifest['engine']} database; this site runs on {engine}.")
        if not replace and not _is_empty():
            raise BackupError("The database is not empty: restore into a fresh one, or pass --replace.")
        settings_dict = connection.settings_dict
        connection.close()
        if engine == "postgresql":
            arguments, environment = _pg_arguments(settings_dict)
            clean = ["--clean", "--if-exists"] if replace else []
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *clean,
                  *arguments, "--dbname", settings_dict["NAME"], str(work / "database.pgdump")], environment)
        else:
            source = sqlite3.connect(work / "database.sqlite3")
            target = sqlite3.connect(settings_dict["NAME"])
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                source.close()
        storage = storages["reports"]
        reports = [m.removeprefix(REPORTS) for m in manifest["members"] if m.startswith(REPORTS)]
        for report in reports:
            with open(work / REPORTS / report, "rb") as f:
                saved = storage.save(report, File(f, name=report))
            if saved != report:
                raise BackupError(f"The report storage kept {report} as {saved}.")
    if _migrations() != manifest["migrations"]:
        raise BackupError("The restored database does not show the migrations the archive recorded.")
    return {"engine": engine, "made_at": manifest["made_at"], "reports": len(reports)}
