"""Certificates: templates designed in the admin, issued certificates, issue runs, audit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin, RevisionMixin

from lms.choices import Language
from lms.languages import language_choices

from . import codes

MIN_SIGNATORIES = 1
MAX_SIGNATORIES = 3


class PageSize(models.TextChoices):
    A4 = "A4", _("A4")
    LETTER = "letter", _("US Letter")


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class IssueRunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the background worker")
    RUNNING = "running", _("Issuing")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class AuditAction(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")
    REISSUED = "reissued", _("Re-issued")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Suspension lifted")


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")


# Harbour's standard wording. A template that keeps it (or leaves the field
# blank) prints it translated into each language of the certificate; wording an
# administrator writes is printed as written.
# Translators: the title printed on a certificate.
DEFAULT_TITLE = gettext_noop("Certificate of completion")
DEFAULT_BODY = gettext_noop(
    # Translators: the wording printed on a certificate. Keep each placeholder in
    # braces exactly as it is ({participant}, {course}, {location}, {dates},
    # {cohort}, {hours}); they are filled in when a certificate is issued.
    "This certifies that {participant} took part in {course}, "
    "held in {location} on {dates} ({cohort}), a training of {hours} hours."
)


class CertificateTemplate(PreviewableMixin, RevisionMixin, ClusterableModel):
    """The design and wording of a certificate; each issued certificate pins a revision."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("Shown to administrators only.")
    )
    title = models.CharField(
        _("title printed on the certificate"),
        max_length=120,
        blank=True,
        default=DEFAULT_TITLE,
        help_text=_(
            "Keep “Certificate of completion”, or leave it blank, to print it in "
            "the certificate's language(s); a title you write is printed as written."
        ),
    )
    body = models.TextField(
        _("wording"),
        blank=True,
        default=DEFAULT_BODY,
        help_text=_(
            "Placeholders: {participant}, {course}, {cohort}, {dates}, {location}, "
            "{hours}. Each is filled in when a certificate is issued. Keep the "
            "standard wording, or leave it blank, to print it in the certificate's "
            "language(s)."
        ),
    )
    organisation_name = models.CharField(
        _("organisation"), max_length=200, default="Harbour"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("organisation logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_size = models.CharField(
        _("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A4
    )
    orientation = models.CharField(
        _("orientation"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_(
            "The language of a certificate whose cohort has none. Certificates are "
            "printed in their cohort's language."
        ),
    )
    second_language = models.CharField(
        _("second language"),
        max_length=5,
        choices=language_choices,
        blank=True,
        help_text=_(
            "Makes the certificate bilingual: every fixed phrase and the dates are "
            "printed in the cohort's language and, below, in this one (for example "
            "Dutch and Papiamentu). Leave blank for the cohort's language only."
        ),
    )
    second_title = models.CharField(
        _("title in the second language"),
        max_length=120,
        blank=True,
        help_text=_(
            "Only needed when you wrote your own title: the same title in the "
            "second language. The standard title is translated for you."
        ),
    )
    second_body = models.TextField(
        _("wording in the second language"),
        blank=True,
        help_text=_(
            "Only needed when you wrote your own wording: the same wording in the "
            "second language, with the same placeholders. The standard wording is "
            "translated for you."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("body"),
                FieldPanel("organisation_name"),
                FieldPanel("logo"),
                FieldPanel("language"),
            ],
            heading=_("Wording"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("second_language"),
                FieldPanel("second_title"),
                FieldPanel("second_body"),
            ],
            heading=_("Bilingual certificate"),
        ),
        InlinePanel(
            "signatories",
            label=_("Signatories"),
            min_num=MIN_SIGNATORIES,
            max_num=MAX_SIGNATORIES,
        ),
        MultiFieldPanel(
            [FieldPanel("page_size"), FieldPanel("orientation")],
            heading=_("Paper"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("certificate template")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from .rendering import check_placeholders

        errors = {}
        for name in ("body", "second_body"):
            problem = check_placeholders(getattr(self, name))
            if problem:
                errors[name] = problem
        if (self.second_title or self.second_body) and not self.second_language:
            errors["second_language"] = _(
                "Choose the second language, or clear the wording in the second "
                "language."
            )
        if errors:
            raise ValidationError(errors)

    # Live preview in the admin: the certificate as HTML, or the real PDF.
    @property
    def preview_modes(self):
        return [("", _("Certificate")), ("pdf", _("PDF"))]

    def serve_preview(self, request, mode_name):
        from .rendering import preview_response

        return preview_response(self, mode_name)


class CohortTemplate(models.Model):
    """The certificate template a cohort's certificates are printed from."""

    cohort = models.OneToOneField(
        "cohorts.Cohort",
        on_delete=models.CASCADE,
        related_name="certificate_template_choice",
        verbose_name=_("cohort"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.CASCADE,
        related_name="cohort_choices",
        verbose_name=_("certificate template"),
    )

    class Meta:
        verbose_name = _("cohort's certificate template")

    def __str__(self) -> str:
        return f"{self.cohort}: {self.template}"


class CertificateSignatory(Orderable):
    """A person who signs certificates made from a template (one to three)."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=160, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("signature")]

    def __str__(self) -> str:
        return self.name


class CertificateQuerySet(models.QuerySet):
    def active(self):
        """Certificates that have not been revoked."""
        return self.filter(revoked_at__isnull=True)

    def for_participant(self, user):
        """The user's own certificates."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(enrolment__participant=user)


def certificate_upload_to(instance, filename: str) -> str:
    return f"certificates/{instance.enrolment.cohort_id}/{filename}"


class Certificate(models.Model):
    """An issued certificate: immutable once written; corrected by revoking and re-issuing."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="certificates"
    )
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.PROTECT, related_name="certificates"
    )
    template_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(
        _("verification code"), max_length=codes.CODE_LENGTH, unique=True
    )
    # The values exactly as they were printed.
    participant_name = models.CharField(_("name printed"), max_length=200)
    course_title = models.CharField(_("course"), max_length=255)
    cohort_name = models.CharField(_("cohort"), max_length=200)
    dates = models.CharField(_("dates"), max_length=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    hours = models.CharField(_("hours"), max_length=20, blank=True)
    # The languages it was printed in: the cohort's, and a bilingual template's
    # second one with the dates as printed in it.
    language = models.CharField(_("language"), max_length=5, blank=True)
    second_language = models.CharField(_("second language"), max_length=5, blank=True)
    second_dates = models.CharField(
        _("dates in the second language"), max_length=120, blank=True
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates_issued",
        verbose_name=_("issued by"),
    )
    pdf = models.FileField(_("PDF"), upload_to=certificate_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates_revoked",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    # Suspension is reversible (for example while a complaint is checked).
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspending"), blank=True)
    # The signed Open Badges 3.0 credential embedded in the PDF, and its place in
    # the issuer's status lists (one index serves both purposes).
    credential_id = models.UUIDField(null=True, blank=True, unique=True)
    credential = models.JSONField(null=True, blank=True)
    status_index = models.PositiveIntegerField(null=True, blank=True, unique=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["participant_name", "issued_at"]
        verbose_name = _("certificate")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_certificate_per_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} ({self.display_code})"

    @property
    def display_code(self) -> str:
        """The code as printed, in groups."""
        return codes.format_code(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None and self.revoked_at is None

    @property
    def printed_languages(self) -> list[tuple[str, str]]:
        """(language, dates as printed in it) for each language on the certificate;
        certificates issued before languages were recorded read as English."""
        printed = [(self.language or "en", self.dates)]
        if self.second_language and self.second_language != printed[0][0]:
            printed.append((self.second_language, self.second_dates or self.dates))
        return printed


def bundle_upload_to(instance, filename: str) -> str:
    return f"certificates/{instance.cohort_id}/bundle/{filename}"


class IssueRun(models.Model):
    """One press of "Issue certificates" for a cohort: progress and who was skipped."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="certificate_runs"
    )
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.PROTECT, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=IssueRunStatus.choices, default=IssueRunStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    already_issued = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker carrying the run out holds a lease and renews it while it lives;
    # once the lease has run out, another worker resumes the run.
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The language of the person who started the run: its report is written in it.
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("issue run")
        constraints = [
            # Two presses of "Issue certificates" at the same moment, on any host,
            # start one run.
            models.UniqueConstraint(
                fields=["cohort"],
                condition=models.Q(status__in=["queued", "running"]),
                name="certificates_one_active_issue_run_per_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.done} of {self.total}"

    @property
    def is_finished(self) -> bool:
        return self.status in (IssueRunStatus.DONE, IssueRunStatus.FAILED)


class CohortCertificateBundle(models.Model):
    """The cohort's active certificates as one merged PDF and as a ZIP of files."""

    cohort = models.OneToOneField(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="certificate_bundle"
    )
    merged_pdf = models.FileField(upload_to=bundle_upload_to, max_length=255)
    zip_file = models.FileField(upload_to=bundle_upload_to, max_length=255)
    certificate_count = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cohort certificate bundle")

    def __str__(self) -> str:
        return _("Certificates of %(cohort)s") % {"cohort": self.cohort}


class CertificateAuditEntry(models.Model):
    """Who issued, revoked or re-issued a certificate, when, and why."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="audit_entries"
    )
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("certificate audit entry")
        verbose_name_plural = _("certificate audit entries")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.certificate} by {self.actor}"


class StatusListCredential(models.Model):
    """The issuer's signed Bitstring Status List for one purpose, re-signed on change."""

    purpose = models.CharField(
        max_length=20, choices=StatusPurpose.choices, unique=True
    )
    credential = models.JSONField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} status list"
