"""A small Harbour with two cohorts, for the tests of participants' data: a
course with a quiz, cohort A (facilitator, two participants, attendance with a
change, an attempt, certificates, a join code) and cohort B (its own people)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from assessments.models import Attempt, QuizKind
from certificates import services as certificate_services
from cohorts import services as cohort_services
from cohorts.models import AttendanceStatus, Cohort, Enrolment, JoinCode
from courses.models import CoursePage
from tests import factories
from tests.assessments.conftest import make_quiz
from tests.certificates import factories as cf


@dataclass
class World:
    course: CoursePage
    quiz: object
    cohort: Cohort
    other_cohort: Cohort
    facilitator: object
    other_facilitator: object
    administrator: object
    participant: object
    classmate: object
    other_participant: object
    enrolment: Enrolment
    other_enrolment: Enrolment
    attempt: Attempt


def build(home_page, *, certificates: bool = True, **cohort_kwargs) -> World:
    """Two cohorts of one course, each with its facilitator and participants."""
    course = cf.course(home_page)
    quiz = make_quiz(course, title="Post-test", kind=QuizKind.POST_TEST)
    facilitator = factories.facilitator(full_name="Fatima Facilitator")
    other_facilitator = factories.facilitator(full_name="Oscar Otherfacilitator")
    administrator = factories.administrator(full_name="Ada Administrator")
    cohort = cf.cohort(course=course, facilitators=[facilitator], **cohort_kwargs)
    other_cohort = cf.cohort(
        course=course,
        facilitators=[other_facilitator],
        name="Curaçao, October 2026",
        city="Willemstad",
    )
    participant = factories.participant(
        full_name="Marisol Quintero-Baptiste",
        email="marisol@example.org",
        organisation="Shelter of Hope",
        position="Case worker",
        consent_at=timezone.now(),
        consent_version="2026-11",
    )
    classmate = factories.participant(full_name="Kwame Classmate")
    other_participant = factories.participant(
        full_name="Theodora Elsewhere", email="theodora@example.org"
    )
    enrolment = cf.enrol(cohort, participant)
    cf.enrol(cohort, classmate)
    other_enrolment = cf.enrol(other_cohort, other_participant)
    first_session = cohort.sessions.order_by("starts_at").first()
    cohort_services.attendance_mark(
        session=first_session,
        enrolment=enrolment,
        status=AttendanceStatus.LATE,
        marked_by=facilitator,
    )
    other_session = other_cohort.sessions.order_by("starts_at").first()
    cohort_services.attendance_mark(
        session=other_session,
        enrolment=other_enrolment,
        status=AttendanceStatus.ABSENT,
        marked_by=other_facilitator,
    )
    when = timezone.now()
    attempt = Attempt.objects.create(
        participant=participant,
        quiz=quiz,
        revision=quiz.live_revision,
        cohort=cohort,
        started_at=when,
        submitted_at=when,
        answers={"q-marisol": ["option-1"]},
        score=3,
        max_score=4,
        percent=75,
        passed=True,
        close_reason="submitted",
    )
    Attempt.objects.create(
        participant=other_participant,
        quiz=quiz,
        revision=quiz.live_revision,
        cohort=other_cohort,
        started_at=when,
        submitted_at=when,
        answers={"q-theodora": ["option-2"]},
        score=1,
        max_score=4,
        percent=25,
        passed=False,
        close_reason="submitted",
    )
    JoinCode.objects.create(
        enrolment=enrolment,
        code_hash="a" * 64,
        expires_at=when + dt.timedelta(days=30),
    )
    if certificates:
        cf.template()
        certificate_services.certificates_issue_for_cohort(
            cohort=cohort, issued_by=facilitator
        )
        certificate_services.certificates_issue_for_cohort(
            cohort=other_cohort, issued_by=other_facilitator
        )
        certificate_services.cohort_bundle_build(cohort=cohort)
    return World(
        course=course,
        quiz=quiz,
        cohort=cohort,
        other_cohort=other_cohort,
        facilitator=facilitator,
        other_facilitator=other_facilitator,
        administrator=administrator,
        participant=participant,
        classmate=classmate,
        other_participant=other_participant,
        enrolment=enrolment,
        other_enrolment=other_enrolment,
        attempt=attempt,
    )
