"""Close and score every attempt whose time ran out, so closing never depends on a browser."""

from django.core.management.base import BaseCommand

from assessments.services import attempts_close_overdue


class Command(BaseCommand):
    help = "Close and score open quiz attempts past their deadline (plus grace)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the overdue attempts without closing them.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        attempts = attempts_close_overdue(dry_run=dry_run)
        verb = "Would close" if dry_run else "Closed"
        for attempt in attempts:
            line = f"{verb} attempt {attempt.pk} ({attempt.participant}, {attempt.quiz.title})"
            if not dry_run:
                line += f": {attempt.percent}%"
            self.stdout.write(line)
        self.stdout.write(f"{verb} {len(attempts)} overdue attempt(s).")
