"""Backup and restore of Harbour's database and stored files as one archive.

An archive is a .tar.gz holding:

- ``manifest.json``: the format, Harbour's version, the database vendor, the row
  count of every table and the SHA-256 of every stored file;
- ``database.sqlite3`` (SQLite's online backup API: one consistent copy, taken
  while the site keeps serving, because WAL readers never block writers) or
  ``database.pgdump`` (pg_dump's custom format, run inside a snapshot that the
  row counts are read from too, so counts and dump agree exactly);
- ``files/<name>`` for every file in the default storage, read through the
  storage API, so the same command works for the filesystem and for S3.

The database is copied first and the files second: a file written while the
backup runs may be in the archive without its row, never the other way round
(files are saved before the rows that name them).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import BackupError, RestoreRefused, RestoreVerificationFailed

FORMAT = "harbour-backup/1"
MANIFEST = "manifest.json"
FILES = "files/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# A database is empty when these apps' tables hold no row.
HARBOUR_APPS = ("lms", "courses", "assessments", "cohorts", "certificates", "reports")
CHUNK = 1024 * 1024


@dataclass
class BackupResult:
    """What a backup wrote."""

    path: Path
    manifest: dict

    @property
    def row_total(self) -> int:
        return sum(self.manifest["tables"].values())


@dataclass
class RestoreResult:
    """What a restore brought back, after verifying it against the manifest."""

    manifest: dict
    tables: int = 0
    rows: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)


def harbour_version() -> str:
    """Harbour's version, from pyproject.toml."""
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


# --- database ----------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_counts(path: str) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0]  # noqa: S608 - quoted table names
            for table in _sqlite_tables(conn)
        }
    finally:
        conn.close()


def _sqlite_copy(source: str, target: str) -> None:
    """Copy one SQLite database onto another with the online backup API: in one
    step, so the copy is one consistent state even while others write."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is not installed; install the PostgreSQL client tools.")
            % {"tool": name}
        )
    return path


def _pg_tool_major(tool: str) -> int:
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [tool, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if match is None:
        raise BackupError(_("Could not read the version of %(tool)s.") % {"tool": tool})
    return int(match.group(1))


def _pg_check_versions(tool: str, server_version_num: int) -> None:
    """pg_dump must be at least as new as the server (a newer dump reads older servers)."""
    server_major = server_version_num // 10000
    tool_major = _pg_tool_major(tool)
    if tool_major < server_major:
        raise BackupError(
            _(
                "%(tool)s is version %(tool_major)s but the database server is "
                "version %(server_major)s; install the client tools of version "
                "%(server_major)s or newer."
            )
            % {
                "tool": os.path.basename(tool),
                "tool_major": tool_major,
                "server_major": server_major,
            }
        )


def _pg_dump(alias: str, target: str) -> dict[str, int]:
    """Dump the database inside one exported snapshot and count its rows in the
    same snapshot, so the counts describe exactly what the dump holds."""
    pg_dump = _pg_tool("pg_dump")
    conn = connections.create_connection(alias)
    try:
        conn.ensure_connection()
        raw = conn.connection
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            _pg_check_versions(pg_dump, int(cursor.fetchone()[0]))
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
            tables = [name for (name,) in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - quoted table names
                counts[table] = cursor.fetchone()[0]
            result = subprocess.run(  # noqa: S603 - fixed arguments
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={conn.settings_dict['NAME']}",
                ],
                env=_pg_env(conn.settings_dict),
                capture_output=True,
                text=True,
                check=False,
            )
            cursor.execute("COMMIT")
        if result.returncode != 0:
            raise BackupError(
                _("pg_dump failed: %(error)s") % {"error": result.stderr.strip()}
            )
        return counts
    finally:
        conn.close()


def _pg_counts(alias: str) -> dict[str, int]:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "ORDER BY tablename"
        )
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - quoted table names
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_restore(alias: str, source: str) -> None:
    pg_restore = _pg_tool("pg_restore")
    conn = connections[alias]
    conn.close()
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={conn.settings_dict['NAME']}",
            source,
        ],
        env=_pg_env(conn.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("pg_restore failed: %(error)s") % {"error": result.stderr.strip()}
        )


def database_counts(alias: str = "default") -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    conn = connections[alias]
    if conn.vendor == "sqlite":
        return _sqlite_counts(conn.settings_dict["NAME"])
    if conn.vendor == "postgresql":
        return _pg_counts(alias)
    raise BackupError(
        _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
        % {"vendor": conn.vendor}
    )


def harbour_tables() -> set[str]:
    """The tables of Harbour's own apps (people, courses, cohorts, certificates...)."""
    return {
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.label in HARBOUR_APPS
        for model in config.get_models(include_auto_created=True)
    }


def database_is_empty(alias: str = "default") -> bool:
    """True when no table of Harbour's apps holds a row: a database that was only
    migrated (which fills in content types, permissions, groups and the page tree's
    root) counts as empty; one with any person, course or cohort does not."""
    counts = database_counts(alias)
    return not any(counts.get(table) for table in harbour_tables())


# --- files ---------------------------------------------------------------------------


def storage_files(
    storage: Storage = default_storage, folder: str = ""
) -> Iterator[str]:
    """Every file name in the storage, folders walked depth first, in name order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from storage_files(storage, f"{folder}/{name}" if folder else name)


def _sha256_of(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _add_stored_file(archive: tarfile.TarFile, storage: Storage, name: str):
    """Copy one stored file into the archive; (sha256, size), or None if it went."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
        try:
            with storage.open(name, "rb") as handle:
                for chunk in iter(lambda: handle.read(CHUNK), b""):
                    digest.update(chunk)
                    spool.write(chunk)
        except FileNotFoundError:
            return None  # deleted while the backup ran
        size = spool.tell()
        spool.seek(0)
        info = tarfile.TarInfo(FILES + name)
        info.size = size
        info.mtime = int(timezone.now().timestamp())
        info.mode = 0o600
        archive.addfile(info, spool)
    return digest.hexdigest(), size


def _safe_file_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise RestoreRefused(
            _("The archive holds a file outside the storage: %(name)s") % {"name": name}
        )
    return str(path)


# --- backup and restore ---------------------------------------------------------


def backup_create(*, output: Path, alias: str = "default") -> BackupResult:
    """Write one archive with the database, every stored file and a manifest."""
    conn = connections[alias]
    vendor = conn.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": vendor}
        )
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="harbour-backup-") as work:
        db_copy = os.path.join(work, DATABASE_MEMBERS[vendor])
        if vendor == "sqlite":
            _sqlite_copy(conn.settings_dict["NAME"], db_copy)
            counts = _sqlite_counts(db_copy)
        else:
            counts = _pg_dump(alias, db_copy)
        partial = output.with_name(output.name + ".partial")
        files = []
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(db_copy, arcname=DATABASE_MEMBERS[vendor])
            for name in storage_files():
                added = _add_stored_file(archive, default_storage, name)
                if added is not None:
                    files.append({"path": name, "sha256": added[0], "size": added[1]})
            manifest = {
                "format": FORMAT,
                "harbour_version": harbour_version(),
                "created_at": timezone.now().isoformat(),
                "database": {
                    "vendor": vendor,
                    "file": DATABASE_MEMBERS[vendor],
                    "sha256": _file_sha256(db_copy),
                },
                "tables": counts,
                "files": files,
            }
            _add_bytes(
                archive, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8")
            )
        partial.replace(output)
    return BackupResult(path=output, manifest=manifest)


def _file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup_read_manifest(archive_path: Path) -> dict:
    """The manifest of an archive, after checking it is a Harbour backup."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise RestoreRefused(
            _("%(path)s is not a Harbour backup archive (%(error)s).")
            % {"path": archive_path, "error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(
            _("%(path)s is not a Harbour backup of a format this version reads.")
            % {"path": archive_path}
        )
    return manifest


def backup_verify(*, manifest: dict, alias: str = "default") -> list[str]:
    """Differences between the database and storage now and the manifest."""
    problems = []
    counts = database_counts(alias)
    for table, expected in sorted(manifest["tables"].items()):
        actual = counts.get(table)
        if actual != expected:
            problems.append(
                _("table %(table)s has %(actual)s rows, the backup %(expected)s")
                % {"table": table, "actual": actual, "expected": expected}
            )
    for entry in manifest["files"]:
        try:
            actual = _sha256_of(default_storage, entry["path"])
        except FileNotFoundError:
            problems.append(_("file %(path)s is missing") % {"path": entry["path"]})
            continue
        if actual != entry["sha256"]:
            problems.append(
                _("file %(path)s differs from the backup") % {"path": entry["path"]}
            )
    return problems


def backup_restore(
    *, archive_path: Path, force: bool = False, alias: str = "default"
) -> RestoreResult:
    """Restore an archive into an empty database and storage (or over them, with
    force), then check row counts and file hashes against its manifest."""
    manifest = backup_read_manifest(archive_path)
    conn = connections[alias]
    vendor = manifest["database"]["vendor"]
    if vendor != conn.vendor:
        raise RestoreRefused(
            _(
                "This backup is of a %(backup)s database; this site runs on "
                "%(site)s. Restore it into a %(backup)s database."
            )
            % {"backup": vendor, "site": conn.vendor}
        )
    existing_files = list(storage_files())
    if not force:
        if not database_is_empty(alias):
            raise RestoreRefused(
                _(
                    "The database is not empty: it holds people, courses or cohorts. "
                    "Restore into an empty (or only migrated) database, or pass "
                    "--force to replace everything in it."
                )
            )
        if existing_files:
            raise RestoreRefused(
                _(
                    "The file storage is not empty (%(count)s files). Restore into "
                    "an empty storage, or pass --force to replace its files."
                )
                % {"count": len(existing_files)}
            )
    with (
        tempfile.TemporaryDirectory(prefix="harbour-restore-") as work,
        tarfile.open(archive_path, "r:gz") as archive,
    ):
        db_member = manifest["database"]["file"]
        if db_member not in DATABASE_MEMBERS.values():
            raise RestoreRefused(_("The archive's manifest names no database."))
        db_copy = os.path.join(work, db_member)
        source = archive.extractfile(db_member)
        if source is None:
            raise RestoreRefused(_("The archive holds no database copy."))
        with open(db_copy, "wb") as handle:
            shutil.copyfileobj(source, handle, CHUNK)
        if _file_sha256(db_copy) != manifest["database"]["sha256"]:
            raise RestoreRefused(_("The archive's database copy is damaged."))
        if vendor == "sqlite":
            conn.close()
            _sqlite_copy(db_copy, conn.settings_dict["NAME"])
        else:
            _pg_restore(alias, db_copy)
        for name in existing_files:
            default_storage.delete(name)
        for entry in manifest["files"]:
            name = _safe_file_name(entry["path"])
            member = archive.extractfile(FILES + name)
            if member is None:
                raise RestoreRefused(
                    _("The archive lacks the file %(name)s.") % {"name": name}
                )
            saved = default_storage.save(name, File(member, name=name))
            if saved != name:
                raise BackupError(
                    _("The storage saved %(name)s as %(saved)s.")
                    % {"name": name, "saved": saved}
                )
    problems = backup_verify(manifest=manifest, alias=alias)
    if problems:
        raise RestoreVerificationFailed(problems)
    return RestoreResult(
        manifest=manifest,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
    )
