"""Checking a credential or a certificate PDF: signature, issuer, status, changes.

The same checks serve the public /verify/ page (status and the issued file from
the database) and `manage.py verify_credential` (offline: keys from a DID
document, status from status-list files). Messages are the ones people read.
"""

import hashlib
import json
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..pdfpages import attachments_of
from . import integrity, multibase, statuslist
from .issuing import ATTACHMENT_NAME

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UnreadableFile(ValueError):
    """The upload is neither a PDF carrying a credential nor a credential's JSON."""


@dataclass
class Report:
    """What a check found, in the words the verification page prints."""

    kind: str  # "pdf" or "credential"
    signature_valid: bool = False
    signature_problem: str = ""
    issuer_name: str = ""
    issuer_id: str = ""
    status: str = "unknown"  # active, revoked, suspended, unknown
    facts: dict = field(default_factory=dict)
    # Set when the file differs from what was issued: each entry names what.
    differences: list[str] = field(default_factory=list)
    pdf_altered: bool = False
    credential: dict | None = None
    certificate_code: str = ""

    @property
    def genuine(self) -> bool:
        return self.signature_valid and not self.pdf_altered and not self.differences


def read_upload(data: bytes) -> tuple[str, dict]:
    """("pdf"|"credential", the credential inside); UnreadableFile otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(
            _("The file is larger than 5 MB: it is not a certificate.")
        )
    if data.lstrip()[:5] == b"%PDF-":
        files = attachments_of(data)
        payload = files.get(ATTACHMENT_NAME)
        if payload is None:
            payload = next((v for k, v in files.items() if k.endswith(".json")), None)
        if payload is None:
            raise UnreadableFile(
                _(
                    "This PDF carries no signed credential. Certificates issued by "
                    "Harbour since December 2026 do; check an older one by its code."
                )
            )
        kind = "pdf"
    else:
        payload, kind = data, "credential"
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UnreadableFile(
            _("The file is not a PDF certificate or a credential (JSON).")
        ) from None
    if not isinstance(document, dict) or "credentialSubject" not in document:
        raise UnreadableFile(_("The file is JSON, but not a credential."))
    return kind, document


def facts_of(document: dict) -> dict:
    """The facts a credential states, for people to read."""
    subject = document.get("credentialSubject") or {}
    if isinstance(subject, list):
        subject = subject[0] if subject else {}
    achievement = subject.get("achievement") or {}
    evidence = document.get("evidence") or [{}]
    evidence = evidence[0] if isinstance(evidence, list) and evidence else {}
    issuer = document.get("issuer") or {}
    return {
        "name": str(subject.get("name", "")),
        "achievement": str(achievement.get("name", "")),
        "description": str(achievement.get("description", "")),
        "criteria": str((achievement.get("criteria") or {}).get("narrative", "")),
        "cohort": str(evidence.get("name", "")),
        "when_where": str(evidence.get("description", "")),
        "valid_from": str(document.get("validFrom", "")),
        "valid_from_time": parse_datetime(str(document.get("validFrom", ""))),
        "issuer": str(issuer.get("name", "") if isinstance(issuer, dict) else issuer),
        "id": str(document.get("id", "")),
    }


def _flatten(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{prefix}[{index}]")
    else:
        yield prefix, value


def differences(issued: dict, presented: dict) -> list[str]:
    """Each claim that differs between the issued credential and the presented one."""
    a, b = dict(_flatten(issued)), dict(_flatten(presented))
    out = []
    for path in sorted(set(a) | set(b)):
        if a.get(path) != b.get(path):
            if path not in b:
                out.append(
                    _("%(path)s is missing (issued: “%(old)s”)")
                    % {"path": path, "old": a[path]}
                )
            elif path not in a:
                out.append(
                    _("%(path)s was added: “%(new)s”") % {"path": path, "new": b[path]}
                )
            else:
                out.append(
                    _("%(path)s reads “%(new)s”; the issued credential says “%(old)s”")
                    % {"path": path, "new": b[path], "old": a[path]}
                )
    return out


def check_signature(report: Report, document: dict, resolve_key) -> None:
    """Fill in the signature verdict and the issuer."""
    issuer = document.get("issuer") or {}
    report.issuer_id = str(issuer.get("id", "") if isinstance(issuer, dict) else issuer)
    report.issuer_name = str(issuer.get("name", "") if isinstance(issuer, dict) else "")
    result = integrity.verify(document, resolve_key=resolve_key)
    report.signature_valid = result.valid
    report.signature_problem = result.reason
    method = result.verification_method.partition("#")[0]
    if result.valid and method != report.issuer_id:
        report.signature_valid = False
        report.signature_problem = _(
            "The credential was signed by a key that does not belong to its issuer."
        )


def status_from_lists(document: dict, lists: dict[str, dict]) -> str:
    """active / revoked / suspended from status-list credentials keyed by URL."""
    entries = document.get("credentialStatus") or []
    if isinstance(entries, dict):
        entries = [entries]
    found = False
    for entry in entries:
        listed = lists.get(entry.get("statusListCredential", ""))
        if not listed:
            continue
        subject = listed.get("credentialSubject") or {}
        bits = statuslist.decode(subject.get("encodedList", ""))
        found = True
        if statuslist.is_set(bits, int(entry.get("statusListIndex", -1))):
            if entry.get("statusPurpose") == "suspension":
                return "suspended"
            return "revoked"
    return "active" if found else "unknown"


def resolver_from_did_document(did_document: dict):
    """resolve_key for the keys a DID document lists (offline checking)."""
    methods = {
        m.get("id"): m.get("publicKeyMultibase")
        for m in did_document.get("verificationMethod", [])
        if m.get("type") == "Multikey"
    }

    def resolve(method_id: str):
        value = methods.get(method_id)
        if not value:
            return None
        try:
            raw = multibase.ed25519_public_from_multikey(value)
        except ValueError:
            return None
        return Ed25519PublicKey.from_public_bytes(raw)

    return resolve


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
