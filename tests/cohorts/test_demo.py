"""The cohorts part of seed_demo: the Saint Lucia and Curaçao cohorts, idempotent."""

import pytest
from django.contrib.auth import get_user_model

from cohorts import demo
from cohorts.models import (
    Attendance,
    AttendanceChange,
    Cohort,
    Enrolment,
    TrainingSession,
)
from lms import demo as lms_demo
from lms.models import HomePage

from . import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_course(monkeypatch):
    import courses.demo

    lms_demo.seed()
    course = cf.course(HomePage.objects.get(), title="Demo course")
    monkeypatch.setattr(courses.demo, "DEMO_COURSE_SLUG", course.slug, raising=False)
    return course


def counts():
    return tuple(
        m.objects.count()
        for m in (
            get_user_model(),
            Cohort,
            TrainingSession,
            Enrolment,
            Attendance,
            AttendanceChange,
        )
    )


def test_seed_builds_the_two_cohorts_and_is_idempotent(demo_course):
    result = demo.seed()
    assert len(result["lines"]) == 2
    first = counts()
    demo.seed()
    assert counts() == first

    saint_lucia = Cohort.objects.get(name=demo.SAINT_LUCIA)
    assert saint_lucia.status == "running"
    assert (
        str(saint_lucia.start_date) == "2026-10-18"
        and str(saint_lucia.end_date) == "2026-10-19"
    )
    assert list(saint_lucia.facilitators.values_list("email", flat=True)) == [
        "facilitator@harbour.test"
    ]
    enrolments = Enrolment.objects.filter(cohort=saint_lucia)
    assert enrolments.count() == 30
    assert enrolments.filter(participant__email="participant@harbour.test").exists()
    people = [e.participant for e in enrolments.select_related("participant")]
    assert len({p.organisation_type for p in people}) == 4
    assert len({p.sex for p in people}) == 2
    assert len({p.country for p in people}) >= 8
    assert sum(1 for p in people if not p.email) >= 3
    sessions = list(saint_lucia.sessions.all())
    assert len(sessions) == 4
    assert all(
        (s.ends_at - s.starts_at).total_seconds() == 3.5 * 3600 for s in sessions
    )
    assert Attendance.objects.filter(session__in=sessions[:2]).count() == 60
    assert not Attendance.objects.filter(session__in=sessions[2:]).exists()

    curacao = Cohort.objects.get(name=demo.CURACAO)
    assert curacao.country == "CW"
    assert list(curacao.facilitators.values_list("email", flat=True)) == [
        "facilitator2@harbour.test"
    ]
    assert curacao.enrolments.count() == 10


def test_seed_without_the_demo_course_creates_nothing(db, monkeypatch):
    import courses.demo

    monkeypatch.setattr(
        courses.demo, "DEMO_COURSE_SLUG", "no-such-course", raising=False
    )
    result = demo.seed()
    assert "no demo course" in result["lines"][0]
    assert not Cohort.objects.exists()
