"""Credentials for a batch of certificates being issued: facts, signing, embedding."""

import json
import secrets
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..eligibility import Rules
from ..pdfpages import Attachment
from . import keys, openbadge, signer, statuslist

ATTACHMENT_NAME = "credential.json"
ATTACHMENT_DESCRIPTION = "Signed Open Badges 3.0 credential for this certificate"


@dataclass(frozen=True)
class IssuedCredential:
    """A signed credential with the ids stored beside the certificate."""

    credential_id: uuid.UUID
    status_index: int
    document: dict

    @property
    def data(self) -> bytes:
        return credential_bytes(self.document)


def credential_bytes(document: dict) -> bytes:
    """The credential as the file embedded in the PDF and offered for download."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def attachment(document: dict, *, name: str = ATTACHMENT_NAME) -> Attachment:
    """The credential as a PDF associated file (AFRelationship /Alternative)."""
    return Attachment(
        name=name,
        data=credential_bytes(document),
        media_type="application/ld+json",
        description=ATTACHMENT_DESCRIPTION,
    )


def criteria_text(rules: Rules) -> str:
    """The cohort's certificate rule in words (the active language), as the
    credential states it."""
    # A no-break space keeps "75 %" on one line.
    if rules.require_post_test_pass and rules.require_all_modules:
        text = _(
            "Awarded for attendance of at least %(percent)s%% of the "
            "sessions, the post-test passed and every module completed."
        )
    elif rules.require_post_test_pass:
        text = _(
            "Awarded for attendance of at least %(percent)s%% of the "
            "sessions and the post-test passed."
        )
    elif rules.require_all_modules:
        text = _(
            "Awarded for attendance of at least %(percent)s%% of the "
            "sessions and every module completed."
        )
    else:
        text = _("Awarded for attendance of at least %(percent)s%% of the sessions.")
    return text % {"percent": rules.min_attendance_percent}


def allocate_status_indices(count: int, used: set[int]) -> list[int]:
    """Random unused places in the status list (random, so the order of issue
    cannot be read from a credential's index)."""
    free = statuslist.LIST_LENGTH - len(used)
    if count > free:
        raise statuslist.StatusListError("The status list is full.")
    chosen: list[int] = []
    taken = set(used)
    while len(chosen) < count:
        index = secrets.randbelow(statuslist.LIST_LENGTH)
        if index not in taken:
            taken.add(index)
            chosen.append(index)
    return chosen


def credential_issue(facts: openbadge.CredentialFacts) -> IssuedCredential:
    """Build and sign one certificate's credential."""
    signed = openbadge.credential_sign(
        openbadge.credential_build(facts), created=facts.issued_at
    )
    return IssuedCredential(
        credential_id=uuid.UUID(facts.credential_id),
        status_index=facts.status_index,
        document=signed,
    )


class PendingCredentials:
    """A batch's credentials being signed: `result()` waits for them, in order."""

    def __init__(self, facts: list[openbadge.CredentialFacts], pending):
        self._facts = facts
        self._pending = pending

    def result(self) -> list[IssuedCredential]:
        signed = self._pending.result()
        return [
            IssuedCredential(
                credential_id=uuid.UUID(f.credential_id),
                status_index=f.status_index,
                document=document,
            )
            for f, document in zip(self._facts, signed, strict=True)
        ]


def credentials_start(
    facts: list[openbadge.CredentialFacts], *, background: bool = True
) -> PendingCredentials:
    """Build a batch's credentials and start signing them (beside the layout when
    `background`); every credential of a batch carries the same proof time."""
    key = keys.keyring().current
    created = openbadge.timestamp(facts[0].issued_at) if facts else ""
    pending = signer.sign_batch(
        [openbadge.credential_build(f) for f in facts],
        private_key=key.private_key,
        verification_method=keys.method_id(key),
        created=created,
        background=background,
    )
    return PendingCredentials(facts, pending)
