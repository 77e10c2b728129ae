"""Reads owned by the cohorts app; other apps call these, not the models directly."""

from dataclasses import dataclass

from django.db.models import Count, Max

from lms import roles

from .models import (
    ATTENDED_STATUSES,
    Attendance,
    Cohort,
    Enrolment,
    JoinCode,
    TrainingSession,
)


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


def _iso(value):
    return value.isoformat() if value is not None else None


def personal_data_for(user) -> dict:
    """The user's enrolments, attendance with its change history and join codes,
    for their "my data" export."""
    enrolments = list(
        Enrolment.objects.filter(participant=user)
        .select_related("cohort")
        .order_by("created_at", "pk")
    )
    attendances = (
        Attendance.objects.filter(enrolment__in=enrolments)
        .select_related("session", "marked_by")
        .prefetch_related("changes__changed_by")
        .order_by("session__starts_at", "pk")
    )
    by_enrolment: dict[int, list[dict]] = {e.pk: [] for e in enrolments}
    for row in attendances:
        by_enrolment[row.enrolment_id].append(
            {
                "session": row.session.title,
                "session_starts_at": _iso(row.session.starts_at),
                "status": row.status,
                "method": row.method,
                "marked_at": _iso(row.marked_at),
                "marked_by": row.marked_by.display_name if row.marked_by else None,
                "changes": [
                    {
                        "changed_at": _iso(change.changed_at),
                        "from_status": change.from_status,
                        "to_status": change.to_status,
                        "method": change.method,
                        "changed_by": change.changed_by.display_name
                        if change.changed_by
                        else None,
                    }
                    for change in row.changes.all()
                ],
            }
        )
    codes = JoinCode.objects.filter(enrolment__in=enrolments).order_by("created_at")
    return {
        "enrolments": [
            {
                "id": e.pk,
                "cohort_id": e.cohort_id,
                "cohort": e.cohort.name,
                "start_date": _iso(e.cohort.start_date),
                "end_date": _iso(e.cohort.end_date),
                "city": e.cohort.city,
                "country": e.cohort.country,
                "status": e.status,
                "source": e.source,
                "enrolled_at": _iso(e.created_at),
                "attendance": by_enrolment[e.pk],
            }
            for e in enrolments
        ],
        "join_codes": [
            {
                "enrolment_id": code.enrolment_id,
                "created_at": _iso(code.created_at),
                "expires_at": _iso(code.expires_at),
                "used_at": _iso(code.used_at),
                "revoked_at": _iso(code.revoked_at),
            }
            for code in codes
        ],
    }


def participants_due_for_retention(*, ended_before) -> dict[int, str]:
    """Participants whose every cohort ended before the date, by user id, each with
    their last cohort and its end."""
    due: dict[int, str] = {}
    rows = (
        Enrolment.objects.values("participant_id")
        .annotate(last_end=Max("cohort__end_date"))
        .filter(last_end__lt=ended_before)
    )
    last_ends = {row["participant_id"]: row["last_end"] for row in rows}
    for participant_id, name, end in (
        Enrolment.objects.filter(participant_id__in=last_ends)
        .order_by("participant_id", "-cohort__end_date", "pk")
        .values_list("participant_id", "cohort__name", "cohort__end_date")
    ):
        if participant_id not in due and end == last_ends[participant_id]:
            due[participant_id] = f"{name}, ended {end.isoformat()}"
    return due
