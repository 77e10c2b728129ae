"""Reads owned by the cohorts app; other apps call these, not the models directly."""

from lms import roles

from .models import Cohort, Enrolment


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
