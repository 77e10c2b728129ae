"""Cohorts: one delivery of a course, its sessions and its enrolments.

The cohorts issue adds attendance, join codes, imports and exports.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from lms import roles
from lms.choices import Country, Language
from lms.languages import language_choices


class CohortStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentSource(models.TextChoices):
    IMPORT = "import", _("Roster import")
    WALK_IN = "walk_in", _("Walk-in")
    SELF = "self", _("Self-enrolled")
    ADMIN = "admin", _("Added by an administrator")


class CohortQuerySet(models.QuerySet):
    def for_facilitator(self, user):
        """Cohorts the user runs; administrators see every cohort."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if roles.is_administrator(user):
            return self
        if not roles.is_facilitator(user):
            return self.none()
        return self.filter(facilitators=user)


class Cohort(ClusterableModel):
    """One delivery of a course, e.g. "Saint Lucia, 18–19 October"."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("course"),
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    # The language of the room: certificates print their dates in it.
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=language_choices,
        default=Language.ENGLISH,
    )
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_cohorts",
        verbose_name=_("facilitators"),
    )
    # Certificate eligibility, set by the administrator per cohort.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=75,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of sessions a participant must be present or late for."),
    )
    require_post_test_pass = models.BooleanField(
        _("post-test must be passed"), default=False
    )
    require_all_modules = models.BooleanField(
        _("all modules must be completed"), default=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="cohort_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def status_on(self, today: dt.date) -> "CohortStatus":
        """Planned before the first day, running through the last, closed after it."""
        if today < self.start_date:
            return CohortStatus.PLANNED
        if today > self.end_date:
            return CohortStatus.CLOSED
        return CohortStatus.RUNNING

    @property
    def current_status(self) -> "CohortStatus":
        """Today's status, from the cohort's dates, so it never goes stale."""
        return self.status_on(localdate())

    current_status.fget.short_description = _("status")


class TrainingSession(models.Model):
    """A session of a cohort; half-day sessions are the norm."""

    cohort = ParentalKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("cohort"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            )
        ]

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    ]

    def __str__(self) -> str:
        return self.title


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        """Enrolments that have not been withdrawn."""
        return self.filter(status=EnrolmentStatus.ENROLLED)


class Enrolment(models.Model):
    """A participant's place in a cohort."""

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("cohort"),
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    source = models.CharField(
        _("added by"),
        max_length=10,
        choices=EnrolmentSource.choices,
        default=EnrolmentSource.ADMIN,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["participant__full_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="one_enrolment_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


# Statuses that count as having attended a session.
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)

# An attendance row whose marking was undone: the person reads as not marked, and
# the row stays so that its history of changes is kept.
NOT_MARKED = ""


class AttendanceMethod(models.TextChoices):
    FACILITATOR = "facilitator", _("Marked by a facilitator")
    SELF_CHECK_IN = "self", _("Self check-in")
    PAPER_SHEET = "paper", _("Paper sign-in sheet")


class Attendance(models.Model):
    """Whether a participant attended one session, and who recorded it."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    method = models.CharField(
        max_length=12,
        choices=AttendanceMethod.choices,
        default=AttendanceMethod.FACILITATOR,
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["session__starts_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.participant} at {self.session}: {self.status}"


class AttendanceChangeAction(models.TextChoices):
    MARK = "mark", _("Marked one person")
    MARK_ALL = "mark_all", _("Marked everyone not yet marked as present")
    UNDO = "undo", _("Undid marking everyone present")


class AttendanceChangeQuerySet(models.QuerySet):
    def last_mark_all(self, session):
        """The newest "mark everyone present" of a session, if not undone; else None.

        The change returned carries ``batch_size``: how many people it marked.
        """
        latest = (
            self.filter(
                attendance__session=session, action=AttendanceChangeAction.MARK_ALL
            )
            .select_related("changed_by")
            .order_by("-changed_at", "-pk")
            .first()
        )
        if latest is None:
            return None
        batch = self.filter(attendance__session=session, batch=latest.batch)
        if batch.filter(action=AttendanceChangeAction.UNDO).exists():
            return None
        latest.batch_size = batch.count()
        return latest


class AttendanceChange(models.Model):
    """One change of an attendance record: who changed it, when, from what to what."""

    attendance = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField()
    from_status = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    to_status = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    method = models.CharField(max_length=12, choices=AttendanceMethod.choices)
    action = models.CharField(
        max_length=10,
        choices=AttendanceChangeAction.choices,
        default=AttendanceChangeAction.MARK,
    )
    # Changes made by one "mark everyone" share a batch; its undo carries the same.
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    objects = AttendanceChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class JoinCode(models.Model):
    """A personal, single-use code with which a participant sets up their sign-in.

    Only a keyed hash of the code is stored; the code itself is shown once, on
    the printable sheet made when it is issued. A code works until it is used or
    withdrawn (``revoked_at``); codes issued before this rule may carry an expiry.
    """

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="join_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    # The issuing form's one-time token: a resubmitted form issues nothing twice.
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("join code")
        verbose_name_plural = _("join codes")

    def __str__(self) -> str:
        return f"Join code for {self.enrolment.participant}"


class ExportKind(models.TextChoices):
    ROSTER = "roster", _("Roster")
    ATTENDANCE = "attendance", _("Attendance")
    RESULTS = "results", _("Results")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")


class ExportLog(models.Model):
    """A record that someone exported a cohort's personal data: who, when, what."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, related_name="export_logs"
    )
    cohort_name = models.CharField(_("cohort"), max_length=200)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    kind = models.CharField(_("what"), max_length=12, choices=ExportKind.choices)
    file_format = models.CharField(
        _("file format"), max_length=4, choices=ExportFormat.choices
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.cohort_name} ({self.exported_at:%Y-%m-%d %H:%M})"


# --- roster import ---------------------------------------------------------------

# Where a previewed roster file waits, one folder per cohort.
ROSTER_PREVIEW_DIR = "roster-imports"


def roster_preview_upload_to(instance: "RosterPreview", filename: str) -> str:
    """A new, unguessable storage name for a previewed roster file."""
    extension = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"{ROSTER_PREVIEW_DIR}/{instance.cohort_id}/{uuid.uuid4().hex}{extension}"


class RosterPreviewQuerySet(models.QuerySet):
    def older_than(self, cutoff):
        """Previews uploaded before the cutoff, which nobody imported."""
        return self.filter(created_at__lt=cutoff)


class RosterPreview(models.Model):
    """A roster file uploaded and previewed, waiting for its owner to import it.

    The file itself is in storage (it holds names and emails); the column
    mapping chosen for it is kept here until the import or the purge.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="roster_previews"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=roster_preview_upload_to, max_length=255)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=list)
    mapping_confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = RosterPreviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} for {self.cohort}"


class RosterColumnMapping(models.Model):
    """How a cohort's roster files were last mapped: header → Harbour field.

    Keys are headers as compared (see resources.header_key); an empty value
    means "ignore this column".
    """

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="roster_column_mapping"
    )
    columns = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Roster columns of {self.cohort}"
