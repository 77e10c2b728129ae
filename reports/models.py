"""Figures the reports keep, so a report aggregates small rows instead of raw ones.

Nothing here is a record of its own: every row can be rebuilt from attendance,
attempts and enrolments, and ``reports.services.report_figures_refresh``
rebuilds the rows of the cohorts that changed before each report is computed
(docs/decisions/0007-reports-layer.md). Other apps never read these tables, and their rows hold no database
constraint on the others' tables, so deleting a person or a cohort never waits
on them: a rebuild replaces a cohort's rows, and the report joins the live rows.
"""

from django.conf import settings
from django.db import models

from assessments.models import Attempt
from cohorts.models import Cohort, Enrolment


class CohortFigures(models.Model):
    """When a cohort's figures were last rebuilt, and what they were built from."""

    cohort = models.OneToOneField(
        Cohort,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="figures",
    )
    # When the last rebuild began, less a margin for transactions still open
    # then; attempts and attendance are watched from this moment on.
    changes_since = models.DateTimeField()
    # What the rows were built from: the sessions held, the active enrolments
    # (how many, the sum of their ids), the attempts submitted and attendance
    # marked since changes_since (how many, the latest) and the cohort's own
    # settings. When any of them differs from the cohort today, it is rebuilt.
    held = models.PositiveIntegerField(default=0)
    active_count = models.PositiveIntegerField(default=0)
    active_id_sum = models.BigIntegerField(default=0)
    recent_attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True)
    recent_marks = models.PositiveIntegerField(default=0)
    last_mark_at = models.DateTimeField(null=True)
    country = models.CharField(max_length=2, default="")
    start_date = models.DateField(null=True)
    min_attendance_percent = models.PositiveSmallIntegerField(default=0)
    require_post_test_pass = models.BooleanField(default=False)

    class Meta:
        verbose_name = "cohort figures"
        verbose_name_plural = "cohort figures"

    def __str__(self) -> str:
        return f"Figures of cohort {self.cohort_id}"


class ParticipationFigures(models.Model):
    """One active enrolment's figures: sessions, tests, participated, completed.

    The cohort's country and start quarter are copied here, so that the report
    reads one narrow table and joins only the people (whose details it shows
    as they are today).
    """

    enrolment = models.OneToOneField(
        Enrolment,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="figures",
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    country = models.CharField(max_length=2)
    quarter = models.PositiveIntegerField()  # year * 10 + quarter: 20261
    held = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    pre = models.FloatField(null=True)
    post = models.FloatField(null=True)
    post_passed = models.BooleanField(default=False)
    # 1 or 0, by the rules printed on the report (summed and counted as such).
    participated = models.PositiveSmallIntegerField(default=0)
    completed = models.PositiveSmallIntegerField(default=0)
    # The attempts behind pre and post, which the question figures score.
    pre_attempt = models.ForeignKey(
        Attempt,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    post_attempt = models.ForeignKey(
        Attempt,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "participation figures"
        verbose_name_plural = "participation figures"

    def __str__(self) -> str:
        return f"Figures of enrolment {self.enrolment_id}"


class QuestionFigures(models.Model):
    """One question's answers on a cohort's matched pre-/post-test pairs, as sums.

    Every column is a sum over people, so the figures of many cohorts add up:
    facility is right / n, and the point-biserial correlation on the post-test
    needs only n, Σx, Σy, Σxy and Σy² (x: answered right, y: post-test percent).
    """

    cohort = models.ForeignKey(
        Cohort, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    prompt = models.TextField()
    # Where the question first appears (pre-test before post-test, then its
    # place in the quiz), so the report lists questions in the quiz's order.
    position = models.PositiveIntegerField(default=0)
    pre_n = models.PositiveIntegerField(default=0)
    pre_right = models.PositiveIntegerField(default=0)
    post_n = models.PositiveIntegerField(default=0)
    post_right = models.PositiveIntegerField(default=0)
    sum_x = models.FloatField(default=0)
    sum_y = models.FloatField(default=0)
    sum_xy = models.FloatField(default=0)
    sum_yy = models.FloatField(default=0)

    class Meta:
        verbose_name = "question figures"
        verbose_name_plural = "question figures"

    def __str__(self) -> str:
        return f"{self.prompt[:40]} in cohort {self.cohort_id}"
