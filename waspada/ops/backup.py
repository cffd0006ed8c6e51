"""Backup and restore of one installation: database, uploaded files, and a key check.

A backup is one ``.tar.gz`` holding:

- ``manifest.json``: when, which database engine, the applied migrations, the row count of
  every table, every uploaded file with its size and SHA-256, fingerprints of the field keys
  (SHA-256 of each key, never the key) and a few encrypted values per encrypted column
  (ciphertext, as in the dump) to test keys against before anything is replaced;
- the database: SQLite copied with SQLite's online backup (consistent while the app runs),
  PostgreSQL with ``pg_dump --format=custom``;
- ``media/``: the uploaded files (``MEDIA_ROOT``: attachments, photos, recordings).

``restore`` refuses an archive whose encrypted values the configured field keys cannot
decrypt (``WASPADA_FIELD_KEYS``: restoring identities nobody can read is a loss, not a
restore), then replaces the database and the uploaded files (the files there before are
moved aside, not deleted) and checks counts, files and decryption again. Stop the web app
and the workers before restoring (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from waspada.lib import crypto

FORMAT = 1
SAMPLES_PER_COLUMN = 5


class RestoreRefused(Exception):
    """The archive cannot be restored here (other engine, keys that do not decrypt it)."""


@dataclass
class Check:
    """What a restore found: counts and files that differ, values that did not decrypt."""

    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # table: (backup, now)
    files_missing: list[str] = field(default_factory=list)
    decrypted: int = 0
    undecryptable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.tables and not self.files_missing and not self.undecryptable


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key_fingerprints() -> list[str]:
    keys = list(settings.WASPADA_FIELD_KEYS) or ["derived-from-SECRET_KEY:" + settings.SECRET_KEY]
    return [hashlib.sha256(k.encode()).hexdigest()[:16] for k in keys]


def _encrypted_columns() -> list[tuple[str, str]]:
    columns = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, crypto._EncryptedField) and f.column:
                columns.append((model._meta.db_table, f.column))
    return sorted(columns)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_names(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    return [row[0] for row in cursor.fetchall()]


def _facts(cursor: Any, vendor: str) -> dict[str, Any]:
    """Row counts, applied migrations and encrypted samples, read through ``cursor`` (the
    dumped SQLite file, or the PostgreSQL snapshot the dump is taken from)."""
    tables = _table_names(cursor, vendor)
    counts = {}
    for table in tables:
        # Names from the catalogue, quoted: no input reaches this SQL.
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = [list(row) for row in cursor.fetchall()]
    samples: dict[str, list[str]] = {}
    for table, column in _encrypted_columns():
        if table not in counts:
            continue
        col, tab = _quote(column), _quote(table)
        cursor.execute(
            f"SELECT {col} FROM {tab} WHERE {col} IS NOT NULL ORDER BY 1 "  # noqa: S608
            f"LIMIT {SAMPLES_PER_COLUMN}"
        )
        values = [row[0] for row in cursor.fetchall()]
        if values:
            samples[f"{table}.{column}"] = values
    return {"tables": counts, "migrations": migrations, "encrypted_samples": samples}


def _live_facts() -> dict[str, Any]:
    with connection.cursor() as cursor:
        return _facts(cursor, connection.vendor)


def _undecryptable(samples: dict[str, list[str]]) -> tuple[int, list[str]]:
    good, bad = 0, []
    for column, values in samples.items():
        for value in values:
            try:
                crypto.decrypt(value)
                good += 1
            except ValueError:
                bad.append(column)
                break
    return good, bad


def _media_files() -> dict[str, dict[str, Any]]:
    root = _media_root()
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": _sha256(path),
            }
    return files


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _pg_dump(dump: Path, manifest: dict[str, Any]) -> None:
    """pg_dump from a snapshot exported by a repeatable-read transaction of ours, in which the
    counts are read too: the manifest describes exactly what the dump holds."""
    args, env = _pg_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        manifest.update(_facts(cursor, "postgresql"))
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(dump),
                *args,
            ],
            env=env,
            check=True,
        )


def backup(destination: Path) -> tuple[Path, dict[str, Any]]:
    """Write a backup archive to ``destination`` (a file, or a folder to put one in)."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RestoreRefused(f"no backup for {vendor}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if destination.is_dir() or not destination.suffix:
        destination.mkdir(parents=True, exist_ok=True)
        destination = destination / f"waspada-backup-{stamp}.tar.gz"
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": vendor,
        "production": bool(getattr(settings, "PRODUCTION", False)),
        "regency": settings.WASPADA_REGENCY,
        "key_fingerprints": key_fingerprints(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        if vendor == "sqlite":
            dump, name = Path(tmp) / "db.sqlite3", "db.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)
                manifest.update(_facts(target.cursor(), vendor))  # what the copy holds
            finally:
                target.close()
        else:
            dump, name = Path(tmp) / "db.pgdump", "db.pgdump"
            _pg_dump(dump, manifest)
        manifest["media"] = _media_files()
        manifest["database"] = {"file": name, "sha256": _sha256(dump)}
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=name)
            for rel in manifest["media"]:
                tar.add(_media_root() / rel, arcname=f"media/{rel}")
        os.replace(partial, destination)
    return destination, manifest


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise RestoreRefused("not a Waspada backup: no manifest.json")
        return json.loads(member.read())


def restore(archive: Path, *, skip_key_check: bool = False) -> Check:
    """Replace this installation's database and uploaded files with the archive's."""
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(f"unknown backup format {manifest.get('format')}")
    if manifest["engine"] != connection.vendor:
        raise RestoreRefused(
            f"the backup is of a {manifest['engine']} database; this installation uses "
            f"{connection.vendor}"
        )
    if not skip_key_check:
        _good, bad = _undecryptable(manifest.get("encrypted_samples", {}))
        if bad:
            raise RestoreRefused(
                "the configured field keys (WASPADA_FIELD_KEYS) cannot decrypt the backup's "
                f"encrypted values ({', '.join(bad)}); set the keys the backup was made with "
                f"(fingerprints {', '.join(manifest['key_fingerprints'])}) and try again"
            )
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, filter="data")
        dump = Path(tmp) / manifest["database"]["file"]
        if _sha256(dump) != manifest["database"]["sha256"]:
            raise RestoreRefused("the database file in the backup is damaged (checksum)")
        _restore_database(dump)
        _restore_media(Path(tmp) / "media")
    return check(manifest)


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()  # pg_restore drops tables: no session of ours may hold them
    args, env = _pg_env()
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env=env,
        check=True,
    )


def _restore_media(extracted: Path) -> None:
    root = _media_root()
    if root.exists() and any(root.iterdir()):
        aside = root.with_name(f"{root.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")
        root.rename(aside)
    root.mkdir(parents=True, exist_ok=True)
    if extracted.is_dir():
        shutil.copytree(extracted, root, dirs_exist_ok=True)


def check(manifest: dict[str, Any]) -> Check:
    """Compare the installation now with what the manifest recorded."""
    result = Check()
    facts = _live_facts()
    now = facts["tables"]
    for table, count in manifest["tables"].items():
        if now.get(table) != count:
            result.tables[table] = (count, now.get(table, -1))
    files = _media_files()
    for rel, meta in manifest["media"].items():
        if files.get(rel, {}).get("sha256") != meta["sha256"]:
            result.files_missing.append(rel)
    result.decrypted, result.undecryptable = _undecryptable(facts["encrypted_samples"])
    return result
