"""Administrators: certificate templates in the Wagtail admin, revoke and re-issue."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from certificates import services
from certificates.exceptions import CertificateAlreadyRevoked, ReasonRequired
from certificates.models import (
    AuditAction,
    Certificate,
    CertificateTemplate,
    CohortCertificateBundle,
)

from . import factories as f
from .pdftext import pdf_bytes, text_of

pytestmark = pytest.mark.django_db

SNIPPET = "wagtailsnippets_certificates_certificatetemplate"


@pytest.fixture(autouse=True)
def administrator_permissions(db):
    """The Administrators group holds every certificates permission, as after migrate."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from lms.services import roles_grant_administrator_permissions

    create_permissions(apps.get_app_config("certificates"), verbosity=0)
    roles_grant_administrator_permissions(sender=None)


def _template_form(signatories, **overrides):
    data = {
        "name": "Completion",
        "title": "Certificate of completion",
        "body": "This certifies that {participant} completed {course}.",
        "organisation_name": "Harbour",
        "language": "en",
        "page_size": "A4",
        "orientation": "landscape",
        "signatories": inline_formset(
            [{"name": name, "title": "Trainer"} for name in signatories]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_administrator_creates_a_template_with_a_revision(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse(f"{SNIPPET}:add"), _template_form(["Adaeze Morgan", "Marcus Joseph"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "login" not in response["Location"], response["Location"]
    template = CertificateTemplate.objects.get()
    assert [s.name for s in template.signatories.all()] == [
        "Adaeze Morgan",
        "Marcus Joseph",
    ]
    assert template.latest_revision is not None


@pytest.mark.parametrize("count", [0, 4])
def test_one_to_three_signatories(client, administrator, count):
    client.force_login(administrator)
    names = [f"Signer {i}" for i in range(count)]
    response = client.post(reverse(f"{SNIPPET}:add"), _template_form(names))
    assert response.status_code == 200
    assert not CertificateTemplate.objects.exists()


def test_unknown_placeholder_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse(f"{SNIPPET}:add"),
        _template_form(["Adaeze Morgan"], body="Awarded to {name}"),
    )
    assert response.status_code == 200
    assert "Unknown placeholder {name}" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_live_preview_shows_the_certificate(
    client, administrator, certificate_template
):
    client.force_login(administrator)
    url = reverse(f"{SNIPPET}:preview_on_edit", args=[certificate_template.pk])
    data = _template_form(["Adaeze Morgan"], title="Certificate of attendance")
    assert client.post(url, data).json()["is_valid"]
    page = client.get(url).content.decode()
    assert "Certificate of attendance" in page
    assert "Jordan Example" in page
    pdf = client.get(url, {"mode": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert "Certificate of attendance" in text_of(pdf.content)


@pytest.fixture
def issued(cohort, certificate_template, facilitator):
    f.enrol(cohort, full_name="Ana Baptist")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    return Certificate.objects.get()


def test_revoke_and_reissue_through_the_admin(client, administrator, issued):
    client.force_login(administrator)
    detail = client.get(reverse("certificates_admin:detail", args=[issued.pk]))
    assert detail.status_code == 200
    assert issued.display_code in detail.content.decode()

    asked = client.post(
        reverse("certificates_admin:reissue", args=[issued.pk]),
        {"participant_name": "Ana Baptiste", "reason": "Surname misspelled"},
    )
    # First a page that says what will happen; nothing has changed yet.
    assert asked.status_code == 200
    confirm = asked.content.decode()
    assert "What will happen" in confirm and "Ana Baptiste" in confirm
    assert "A new certificate is issued with a new code" in confirm
    assert Certificate.objects.count() == 1
    issued.refresh_from_db()
    assert issued.revoked_at is None

    response = client.post(
        reverse("certificates_admin:reissue", args=[issued.pk]),
        {
            "participant_name": "Ana Baptiste",
            "reason": "Surname misspelled",
            "confirm": "true",
        },
        follow=True,
    )
    assert response.status_code == 200
    new = Certificate.objects.get(revoked_at__isnull=True)
    issued.refresh_from_db()
    assert new.replaces == issued
    assert new.code != issued.code
    assert issued.revoked_at is not None
    assert issued.revoked_by == administrator
    assert issued.revocation_reason == "Surname misspelled"
    assert "Ana Baptiste" in text_of(pdf_bytes(new))
    assert new.participant_name == "Ana Baptiste"

    trail = [
        (e.certificate_id, e.action, e.actor_id, e.reason)
        for e in issued.audit_entries.all()
    ]
    assert trail[-1] == (
        issued.pk,
        AuditAction.REVOKED,
        administrator.pk,
        "Surname misspelled",
    )
    new_trail = list(new.audit_entries.values_list("action", "actor", "reason"))
    assert new_trail == [(AuditAction.REISSUED, administrator.pk, "Surname misspelled")]
    page = response.content.decode()
    assert "Surname misspelled" in page and new.display_code in page

    # The old code stays revoked; the new one verifies.
    assert "Revoked" in client.get(f"/verify/{issued.display_code}/").content.decode()
    assert "Valid" in client.get(f"/verify/{new.display_code}/").content.decode()
    # And the old one cannot be re-issued a second time.
    with pytest.raises(Exception, match="already holds a valid certificate"):
        services.certificate_reissue(
            certificate=issued, issued_by=administrator, reason="again"
        )


def _revoke(client, certificate, **data):
    return client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), data
    )


def test_revoke_shows_what_will_happen_and_waits_for_a_confirmation(
    client, administrator, issued
):
    client.force_login(administrator)
    detail = client.get(reverse("certificates_admin:detail", args=[issued.pk]))
    assert "You see what will happen and confirm on the next page" in (
        detail.content.decode()
    )

    asked = _revoke(client, issued, reason="Did not attend day two")

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "What will happen" in page
    assert f"The code {issued.display_code} is revoked for good" in page
    assert "can no longer download this certificate" in page
    assert "This cannot be undone." in page
    assert "Did not attend day two" in page
    assert 'name="confirm" value="true"' in page
    assert "Yes, revoke this certificate" in page
    issued.refresh_from_db()
    assert issued.revoked_at is None
    assert not issued.audit_entries.filter(action=AuditAction.REVOKED).exists()
    assert "Valid" in client.get(f"/verify/{issued.display_code}/").content.decode()

    done = _revoke(client, issued, reason="Did not attend day two", confirm="true")

    assert done.status_code == 302
    assert done.url == reverse("certificates_admin:detail", args=[issued.pk])
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    assert issued.revocation_reason == "Did not attend day two"
    assert "Revoked" in client.get(f"/verify/{issued.display_code}/").content.decode()


def test_a_10000_character_revoke_reason_gets_a_message_about_its_length(
    client, administrator, issued
):
    client.force_login(administrator)
    for data in ({"reason": "x" * 10_000}, {"reason": "x" * 10_000, "confirm": "true"}):
        response = _revoke(client, issued, **data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "The reason is 10000 characters long; keep it to 2000 or fewer" in page
        assert "What will happen" not in page
    issued.refresh_from_db()
    assert issued.revoked_at is None and issued.revocation_reason == ""
    assert not issued.audit_entries.filter(action=AuditAction.REVOKED).exists()


def test_a_10000_character_reissue_name_gets_a_message_about_its_length(
    client, administrator, issued
):
    client.force_login(administrator)
    url = reverse("certificates_admin:reissue", args=[issued.pk])
    for confirm in ("", "true"):
        response = client.post(
            url,
            {"participant_name": "A" * 10_000, "reason": "Typo", "confirm": confirm},
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "The name is 10000 characters long; keep it to 200 or fewer" in page
    long_reason = client.post(
        url, {"participant_name": "Ana", "reason": "y" * 10_000, "confirm": "true"}
    )
    assert long_reason.status_code == 400
    assert "The reason is 10000 characters long" in long_reason.content.decode()
    assert Certificate.objects.count() == 1
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_revoke_needs_a_reason(client, administrator, issued):
    client.force_login(administrator)
    response = _revoke(client, issued, reason=" ", confirm="true")
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    issued.refresh_from_db()
    assert issued.revoked_at is None
    with pytest.raises(ReasonRequired):
        services.certificate_revoke(
            certificate=issued, revoked_by=administrator, reason=""
        )


def test_revoke_twice_is_refused(administrator, issued):
    services.certificate_revoke(
        certificate=issued, revoked_by=administrator, reason="Fraud"
    )
    with pytest.raises(CertificateAlreadyRevoked):
        services.certificate_revoke(
            certificate=issued, revoked_by=administrator, reason="Again"
        )


def test_revoked_certificate_leaves_the_cohort_bundle(client, administrator, issued):
    client.force_login(administrator)
    _revoke(client, issued, reason="Did not attend", confirm="true")
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    # Its cohort had one valid certificate: nothing is left to download.
    cohort = issued.enrolment.cohort
    assert not CohortCertificateBundle.objects.filter(cohort=cohort).exists()
    client.force_login(cohort.facilitators.get())
    response = client.get(reverse("certificates:cohort_merged_pdf", args=[cohort.pk]))
    assert response.status_code == 404


def test_facilitators_cannot_revoke(client, facilitator, issued):
    client.force_login(facilitator)
    response = _revoke(client, issued, reason="x", confirm="true")
    # Facilitators have no access to the admin: they are sent to its sign-in.
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    issued.refresh_from_db()
    assert issued.revoked_at is None
    assert not issued.audit_entries.filter(action=AuditAction.REVOKED).exists()
