"""Reads owned by the cohorts app; other apps call these, not the models directly."""

from dataclasses import dataclass

from django.db.models import Count

from lms import roles

from .models import ATTENDED_STATUSES, Attendance, Cohort, Enrolment, TrainingSession


@dataclass(frozen=True)
class AttendanceSummary:
    """How many of a cohort's sessions one enrolment attended (present or late)."""

    attended: int
    sessions: int

    @property
    def percent(self) -> float:
        """Share of the cohort's sessions attended, 0–100 (0 when there are none)."""
        if not self.sessions:
            return 0.0
        return 100.0 * self.attended / self.sessions


def participant_course_ids(user) -> set[int]:
    """Ids of the CoursePages the user is actively enrolled in through a cohort."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Enrolment.objects.active()
        .filter(participant=user)
        .values_list("cohort__course_id", flat=True)
    )


def facilitator_course_ids(user) -> set[int]:
    """Ids of the CoursePages of the cohorts the user facilitates."""
    if not roles.is_facilitator(user):
        return set()
    return set(
        Cohort.objects.filter(facilitators=user).values_list("course_id", flat=True)
    )


def user_can_read_course(user, course_id: int) -> bool:
    """Enrolled participants, the course's facilitators and administrators read an enrolled-only course."""
    if roles.is_administrator(user):
        return True
    return course_id in participant_course_ids(
        user
    ) or course_id in facilitator_course_ids(user)


def cohort_for_participant(user, course_id: int) -> Cohort | None:
    """The cohort through which the user takes this course (latest active enrolment), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    enrolment = (
        Enrolment.objects.active()
        .filter(participant=user, cohort__course_id=course_id)
        .select_related("cohort")
        .order_by("-cohort__start_date")
        .first()
    )
    return enrolment.cohort if enrolment else None


def attendance_summary(*, cohort: Cohort) -> dict[int, AttendanceSummary]:
    """Attendance of every enrolment of the cohort, keyed by enrolment id; three queries."""
    sessions = TrainingSession.objects.filter(cohort=cohort).count()
    attended = dict(
        Attendance.objects.filter(session__cohort=cohort, status__in=ATTENDED_STATUSES)
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    enrolment_ids = Enrolment.objects.filter(cohort=cohort).values_list("pk", flat=True)
    return {
        pk: AttendanceSummary(attended=attended.get(pk, 0), sessions=sessions)
        for pk in enrolment_ids
    }
