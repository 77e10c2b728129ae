"""The participant's "My learning" page."""

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Enrolment
from courses import services
from courses.models import LessonPage
from tests.courses.conftest import build_course

pytestmark = pytest.mark.django_db


def test_my_learning_needs_sign_in(client):
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 302
    assert "/account/sign-in/" in response.url


def test_my_learning_when_in_no_course(client, course_index, participant):
    client.force_login(participant)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "You are not taking a course yet" in html
    assert "Browse the courses" in html


def test_my_learning_lists_enrolled_courses_and_courses_with_progress(
    client, course_index, course, private_course, participant
):
    untouched = build_course(course_index, title="Untouched", modules=1, lessons=1)
    cohort = Cohort.objects.create(
        course=private_course,
        name="Bonaire",
        country="BQ",
        start_date="2026-10-28",
        end_date="2026-10-29",
    )
    Enrolment.objects.create(cohort=cohort, participant=participant)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    services.lesson_complete(user=participant, lesson=lesson)

    client.force_login(participant)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert course.title in html
    assert private_course.title in html
    assert untouched.title not in html
    assert "<strong>1 of 12</strong> lessons done" in html
    assert "Continue where you left off" in html
    assert "Identifying victims lesson 1.2" in html  # what to do next
    assert "Start the course" in html  # the enrolled course not yet begun


def test_my_learning_after_the_last_lesson(client, course_index, participant):
    small = build_course(course_index, title="Small", modules=1, lessons=2)
    for lesson in LessonPage.objects.descendant_of(small):
        services.lesson_complete(user=participant, lesson=lesson)
    client.force_login(participant)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "All lessons done" in html


def test_withdrawn_enrolment_drops_the_course(client, private_course, participant):
    cohort = Cohort.objects.create(
        course=private_course,
        name="Curaçao",
        country="CW",
        start_date="2026-10-25",
        end_date="2026-10-26",
    )
    Enrolment.objects.create(cohort=cohort, participant=participant, status="withdrawn")
    client.force_login(participant)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert private_course.title not in html


def _enrol(participant, course, name="Saint Lucia"):
    cohort = Cohort.objects.create(
        course=course,
        name=name,
        country="LC",
        start_date="2026-10-18",
        end_date="2026-10-19",
    )
    Enrolment.objects.create(cohort=cohort, participant=participant)


def _quiz(parent, title, kind):
    from tests.assessments.conftest import make_quiz

    return make_quiz(parent, title=title, kind=kind)


def _card(html: str) -> str:
    start = html.index('class="card learner-course"')
    return html[start : html.index("</li>", start)]


def test_a_new_participant_is_pointed_to_the_pre_test_first(
    client, course_index, participant
):
    small = build_course(course_index, title="Small", modules=1, lessons=2)
    # Added last, as an administrator might: the pre-test still comes first.
    _quiz(small, "Pre-test: what do you know?", "pre")
    _enrol(participant, small)
    client.force_login(participant)

    card = _card(client.get(reverse("courses:my_learning")).content.decode())

    assert "Begin with <strong>Pre-test: what do you know?</strong>" in card
    assert "Start here" in card
    assert "/pre-test-what-do-you-know/" in card
    assert "Start the course" not in card


def test_after_the_pre_test_my_learning_points_to_the_first_lesson(
    client, course_index, participant
):
    from tests.assessments.conftest import submitted_attempt

    small = build_course(course_index, title="Small", modules=1, lessons=2)
    pre = _quiz(small, "Pre-test", "pre")
    _enrol(participant, small)
    submitted_attempt(pre, participant, percent=30)  # below the pass mark: still done
    client.force_login(participant)

    card = _card(client.get(reverse("courses:my_learning")).content.decode())

    assert "Begin with" not in card
    assert "Start the course" in card
    assert "Small lesson 1.1" in card


def test_after_every_lesson_a_failed_quiz_is_what_comes_next(
    client, course_index, participant
):
    from tests.assessments.conftest import submitted_attempt

    small = build_course(course_index, title="Small", modules=1, lessons=2)
    module = small.get_children().first()
    quiz = _quiz(module, "Small quiz", "module")
    for lesson in LessonPage.objects.descendant_of(small):
        services.lesson_complete(user=participant, lesson=lesson)
    submitted_attempt(quiz, participant, percent=50)
    client.force_login(participant)

    card = _card(client.get(reverse("courses:my_learning")).content.decode())

    assert "All lessons done" in card
    assert "Small quiz" in card and "Not passed yet" in card
    assert "Try it again" in card
