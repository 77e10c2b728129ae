"""Bring the reports' kept figures up to date ahead of the first report."""

import time

from django.core.management.base import BaseCommand

from reports.services import report_figures_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the kept figures of every cohort whose attendance, attempts, "
        "enrolments, sessions held or settings changed since its last rebuild. "
        "Each report does this for its own cohorts; run it after a migration or "
        "an import of many cohorts, so that the first report need not. "
        "--dry-run counts the cohorts to rebuild and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the cohorts whose figures are out of date; change nothing.",
        )

    def handle(self, *args, dry_run: bool, **options):
        started = time.perf_counter()
        result = report_figures_refresh(dry_run=dry_run)
        seconds = time.perf_counter() - started
        if dry_run:
            self.stdout.write(
                f"{result.cohorts} cohort(s) have figures out of date. "
                "Nothing was changed (dry run)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt the figures of {result.cohorts} cohort(s), "
                f"{result.attempts_scored} paired attempt(s) scored, "
                f"in {seconds:.1f} s."
            )
        )
