"""Checking a certificate file in a real browser, on a phone, and sharing it."""

import pytest

from certificates import services
from certificates.models import Certificate
from tests import factories
from tests.certificates import factories as f
from tests.certificates.pdftext import pdf_bytes
from tests.e2e.conftest import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"


@pytest.fixture
def certificate(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    facilitator = factories.facilitator(email="fac@example.org", password=PASSWORD)
    cohort = f.cohort(course=f.course(home_page), facilitators=[facilitator])
    ana = factories.participant(
        email="ana@example.org", password=PASSWORD, full_name="Ana Baptiste"
    )
    f.enrol(cohort, ana)
    f.template()
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    return Certificate.objects.get()


def test_a_border_officer_checks_a_pdf_on_a_phone(
    phone_page, live_server, certificate, tmp_path
):
    genuine = tmp_path / "certificate.pdf"
    genuine.write_bytes(pdf_bytes(certificate))
    phone_page.goto(f"{live_server.url}/verify/")
    phone_page.get_by_role("link", name="upload the PDF or its credential").click()
    phone_page.set_input_files("input[type=file]", str(genuine))
    phone_page.get_by_role("button", name="Check the file").click()
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.get_by_role("status").inner_text().startswith("Genuine and valid")
    assert "Ana Baptiste" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(phone_page) == []
    phone_page.screenshot(path=str(tmp_path / "verify-file-phone.png"), full_page=True)

    data = bytearray(genuine.read_bytes())
    data[data.index(b"/Title") + 8] ^= 1
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    phone_page.set_input_files("input[type=file]", str(altered))
    phone_page.get_by_role("button", name="Check the file").click()
    phone_page.wait_for_load_state("networkidle")
    assert "Altered PDF" in phone_page.get_by_role("status").inner_text()


def test_the_holder_opens_sharing_on_my_certificates(page, live_server, certificate):
    sign_in(page, live_server, "ana@example.org", PASSWORD)
    page.goto(f"{live_server.url}/my/certificates/")
    page.get_by_text("Share it or keep it in a wallet").click()
    assert page.get_by_role(
        "img", name="QR code that hands your credential to a wallet app"
    ).is_visible()
    link = page.get_by_role("link", name="Add to LinkedIn profile")
    assert link.get_attribute("href").startswith(
        "https://www.linkedin.com/profile/add?"
    )
    assert serious_violations(page) == []
