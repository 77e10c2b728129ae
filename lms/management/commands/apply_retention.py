"""Pseudonymise the participants whose last training ended past the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from lms.services import retention_apply, retention_cutoff


class Command(BaseCommand):
    help = (
        "Erase the personal details of every participant whose last cohort ended "
        "more than HARBOUR_RETENTION_MONTHS months ago (the same erasure an "
        "administrator runs); their attempts and attendance stay as anonymous "
        "statistics. --dry-run lists them and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would be erased; change nothing.",
        )
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Override HARBOUR_RETENTION_MONTHS for this run.",
        )

    def handle(self, *args, dry_run: bool, months: int | None, **options):
        months = settings.HARBOUR_RETENTION_MONTHS if months is None else months
        cutoff = retention_cutoff(months=months)
        items = retention_apply(months=months, dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        for item in items:
            self.stdout.write(
                f"{verb} user {item.user_id} ({item.name}): last training "
                f"{item.last_training}"
            )
        summary = (
            f"{verb} {len(items)} participant(s) whose last training ended before "
            f"{cutoff.isoformat()} ({months} months)."
        )
        if dry_run:
            summary += " Nothing was changed (dry run)."
        self.stdout.write(self.style.SUCCESS(summary))
