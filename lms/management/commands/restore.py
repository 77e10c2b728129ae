"""Restore a backup archive into an empty database and storage, then verify it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup import backup_restore
from lms.exceptions import BackupError


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and file "
        "storage, and check every table's row count and every file's SHA-256 "
        "against its manifest. Refuses a database or storage that is not empty "
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace whatever the database and the storage hold now.",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        if not archive.is_file():
            raise CommandError(f"There is no archive at {archive}.")
        try:
            result = backup_restore(archive_path=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.tables} tables ({result.rows} rows) and "
                f"{result.files} files from {archive}; the manifest matches."
            )
        )
