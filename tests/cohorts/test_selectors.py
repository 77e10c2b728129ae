"""The cohorts app's selectors, which other apps call."""

import pytest

from cohorts import selectors
from cohorts.models import AttendanceStatus, EnrolmentStatus

from . import factories as cf

pytestmark = pytest.mark.django_db


def test_attendance_summary_counts_present_and_late(cohort, django_assert_num_queries):
    a, b, c = (cf.enrol(cohort) for _ in range(3))
    s1, s2, s3, s4 = cohort.sessions.all()
    cf.mark(s1, a, AttendanceStatus.PRESENT)
    cf.mark(s2, a, AttendanceStatus.LATE)
    cf.mark(s3, a, AttendanceStatus.EXCUSED)
    cf.mark(s4, a, AttendanceStatus.PRESENT)
    cf.mark(s1, b, AttendanceStatus.ABSENT)
    with django_assert_num_queries(3):
        summary = selectors.attendance_summary(cohort=cohort)
    assert set(summary) == {a.pk, b.pk, c.pk}
    assert (summary[a.pk].attended, summary[a.pk].sessions) == (3, 4)
    assert summary[a.pk].percent == 75.0
    assert summary[b.pk].attended == 0
    assert summary[c.pk].percent == 0.0


def test_attendance_summary_ignores_other_cohorts(cohort, course):
    other = cf.cohort(course=course, name="Curaçao", sessions=2)
    mine = cf.enrol(cohort)
    theirs = cf.enrol(other)
    cf.mark(other.sessions.first(), theirs, AttendanceStatus.PRESENT)
    summary = selectors.attendance_summary(cohort=cohort)
    assert set(summary) == {mine.pk}


def test_attendance_summary_with_no_sessions(course):
    empty = cf.cohort(course=course, sessions=0)
    e = cf.enrol(empty, status=EnrolmentStatus.WITHDRAWN)
    assert selectors.attendance_summary(cohort=empty)[e.pk].percent == 0.0


def test_same_query_count_for_many_enrolments(cohort, django_assert_num_queries):
    for _ in range(20):
        cf.enrol(cohort)
    with django_assert_num_queries(3):
        assert len(selectors.attendance_summary(cohort=cohort)) == 20
