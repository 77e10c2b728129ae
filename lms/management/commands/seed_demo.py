"""Load Harbour's demo: site, users, curriculum, quizzes, cohorts and certificates."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.signal_handlers import disable_reference_index_auto_update

from lms import demo

# Each app seeds its own part from its demo_data/ folder, in dependency order;
# every step is idempotent.
DEMO_STEPS = (
    "lms.demo",
    "courses.demo",
    "assessments.demo",
    "cohorts.demo",
    "certificates.demo",
)
ROLE_NAMES = {
    "Administrators": "administrator",
    "Facilitators": "facilitator",
    "Participants": "participant",
}


class Command(BaseCommand):
    help = (
        "Create the demo site and data, dated around today. Running it twice "
        "changes nothing."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        results = {}
        with (
            demo.quiet_page_log(),
            disable_reference_index_auto_update(),
            # Wagtail tells the moderators about the lesson left in review; the
            # demo's people have no real mailboxes, and the e-mail would bury
            # the sign-ins printed below.
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
            ),
            transaction.atomic(),
        ):
            for dotted in DEMO_STEPS:
                results[dotted] = import_module(dotted).seed(now=now) or {}
            demo.index_everything()
        if options["verbosity"] > 1:
            for dotted in DEMO_STEPS[1:]:
                for line in results[dotted].get("lines", []):
                    self.stdout.write(f"  {line}")
        # The last lines: what `make run` prints for the person at the keyboard.
        for line in self.sign_in_block(results):
            self.stdout.write(line)

    def sign_in_block(self, results: dict) -> list[str]:
        """The demo's sign-ins, where each one works, and a verification link."""
        where = {
            **results["lms.demo"].get("notes", {}),
            **results.get("cohorts.demo", {}).get("cohorts_of", {}),
        }
        lines = [
            self.style.SUCCESS("Harbour demo is ready."),
            f"Sign in with the password {demo.DEMO_PASSWORD}:",
        ]
        for role, email in [
            *results["lms.demo"]["users"],
            *results.get("cohorts.demo", {}).get("users", []),
        ]:
            label = ROLE_NAMES.get(role, role)
            lines.append(f"  {label:<14} {email:<27} {where.get(email, '')}".rstrip())
        lines.append(
            "  Every demo participant signs in the same way "
            "(a username where there is no email)."
        )
        verify = results.get("certificates.demo", {}).get("verify_url")
        if verify:
            lines.append(f"Check a certificate: {verify}")
        return lines
