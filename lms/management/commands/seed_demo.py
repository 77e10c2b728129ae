"""Load Harbour's demo: site, users, curriculum, quizzes, cohorts and certificates."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from lms.demo import DEMO_PASSWORD

# Each app seeds its own part, in dependency order; every step is idempotent.
DEMO_STEPS = (
    "lms.demo",
    "courses.demo",
    "assessments.demo",
    "cohorts.demo",
    "certificates.demo",
)


class Command(BaseCommand):
    help = "Create the demo site and data. Running it twice changes nothing."

    def handle(self, *args, **options):
        results = {}
        with transaction.atomic():
            for dotted in DEMO_STEPS:
                module = import_module(dotted)
                results[dotted] = module.seed() or {}
        users = results["lms.demo"].get("users", [])
        self.stdout.write(self.style.SUCCESS("Harbour demo is ready."))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for role, email in users:
            self.stdout.write(f"  {role:<15} {email}")
        for dotted in DEMO_STEPS[1:]:
            for line in results[dotted].get("lines", []):
                self.stdout.write(f"  {line}")
