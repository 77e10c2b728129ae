"""The Open Badges 3.0 credential for a certificate, and the issuer's profile."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import documents, integrity, keys

CONTEXT = [documents.CREDENTIALS_V2, documents.OPEN_BADGES_V3]


@dataclass(frozen=True)
class CredentialFacts:
    """What a certificate certifies, exactly as it is printed."""

    credential_id: str  # a UUID
    code: str
    participant: str
    title: str
    course: str
    course_url: str
    hours: str
    criteria: str
    cohort: str
    location: str
    dates: str
    start_date: dt.date
    end_date: dt.date
    issued_at: dt.datetime
    status_index: int
    verify_url: str
    # The certificate's (first) language: the credential's sentences are in it.
    language: str = "en"


def issuer_name() -> str:
    return getattr(settings, "HARBOUR_ISSUER_NAME", "") or "Harbour"


def issuer_profile() -> dict:
    """The issuer as an Open Badges Profile, embedded in each credential."""
    return {
        "id": keys.issuer_did(),
        "type": ["Profile"],
        "name": issuer_name(),
        "url": keys.base_url() + "/",
    }


def issuer_profile_document() -> dict:
    """The issuer profile published on the site, with its keys' DID."""
    return {"@context": CONTEXT, **issuer_profile()}


def status_list_url(purpose: str) -> str:
    return f"{keys.base_url()}/credentials/status/{purpose}"


def timestamp(moment: dt.datetime) -> str:
    return (
        moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    )


def _achievement_description(facts: CredentialFacts) -> str:
    """What was completed, in the active language."""
    values = {
        "course": facts.course,
        "hours": facts.hours,
        "dates": facts.dates,
        "location": facts.location,
    }
    if facts.hours and facts.location:
        text = _(
            "%(course)s, a training of %(hours)s hours, held %(dates)s in %(location)s."
        )
    elif facts.hours:
        text = _("%(course)s, a training of %(hours)s hours, held %(dates)s.")
    elif facts.location:
        text = _("%(course)s, held %(dates)s in %(location)s.")
    else:
        text = _("%(course)s, held %(dates)s.")
    return text % values


def credential_build(facts: CredentialFacts) -> dict:
    """The unsigned OpenBadgeCredential: the participant by name only, no e-mail.

    Its human-readable sentences are in the certificate's first language only:
    Open Badges 3.0 defines `name` and `description` as plain strings, so the
    language maps the VC data model allows would not validate as a badge.
    """
    with translation.override(facts.language or "en"):
        description = _achievement_description(facts)
        credential_description = _("Certificate %(code)s. Check it at %(url)s") % {
            "code": facts.code,
            "url": facts.verify_url,
        }
    status = [
        {
            "id": f"{status_list_url(purpose)}#{facts.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": str(facts.status_index),
            "statusListCredential": status_list_url(purpose),
        }
        for purpose in ("revocation", "suspension")
    ]
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{facts.credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{facts.title}: {facts.course}",
        "description": credential_description,
        "issuer": issuer_profile(),
        "validFrom": timestamp(facts.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": facts.participant,
            "activityStartDate": facts.start_date.isoformat(),
            "activityEndDate": facts.end_date.isoformat(),
            "achievement": {
                "id": facts.course_url,
                "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion",
                "name": facts.course,
                "description": description,
                # The language its name and description are written in.
                "inLanguage": facts.language or "en",
                "criteria": {"narrative": facts.criteria},
            },
        },
        "evidence": [
            {
                "id": facts.verify_url,
                "type": ["Evidence"],
                "name": facts.cohort,
                "description": f"{facts.dates}"
                + (f", {facts.location}" if facts.location else ""),
            }
        ],
        "credentialStatus": status,
    }


def credential_sign(document: dict, *, created: dt.datetime) -> dict:
    """The document signed with the issuer's current key."""
    key = keys.keyring().current
    return integrity.sign(
        document,
        private_key=key.private_key,
        verification_method=keys.method_id(key),
        created=timestamp(created),
    )
