"""Delete previewed roster files that were never imported: they hold people's names
and email addresses, and a preview is only meant to wait for a facilitator's click."""

import datetime as dt

from django.core.management.base import BaseCommand

from cohorts.services import ROSTER_PREVIEW_MAX_AGE, roster_previews_purge


class Command(BaseCommand):
    help = "Delete previewed roster files older than --hours (default 24) that nobody imported."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=int(ROSTER_PREVIEW_MAX_AGE.total_seconds() // 3600),
            help="Age in hours after which a preview is deleted (at least 1).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the files without deleting them.",
        )

    def handle(self, *args, **options):
        hours = max(1, options["hours"])
        dry_run = options["dry_run"]
        paths = roster_previews_purge(
            older_than=dt.timedelta(hours=hours), dry_run=dry_run
        )
        verb = "Would delete" if dry_run else "Deleted"
        for path in paths:
            self.stdout.write(f"{verb} {path}")
        self.stdout.write(
            f"{verb} {len(paths)} roster preview(s) older than {hours} hour(s)."
        )
