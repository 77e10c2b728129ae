"""Reads owned by the certificates app. Each answers for a whole cohort in a fixed
number of queries, however many people are enrolled."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .codes import format_code
from .eligibility import Eligibility, Facts, Rules, evaluate
from .models import Certificate, CertificateTemplate, CohortTemplate, IssueRun


class CertificateState:
    ISSUED = "issued"
    REVOKED = "revoked"
    NONE = "none"


@dataclass(frozen=True)
class CertificateStatus:
    """A participant's certificate in a cohort: issued, revoked or none yet."""

    status: str
    code: str = ""
    issued_at: datetime | None = None
    revoked_at: datetime | None = None
    certificate_id: int | None = None

    @property
    def label(self) -> str:
        return {
            "issued": pgettext("certificate status", "Issued"),
            "revoked": pgettext("certificate status", "Revoked"),
            "none": _("Not issued"),
        }[self.status]


NO_CERTIFICATE = CertificateStatus(status=CertificateState.NONE)


def _active_enrolments(cohort):
    from cohorts.models import Enrolment

    return Enrolment.objects.active().filter(cohort=cohort)


def eligibility_facts_for_cohort(*, cohort) -> dict[int, Facts]:
    """The facts eligibility needs, per active enrolment id, gathered from the other apps."""
    # Imported here: these apps sit before certificates and may import it back.
    from cohorts import selectors as cohort_selectors

    enrolments = list(_active_enrolments(cohort).values_list("pk", "participant_id"))
    user_ids = [user_id for _, user_id in enrolments]
    attendance = cohort_selectors.attendance_summary(cohort=cohort)
    session_count = None
    if any(pk not in attendance for pk, _ in enrolments):
        session_count = cohort.sessions.count()
    passed: set[int] = set()
    if cohort.require_post_test_pass and user_ids:
        from assessments import selectors as assessment_selectors

        passed = set(
            assessment_selectors.post_test_passed_user_ids(
                course=cohort.course, user_ids=user_ids
            )
        )
    progress: dict = {}
    if cohort.require_all_modules and user_ids:
        from courses import selectors as course_selectors

        progress = course_selectors.module_progress_for_users(
            course=cohort.course, user_ids=user_ids
        )
    # A user with no progress row at all still has the course's modules to do.
    modules_total = max((m.total for m in progress.values()), default=0)
    facts = {}
    for pk, user_id in enrolments:
        summary = attendance.get(pk)
        modules = progress.get(user_id)
        facts[pk] = Facts(
            attended=summary.attended if summary else 0,
            sessions=summary.sessions if summary else (session_count or 0),
            post_test_passed=user_id in passed,
            modules_done=modules.done if modules else 0,
            modules_total=modules.total if modules else modules_total,
        )
    return facts


def rules_for_cohort(cohort) -> Rules:
    """The cohort's certificate rules as plain data."""
    return Rules(
        min_attendance_percent=cohort.min_attendance_percent,
        require_post_test_pass=cohort.require_post_test_pass,
        require_all_modules=cohort.require_all_modules,
    )


def eligibility_for_cohort(*, cohort) -> dict[int, Eligibility]:
    """Eligible or not, and why not, for each active enrolment id of the cohort."""
    rules = rules_for_cohort(cohort)
    return {
        pk: evaluate(rules, facts)
        for pk, facts in eligibility_facts_for_cohort(cohort=cohort).items()
    }


def certificate_status_for_cohort(*, cohort) -> dict[int, CertificateStatus]:
    """Certificate status per enrolment id of the cohort (one query); an active
    certificate wins over revoked ones, missing enrolments have none."""
    statuses: dict[int, CertificateStatus] = {}
    rows = (
        Certificate.objects.filter(enrolment__cohort=cohort)
        .order_by("enrolment_id", "issued_at", "pk")
        .values_list("pk", "enrolment_id", "code", "issued_at", "revoked_at")
    )
    for pk, enrolment_id, code, issued_at, revoked_at in rows:
        current = statuses.get(enrolment_id)
        if current is not None and current.status == CertificateState.ISSUED:
            continue
        statuses[enrolment_id] = CertificateStatus(
            status=CertificateState.REVOKED if revoked_at else CertificateState.ISSUED,
            code=format_code(code),
            issued_at=issued_at,
            revoked_at=revoked_at,
            certificate_id=pk,
        )
    return statuses


def certificate_by_code(code: str | None) -> Certificate | None:
    """The certificate with this normalised code, or None."""
    if not code:
        return None
    return Certificate.objects.filter(code=code).first()


def certificates_for_participant(user):
    """The user's own certificates, newest first."""
    return (
        Certificate.objects.for_participant(user)
        .select_related("enrolment__cohort")
        .order_by("-issued_at", "-pk")
    )


def active_certificates_for_cohort(cohort):
    """The cohort's active certificates in printing order."""
    return (
        Certificate.objects.active()
        .filter(enrolment__cohort=cohort)
        .order_by("participant_name", "pk")
    )


def latest_issue_run(cohort) -> IssueRun | None:
    """The cohort's most recent issue run."""
    return IssueRun.objects.filter(cohort=cohort).order_by("-created_at", "-pk").first()


def default_template() -> CertificateTemplate | None:
    """The template used when a cohort does not name one: the first by name,
    one in a single language before bilingual ones."""
    templates = CertificateTemplate.objects.order_by("name", "pk")
    return templates.filter(second_language="").first() or templates.first()


def template_for_cohort(cohort) -> CertificateTemplate | None:
    """The cohort's certificate template: the one chosen for it, else the first
    in the cohort's language, else the first by name."""
    chosen = (
        CohortTemplate.objects.filter(cohort=cohort).select_related("template").first()
    )
    if chosen is not None:
        return chosen.template
    same_language = CertificateTemplate.objects.filter(
        language=cohort.language
    ).order_by("name", "pk")
    return (
        same_language.filter(second_language="").first()
        or same_language.first()
        or default_template()
    )


def active_enrolments(cohort):
    """The cohort's active enrolments with their participants, in name order."""
    return (
        _active_enrolments(cohort)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )


def cohort_bundle(cohort):
    """The cohort's merged PDF and ZIP, if certificates were issued."""
    from .models import CohortCertificateBundle

    return CohortCertificateBundle.objects.filter(cohort=cohort).first()


def user_can_download(user, certificate: Certificate) -> bool:
    """The holder (while it is valid), the cohort's facilitators and administrators
    may download a certificate."""
    from cohorts.models import Cohort

    if not getattr(user, "is_authenticated", False):
        return False
    if (
        certificate.enrolment.participant_id == user.pk
        and certificate.revoked_at is None
    ):
        return True
    return (
        Cohort.objects.for_facilitator(user)
        .filter(pk=certificate.enrolment.cohort_id)
        .exists()
    )


def personal_data_for(user) -> dict:
    """The user's certificates with their codes and what was printed on them."""
    return {
        "certificates": [
            {
                "code": cert.display_code,
                "participant_name": cert.participant_name,
                "course": cert.course_title,
                "cohort": cert.cohort_name,
                "dates": cert.dates,
                "language": cert.language,
                "second_language": cert.second_language,
                "second_dates": cert.second_dates,
                "location": cert.location,
                "hours": cert.hours,
                "issued_at": cert.issued_at.isoformat(),
                "sha256": cert.sha256,
                "revoked_at": cert.revoked_at.isoformat() if cert.revoked_at else None,
                "revocation_reason": cert.revocation_reason,
            }
            for cert in Certificate.objects.filter(
                enrolment__participant=user
            ).order_by("issued_at", "pk")
        ]
    }


def certificate_holder_erased(certificate: Certificate) -> bool:
    """True when the holder's details were erased from this certificate (and its PDF
    deleted) at their request or by the retention rule."""
    return not certificate.participant_name and not certificate.pdf.name


# --- signed credentials ----------------------------------------------------------


def certificate_by_credential_id(credential_id: str) -> Certificate | None:
    """The certificate whose credential has this id (urn:uuid:… or the bare UUID)."""
    import uuid

    text = str(credential_id or "").removeprefix("urn:uuid:")
    try:
        value = uuid.UUID(text)
    except ValueError:
        return None
    return (
        Certificate.objects.filter(credential_id=value)
        .select_related("enrolment__cohort")
        .first()
    )


def certificate_state(certificate: Certificate | None) -> str:
    """active, revoked, suspended or unknown."""
    if certificate is None:
        return "unknown"
    if certificate.is_revoked:
        return "revoked"
    if certificate.is_suspended:
        return "suspended"
    return "active"


def status_list_indices(purpose: str) -> list[int]:
    """The places set in a status list: revoked certificates, or suspended ones."""
    queryset = Certificate.objects.filter(status_index__isnull=False)
    if purpose == "revocation":
        queryset = queryset.filter(revoked_at__isnull=False)
    else:
        queryset = queryset.filter(suspended_at__isnull=False, revoked_at__isnull=True)
    return list(queryset.values_list("status_index", flat=True))


def credential_check_upload(data: bytes):
    """Check an uploaded certificate PDF or credential against what Harbour issued."""
    from .credentials import keys, verification

    kind, document = verification.read_upload(data)
    report = verification.Report(kind=kind, credential=document)
    verification.check_signature(report, document, keys.resolve_method)
    report.facts = verification.facts_of(document)
    certificate = certificate_by_credential_id(document.get("id", ""))
    report.status = certificate_state(certificate)
    if certificate is not None:
        report.certificate_code = certificate.display_code
        if certificate.credential:
            report.differences = verification.differences(
                certificate.credential, document
            )
        if kind == "pdf" and verification.sha256(data) != certificate.sha256:
            report.pdf_altered = True
    elif report.signature_valid:
        # Signed by us but not on record (for example erased at the holder's request).
        report.status = "unknown"
    return report


def status_list_document(purpose: str, *, now) -> dict:
    """The signed BitstringStatusListCredential for a purpose, as of now."""
    from .credentials import keys, openbadge, statuslist

    document = {
        "@context": [openbadge.documents.CREDENTIALS_V2],
        "id": openbadge.status_list_url(purpose),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.issuer_did(),
        "validFrom": openbadge.timestamp(now),
        "credentialSubject": {
            "id": f"{openbadge.status_list_url(purpose)}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": statuslist.encode(status_list_indices(purpose)),
        },
    }
    return openbadge.credential_sign(document, created=now)


def status_list_credential(purpose: str):
    """The stored signed status list; before the first change, one signed on the fly
    (and not stored, so a GET never writes)."""
    from django.utils import timezone

    from .models import StatusListCredential

    row = StatusListCredential.objects.filter(purpose=purpose).first()
    if row is None:
        now = timezone.now()
        row = StatusListCredential(
            purpose=purpose,
            credential=status_list_document(purpose, now=now),
            updated_at=now,
        )
    return row
