"""The whole demo, seeded on a fixed day: a training finished, one running, one planned."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from assessments.models import Attempt, QuizKind
from certificates import demo as certificates_demo
from certificates.models import Certificate
from certificates.selectors import eligibility_facts_for_cohort
from cohorts import demo as cohorts_demo
from cohorts import services as cohort_services
from cohorts.models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceMethod,
    Cohort,
    CohortStatus,
    Enrolment,
)
from courses.models import LessonCompletion
from lms import demo as lms_demo

pytestmark = pytest.mark.django_db

# A Tuesday afternoon in the Eastern Caribbean (UTC-4): 14:07 local time.
NOW = dt.datetime(2027, 3, 9, 18, 7, tzinfo=dt.UTC)
TODAY = dt.date(2027, 3, 9)
DOCUMENTED_SIGN_INS = (
    "admin@harbour.test",
    "facilitator@harbour.test",
    "facilitator2@harbour.test",
    "participant@harbour.test",
)
User = get_user_model()


def seed_at(now: dt.datetime) -> dict:
    """Every app's demo step, as seed_demo runs them, at a fixed moment."""
    from importlib import import_module

    from lms.management.commands.seed_demo import DEMO_STEPS

    return {dotted: import_module(dotted).seed(now=now) for dotted in DEMO_STEPS}


@pytest.fixture
def seeded(home_page):
    return seed_at(NOW)


def test_one_training_finished_one_running_now_one_planned(seeded):
    statuses = {c.name: c.status_on(TODAY) for c in Cohort.objects.all()}
    assert statuses == {
        "St. Maarten": CohortStatus.CLOSED,
        "Saint Lucia": CohortStatus.RUNNING,
        "Curaçao": CohortStatus.PLANNED,
        "Santo Domingo": CohortStatus.RUNNING,
    }
    st_maarten = Cohort.objects.get(name="St. Maarten")
    assert st_maarten.end_date == TODAY - dt.timedelta(days=14)
    curacao = Cohort.objects.get(name="Curaçao")
    assert curacao.start_date == TODAY + dt.timedelta(days=13)
    # The status people see follows the dates, whatever day it is.
    assert curacao.status_on(curacao.start_date) == CohortStatus.RUNNING
    assert curacao.status_on(curacao.end_date + dt.timedelta(days=1)) == (
        CohortStatus.CLOSED
    )

    # One session of the running training is open for check-in right now.
    saint_lucia = Cohort.objects.get(name="Saint Lucia")
    sessions = list(saint_lucia.sessions.order_by("starts_at"))
    open_now = [s for s in sessions if cohort_services._session_is_open(s, NOW)]
    assert [s.title for s in open_now] == ["Day 2 morning: the referral network"]
    # Day one is over and marked; the afternoon is still to come.
    assert all(s.ends_at < NOW for s in sessions[:2])
    assert sessions[3].starts_at > NOW
    assert Attendance.objects.filter(session__in=sessions[:2]).count() == 60
    checked_in = Attendance.objects.filter(session=open_now[0])
    assert checked_in.count() == 9
    assert set(checked_in.values_list("method", flat=True)) == {
        AttendanceMethod.SELF_CHECK_IN
    }

    # The demo participant checks in with the code the facilitator projects.
    enrolment = Enrolment.objects.get(
        cohort=saint_lucia, participant__email="participant@harbour.test"
    )
    code = cohort_services.check_in_current_code(session=open_now[0], now=NOW)
    attendance = cohort_services.attendance_self_check_in(
        user=enrolment.participant, code=code, now=NOW
    )
    assert attendance.session == open_now[0]
    assert attendance.status == "present"

    # Those present on the first morning took the pre-test; nobody the post-test.
    first = sessions[0]
    attempts = Attempt.objects.filter(cohort=saint_lucia, quiz__kind=QuizKind.PRE_TEST)
    present = Attendance.objects.filter(session=first, status__in=ATTENDED_STATUSES)
    assert attempts.count() == present.count() == 28
    assert all(first.starts_at < a.submitted_at < first.ends_at for a in attempts)
    assert not Attempt.objects.filter(
        cohort=saint_lucia, quiz__kind=QuizKind.POST_TEST
    ).exists()

    # The rosters came in through the facilitators' import service.
    assert set(Enrolment.objects.values_list("cohort__name", "source").distinct()) == {
        ("St. Maarten", "import"),
        ("Saint Lucia", "import"),
        ("Curaçao", "import"),
        ("Santo Domingo", "import"),
    }
    counts = {c.name: c.enrolments.count() for c in Cohort.objects.all()}
    assert counts == {
        "St. Maarten": 24,
        "Saint Lucia": 30,
        "Curaçao": 10,
        "Santo Domingo": 20,
    }


def test_everyone_signs_in_and_only_those_who_completed_hold_a_certificate(
    client, seeded
):
    enrolments = Enrolment.objects.select_related("participant")
    people = {e.participant for e in enrolments}
    assert len(people) == 84
    without_email = [p for p in people if not p.email]
    assert len(without_email) >= 6
    staff = User.objects.filter(email__in=DOCUMENTED_SIGN_INS)
    assert staff.count() == 4
    for person in [*people, *staff]:
        identifier = person.email or person.username
        assert identifier, person.full_name
        assert client.login(username=identifier, password=lms_demo.DEMO_PASSWORD), (
            identifier
        )
        client.logout()
    assert client.login(username="dwayne.mathurin", password=lms_demo.DEMO_PASSWORD)

    # Only those who met the rule hold a certificate of completion.
    st_maarten = Cohort.objects.get(name="St. Maarten")
    assert st_maarten.min_attendance_percent == 75
    assert st_maarten.require_post_test_pass
    facts = eligibility_facts_for_cohort(cohort=st_maarten)
    holders = set(Certificate.objects.active().values_list("enrolment_id", flat=True))
    assert len(holders) == 19
    for enrolment_id in holders:
        fact = facts[enrolment_id]
        assert fact.attended * 100 >= 75 * fact.sessions
        assert fact.post_test_passed
    # Everyone left out misses the attendance or the post-test, and says so.
    left_out = Enrolment.objects.filter(cohort=st_maarten).exclude(pk__in=holders)
    names = set(left_out.values_list("participant__full_name", flat=True))
    assert names == {
        "Father Patrick Ogunleye",  # left after day one
        "Dolores Fleming",  # failed the post-test twice
        "Terrence Spanner",  # missed day one
        "Winston Duzant",  # never came
        "Yvette Halley",  # failed the post-test once
    }
    # Lessons were worked through in course order, as far as each person got.
    done = LessonCompletion.objects.filter(user__email="participant@harbour.test")
    assert [c.lesson.slug for c in done.order_by("lesson__path")][
        -1
    ] == "assessing-risk"
    assert done.count() == 6
    no_show = Enrolment.objects.get(participant__full_name="Winston Duzant")
    assert not LessonCompletion.objects.filter(user=no_show.participant).exists()
    assert not no_show.attendances.filter(status__in=ATTENDED_STATUSES).exists()
    assert not Attempt.objects.filter(participant=no_show.participant).exists()
    # Nobody in the running or planned training has one yet.
    assert not Certificate.objects.exclude(enrolment__cohort=st_maarten).exists()

    # The printed verification link is a full address that answers.
    url = seeded["certificates.demo"]["verify_url"]
    assert url.startswith("http://testserver/verify/")
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    sample = seeded["certificates.demo"]["sample_certificate"]
    assert sample.participant_name in response.content.decode()
    lines = seeded["certificates.demo"]["lines"]
    assert any("19 of 24" in line and "75%" in line for line in lines)
    assert certificates_demo.TEMPLATE_NAME in lines[0]


def test_the_record_files_match_the_rosters():
    for spec in cohorts_demo.content()["cohorts"]:
        if not spec.get("record"):
            continue
        roster = (cohorts_demo.DATA / spec["roster"]).read_text(encoding="utf-8")
        for record in cohorts_demo.records(spec["record"]):
            assert record.participant in roster, record.participant
            assert len(record.attendance) == len(cohorts_demo.content()["sessions"])


def test_the_demo_lesson_in_review_can_be_approved_by_the_moderator_only():
    from wagtail.models import WorkflowState

    seed_at(NOW)
    state = WorkflowState.objects.active().get()
    page = state.content_object
    task = state.current_task_state.task.specific
    moderator = User.objects.get(email="moderator@harbour.test")
    submitter = User.objects.get(email="admin@harbour.test")
    assert state.requested_by == submitter
    assert "approve" in [a[0] for a in task.get_actions(page, moderator)]
    assert "approve" not in [a[0] for a in task.get_actions(page, submitter)]


def test_seed_demo_ends_with_the_sign_ins_and_the_verify_link():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert any("moderator@harbour.test" in line for line in lines[-8:])
    assert lines[-1].startswith("Check a certificate: http")
