"""The facilitator's issuing page, downloads and My certificates."""

import io
import zipfile

import pytest
from django.urls import reverse

from certificates.models import Certificate, IssueRun
from tests import factories as shared

from . import factories as f
from .pdftext import reader_of

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_facilitator_sees_eligibility_and_why_not(
    client, cohort, facilitator, certificate_template
):
    f.enrol(cohort, full_name="Ana Baptiste")
    f.enrol(cohort, attended=2, full_name="Kai Edmund")
    client.force_login(facilitator)
    response = client.get(reverse("certificates:cohort_certificates", args=[cohort.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Baptiste" in page and "Kai Edmund" in page
    assert "Attended 2 of 4 sessions (50%); 75% needed" in page
    assert "Issue certificates to 1 eligible participant" in page


def test_issue_runs_in_the_background_and_reports(
    client, cohort, facilitator, certificate_template
):
    f.enrol(cohort, full_name="Ana Baptiste")
    f.enrol(cohort, attended=0, full_name="Kai Edmund")
    client.force_login(facilitator)
    url = reverse("certificates:cohort_certificates", args=[cohort.pk])
    response = client.post(url, {"template": certificate_template.pk}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Issuing has started" in page
    assert "1 of 1" in page
    assert "Finished" in page
    assert "Kai Edmund" in page and "Attended 0 of 4 sessions (0%); 75% needed" in page
    run = IssueRun.objects.get()
    assert (run.status, run.total, run.done, run.issued) == ("done", 1, 1, 1)
    assert run.skipped == [
        {"name": "Kai Edmund", "reasons": ["Attended 0 of 4 sessions (0%); 75% needed"]}
    ]
    assert Certificate.objects.get().participant_name == "Ana Baptiste"

    progress = client.get(
        reverse("certificates:issue_progress", args=[cohort.pk])
    ).json()
    assert progress["done"] == 1 and progress["total"] == 1 and progress["finished"]

    # Pressing again issues nothing new.
    client.post(url, {"template": certificate_template.pk})
    assert Certificate.objects.count() == 1
    assert IssueRun.objects.latest("pk").already_issued == 1


def test_only_a_post_issues(
    client, cohort, facilitator, participant, certificate_template
):
    f.enrol(cohort, participant)
    client.force_login(facilitator)
    client.get(reverse("certificates:cohort_certificates", args=[cohort.pk]))
    client.force_login(participant)
    client.get(reverse("certificates:my_certificates"))
    assert not Certificate.objects.exists()


def test_a_running_issue_is_not_started_twice(
    client, cohort, facilitator, certificate_template
):
    IssueRun.objects.create(
        cohort=cohort, template=certificate_template, started_by=facilitator
    )
    client.force_login(facilitator)
    url = reverse("certificates:cohort_certificates", args=[cohort.pk])
    response = client.post(url, {"template": certificate_template.pk}, follow=True)
    assert "already being issued" in response.content.decode()
    assert IssueRun.objects.count() == 1


def test_issue_without_a_template_says_so(client, cohort, facilitator):
    f.enrol(cohort)
    client.force_login(facilitator)
    response = client.get(reverse("certificates:cohort_certificates", args=[cohort.pk]))
    assert "no certificate template yet" in response.content.decode()
    response = client.post(
        reverse("certificates:cohort_certificates", args=[cohort.pk]), {}
    )
    assert response.status_code == 200
    assert not IssueRun.objects.exists()


@pytest.mark.parametrize("who", ["other_facilitator", "participant"])
def test_other_people_get_404(client, cohort, who, participant, certificate_template):
    user = shared.facilitator() if who == "other_facilitator" else participant
    client.force_login(user)
    for name in (
        "cohort_certificates",
        "issue_progress",
        "cohort_merged_pdf",
        "cohort_zip",
    ):
        assert (
            client.get(reverse(f"certificates:{name}", args=[cohort.pk])).status_code
            == 404
        )
    response = client.post(
        reverse("certificates:cohort_certificates", args=[cohort.pk]),
        {"template": certificate_template.pk},
    )
    assert response.status_code == 404
    assert not IssueRun.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client, cohort):
    response = client.get(reverse("certificates:cohort_certificates", args=[cohort.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_administrator_reaches_any_cohort(client, cohort, administrator):
    client.force_login(administrator)
    assert (
        client.get(
            reverse("certificates:cohort_certificates", args=[cohort.pk])
        ).status_code
        == 200
    )


def test_downloads_stream_the_merged_pdf_and_zip(
    client, cohort, facilitator, certificate_template
):
    for name in ("Ana Baptiste", "Ben Charles"):
        f.enrol(cohort, full_name=name)
    client.force_login(facilitator)
    client.post(
        reverse("certificates:cohort_certificates", args=[cohort.pk]),
        {"template": certificate_template.pk},
    )
    merged = client.get(reverse("certificates:cohort_merged_pdf", args=[cohort.pk]))
    assert merged.status_code == 200
    assert merged.streaming
    assert merged["Content-Type"] == "application/pdf"
    assert "attachment" in merged["Content-Disposition"]
    data = _body(merged)
    assert int(merged["Content-Length"]) == len(data)
    assert len(reader_of(data).pages) == 2

    archive = client.get(reverse("certificates:cohort_zip", args=[cohort.pk]))
    assert archive.streaming
    names = zipfile.ZipFile(io.BytesIO(_body(archive))).namelist()
    assert len(names) == 2


def test_bundle_404_before_anything_is_issued(client, cohort, facilitator):
    client.force_login(facilitator)
    assert (
        client.get(reverse("certificates:cohort_zip", args=[cohort.pk])).status_code
        == 404
    )


def test_my_certificates_lists_only_my_own(
    client, cohort, facilitator, participant, certificate_template
):
    from certificates import services

    f.enrol(cohort, participant)
    f.enrol(cohort, full_name="Someone Else")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    mine = Certificate.objects.get(enrolment__participant=participant)
    theirs = Certificate.objects.exclude(pk=mine.pk).get()

    client.force_login(participant)
    page = client.get(reverse("certificates:my_certificates")).content.decode()
    assert mine.display_code in page
    assert theirs.display_code not in page
    assert "Someone Else" not in page

    own = client.get(reverse("certificates:download", args=[mine.pk]))
    assert own.status_code == 200
    assert _body(own).startswith(b"%PDF")
    assert (
        client.get(reverse("certificates:download", args=[theirs.pk])).status_code
        == 404
    )


def test_my_certificates_empty_state(client, participant):
    client.force_login(participant)
    page = client.get(reverse("certificates:my_certificates")).content.decode()
    assert "You have no certificates yet" in page


def test_pages_have_no_inline_script_or_style(
    client, cohort, facilitator, certificate_template
):
    f.enrol(cohort)
    client.force_login(facilitator)
    page = client.get(
        reverse("certificates:cohort_certificates", args=[cohort.pk])
    ).content.decode()
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page


def test_a_revoked_certificate_is_no_longer_downloadable_by_its_holder(
    client, cohort, facilitator, participant, administrator, certificate_template
):
    from certificates import services

    f.enrol(cohort, participant)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    certificate = Certificate.objects.get()
    services.certificate_revoke(
        certificate=certificate, revoked_by=administrator, reason="Did not attend"
    )
    client.force_login(participant)
    url = reverse("certificates:download", args=[certificate.pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("certificates:my_certificates")).content.decode()
    assert "Revoked" in page
    client.force_login(facilitator)
    assert client.get(url).status_code == 200
