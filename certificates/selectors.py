"""Reads owned by the certificates app. Each answers for a whole cohort in a fixed
number of queries, however many people are enrolled."""

from dataclasses import dataclass
from datetime import datetime

from .codes import format_code
from .eligibility import Eligibility, Facts, Rules, evaluate
from .models import Certificate, CertificateTemplate, IssueRun


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
        return {"issued": "Issued", "revoked": "Revoked", "none": "Not issued"}[
            self.status
        ]


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
    """The template used when a cohort does not name one: the first by name."""
    return CertificateTemplate.objects.order_by("name", "pk").first()


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
