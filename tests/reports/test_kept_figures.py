"""The figures the reports keep follow every change a facilitator or participant
makes through Harbour, and a rebuild touches only the cohorts that changed."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import QuizKind
from cohorts import services as cohort_services
from cohorts.models import EnrolmentStatus
from reports.models import ParticipationFigures
from reports.selectors import ReportFilters, programme_report
from reports.services import report_figures_refresh
from tests.assessments.conftest import make_quiz
from tests.cohorts import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(home_page, facilitator):
    """A cohort (sessions starting today) with two people, neither marked yet."""
    course = cf.course(home_page)
    pre = make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)
    cohort = cf.cohort(
        course=course, facilitators=[facilitator], require_post_test_pass=False
    )
    other = cf.cohort(course=course, name="Curaçao, November")
    people = [cf.enrol(cohort), cf.enrol(cohort)]
    cf.enrol(other)
    return {"cohort": cohort, "other": other, "people": people, "pre": pre}


def after_the_day(cohort):
    """A moment after the cohort's last session began."""
    return cohort.sessions.order_by("-starts_at").first().starts_at + dt.timedelta(
        hours=1
    )


def test_report_follows_attendance_marked_through_harbour(training, facilitator):
    cohort, (ana, _ben) = training["cohort"], training["people"]
    now = after_the_day(cohort)
    scope = ReportFilters(cohort_id=cohort.pk)
    assert programme_report(filters=scope, now=now).people_participated == 0
    for session in cohort.sessions.all():
        cohort_services.attendance_mark(
            session=session, enrolment=ana, status="present", marked_by=facilitator
        )
    report = programme_report(filters=scope, now=now)
    assert report.people_participated == 1
    assert report.people_completed == 1
    assert (report.sessions_attended, report.sessions_possible) == (4, 8)


def test_report_follows_a_withdrawal_and_a_change_of_the_rule(training, facilitator):
    cohort, (ana, ben) = training["cohort"], training["people"]
    now = after_the_day(cohort)
    scope = ReportFilters(cohort_id=cohort.pk)
    for session in list(cohort.sessions.all())[:2]:
        for person in (ana, ben):
            cohort_services.attendance_mark(
                session=session,
                enrolment=person,
                status="present",
                marked_by=facilitator,
            )
    report = programme_report(filters=scope, now=now)
    assert (report.participations, report.people_completed) == (2, 0)

    cohort_services.enrolment_set_status(
        enrolment=ben, status=EnrolmentStatus.WITHDRAWN, changed_by=facilitator
    )
    cohort.min_attendance_percent = 50
    cohort.save()
    report = programme_report(filters=scope, now=now)
    assert (report.participations, report.people_completed) == (1, 1)


def test_sessions_held_follow_the_clock_without_any_change(training):
    cohort = training["cohort"]
    scope = ReportFilters(cohort_id=cohort.pk)
    before = cohort.sessions.order_by("starts_at").first().starts_at
    assert programme_report(filters=scope, now=before).sessions_possible == 2
    report = programme_report(filters=scope, now=after_the_day(cohort))
    assert report.sessions_possible == 8


def test_report_follows_a_pre_test_submitted_through_harbour(training):
    cohort, (ana, _ben) = training["cohort"], training["people"]
    scope = ReportFilters(cohort_id=cohort.pk)
    assert programme_report(filters=scope).pre_post.pre_takers == 0
    attempt = assessment_services.attempt_start(
        participant=ana.participant, quiz=training["pre"]
    )
    assert attempt.cohort_id == cohort.pk
    assessment_services.attempt_submit(attempt=attempt, answers={})
    pre_post = programme_report(filters=scope).pre_post
    assert pre_post.pre_takers == 1
    assert pre_post.pairs == 0


def test_only_changed_cohorts_are_rebuilt(training, facilitator):
    cohort, other = training["cohort"], training["other"]
    ana = training["people"][0]
    first = report_figures_refresh()
    assert (first.cohorts, ParticipationFigures.objects.count()) == (2, 3)
    assert report_figures_refresh().cohorts == 0  # nothing changed
    cohort_services.attendance_mark(
        session=cohort.sessions.first(),
        enrolment=ana,
        status="present",
        marked_by=facilitator,
    )
    assert report_figures_refresh().cohorts == 1
    assert ParticipationFigures.objects.get(enrolment=ana).attended == 1
    assert ParticipationFigures.objects.filter(cohort_id=other.pk).count() == 1
    assert report_figures_refresh().cohorts == 0  # that change is counted
    # Marked again (absent after all): the same row, a later time.
    cohort_services.attendance_mark(
        session=cohort.sessions.first(),
        enrolment=ana,
        status="absent",
        marked_by=facilitator,
    )
    assert report_figures_refresh().cohorts == 1
    assert ParticipationFigures.objects.get(enrolment=ana).attended == 0


def test_report_pages_answer_get_and_head_only(client, administrator, training):
    client.force_login(administrator)
    cohort = training["cohort"]
    urls = [
        reverse("reports:programme"),
        reverse("reports:programme_xlsx"),
        reverse("reports:donor_xlsx"),
        reverse("reports:cohort_report_pdf", args=[cohort.pk]),
        reverse("cohorts:dashboard", args=[cohort.pk]),
    ]
    for url in urls:
        assert client.post(url).status_code == 405, url
        assert client.head(url).status_code == 200, url
    assert "Programme report" in client.get(urls[0]).content.decode()


def test_the_command_rebuilds_what_changed_and_a_dry_run_changes_nothing(training):
    out = io.StringIO()
    call_command("refresh_report_figures", "--dry-run", stdout=out)
    assert "2 cohort(s) have figures out of date" in out.getvalue()
    assert not ParticipationFigures.objects.exists()
    out = io.StringIO()
    call_command("refresh_report_figures", stdout=out)
    assert "Rebuilt the figures of 2 cohort(s)" in out.getvalue()
    assert ParticipationFigures.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_rebuild_without_colliding(home_page, facilitator):
    course = cf.course(home_page)
    cohorts = [
        cf.cohort(course=course, facilitators=[facilitator], name=f"Cohort {n}")
        for n in range(3)
    ]
    for cohort in cohorts:
        for _ in range(2):
            cf.enrol(cohort)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            report_figures_refresh()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert ParticipationFigures.objects.count() == 6
    assert report_figures_refresh().cohorts == 0
    assert programme_report(filters=ReportFilters()).participations == 6
