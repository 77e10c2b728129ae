"""Who may read which report, and what a report costs at two sizes."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, QuizKind
from cohorts.models import Attendance, AttendanceMethod, Enrolment
from lms.choices import OrganisationType, Sex
from tests.assessments.conftest import make_quiz
from tests.certificates.pdftext import text_of
from tests.cohorts import factories as cf

pytestmark = pytest.mark.django_db
User = get_user_model()

PROGRAMME_URLS = [
    "reports:programme",
    "reports:programme_xlsx",
    "reports:programme_pdf",
    "reports:donor_xlsx",
]


@pytest.mark.parametrize("name", PROGRAMME_URLS)
def test_programme_report_is_for_administrators_only(
    client, name, participant, facilitator, administrator, cohort
):
    url = reverse(name)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    for person in (participant, facilitator):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(administrator)
    allowed = client.get(url)
    assert allowed.status_code == 200
    if name == "reports:programme":
        assert "Programme report" in allowed.content.decode()


def test_cohort_report_only_for_its_facilitators_and_administrators(
    client, cohort, facilitator, other_facilitator, participant, administrator
):
    cf.enrol(cohort, participant)
    url = reverse("reports:cohort_report_pdf", args=[cohort.pk])
    assert client.get(url).status_code == 302
    client.force_login(participant)
    assert client.get(url).status_code == 403
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404
    for person in (facilitator, administrator):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = text_of(response.content)
        assert cohort.name in text
        assert "this report names nobody" in text
        assert participant.display_name not in text


def test_dashboard_links_the_training_report(client, cohort, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("cohorts:dashboard", args=[cohort.pk])).content.decode()
    assert reverse("reports:cohort_report_pdf", args=[cohort.pk]) in page


def test_admin_menu_shows_the_report_to_administrators(client, administrator):
    client.force_login(administrator)
    admin = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reports:programme") in admin


def bulk_programme(course, pre, post, n: int, *, prefix: str):
    """A cohort of n people with attendance and a pre/post pair each, in bulk."""
    cohort = cf.cohort(
        course=course,
        name=f"{prefix} cohort",
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2026, 2, 2),
    )
    sexes = [Sex.FEMALE, Sex.MALE, ""]
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i}@example.org",
                full_name=f"{prefix} {i}",
                sex=sexes[i % 3],
                organisation=f"Organisation {i % 7}",
                organisation_type=OrganisationType.GOVERNMENT
                if i % 2
                else OrganisationType.NGO,
                password="!",
            )
            for i in range(n)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(cohort=cohort, participant=u) for u in users]
    )
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=s,
                enrolment=e,
                status="present",
                marked_at=now,
                method=AttendanceMethod.FACILITATOR,
            )
            for e in enrolments
            for s in cohort.sessions.all()
        ]
    )
    Attempt.objects.bulk_create(
        [
            Attempt(
                participant=u,
                quiz=quiz,
                cohort=cohort,
                revision=quiz.live_revision,
                started_at=now,
                submitted_at=now,
                percent=score,
                score=score,
                max_score=100,
                passed=score >= 70,
                answers={},
            )
            for i, u in enumerate(users)
            for quiz, score in ((pre, 30 + i % 40), (post, 60 + i % 40))
        ]
    )
    return cohort


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_programme_report_costs_the_same_at_two_sizes(
    client, administrator, home_page, django_assert_max_num_queries
):
    course = cf.course(home_page)
    pre = make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)
    post = make_quiz(course, title="Post-test", kind=QuizKind.POST_TEST)
    bulk_programme(course, pre, post, 10, prefix="small")
    client.force_login(administrator)
    url = reverse("reports:programme")
    client.get(url)  # warm caches (site, roles, the quizzes' questions)
    small, small_page = queries_for(client, url)
    # The first report after new data rebuilds the new cohort's figures.
    bulk_programme(course, pre, post, 10, prefix="second")
    small_rebuild, _page = queries_for(client, url)
    bulk_programme(course, pre, post, 400, prefix="large")
    large_rebuild, _page = queries_for(client, url)
    large, large_page = queries_for(client, url)
    assert small == large
    assert small <= 25
    assert small_rebuild == large_rebuild
    assert small_rebuild <= small + 15
    with django_assert_max_num_queries(small):
        client.get(url)
    assert ">10<" in small_page and ">420<" in large_page
