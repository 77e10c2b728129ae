"""The public verification page: valid, revoked, unknown, malformed, rate-limited."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates import services
from certificates.models import Certificate

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(cohort, certificate_template, facilitator):
    f.enrol(
        cohort, full_name="Ana Baptiste", email="ana@example.org", organisation="Police"
    )
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    return Certificate.objects.get()


def test_form_page_needs_no_sign_in(client):
    response = client.get(reverse("certificates:verify"))
    assert response.status_code == 200
    assert "Verify a certificate" in response.content.decode()


def test_header_links_to_verify(client, home_page):
    page = client.get("/").content.decode()
    assert f'href="{reverse("certificates:verify")}"' in page


def test_valid_certificate_shows_only_what_is_printed(client, certificate):
    response = client.get(
        reverse("certificates:verify_code", args=[certificate.display_code])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in page
    for printed in (
        "Ana Baptiste",
        certificate.course_title,
        certificate.cohort_name,
        "18–19 October 2026",
    ):
        assert printed in page
    assert "ana@example.org" not in page
    assert "Police" not in page
    assert response["X-Robots-Tag"] == "noindex"


def test_typed_code_ignores_case_spaces_and_dashes(client, certificate):
    typed = " ".join(certificate.code.lower()[i : i + 2] for i in range(0, 20, 2))
    response = client.get(reverse("certificates:verify"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certificates:verify_code", args=[certificate.display_code]
    )
    assert "Ana Baptiste" in client.get(response["Location"]).content.decode()
    # The code without dashes in the address works too.
    page = client.get(f"/verify/{certificate.code.lower()}/").content.decode()
    assert "Ana Baptiste" in page


def test_revoked_certificate_says_so_with_the_date(client, certificate, administrator):
    services.certificate_revoke(
        certificate=certificate, revoked_by=administrator, reason="Wrong name"
    )
    certificate.refresh_from_db()
    page = client.get(
        reverse("certificates:verify_code", args=[certificate.display_code])
    ).content.decode()
    assert "Revoked" in page
    assert f"revoked on {certificate.revoked_at:%-d %B %Y}" in page
    assert "Wrong name" not in page


def test_unknown_code(client, certificate):
    page = client.get("/verify/2222-3333-4444-5555-6666/").content.decode()
    assert "Unknown" in page
    assert "Ana Baptiste" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/verify/../../etc/passwd/",
        "/verify/..%2F..%2Fetc%2Fpasswd/",
        "/verify/%27%20OR%201%3D1--/",
        "/verify/%00/",
        "/verify/" + "A" * 10_000 + "/",
        "/verify/%E2%80%AE%F0%9F%92%A9/",
        "/verify/%ff%fe/",
    ],
)
def test_malformed_paths_get_unknown_never_an_error(client, certificate, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Unknown" in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "../../etc/passwd",
        "' OR 1=1--",
        "%00",
        "\x00",
        "A" * 10_000,
        "",
        "<script>alert(1)</script>",
    ],
)
def test_malformed_typed_input_gets_unknown(client, certificate, typed):
    response = client.get(reverse("certificates:verify"), {"code": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown" in page
    assert "<script>alert(1)</script>" not in page


def test_lookups_are_rate_limited_per_client(client, settings, certificate):
    settings.CERTIFICATES_VERIFY_RATE = (5, 60)
    url = reverse("certificates:verify_code", args=[certificate.display_code])
    for _ in range(5):
        assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
    blocked = client.get(url, REMOTE_ADDR="203.0.113.7")
    assert blocked.status_code == 429
    assert "Too many checks" in blocked.content.decode()
    assert int(blocked["Retry-After"]) >= 1
    typed = client.get(
        reverse("certificates:verify"), {"code": "x"}, REMOTE_ADDR="203.0.113.7"
    )
    assert typed.status_code == 429
    # Another client is not affected.
    assert client.get(url, REMOTE_ADDR="198.51.100.2").status_code == 200
    # The empty form itself is never limited.
    assert (
        client.get(
            reverse("certificates:verify"), REMOTE_ADDR="203.0.113.7"
        ).status_code
        == 200
    )
