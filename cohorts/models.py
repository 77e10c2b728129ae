"""Cohorts: one delivery of a course, its sessions and its enrolments.

The cohorts issue adds attendance, join codes, imports and exports.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms import roles
from lms.choices import Country, Language


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


class Cohort(models.Model):
    """One delivery of a course, e.g. "Saint Lucia, 18–19 October"."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, choices=Country.choices)
    venue = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    capacity = models.PositiveIntegerField(default=30)
    status = models.CharField(
        max_length=10, choices=CohortStatus.choices, default=CohortStatus.PLANNED
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_cohorts"
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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="cohort_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    """A session of a cohort; half-day sessions are the norm."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            )
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
        Cohort, on_delete=models.CASCADE, related_name="enrolments"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    source = models.CharField(
        max_length=10, choices=EnrolmentSource.choices, default=EnrolmentSource.ADMIN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="one_enrolment_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"
