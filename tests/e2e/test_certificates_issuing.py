"""Certificates in a real browser: issuing with live progress, verifying, on a phone."""

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate, IssueRun, IssueRunStatus
from tests import factories
from tests.certificates import factories as f
from tests.e2e.conftest import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"


@pytest.fixture
def setup(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    facilitator = factories.facilitator(email="fac@example.org", password=PASSWORD)
    course = f.course(home_page)
    cohort = f.cohort(course=course, facilitators=[facilitator])
    f.enrol(cohort, full_name="Ana Baptiste")
    f.enrol(cohort, attended=1, full_name="Kai Edmund")
    template = f.template()
    return facilitator, cohort, template


def test_facilitator_issues_and_sees_the_report(page, live_server, setup):
    facilitator, cohort, _ = setup
    sign_in(page, live_server, "fac@example.org", PASSWORD)
    page.goto(f"{live_server.url}/facilitator/cohorts/{cohort.pk}/certificates/")
    assert "Attended 1 of 4 sessions (25%); 75% needed" in page.content()
    assert serious_violations(page) == []
    page.get_by_role(
        "button", name="Issue certificates to 1 eligible participant"
    ).click()
    page.wait_for_load_state("networkidle")
    status = page.locator("#issue-progress")
    assert "1 of 1" in status.inner_text()
    assert "Kai Edmund" in status.inner_text()
    assert Certificate.objects.get().participant_name == "Ana Baptiste"
    with page.expect_download() as download:
        page.get_by_role("link", name="One PDF for printing").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_progress_updates_without_a_reload(page, live_server, setup):
    facilitator, cohort, template = setup
    run = IssueRun.objects.create(
        cohort=cohort,
        template=template,
        started_by=facilitator,
        status=IssueRunStatus.RUNNING,
        total=30,
        done=12,
    )
    sign_in(page, live_server, "fac@example.org", PASSWORD)
    page.goto(f"{live_server.url}/facilitator/cohorts/{cohort.pk}/certificates/")
    text = page.locator("[data-progress-text]")
    assert text.inner_text() == "12 of 30"
    IssueRun.objects.filter(pk=run.pk).update(done=18)
    expect(text).to_have_text("18 of 30", timeout=10_000)
    IssueRun.objects.filter(pk=run.pk).update(done=30, status=IssueRunStatus.DONE)
    # When the run ends the page reloads itself to show the report.
    expect(page.locator("[data-progress-status]")).to_have_text(
        "Finished", timeout=10_000
    )
    expect(page.locator("[data-progress-text]")).to_have_text("30 of 30")


def test_anyone_verifies_a_code_on_a_phone(phone_page, live_server, setup):
    from certificates.services import certificates_issue_for_cohort

    facilitator, cohort, _ = setup
    certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    code = Certificate.objects.get().display_code
    phone_page.goto(f"{live_server.url}/verify/")
    phone_page.fill("#id_code", code.lower().replace("-", " "))
    phone_page.get_by_role("button", name="Check").click()
    phone_page.wait_for_load_state("networkidle")
    assert "Valid" in phone_page.locator(".verdict").inner_text()
    assert "Ana Baptiste" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(phone_page) == []
