"""Factories for the cohorts app's tests."""

import datetime as dt

from django.utils import timezone

from cohorts.models import (
    Attendance,
    AttendanceMethod,
    Cohort,
    Enrolment,
    TrainingSession,
)
from courses.models import CourseIndexPage, CoursePage
from lms.choices import Country
from tests import factories


def course(
    home_page, *, title: str = "Identifying and assisting victims"
) -> CoursePage:
    """A published course under a course index below the home page."""
    index = CourseIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = CourseIndexPage(title="Courses", slug="courses")
        home_page.add_child(instance=index)
    page = CoursePage(title=title, slug=title.lower().replace(" ", "-")[:50])
    index.add_child(instance=page)
    return page


def cohort(*, course, facilitators=(), sessions: int = 4, **kwargs) -> Cohort:
    """A cohort of the course with half-day sessions starting today at 09:00."""
    today = timezone.localdate()
    defaults = {
        "name": "Saint Lucia, October",
        "city": "Castries",
        "country": Country.SAINT_LUCIA,
        "start_date": today,
        "end_date": today + dt.timedelta(days=1),
    }
    defaults.update(kwargs)
    c = Cohort.objects.create(course=course, **defaults)
    c.facilitators.set(facilitators)
    start = timezone.make_aware(dt.datetime.combine(c.start_date, dt.time(9, 0)))
    for i in range(sessions):
        day, half = divmod(i, 2)
        begins = start + dt.timedelta(days=day, hours=4 * half)
        TrainingSession.objects.create(
            cohort=c,
            title=f"Day {day + 1} {'morning' if half == 0 else 'afternoon'}",
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=3, minutes=30),
        )
    return c


def enrol(cohort, user=None, **kwargs) -> Enrolment:
    """Enrol a (new) participant in the cohort."""
    user = user or factories.participant()
    return Enrolment.objects.create(cohort=cohort, participant=user, **kwargs)


def mark(session, enrolment, status, *, by=None) -> Attendance:
    """An attendance row written directly (services are tested separately)."""
    return Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        status=status,
        marked_by=by,
        marked_at=timezone.now(),
        method=AttendanceMethod.FACILITATOR,
    )
