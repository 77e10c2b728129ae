"""Writes of the certificates app: issuing, revoking and re-issuing, and the cohort bundle."""

import datetime as dt
import hashlib
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from courses import translations
from lms.collector import fewer_collections
from lms.text import clean_person_name

from . import pdfpages, rendering, selectors
from .codes import generate_code
from .credentials import issuing as credential_issuing
from .credentials import openbadge
from .exceptions import (
    ActiveCertificateExists,
    CertificateAlreadyRevoked,
    CertificateAlreadySuspended,
    CertificateError,
    CertificateNotSuspended,
    IssueAlreadyRunning,
    NoCertificateTemplate,
    ReasonRequired,
)
from .models import (
    AuditAction,
    Certificate,
    CertificateAuditEntry,
    CertificateTemplate,
    CohortCertificateBundle,
    CohortTemplate,
    IssueRun,
    IssueRunStatus,
    StatusListCredential,
    StatusPurpose,
)
from .selectors import eligibility_for_cohort, template_for_cohort

logger = logging.getLogger(__name__)

# A batch at least this large has its credentials signed in the helper process.
SIGN_IN_BACKGROUND_FROM = 8

# Pages laid out per WeasyPrint document: big enough that the fixed cost per
# document is spread thin, small enough that memory stays flat for any cohort.
CHUNK_SIZE = 30


@dataclass
class IssueResult:
    """What one issuing pass did."""

    issued: list[Certificate] = field(default_factory=list)
    already_issued: int = 0
    skipped: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.issued) + self.already_issued + len(self.skipped)


def _pinned_revision(template: CertificateTemplate, user):
    """The template revision certificates are printed from (saved now if it has none)."""
    if template.latest_revision_id is None:
        return template.save_revision(user=user, log_action=False)
    return template.latest_revision


def course_title_in(course, language: str) -> str:
    """The course's title as published in `language`, else the source's title."""
    locale = Locale.objects.filter(language_code=language).first() if language else None
    if locale is None or locale.pk == course.locale_id:
        return course.title
    (shown,) = translations.localize_pages([course], locale)
    return shown.title


def _printed_values(
    enrolment,
    *,
    name: str | None = None,
    today=None,
    second_language: str = "",
    course_title: str | None = None,
):
    cohort = enrolment.cohort
    course = cohort.course
    location = ", ".join(p for p in (cohort.city, cohort.get_country_display()) if p)
    return rendering.PrintedValues(
        # Never printed reversed or with hidden characters, whatever was stored.
        participant=clean_person_name(name or enrolment.participant.display_name),
        course=course_title or course_title_in(course, cohort.language),
        cohort=cohort.name,
        dates=rendering.format_dates(
            cohort.start_date, cohort.end_date, cohort.language
        ),
        location=location,
        hours=rendering.format_hours(course.duration_hours, cohort.language),
        code=generate_code(),
        issued_on=today or timezone.localdate(),
        language=cohort.language,
        second_language=second_language,
        second_dates=rendering.format_dates(
            cohort.start_date, cohort.end_date, second_language
        )
        if second_language
        else "",
    )


def _page_title(template, values: rendering.PrintedValues) -> str:
    """A certificate PDF's document title: "Certificate of completion: Ana Baptiste"."""
    return f"{rendering.printed_title(template, values.language or 'en')}: {values.participant}"


def _file_name(values: rendering.PrintedValues) -> str:
    # The code alone: a file name in storage or a ZIP never carries a person's name.
    return f"certificate-{values.code}.pdf"


def _credentials_for(
    items, *, cohort, template, issued_at, background: bool = False
) -> credential_issuing.PendingCredentials:
    """Start signing a batch's Open Badges credentials, each with its status-list
    place; `result()` gives them once signed."""
    used = set(
        Certificate.objects.filter(status_index__isnull=False).values_list(
            "status_index", flat=True
        )
    )
    indices = credential_issuing.allocate_status_indices(len(items), used)
    language = cohort.language or "en"
    with translation.override(language):
        criteria = credential_issuing.criteria_text(selectors.rules_for_cohort(cohort))
    course_url = cohort.course.get_full_url() or rendering.verify_base()
    facts = [
        openbadge.CredentialFacts(
            credential_id=str(uuid.uuid4()),
            code=values.code,
            participant=values.participant,
            title=rendering.printed_title(template, values.language or "en"),
            course=values.course,
            course_url=course_url,
            hours=values.hours,
            criteria=criteria,
            cohort=values.cohort,
            location=values.location,
            dates=values.dates,
            start_date=cohort.start_date,
            end_date=cohort.end_date,
            issued_at=issued_at,
            status_index=index,
            verify_url=rendering.verify_url(values.code),
            language=language,
        )
        for (_enrolment, values), index in zip(items, indices, strict=True)
    ]
    return credential_issuing.credentials_start(facts, background=background)


def _bundle_attachment(cert: Certificate):
    """A certificate's credential as it is embedded in the cohort's merged PDF."""
    if not cert.credential:
        return None
    return credential_issuing.attachment(
        cert.credential, name=f"credential-{cert.code}.json"
    )


def _save_certificates(
    *,
    items,
    pdfs,
    template,
    revision,
    issued_by,
    issued_at,
    replaces=None,
    credentials=None,
) -> list[Certificate]:
    """Store the files and the rows; a row that would duplicate an active
    certificate (a concurrent run got there first) is dropped with its file."""
    rows = []
    credentials = credentials or [None] * len(items)
    for (enrolment, values), pdf, credential in zip(
        items, pdfs, credentials, strict=True
    ):
        cert = Certificate(
            enrolment=enrolment,
            template=template,
            template_revision=revision,
            code=values.code,
            participant_name=values.participant,
            course_title=values.course,
            cohort_name=values.cohort,
            dates=values.dates,
            location=values.location,
            hours=values.hours,
            language=values.language,
            second_language=values.second_language,
            second_dates=values.second_dates,
            issued_at=issued_at,
            issued_by=issued_by,
            sha256=hashlib.sha256(pdf).hexdigest(),
            replaces=replaces,
            credential_id=credential.credential_id if credential else None,
            credential=credential.document if credential else None,
            status_index=credential.status_index if credential else None,
        )
        cert.pdf.save(_file_name(values), ContentFile(pdf), save=False)
        rows.append(cert)
    try:
        with transaction.atomic():
            Certificate.objects.bulk_create(rows)
            created = rows
    except IntegrityError:
        created = []
        for cert in rows:
            cert.pk = None
            try:
                with transaction.atomic():
                    cert.save(force_insert=True)
                created.append(cert)
            except IntegrityError:
                default_storage.delete(cert.pdf.name)
    if created:
        CertificateAuditEntry.objects.bulk_create(
            CertificateAuditEntry(
                certificate=cert,
                action=AuditAction.REISSUED if replaces else AuditAction.ISSUED,
                actor=issued_by,
                at=issued_at,
            )
            for cert in created
        )
    return created


def certificates_issue_for_cohort(
    *, cohort, issued_by, template: CertificateTemplate | None = None, run=None
) -> IssueResult:
    """Issue a certificate to every eligible participant of the cohort who has none;
    existing certificates are left exactly as they are."""
    from cohorts.models import Enrolment

    template = template or template_for_cohort(cohort)
    if template is None:
        raise NoCertificateTemplate()
    revision = _pinned_revision(template, issued_by)
    printed_template = revision.as_object()
    second = rendering.second_language_for(printed_template, cohort.language)
    eligibility = eligibility_for_cohort(cohort=cohort)
    holders = set(
        Certificate.objects.active()
        .filter(enrolment__cohort=cohort)
        .values_list("enrolment_id", flat=True)
    )
    enrolments = list(
        Enrolment.objects.active()
        .filter(cohort=cohort)
        .select_related("participant", "cohort__course")
        .order_by("participant__full_name", "pk")
    )
    result = IssueResult()
    to_issue = []
    for enrolment in enrolments:
        verdict = eligibility.get(enrolment.pk)
        if enrolment.pk in holders:
            result.already_issued += 1
        elif verdict is None or not verdict.eligible:
            result.skipped.append(
                {
                    "name": enrolment.participant.display_name,
                    "reasons": verdict.reasons if verdict else [_("Not enrolled")],
                }
            )
        else:
            to_issue.append(enrolment)
    if run is not None:
        run.total = len(to_issue)
        run.done = 0
        run.already_issued = result.already_issued
        run.skipped = result.skipped
        run.status = IssueRunStatus.RUNNING
        run.save(update_fields=["total", "done", "already_issued", "skipped", "status"])
    today = timezone.localdate()
    # A run that starts on a cohort with no valid certificates builds the cohort's
    # bundle as it goes, from the files it writes; otherwise the bundle is rebuilt
    # from storage at the end.
    spool = (
        _BundleSpool(cohort, _bundle_title(cohort))
        if to_issue and not holders
        else None
    )
    course_title = course_title_in(cohort.course, cohort.language)
    try:
        for start in range(0, len(to_issue), CHUNK_SIZE):
            chunk = to_issue[start : start + CHUNK_SIZE]
            items = [
                (
                    e,
                    _printed_values(
                        e,
                        today=today,
                        second_language=second,
                        course_title=course_title,
                    ),
                )
                for e in chunk
            ]
            values = [v for _, v in items]
            issued_at = timezone.now()
            # Signed in a helper process while WeasyPrint lays the pages out.
            pending = _credentials_for(
                items,
                cohort=cohort,
                template=template,
                issued_at=issued_at,
                background=len(items) >= SIGN_IN_BACKGROUND_FROM,
            )
            with fewer_collections():
                document = rendering.render_document(printed_template, values)
                credentials = pending.result()
                pdfs, source = rendering.write_outputs(
                    document,
                    titles=[_page_title(printed_template, v) for v in values],
                    attachments=[
                        credential_issuing.attachment(c.document) for c in credentials
                    ],
                )
                del document
            created = _save_certificates(
                items=items,
                pdfs=pdfs,
                template=template,
                revision=revision,
                issued_by=issued_by,
                issued_at=issued_at,
                credentials=credentials,
            )
            try:
                if spool is not None and len(created) == len(chunk):
                    spool.add(created, pdfs, source)
                elif spool is not None:
                    spool.close()
                    spool = None
            finally:
                source.close()
            del pdfs
            result.issued.extend(created)
            result.already_issued += len(chunk) - len(created)
            if run is not None:
                run.done = start + len(chunk)
                run.issued = len(result.issued)
                IssueRun.objects.filter(pk=run.pk).update(
                    done=run.done, issued=run.issued
                )
        if result.issued or not selectors.cohort_bundle(cohort):
            cohort_bundle_build(cohort=cohort, spool=spool)
    finally:
        if spool is not None:
            spool.close()
    return result


# A run's lease: renewed every LEASE_RENEW_SECONDS by the worker carrying it out;
# when it has run out, a worker's tick hands the run to the next free worker.
LEASE_SECONDS = 30
LEASE_RENEW_SECONDS = 10
# A run handed over, or queued for this long without any worker taking it, is
# handed over again.
REQUEUE_AFTER = dt.timedelta(minutes=5)
# A database error while issuing (a locked SQLite file, a dropped connection) is
# retried this many times with growing pauses before the run is marked failed.
DATABASE_RETRIES = 3
RETRY_PAUSE_SECONDS = 1.0
ACTIVE_RUN_STATUSES = (IssueRunStatus.QUEUED, IssueRunStatus.RUNNING)
REQUEUED = "requeued"


def cohort_template_set(*, cohort, template: CertificateTemplate) -> None:
    """Remember the template a cohort's certificates are printed from."""
    CohortTemplate.objects.update_or_create(
        cohort=cohort, defaults={"template": template}
    )


def issue_run_start(
    *, cohort, started_by, template: CertificateTemplate | None = None
) -> IssueRun:
    """Record a facilitator's request to issue the cohort's certificates; a database
    constraint lets one run per cohort be active, whichever host is asked."""
    template = template or template_for_cohort(cohort)
    if template is None:
        raise NoCertificateTemplate()
    try:
        with transaction.atomic():
            # The run's report (who was skipped and why) is written in the
            # language of the person who pressed the button.
            run = IssueRun.objects.create(
                cohort=cohort,
                template=template,
                started_by=started_by,
                language=translation.get_language() or "",
            )
            # The next press offers the same template.
            cohort_template_set(cohort=cohort, template=template)
            return run
    except IntegrityError as error:
        raise IssueAlreadyRunning() from error


def _lease_owner() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def issue_run_claim(*, run: IssueRun, owner: str, now=None) -> bool:
    """Take the run's lease if no live worker holds it; False if one does."""
    now = now or timezone.now()
    free = (
        Q(lease_expires_at__isnull=True)
        | Q(lease_expires_at__lt=now)
        | Q(lease_owner__in=[REQUEUED, owner])
    )
    taken = IssueRun.objects.filter(
        free, pk=run.pk, status__in=ACTIVE_RUN_STATUSES
    ).update(
        lease_owner=owner,
        lease_expires_at=now + dt.timedelta(seconds=LEASE_SECONDS),
    )
    return taken == 1


def issue_run_renew(*, run: IssueRun, owner: str, now=None) -> bool:
    """Extend the lease this owner holds; False once another worker has the run."""
    now = now or timezone.now()
    return (
        IssueRun.objects.filter(
            pk=run.pk, lease_owner=owner, status__in=ACTIVE_RUN_STATUSES
        ).update(lease_expires_at=now + dt.timedelta(seconds=LEASE_SECONDS))
        == 1
    )


def issue_run_hand_over(*, run: IssueRun, now=None) -> bool:
    """Release the lease of a run whose worker has vanished, so a task queued now can
    take it; True for exactly one caller, however many workers ask at once."""
    now = now or timezone.now()
    abandoned = Q(lease_expires_at__lt=now) | Q(
        lease_expires_at__isnull=True, created_at__lt=now - REQUEUE_AFTER
    )
    return (
        IssueRun.objects.filter(
            abandoned, pk=run.pk, status__in=ACTIVE_RUN_STATUSES
        ).update(lease_owner=REQUEUED, lease_expires_at=now + REQUEUE_AFTER)
        == 1
    )


def issue_runs_abandoned(*, now=None) -> list[IssueRun]:
    """Active runs whose lease has run out, or that no worker has taken for a while."""
    now = now or timezone.now()
    return list(
        IssueRun.objects.filter(status__in=ACTIVE_RUN_STATUSES).filter(
            Q(lease_expires_at__lt=now)
            | Q(lease_expires_at__isnull=True, created_at__lt=now - REQUEUE_AFTER)
        )
    )


class _LeaseKeeper(threading.Thread):
    """Renews a run's lease while the run is carried out in this process."""

    def __init__(self, run: IssueRun, owner: str):
        super().__init__(name=f"issue-run-{run.pk}-lease", daemon=True)
        self.run_id = run.pk
        self.owner = owner
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(LEASE_RENEW_SECONDS):
                try:
                    if not issue_run_renew(
                        run=IssueRun(pk=self.run_id), owner=self.owner
                    ):
                        logger.warning("Issue run %s: lease lost", self.run_id)
                        return
                except DatabaseError:
                    logger.warning("Issue run %s: lease not renewed", self.run_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


def _finish(run: IssueRun, **values) -> None:
    """Close the run and release its lease, retrying while the database is busy."""
    values.update(finished_at=timezone.now(), lease_owner="", lease_expires_at=None)
    for attempt in range(DATABASE_RETRIES + 1):
        try:
            IssueRun.objects.filter(pk=run.pk).update(**values)
            break
        except DatabaseError:
            if attempt == DATABASE_RETRIES:
                raise
            time.sleep(RETRY_PAUSE_SECONDS * 2**attempt)
    for name, value in values.items():
        setattr(run, name, value)


def issue_run_execute(*, run: IssueRun, owner: str | None = None) -> IssueRun | None:
    """Carry out a recorded issue run, keeping its progress and report in the database.

    Returns None when another live worker holds the run. A run taken over from a
    vanished worker continues from what is already issued (certificates are unique
    per enrolment), so nothing is issued twice.
    """
    owner = owner or _lease_owner()
    if not issue_run_claim(run=run, owner=owner):
        return None
    with translation.override(run.language or translation.get_language()):
        return _issue_run_carry_out(run=run, owner=owner)


def _issue_run_carry_out(*, run: IssueRun, owner: str) -> IssueRun:
    keeper = _LeaseKeeper(run, owner)
    keeper.start()
    try:
        for attempt in range(DATABASE_RETRIES + 1):
            try:
                result = certificates_issue_for_cohort(
                    cohort=run.cohort,
                    issued_by=run.started_by,
                    template=run.template,
                    run=run,
                )
                break
            except (OperationalError, InterfaceError) as error:
                if attempt < DATABASE_RETRIES:
                    logger.warning(
                        "Issuing for cohort %s met a database error (%s); retrying",
                        run.cohort_id,
                        error,
                    )
                    time.sleep(RETRY_PAUSE_SECONDS * 2**attempt)
                    continue
                logger.exception("Issuing for cohort %s failed", run.cohort_id)
                _finish(
                    run,
                    status=IssueRunStatus.FAILED,
                    error=_(
                        "Issuing stopped because the database was busy or out of "
                        "reach (%(error)s). Certificates already issued are kept; "
                        "press the button again to issue the rest."
                    )
                    % {"error": error},
                )
                raise
            except Exception as error:
                logger.exception(
                    "Issuing certificates for cohort %s failed", run.cohort_id
                )
                _finish(
                    run,
                    status=IssueRunStatus.FAILED,
                    error=str(error)
                    if isinstance(error, CertificateError)
                    else _(
                        "Issuing stopped because of an unexpected error; nothing "
                        "was lost. Try again, or ask an administrator to look at "
                        "the server log."
                    ),
                )
                raise
    finally:
        keeper.stop()
    _finish(run, status=IssueRunStatus.DONE, issued=len(result.issued), done=run.total)
    return run


def _read_pdf(cert: Certificate) -> bytes:
    with default_storage.open(cert.pdf.name, "rb") as handle:
        return handle.read()


def _bundle_stem(cohort) -> str:
    return slugify(cohort.name)[:60] or f"cohort-{cohort.pk}"


def _bundle_title(cohort) -> str:
    return _("Certificates: %(cohort)s") % {"cohort": cohort.name}


def _zip_member(stem: str, cert: Certificate) -> str:
    return f"{stem}/{cert.pdf.name.rsplit('/', 1)[-1]}"


class _BundleSpool:
    """The cohort's ZIP and merged PDF, written while a run issues certificates:
    each batch's files go into the ZIP and its pages into the merged PDF as soon as
    they exist, so memory stays that of one batch whatever the cohort's size. Both
    are temporary files (in memory up to a small size)."""

    SPOOL_BYTES = 1024 * 1024

    def __init__(self, cohort, title: str | None = None):
        self.stem = _bundle_stem(cohort)
        # Both are closed by close(), which every caller reaches through finally.
        self.zip_file = tempfile.SpooledTemporaryFile(max_size=self.SPOOL_BYTES)  # noqa: SIM115
        self.pdf_file = tempfile.SpooledTemporaryFile(max_size=self.SPOOL_BYTES)  # noqa: SIM115
        self.archive = zipfile.ZipFile(
            self.zip_file, "w", compression=zipfile.ZIP_STORED
        )
        self.pages = pdfpages.TaggedWriter(self.pdf_file, title=title)
        self.certificate_pks: list[int] = []

    def add(self, certificates, pdfs, source: pdfpages.TaggedSource) -> None:
        for cert, pdf in zip(certificates, pdfs, strict=True):
            self.archive.writestr(_zip_member(self.stem, cert), pdf)
            self.certificate_pks.append(cert.pk)
        self.pages.add(
            source, attachments=[_bundle_attachment(cert) for cert in certificates]
        )

    def finish(self):
        """(merged PDF, ZIP), each a file at its start."""
        self.archive.close()
        self.pages.finish()
        self.zip_file.seek(0)
        self.pdf_file.seek(0)
        return self.pdf_file, self.zip_file

    def close(self) -> None:
        self.archive.close()
        self.zip_file.close()
        self.pdf_file.close()


def _spool_from_storage(cohort, certificates, title) -> _BundleSpool:
    """A bundle of stored certificates, read one file at a time."""
    spool = _BundleSpool(cohort, title)
    try:
        for cert in certificates:
            data = _read_pdf(cert)
            source = pdfpages.TaggedSource.open(data)
            try:
                spool.add([cert], [data], source)
            finally:
                source.close()
    except BaseException:
        spool.close()
        raise
    return spool


def _delete_bundle_files_on_commit(bundle, keep=()) -> None:
    for name in (bundle.merged_pdf.name, bundle.zip_file.name):
        if name and name not in keep:
            transaction.on_commit(lambda n=name: default_storage.delete(n))


def cohort_bundle_build(
    *, cohort, spool: _BundleSpool | None = None
) -> CohortCertificateBundle | None:
    """Write the merged PDF and the ZIP of the cohort's valid certificates to storage:
    from a run's spool when that run issued every valid certificate, otherwise from
    the stored files. A cohort with no valid certificate has no bundle."""
    active = list(
        Certificate.objects.active()
        .filter(enrolment__cohort=cohort)
        .exclude(pdf="")  # erased holders' certificates have no file any more
        .order_by("participant_name", "pk")
    )
    old = CohortCertificateBundle.objects.filter(cohort=cohort).first()
    if not active:
        if old is not None:
            _delete_bundle_files_on_commit(old)
            old.delete()
        return None
    stem = _bundle_stem(cohort)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    if spool is None or sorted(spool.certificate_pks) != sorted(c.pk for c in active):
        spool = _spool_from_storage(cohort, active, _bundle_title(cohort))
    try:
        pdf_file, zip_file = spool.finish()
        pdf_name = default_storage.save(
            f"certificates/{cohort.pk}/bundle/{stem}-{stamp}.pdf", File(pdf_file)
        )
        zip_name = default_storage.save(
            f"certificates/{cohort.pk}/bundle/{stem}-{stamp}.zip", File(zip_file)
        )
    finally:
        spool.close()
    bundle, _ = CohortCertificateBundle.objects.update_or_create(
        cohort=cohort,
        defaults={
            "merged_pdf": pdf_name,
            "zip_file": zip_name,
            "certificate_count": len(active),
            "built_at": timezone.now(),
        },
    )
    if old is not None:
        _delete_bundle_files_on_commit(old, keep=(pdf_name, zip_name))
    return bundle


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, revoked_by, reason: str
) -> Certificate:
    """Revoke a certificate for good, with the reason kept in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise CertificateAlreadyRevoked()
    now = timezone.now()
    locked.revoked_at = now
    locked.revoked_by = revoked_by
    locked.revocation_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    CertificateAuditEntry.objects.create(
        certificate=locked,
        action=AuditAction.REVOKED,
        actor=revoked_by,
        reason=reason,
        at=now,
    )
    _status_lists_refresh_on_commit()
    return locked


def certificate_reissue(
    *, certificate: Certificate, issued_by, reason: str, participant_name: str = ""
) -> Certificate:
    """Correct a certificate: revoke it (if still valid) and issue a new one with a new
    code, from the template's current revision; both steps go in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    name = " ".join((participant_name or "").split())[:200]
    enrolment = certificate.enrolment
    with transaction.atomic():
        if certificate.revoked_at is None:
            certificate = certificate_revoke(
                certificate=certificate, revoked_by=issued_by, reason=reason
            )
        elif Certificate.objects.active().filter(enrolment=enrolment).exists():
            raise ActiveCertificateExists()
        if Certificate.objects.filter(replaces=certificate).exists():
            raise ActiveCertificateExists()
        template = certificate.template
        revision = _pinned_revision(template, issued_by)
        printed_template = revision.as_object()
        values = _printed_values(
            enrolment,
            name=name or None,
            second_language=rendering.second_language_for(
                printed_template, enrolment.cohort.language
            ),
        )
        issued_at = timezone.now()
        credentials = _credentials_for(
            [(enrolment, values)],
            cohort=enrolment.cohort,
            template=template,
            issued_at=issued_at,
        ).result()
        document = rendering.render_document(printed_template, [values])
        pdfs, source = rendering.write_outputs(
            document,
            titles=[_page_title(printed_template, values)],
            attachments=[credential_issuing.attachment(credentials[0].document)],
        )
        source.close()
        created = _save_certificates(
            items=[(enrolment, values)],
            pdfs=pdfs,
            template=template,
            revision=revision,
            issued_by=issued_by,
            issued_at=issued_at,
            replaces=certificate,
            credentials=credentials,
        )
        if not created:
            raise ActiveCertificateExists()
        new = created[0]
        CertificateAuditEntry.objects.filter(certificate=new).update(reason=reason)
        cohort_bundle_build(cohort=enrolment.cohort)
    return new


# --- erasure ---------------------------------------------------------------------

ERASED_NAME_IN_RUNS = "(details erased)"


def personal_data_erase(*, user) -> dict[str, int]:
    """The certificates part of erasing a participant: the printed name goes from
    each of their certificates and the PDFs from storage (once the erasure commits);
    code, course, dates and SHA-256 stay, so /verify/ can still say a certificate
    was issued. Their cohorts' bundles are rebuilt without them, and their name
    leaves the lists of people an issue run skipped."""
    certificates = list(
        Certificate.objects.filter(enrolment__participant=user).select_related(
            "enrolment"
        )
    )
    for cert in certificates:
        if cert.pdf.name:
            transaction.on_commit(lambda n=cert.pdf.name: default_storage.delete(n))
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(
        participant_name="", pdf="", credential=None
    )
    cohort_ids = set(user.enrolments.values_list("cohort_id", flat=True).distinct())
    rebuilt = 0
    for bundle in CohortCertificateBundle.objects.filter(
        cohort_id__in={c.enrolment.cohort_id for c in certificates}
    ).select_related("cohort"):
        cohort_bundle_build(cohort=bundle.cohort)
        rebuilt += 1
    name = user.display_name
    runs = 0
    for run in IssueRun.objects.filter(cohort_id__in=cohort_ids):
        skipped = [
            {**row, "name": ERASED_NAME_IN_RUNS} if row.get("name") == name else row
            for row in run.skipped
        ]
        if skipped != run.skipped:
            run.skipped = skipped
            run.save(update_fields=["skipped"])
            runs += 1
    return {
        "certificates_erased": len(certificates),
        "bundles_rebuilt": rebuilt,
        "issue_runs_cleaned": runs,
    }


# --- signed credentials: status lists and suspension -------------------------------


def status_list_refresh(*, purpose: str) -> StatusListCredential:
    """Rebuild and re-sign one Bitstring Status List from the certificates' states."""
    now = timezone.now()
    signed = selectors.status_list_document(purpose, now=now)
    row, _ = StatusListCredential.objects.update_or_create(
        purpose=purpose, defaults={"credential": signed, "updated_at": now}
    )
    return row


def _status_lists_refresh_on_commit() -> None:
    for purpose in StatusPurpose.values:
        transaction.on_commit(lambda p=purpose: status_list_refresh(purpose=p))


@transaction.atomic
def certificate_suspend(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Suspend a valid certificate (reversible), with the reason in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise CertificateAlreadyRevoked()
    if locked.suspended_at is not None:
        raise CertificateAlreadySuspended()
    now = timezone.now()
    locked.suspended_at = now
    locked.suspension_reason = reason
    locked.save(update_fields=["suspended_at", "suspension_reason"])
    CertificateAuditEntry.objects.create(
        certificate=locked,
        action=AuditAction.SUSPENDED,
        actor=by,
        reason=reason,
        at=now,
    )
    _status_lists_refresh_on_commit()
    return locked


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Lift a certificate's suspension, with the reason in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.suspended_at is None or locked.revoked_at is not None:
        raise CertificateNotSuspended()
    locked.suspended_at = None
    locked.suspension_reason = ""
    locked.save(update_fields=["suspended_at", "suspension_reason"])
    CertificateAuditEntry.objects.create(
        certificate=locked,
        action=AuditAction.REINSTATED,
        actor=by,
        reason=reason,
        at=timezone.now(),
    )
    _status_lists_refresh_on_commit()
    return locked
