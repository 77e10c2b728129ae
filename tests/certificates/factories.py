"""Factories for the certificates app's tests: a course, a cohort with sessions,
enrolments with attendance, and a certificate template."""

import datetime as dt

from django.utils import timezone

from certificates.models import CertificateSignatory, CertificateTemplate
from cohorts.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    Enrolment,
    TrainingSession,
)
from courses.models import CourseIndexPage, CoursePage
from lms.choices import Country
from tests import factories


def course(home_page, *, title="Identifying and assisting victims of trafficking"):
    """A published course under a course index below the home page."""
    index = CourseIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = CourseIndexPage(title="Courses", slug="courses")
        home_page.add_child(instance=index)
    page = CoursePage(title=title, slug=f"course-{CoursePage.objects.count() + 1}")
    index.add_child(instance=page)
    return page


def cohort(*, course, facilitators=(), sessions=4, **kwargs) -> Cohort:
    """A two-day cohort with half-day sessions."""
    start = dt.date(2026, 10, 18)
    values = {
        "name": "Saint Lucia, October 2026",
        "city": "Castries",
        "country": Country.SAINT_LUCIA,
        "start_date": start,
        "end_date": start + dt.timedelta(days=1),
        "min_attendance_percent": 75,
    }
    values.update(kwargs)
    c = Cohort.objects.create(course=course, **values)
    c.facilitators.set(facilitators)
    first = timezone.make_aware(dt.datetime.combine(start, dt.time(9, 0)))
    for i in range(sessions):
        day, half = divmod(i, 2)
        begins = first + dt.timedelta(days=day, hours=4 * half)
        TrainingSession.objects.create(
            cohort=c,
            title=f"Day {day + 1} {'morning' if half == 0 else 'afternoon'}",
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=3),
        )
    return c


def enrol(cohort, user=None, *, attended=None, **user_kwargs) -> Enrolment:
    """Enrol a participant; attended= marks that many sessions present (default: all)."""
    user = user or factories.participant(**user_kwargs)
    enrolment = Enrolment.objects.create(cohort=cohort, participant=user)
    sessions = list(cohort.sessions.order_by("starts_at"))
    count = len(sessions) if attended is None else attended
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            enrolment=enrolment,
            status=AttendanceStatus.PRESENT,
            marked_at=timezone.now(),
        )
        for session in sessions[:count]
    )
    return enrolment


def template(
    *,
    name="Harbour completion",
    signatories=("Adaeze Morgan", "Marcus Joseph"),
    **kwargs,
):
    """A certificate template with signatories and a saved revision."""
    t = CertificateTemplate(name=name, **kwargs)
    for i, person in enumerate(signatories):
        t.signatories.add(
            CertificateSignatory(name=person, title="Trainer", sort_order=i)
        )
    t.save()
    t.save_revision()
    return t
