"""Enrolled-only courses: who reads them, what the search shows, the listings."""

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Enrolment
from courses import selectors
from courses.models import LessonCompletion, LessonPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(private_course, facilitator):
    cohort = Cohort.objects.create(
        course=private_course,
        name="Saint Lucia, 18–19 October",
        country="LC",
        start_date="2026-10-18",
        end_date="2026-10-19",
    )
    cohort.facilitators.add(facilitator)
    return cohort


@pytest.fixture
def enrolled(cohort):
    person = factories.participant()
    Enrolment.objects.create(cohort=cohort, participant=person)
    return person


def _private_pages(private_course):
    module = selectors.course_outline(private_course)[0]
    lesson = LessonPage.objects.child_of(module).first()
    return [private_course, module, lesson]


def test_anonymous_reader_is_sent_to_sign_in(client, private_course):
    for page in _private_pages(private_course):
        response = client.get(page.url)
        assert response.status_code == 302
        assert response.url.startswith("/account/sign-in/?next=")


def test_participant_not_enrolled_is_refused(client, private_course, participant):
    client.force_login(participant)
    for page in _private_pages(private_course):
        response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 403
        assert "This course is for enrolled participants" in html
        assert "Private casework lesson" not in html


def test_enrolled_participant_reads_every_page(client, private_course, enrolled):
    client.force_login(enrolled)
    for page in _private_pages(private_course):
        assert client.get(page.url).status_code == 200


def test_course_facilitator_and_administrator_read_it(
    client, private_course, cohort, facilitator, administrator
):
    for person in (facilitator, administrator):
        client.force_login(person)
        for page in _private_pages(private_course):
            assert client.get(page.url).status_code == 200


def test_another_cohorts_facilitator_is_refused(client, private_course, cohort):
    client.force_login(factories.facilitator())
    assert client.get(private_course.url).status_code == 403


def test_not_enrolled_participant_cannot_complete_a_private_lesson(
    client, private_course, participant
):
    lesson = _private_pages(private_course)[2]
    client.force_login(participant)
    response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


def test_course_index_hides_private_courses_from_those_who_cannot_read_them(
    client, course_index, course, private_course, enrolled
):
    html = client.get(course_index.url).content.decode()
    assert course.title in html
    assert private_course.title not in html
    client.force_login(enrolled)
    html = client.get(course_index.url).content.decode()
    assert private_course.title in html
    assert "Enrolled participants only" in html


def test_home_page_lists_the_public_courses(client, course, private_course):
    html = client.get("/").content.decode()
    assert course.title in html
    assert private_course.title not in html


def test_search_finds_public_lessons(client, course):
    response = client.get(reverse("courses:search"), {"q": "lesson 2.3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Identifying victims lesson 2.3" in html
    assert "Identifying victims module 2" in html  # where the lesson sits


def test_search_never_shows_private_lessons_to_outsiders(
    client, course, private_course, participant
):
    for person in (None, participant, factories.facilitator()):
        if person:
            client.force_login(person)
        html = client.get(reverse("courses:search"), {"q": "Private casework"}).content
        assert b"Private casework lesson" not in html
        assert b"No lesson matches" in html
        client.logout()


def test_search_shows_private_lessons_to_enrolled_participants(
    client, private_course, enrolled
):
    client.force_login(enrolled)
    html = client.get(reverse("courses:search"), {"q": "Private casework"}).content
    assert b"Private casework lesson 1.1" in html


def test_search_leaves_out_unpublished_lessons(client, course):
    lesson = LessonPage.objects.get(title="Identifying victims lesson 1.2")
    lesson.unpublish()
    html = client.get(reverse("courses:search"), {"q": "lesson 1.2"}).content
    assert b"Identifying victims lesson 1.2" not in html


def test_search_refuses_an_overlong_query(client, course):
    response = client.get(reverse("courses:search"), {"q": "x" * 500})
    assert response.status_code == 200
    assert b"Please search with fewer than 200 characters." in response.content


def test_empty_search_shows_only_the_form(client, course):
    html = client.get(reverse("courses:search")).content.decode()
    assert 'name="q"' in html
    assert "found for" not in html


@pytest.mark.parametrize(
    "query",
    ['"unterminated', "a OR AND NOT", "%_\\", "<script>", "(*^", "live:false x", "-"],
)
def test_odd_search_input_is_answered_calmly(client, course, query):
    response = client.get(reverse("courses:search"), {"q": query})
    assert response.status_code == 200
    assert b"<script>" not in response.content.split(b"</header>", 1)[1]


def test_quoted_phrase_search(client, course):
    html = client.get(reverse("courses:search"), {"q": '"lesson 3.2"'}).content
    assert b"Identifying victims lesson 3.2" in html
