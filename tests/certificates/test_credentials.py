"""Signed Open Badges 3.0 credentials: what is signed, what travels in the PDF,
what a status list says, and how a changed credential or PDF is caught."""

import copy
import io
import json
import subprocess
import sys
import zipfile

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from certificates import selectors, services
from certificates.credentials import keys, multibase, statuslist
from certificates.credentials.integrity import verify as harbour_verify
from certificates.models import AuditAction, Certificate, CohortCertificateBundle

from . import factories as f
from . import independent_verifier
from .pdftext import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cohort, certificate_template, facilitator):
    f.enrol(cohort, full_name="Ana Baptiste", email="ana@example.org")
    f.enrol(cohort, full_name="Kai Edmund")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    return list(Certificate.objects.order_by("participant_name"))


def did_document(client) -> dict:
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    return response.json()


def test_each_certificate_is_an_open_badge_credential_with_the_printed_facts(
    issued, cohort
):
    ana = issued[0]
    credential = ana.credential
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["id"] == f"urn:uuid:{ana.credential_id}"
    subject = credential["credentialSubject"]
    assert subject["name"] == "Ana Baptiste" == ana.participant_name
    assert subject["activityStartDate"] == "2026-10-18"
    achievement = subject["achievement"]
    assert achievement["name"] == cohort.course.title
    assert "at least 75%" in achievement["criteria"]["narrative"]
    assert credential["evidence"][0]["name"] == cohort.name
    assert "Castries" in credential["evidence"][0]["description"]
    assert credential["issuer"]["id"] == "did:web:testserver"
    assert credential["validFrom"].startswith(ana.issued_at.strftime("%Y-%m-%d"))
    # No e-mail anywhere in what travels with the certificate.
    assert "ana@example.org" not in json.dumps(credential)
    purposes = {e["statusPurpose"] for e in credential["credentialStatus"]}
    assert purposes == {"revocation", "suspension"}
    assert {e["statusListIndex"] for e in credential["credentialStatus"]} == {
        str(ana.status_index)
    }


def test_an_independent_verifier_accepts_the_signature(issued, client):
    did = did_document(client)
    for cert in issued:
        assert independent_verifier.verify(cert.credential, did)


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["credentialSubject"].__setitem__("name", "Ana Baptist"),
        lambda c: c["credentialSubject"]["achievement"].__setitem__("name", "Other"),
        lambda c: c.__setitem__("validFrom", "2020-01-01T00:00:00Z"),
        lambda c: c["evidence"][0].__setitem__("description", "Paris"),
        lambda c: c["credentialStatus"][0].__setitem__("statusListIndex", "7"),
    ],
    ids=["name", "achievement", "validFrom", "place", "status index"],
)
def test_changing_any_claim_breaks_the_signature(issued, client, change):
    did = did_document(client)
    tampered = copy.deepcopy(issued[0].credential)
    change(tampered)
    assert not independent_verifier.verify(tampered, did)
    result = harbour_verify(tampered, resolve_key=keys.resolve_method)
    assert not result.valid
    assert "changed" in result.reason


def test_a_changed_signature_is_refused(issued, client):
    tampered = copy.deepcopy(issued[0].credential)
    value = multibase.decode_z(tampered["proof"]["proofValue"])
    tampered["proof"]["proofValue"] = multibase.encode_z(
        bytes([value[0] ^ 1]) + value[1:]
    )
    assert not independent_verifier.verify(tampered, did_document(client))
    assert not harbour_verify(tampered, resolve_key=keys.resolve_method).valid


def test_the_credential_travels_inside_the_tagged_pdf(issued):
    data = pdf_bytes(issued[0])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert list(pdf.attachments) == ["credential.json"]
        spec = pdf.attachments["credential.json"]
        assert spec.obj.AFRelationship == pikepdf.Name.Alternative
        assert spec.get_file().mime_type == "application/ld+json"
        embedded = json.loads(spec.get_file().read_bytes())
        assert embedded == issued[0].credential
        assert pdf.Root.AF[0].objgen == spec.obj.objgen
        assert pdf.pages[0].obj.AF[0].objgen == spec.obj.objgen
        # Still tagged as WeasyPrint wrote it.
        assert pdf.Root.MarkInfo.Marked
        assert pikepdf.Name.Document == pdf.Root.StructTreeRoot.K[0].S
        # qpdf finds nothing wrong with the file's syntax or cross-references.
        assert pdf.check_pdf_syntax() == []


def test_the_merged_pdf_and_the_zip_keep_each_persons_credential(issued, cohort):
    bundle = CohortCertificateBundle.objects.get(cohort=cohort)
    with default_storage.open(bundle.merged_pdf.name, "rb") as handle:
        merged = handle.read()
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        names = sorted(pdf.attachments)
        assert names == sorted(f"credential-{c.code}.json" for c in issued)
        for page, cert in zip(pdf.pages, issued, strict=True):
            spec = page.obj.AF[0]
            assert json.loads(spec.EF.F.read_bytes()) == cert.credential
    with default_storage.open(bundle.zip_file.name, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    for name in archive.namelist():
        with pikepdf.open(io.BytesIO(archive.read(name))) as pdf:
            assert list(pdf.attachments) == ["credential.json"]
    # File names in the ZIP carry codes, never names.
    assert not any("ana" in n.lower() for n in archive.namelist())


def test_the_bundle_rebuilt_after_a_revocation_still_carries_credentials(
    issued, cohort, administrator
):
    services.certificate_revoke(
        certificate=issued[1], revoked_by=administrator, reason="Wrong cohort"
    )
    services.cohort_bundle_build(cohort=cohort)
    bundle = CohortCertificateBundle.objects.get(cohort=cohort)
    with (
        default_storage.open(bundle.merged_pdf.name, "rb") as handle,
        pikepdf.open(io.BytesIO(handle.read())) as pdf,
    ):
        assert list(pdf.attachments) == [f"credential-{issued[0].code}.json"]


def _status_bits(client, purpose):
    response = client.get(f"/credentials/status/{purpose}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert "max-age" in response["Cache-Control"]
    listed = response.json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["credentialSubject"]["statusPurpose"] == purpose
    assert independent_verifier.verify(listed, did_document(client))
    bits = statuslist.decode(listed["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= 131_072
    return bits


def test_revoking_and_suspending_flip_the_bits_of_the_signed_lists(
    issued, client, administrator, django_capture_on_commit_callbacks
):
    ana, kai = issued
    assert not statuslist.is_set(_status_bits(client, "revocation"), ana.status_index)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(
            certificate=ana, revoked_by=administrator, reason="Issued in error"
        )
        services.certificate_suspend(
            certificate=kai, by=administrator, reason="A complaint is being checked"
        )
    revoked = _status_bits(client, "revocation")
    suspended = _status_bits(client, "suspension")
    assert statuslist.is_set(revoked, ana.status_index)
    assert not statuslist.is_set(revoked, kai.status_index)
    assert statuslist.is_set(suspended, kai.status_index)
    assert not statuslist.is_set(suspended, ana.status_index)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reinstate(
            certificate=kai, by=administrator, reason="Complaint unfounded"
        )
    assert not statuslist.is_set(_status_bits(client, "suspension"), kai.status_index)
    actions = list(kai.audit_entries.order_by("at").values_list("action", flat=True))
    assert actions == [
        AuditAction.ISSUED,
        AuditAction.SUSPENDED,
        AuditAction.REINSTATED,
    ]


def test_a_key_rotation_keeps_old_credentials_valid(issued, client, settings, cohort):
    old = issued[0].credential
    rotated = keys.keyring_new(json.loads(settings.HARBOUR_CREDENTIAL_KEYRING_JSON))
    settings.HARBOUR_CREDENTIAL_KEYRING_JSON = json.dumps(rotated)
    keys.keyring_reload()
    try:
        did = did_document(client)
        assert len(did["verificationMethod"]) == 2
        assert independent_verifier.verify(old, did)
        assert harbour_verify(old, resolve_key=keys.resolve_method).valid
        newcomer = f.enrol(cohort, full_name="Lena Hodge")
        services.certificates_issue_for_cohort(
            cohort=cohort, issued_by=issued[0].issued_by
        )
        new = Certificate.objects.get(enrolment=newcomer).credential
        assert new["proof"]["verificationMethod"].endswith(rotated["current"])
        assert independent_verifier.verify(new, did)
    finally:
        keys.keyring_reload()


def _upload(client, data: bytes, name="certificate.pdf"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("certificates:verify_file"), {"file": upload})


def test_an_issued_pdf_uploaded_to_verify_is_genuine(issued, client):
    response = _upload(client, pdf_bytes(issued[0]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Genuine and valid" in text
    assert "Ana Baptiste" in text


def test_a_pdf_with_one_byte_changed_is_named_as_altered(issued, client):
    data = bytearray(pdf_bytes(issued[0]))
    where = data.index(b"/Title")
    data[where + 8] ^= 0x01  # one byte of the document title
    text = _upload(client, bytes(data)).content.decode()
    assert "Altered PDF" in text
    assert "Genuine and valid" not in text


def test_a_changed_credential_is_refused_naming_the_claim(issued, client):
    tampered = copy.deepcopy(issued[0].credential)
    tampered["credentialSubject"]["name"] = "Someone Else"
    text = _upload(
        client, json.dumps(tampered).encode(), name="credential.json"
    ).content.decode()
    assert "Not genuine" in text
    assert "credentialSubject.name" in text
    assert "Someone Else" in text and "Ana Baptiste" in text


def test_a_revoked_certificate_uploaded_reads_as_revoked(issued, client, administrator):
    services.certificate_revoke(
        certificate=issued[0], revoked_by=administrator, reason="Issued in error"
    )
    text = _upload(client, pdf_bytes(issued[0])).content.decode()
    assert "Revoked" in text and "Genuine and valid" not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "not a PDF certificate or a credential"),
        (b"%PDF-1.7\n%%EOF", "carries no signed credential"),
        (b'{"a": 1}', "not a credential"),
        (b"", "The submitted file is empty"),
    ],
)
def test_a_file_that_is_no_certificate_gets_a_clear_answer(client, data, message):
    response = _upload(client, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_holder_downloads_their_credential_and_nobody_else_does(issued, client):
    ana = issued[0]
    url = reverse("certificates:credential_download", args=[ana.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(issued[1].enrolment.participant)
    assert client.get(url).status_code == 404
    client.force_login(ana.enrolment.participant)
    response = client.get(url)
    assert response.status_code == 200
    assert json.loads(response.content) == ana.credential


def test_my_certificates_offers_linkedin_and_a_wallet_qr(issued, client):
    client.force_login(issued[0].enrolment.participant)
    text = client.get(reverse("certificates:my_certificates")).content.decode()
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in text
    assert "data:image/svg+xml" in text
    assert "Download the credential (JSON)" in text


def test_the_wallet_offer_link_gives_the_credential_until_it_expires(issued, client):
    from certificates.credential_views import offer_token

    token = offer_token(issued[0])
    response = client.get(reverse("certificates:credential_offer", args=[token]))
    assert response.status_code == 200
    assert json.loads(response.content)["id"] == issued[0].credential["id"]
    assert (
        client.get(
            reverse("certificates:credential_offer", args=[token + "x"])
        ).status_code
        == 404
    )


def test_verify_credential_works_offline_with_saved_keys_and_lists(
    issued, client, tmp_path, administrator, django_capture_on_commit_callbacks
):
    did_file = tmp_path / "did.json"
    did_file.write_text(json.dumps(did_document(client)))
    pdf = tmp_path / "ana.pdf"
    pdf.write_bytes(pdf_bytes(issued[0]))
    revocation = tmp_path / "revocation.json"
    revocation.write_text(client.get("/credentials/status/revocation").content.decode())
    out = io.StringIO()
    call_command(
        "verify_credential",
        str(pdf),
        did_document=str(did_file),
        status_list=[str(revocation)],
        stdout=out,
    )
    assert "Signature:  valid" in out.getvalue()
    assert "Status:     active" in out.getvalue()
    assert "Ana Baptiste" in out.getvalue()

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(
            certificate=issued[0], revoked_by=administrator, reason="Issued in error"
        )
    revocation.write_text(client.get("/credentials/status/revocation").content.decode())
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "verify_credential",
            str(pdf),
            did_document=str(did_file),
            status_list=[str(revocation)],
            stdout=io.StringIO(),
        )
    assert exit_info.value.code == 1

    tampered = copy.deepcopy(issued[1].credential)
    tampered["credentialSubject"]["name"] = "Mallory"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(tampered))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "verify_credential", str(changed), did_document=str(did_file), stdout=out
        )
    assert "NOT VALID" in out.getvalue()


def test_credentials_keygen_creates_and_rotates_a_keyring(tmp_path):
    path = tmp_path / "keys.json"
    call_command("credentials_keygen", output=str(path), stdout=io.StringIO())
    first = json.loads(path.read_text())
    assert keys.parse_keyring(first).current.private_key is not None
    call_command("credentials_keygen", output=str(path), stdout=io.StringIO())
    second = json.loads(path.read_text())
    assert second["current"] != first["current"]
    old = next(k for k in second["keys"] if k["id"] == first["current"])
    assert "private_key" not in old and old["public_key_multibase"].startswith("z6Mk")


def test_production_refuses_to_start_without_a_keyring():
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "harbour.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "HARBOUR_CREDENTIAL_KEYRING" in result.stderr


def test_nothing_is_fetched_while_signing_or_verifying(issued, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network access while verifying")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert harbour_verify(issued[0].credential, resolve_key=keys.resolve_method).valid
    unknown = copy.deepcopy(issued[0].credential)
    unknown["@context"].append("https://example.org/other-context.json")
    result = harbour_verify(unknown, resolve_key=keys.resolve_method)
    assert not result.valid and "unknown context" in result.reason


def test_selectors_report_the_state_of_a_certificate(issued, administrator):
    assert selectors.certificate_state(issued[0]) == "active"
    services.certificate_suspend(
        certificate=issued[0], by=administrator, reason="Check"
    )
    issued[0].refresh_from_db()
    assert selectors.certificate_state(issued[0]) == "suspended"


def test_an_administrator_suspends_and_lifts_from_the_admin(
    issued, client, administrator
):
    cert = issued[0]
    client.force_login(administrator)
    detail = reverse("certificates_admin:detail", args=[cert.pk])
    assert "Suspend this certificate" in client.get(detail).content.decode()
    response = client.post(
        reverse("certificates_admin:suspend", args=[cert.pk]),
        {"reason": "A complaint about the attendance record"},
    )
    assert response.status_code == 302 and response["Location"] == detail
    cert.refresh_from_db()
    assert cert.suspension_reason == "A complaint about the attendance record"
    page = client.get(reverse("certificates:verify_code", args=[cert.display_code]))
    assert "Suspended" in page.content.decode()
    client.post(
        reverse("certificates_admin:reinstate", args=[cert.pk]),
        {"reason": "Attendance confirmed"},
    )
    cert.refresh_from_db()
    assert cert.suspended_at is None
    assert "Lift the suspension" not in client.get(detail).content.decode()


def test_a_suspension_needs_an_administrator_and_a_short_reason(
    issued, client, facilitator, administrator
):
    cert = issued[0]
    url = reverse("certificates_admin:suspend", args=[cert.pk])
    client.force_login(facilitator)
    assert client.post(url, {"reason": "x"}).status_code in {302, 403}
    cert.refresh_from_db()
    assert cert.suspended_at is None
    client.force_login(administrator)
    client.post(url, {"reason": "x" * 10_000})
    cert.refresh_from_db()
    assert cert.suspended_at is None


def test_a_cohort_batch_is_signed_beside_the_layout_and_verifies(
    cohort, certificate_template, facilitator, client
):
    from certificates.credentials import signer

    for i in range(services.SIGN_IN_BACKGROUND_FROM):
        f.enrol(cohort, full_name=f"Participant {i:02d}")
    signer.stats.update(signing_seconds=0.0, credentials=0)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    assert signer.stats["credentials"] == services.SIGN_IN_BACKGROUND_FROM
    did = did_document(client)
    for cert in Certificate.objects.all():
        assert independent_verifier.verify(cert.credential, did)
        with pikepdf.open(io.BytesIO(pdf_bytes(cert))) as pdf:
            embedded = json.loads(
                pdf.attachments["credential.json"].get_file().read_bytes()
            )
        assert embedded == cert.credential


def test_signing_goes_on_in_this_process_when_the_helper_fails(
    cohort, certificate_template, facilitator, monkeypatch
):
    from certificates.credentials import signer

    def broken(*args, **kwargs):
        raise RuntimeError("no helper")

    monkeypatch.setattr(signer, "_pool", lambda: type("P", (), {"submit": broken})())
    for i in range(services.SIGN_IN_BACKGROUND_FROM):
        f.enrol(cohort, full_name=f"Participant {i:02d}")
    result = services.certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator
    )
    assert len(result.issued) == services.SIGN_IN_BACKGROUND_FROM
    assert all(
        harbour_verify(c.credential, resolve_key=keys.resolve_method).valid
        for c in Certificate.objects.all()
    )


def test_after_erasure_no_copy_of_the_name_stays_and_the_holders_copy_still_verifies(
    issued, client
):
    ana = issued[0]
    held_by_ana = ana.credential
    services.personal_data_erase(user=ana.enrolment.participant)
    ana.refresh_from_db()
    assert ana.credential is None
    assert not Certificate.objects.filter(credential__icontains="Ana Baptiste").exists()
    text = _upload(
        client, json.dumps(held_by_ana).encode(), name="credential.json"
    ).content.decode()
    # The holder's own copy still proves what it says: its signature holds and
    # the certificate was never revoked, though Harbour no longer keeps the name.
    assert "Genuine and valid" in text
