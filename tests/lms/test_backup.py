"""backup writes one archive (database copy, every stored file, a manifest) while
the site serves; restore brings it back into an empty database and storage and
verifies it. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import hashlib
import io
import json
import tarfile
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from lms import backup
from tests import factories
from tests.lms import world as w

pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(home_page):
    world = w.build(home_page)
    default_storage.save("uploads/notes/privacy-é.txt", ContentFile(b"Kept."))
    return world


def _hashes() -> dict[str, str]:
    result = {}
    for name in backup.storage_files():
        with default_storage.open(name, "rb") as handle:
            result[name] = hashlib.sha256(handle.read()).hexdigest()
    return result


def _wipe() -> None:
    """An empty database and storage, as on a new machine."""
    call_command("flush", interactive=False, verbosity=0)
    for name in list(backup.storage_files()):
        default_storage.delete(name)
    assert backup.database_is_empty()


class SiteInUse(threading.Thread):
    """Serves requests and writes rows until told to stop, as a training would."""

    def __init__(self, world):
        super().__init__(daemon=True)
        self.world = world
        self.stop = threading.Event()
        self.wrote = threading.Event()
        self.requests = 0
        self.writes = 0
        self.errors: list[BaseException] = []

    def run(self):
        client = Client()
        client.force_login(self.world.participant)
        try:
            while not self.stop.is_set():
                response = client.get(reverse("my_data"))
                assert response.status_code == 200
                assert client.get(reverse("healthz")).status_code == 200
                self.requests += 2
                factories.participant(full_name=f"Walk-in {self.writes}")
                self.writes += 1
                self.wrote.set()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
        finally:
            connections.close_all()


def _backup_while_serving(world, path):
    site = SiteInUse(world)
    site.start()
    assert site.wrote.wait(60)
    original = backup._add_stored_file
    during = []

    def add_while_writes_go_on(*args, **kwargs):
        # The site keeps writing while the archive is being written.
        site.wrote.clear()
        assert site.wrote.wait(60)
        during.append(site.writes)
        return original(*args, **kwargs)

    backup._add_stored_file = add_while_writes_go_on
    try:
        out = io.StringIO()
        call_command("backup", "--output", str(path), stdout=out)
    finally:
        backup._add_stored_file = original
        site.stop.set()
        site.join(60)
    assert not site.errors, site.errors
    assert during, "no file was archived while the site was writing"
    return out.getvalue(), site


def test_round_trip_while_the_site_serves(world, tmp_path):
    archive_path = tmp_path / "harbour.tar.gz"
    out, site = _backup_while_serving(world, archive_path)
    assert site.requests >= 2 and site.writes >= 2
    assert f"Backup written to {archive_path}" in out

    manifest = backup.backup_read_manifest(archive_path)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["harbour_version"] == backup.harbour_version() != "unknown"
    files = {f["path"]: f["sha256"] for f in manifest["files"]}
    hashes_before = _hashes()
    certificate_pdf = Certificate.objects.get(enrolment=world.enrolment).pdf.name
    assert certificate_pdf in files
    assert "uploads/notes/privacy-é.txt" in files
    # Every file in the archive is byte for byte the stored one.
    assert {k: hashes_before[k] for k in files} == files
    users_in_backup = manifest["tables"]["lms_user"]
    assert users_in_backup >= 7  # the world's seven people and the walk-ins so far

    _wipe()
    out = io.StringIO()
    call_command("restore", str(archive_path), stdout=out)
    assert "the manifest matches" in out.getvalue()

    counts = backup.database_counts()
    assert {table: counts.get(table) for table in manifest["tables"]} == (
        manifest["tables"]
    )
    assert _hashes() == files
    assert User.objects.count() == users_in_backup
    assert User.objects.filter(full_name="Marisol Quintero-Baptiste").exists()
    restored = Certificate.objects.get(code=world.enrolment.certificates.get().code)
    assert default_storage.exists(restored.pdf.name)


def test_restore_refuses_a_database_that_is_not_empty(world, tmp_path):
    archive_path = tmp_path / "harbour.tar.gz"
    call_command("backup", "--output", str(archive_path), stdout=io.StringIO())
    factories.participant(full_name="Written after the backup")
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive_path), stdout=io.StringIO())
    assert User.objects.filter(full_name="Written after the backup").exists()

    call_command("restore", str(archive_path), "--force", stdout=io.StringIO())
    assert not User.objects.filter(full_name="Written after the backup").exists()
    assert User.objects.filter(full_name="Marisol Quintero-Baptiste").exists()


def test_restore_refuses_a_storage_that_is_not_empty(world, tmp_path):
    archive_path = tmp_path / "harbour.tar.gz"
    call_command("backup", "--output", str(archive_path), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="The file storage is not empty"):
        call_command("restore", str(archive_path), stdout=io.StringIO())


def _tamper(source, target, *, path: str) -> None:
    """A copy of the archive whose manifest claims another hash for one file."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                for entry in manifest["files"]:
                    if entry["path"] == path:
                        entry["sha256"] = "0" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def test_restore_reports_a_file_that_does_not_match_the_manifest(world, tmp_path):
    archive_path = tmp_path / "harbour.tar.gz"
    call_command("backup", "--output", str(archive_path), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    _tamper(archive_path, damaged, path="uploads/notes/privacy-é.txt")
    _wipe()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert "does not match the backup's manifest" in str(error.value)
    assert "file uploads/notes/privacy-é.txt differs from the backup" in str(
        error.value
    )


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a Harbour backup archive"):
        call_command("restore", str(junk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="There is no archive at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_restore_refuses_a_backup_of_another_database_vendor(world, tmp_path):
    archive_path = tmp_path / "harbour.tar.gz"
    call_command("backup", "--output", str(archive_path), stdout=io.StringIO())
    other = tmp_path / "other.tar.gz"
    with (
        tarfile.open(archive_path, "r:gz") as old,
        tarfile.open(other, "w:gz") as new,
    ):
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                manifest["database"]["vendor"] = (
                    "postgresql" if connection.vendor == "sqlite" else "sqlite"
                )
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="This backup is of a"):
        call_command("restore", str(other), "--force", stdout=io.StringIO())
    assert User.objects.filter(full_name="Marisol Quintero-Baptiste").exists()


def test_pg_dump_older_than_the_server_is_refused(monkeypatch):
    monkeypatch.setattr(backup, "_pg_tool_major", lambda tool: 14)
    with pytest.raises(backup.BackupError, match="version 14 but the database server"):
        backup._pg_check_versions("/usr/bin/pg_dump", 150020)
    backup._pg_check_versions("/usr/bin/pg_dump", 140011)
