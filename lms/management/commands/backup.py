"""Write one archive with the database, every stored file and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup import backup_create
from lms.exceptions import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and every stored "
        "file into one .tar.gz archive with a manifest of row counts and SHA-256s. "
        "Safe while the site serves."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            type=Path,
            help="Archive to write, e.g. /var/backups/harbour-2026-12-01.tar.gz",
        )

    def handle(self, *args, output: Path, **options):
        try:
            result = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.path}: {manifest['database']['vendor']} "
                f"database, {len(manifest['tables'])} tables, {result.row_total} rows, "
                f"{len(manifest['files'])} files."
            )
        )
