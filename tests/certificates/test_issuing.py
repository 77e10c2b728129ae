"""Issuing a cohort's certificates through the service: rows, files, words in the PDF."""

import hashlib
import io
import threading
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection

from certificates import services
from certificates.codes import ALPHABET, CODE_LENGTH
from certificates.exceptions import NoCertificateTemplate
from certificates.models import (
    AuditAction,
    Certificate,
    CertificateAuditEntry,
    CohortCertificateBundle,
)

from . import factories as f
from .pdftext import pdf_bytes, reader_of, text_of

pytestmark = pytest.mark.django_db


def test_eligible_participants_get_a_certificate_with_their_words(
    cohort, certificate_template, facilitator
):
    ana = f.enrol(cohort, full_name="Ana Baptiste")
    f.enrol(cohort, attended=1, full_name="Kai Edmund")
    result = services.certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator
    )

    assert [c.participant_name for c in result.issued] == ["Ana Baptiste"]
    assert result.skipped == [
        {
            "name": "Kai Edmund",
            "reasons": ["Attended 1 of 4 sessions (25%); 75% needed"],
        }
    ]
    cert = Certificate.objects.get()
    assert cert.enrolment == ana
    assert cert.issued_by == facilitator
    assert cert.course_title == cohort.course.title
    assert cert.cohort_name == "Saint Lucia, October 2026"
    assert cert.dates == "18–19 October 2026"
    assert cert.location == "Castries, Saint Lucia"
    assert cert.hours == "12"
    assert len(cert.code) == CODE_LENGTH and set(cert.code) <= set(ALPHABET)

    data = pdf_bytes(cert)
    assert hashlib.sha256(data).hexdigest() == cert.sha256
    words = text_of(data)
    assert "Ana Baptiste" in words
    assert "Identifying and assisting victims of trafficking" in words
    assert cert.display_code in words
    assert "18–19 October 2026" in words
    assert "Adaeze Morgan" in words and "Marcus Joseph" in words
    assert "/verify/" in words


def test_pdf_is_tagged_for_screen_readers(cohort, certificate_template, facilitator):
    f.enrol(cohort)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    reader = reader_of(pdf_bytes(Certificate.objects.get()))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert len(reader.pages) == 1
    assert reader.metadata.title.startswith("Certificate of completion: ")
    # The certificate's structure (an article with its heading and paragraphs)
    # belongs to the file's one page.
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    article = document["/K"][0].get_object()
    assert document["/S"] == "/Document"
    assert article["/S"] == "/Art"
    assert (
        article["/P"].get_object() is document
        or article["/P"] == document.indirect_reference
    )
    assert article["/Pg"].indirect_reference == reader.pages[0].indirect_reference
    kinds = set()
    stack = [article]
    while stack:
        element = stack.pop()
        kinds.add(element["/S"])
        kids = element.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid = kid.get_object()
            if isinstance(kid, dict) and "/S" in kid:
                stack.append(kid)
    assert {"/H1", "/P", "/Figure"} <= kinds


def test_template_revision_is_pinned(cohort, certificate_template, facilitator):
    first = f.enrol(cohort)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    old_revision = certificate_template.latest_revision

    certificate_template.title = "Certificate of participation"
    certificate_template.save()
    certificate_template.save_revision()
    second = f.enrol(cohort, full_name="Later Person")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)

    old = first.certificates.get()
    new = second.certificates.get()
    assert old.template_revision == old_revision
    assert new.template_revision == certificate_template.latest_revision
    assert new.template_revision != old_revision
    assert "Certificate of completion" in text_of(pdf_bytes(old))
    assert "Certificate of participation" in text_of(pdf_bytes(new))


def test_issuing_again_issues_nothing_and_changes_nothing(
    cohort, certificate_template, facilitator
):
    for _ in range(3):
        f.enrol(cohort)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    before = list(
        Certificate.objects.order_by("pk").values_list(
            "pk", "code", "sha256", "pdf", "issued_at", "participant_name"
        )
    )
    bundle_before = CohortCertificateBundle.objects.values_list(
        "merged_pdf", "zip_file", "built_at"
    ).get()

    again = services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)

    assert again.issued == []
    assert again.already_issued == 3
    after = list(
        Certificate.objects.order_by("pk").values_list(
            "pk", "code", "sha256", "pdf", "issued_at", "participant_name"
        )
    )
    assert after == before
    assert (
        CohortCertificateBundle.objects.values_list(
            "merged_pdf", "zip_file", "built_at"
        ).get()
        == bundle_before
    )
    assert CertificateAuditEntry.objects.filter(action=AuditAction.ISSUED).count() == 3


def test_database_refuses_a_second_active_certificate(
    cohort, certificate_template, facilitator
):
    enrolment = f.enrol(cohort)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    existing = enrolment.certificates.get()
    duplicate = Certificate(
        enrolment=enrolment,
        template=existing.template,
        template_revision=existing.template_revision,
        code="2" * CODE_LENGTH,
        participant_name="x",
        course_title="x",
        cohort_name="x",
        dates="x",
        issued_at=existing.issued_at,
        issued_by=facilitator,
        pdf=existing.pdf.name,
        sha256=existing.sha256,
    )
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_merged_pdf_and_zip_hold_every_valid_certificate(
    cohort, certificate_template, facilitator
):
    names = ["Ana Baptiste", "Ben Charles", "Cleo Dupont"]
    for name in names:
        f.enrol(cohort, full_name=name)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    bundle = CohortCertificateBundle.objects.get(cohort=cohort)
    assert bundle.certificate_count == 3

    with default_storage.open(bundle.merged_pdf.name, "rb") as handle:
        merged = handle.read()
    reader = reader_of(merged)
    assert len(reader.pages) == 3
    for page, name in zip(reader.pages, names, strict=True):
        assert name in page.extract_text()

    with default_storage.open(bundle.zip_file.name, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    files = archive.namelist()
    assert len(files) == 3
    shas = {hashlib.sha256(archive.read(n)).hexdigest() for n in files}
    assert shas == set(Certificate.objects.values_list("sha256", flat=True))


def test_no_template_is_a_clear_error(cohort, facilitator):
    f.enrol(cohort)
    with pytest.raises(NoCertificateTemplate, match="no certificate template"):
        services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)


def test_html_in_a_name_prints_as_text(cohort, certificate_template, facilitator):
    img = '<img src="file:///etc/passwd">'
    link = '<link rel="attachment" href="file:///etc/passwd">'
    f.enrol(cohort, full_name=f"Eve {img}")
    f.enrol(cohort, full_name=f"Mal {link}")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    for cert in Certificate.objects.all():
        data = pdf_bytes(cert)
        # Long names wrap; compare without the line breaks.
        squeezed = "".join(text_of(data).split())
        assert "".join(cert.participant_name.split()) in squeezed
        assert b"root:x:0:0" not in data
        reader = reader_of(data)
        # The only file inside is Harbour's own signed credential, never one a
        # name tried to attach.
        assert list(reader.attachments) == ["credential.json"]
        assert len(reader.pages) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_issue_one_certificate_each(home_page, facilitator):
    course = f.course(home_page)
    cohort = f.cohort(course=course, facilitators=[facilitator])
    f.template()
    enrolments = [f.enrol(cohort) for _ in range(3)]
    barrier = threading.Barrier(2)
    errors = []
    results = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(
                services.certificates_issue_for_cohort(
                    cohort=cohort, issued_by=facilitator
                )
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sum(len(r.issued) for r in results) == 3
    for enrolment in enrolments:
        assert enrolment.certificates.filter(revoked_at__isnull=True).count() == 1
    assert Certificate.objects.count() == 3
    # Files of the losing run were removed: one stored PDF per certificate.
    stored = default_storage.listdir(f"certificates/{cohort.pk}")[1]
    assert sorted(stored) == sorted(
        c.pdf.name.rsplit("/", 1)[-1] for c in Certificate.objects.all()
    )


def test_a_name_never_prints_reversed_or_with_hidden_characters(
    cohort, certificate_template, facilitator
):
    # A right-to-left override, a zero-width space and a decomposed "é".
    f.enrol(cohort, full_name="\u202eAna\u200b Be\u0301 Baptiste")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    cert = Certificate.objects.get()
    assert cert.participant_name == "Ana B\u00e9 Baptiste"
    assert cert.credential["credentialSubject"]["name"] == "Ana B\u00e9 Baptiste"
    text = text_of(pdf_bytes(cert))
    assert "\u202e" not in text and "\u200b" not in text
    assert "Ana Bé Baptiste" in " ".join(text.split())


def test_a_cohorts_certificates_print_their_dates_in_its_language(
    course, certificate_template, facilitator
):
    cohort = f.cohort(course=course, facilitators=[facilitator], language="es")
    f.enrol(cohort, full_name="Rosa Peña")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    cert = Certificate.objects.get()
    assert cert.dates == "18–19 de octubre de 2026"
    assert "18–19 de octubre de 2026" in " ".join(text_of(pdf_bytes(cert)).split())
