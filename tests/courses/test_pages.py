"""Course, module and lesson pages: what a reader sees, progress and navigation."""

import pytest
from django.urls import reverse

from courses import selectors, services
from courses.models import LessonCompletion, LessonPage
from tests.courses.conftest import build_course

pytestmark = pytest.mark.django_db

# Wagtail's routing walks the tree (one query a level), the session, the user,
# their roles, the course, the course's pages (one query per page type) and
# one query for the progress. None of these grows with the size of the course.
QUERY_BUDGET = 24


def _lessons(course):
    return list(LessonPage.objects.descendant_of(course).live().order_by("path"))


def test_course_page_lists_modules_and_lessons_for_anyone(client, course):
    response = client.get(course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Identifying victims</h1>" in html
    assert "Identifying victims module 2" in html
    assert "Identifying victims lesson 3.4" in html
    assert "Sign in to keep track" in html


def test_course_page_shows_progress_and_where_to_continue(client, course, participant):
    lessons = _lessons(course)
    services.lesson_complete(user=participant, lesson=lessons[0])
    services.lesson_complete(user=participant, lesson=lessons[1])
    client.force_login(participant)
    html = client.get(course.url).content.decode()
    assert "<strong>2 of 12</strong> lessons done" in html
    assert 'value="17"' in html  # the progress bar, 2/12 rounded
    assert "Continue where you left off" in html
    assert f"Continue: {lessons[2].title}" in html


def test_continue_is_the_first_lesson_not_done_in_course_order(course, participant):
    lessons = _lessons(course)
    services.lesson_complete(user=participant, lesson=lessons[0])
    services.lesson_complete(user=participant, lesson=lessons[2])
    outline = selectors.course_outline_for_user(course=course, user=participant)
    assert outline.continue_item.page.pk == lessons[1].pk


def test_lesson_page_has_previous_and_next_in_course_order(client, course):
    lessons = _lessons(course)
    # The last lesson of module 1 leads into the first lesson of module 2.
    html = client.get(lessons[3].url).content.decode()
    assert (
        f'rel="prev"><span class="pager__label">Previous</span> {lessons[2].title}'
        in html
    )
    assert (
        f'rel="next"><span class="pager__label">Next</span> {lessons[4].title}' in html
    )
    first = client.get(lessons[0].url).content.decode()
    assert 'rel="prev"' not in first
    last = client.get(lessons[-1].url).content.decode()
    assert 'rel="next"' not in last


def test_completing_a_lesson_goes_to_the_next_and_counts(client, course, participant):
    lessons = _lessons(course)
    client.force_login(participant)
    response = client.post(reverse("courses:lesson_complete", args=[lessons[0].pk]))
    assert response.status_code == 302
    assert response.url == lessons[1].url
    assert LessonCompletion.objects.filter(user=participant, lesson=lessons[0]).exists()
    html = client.get(lessons[0].url).content.decode()
    assert "You have completed this lesson." in html


def test_completing_twice_keeps_one_completion(client, course, participant):
    lesson = _lessons(course)[0]
    client.force_login(participant)
    url = reverse("courses:lesson_complete", args=[lesson.pk])
    client.post(url)
    client.post(url)
    assert LessonCompletion.objects.filter(user=participant, lesson=lesson).count() == 1


def test_completing_the_last_lesson_returns_to_the_course(client, course, participant):
    lesson = _lessons(course)[-1]
    client.force_login(participant)
    response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert response.url == course.url


def test_lesson_can_be_marked_not_done_again(client, course, participant):
    lesson = _lessons(course)[0]
    services.lesson_complete(user=participant, lesson=lesson)
    client.force_login(participant)
    response = client.post(reverse("courses:lesson_uncomplete", args=[lesson.pk]))
    assert response.url == lesson.url
    assert not LessonCompletion.objects.filter(user=participant).exists()


def test_completing_needs_a_post(client, course, participant):
    lesson = _lessons(course)[0]
    client.force_login(participant)
    response = client.get(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert response.status_code == 405
    assert not LessonCompletion.objects.exists()


def test_completing_needs_the_csrf_token(course, participant):
    from django.test import Client

    lesson = _lessons(course)[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


def test_anonymous_completion_goes_to_sign_in(client, course):
    lesson = _lessons(course)[0]
    response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert response.status_code == 302
    assert "/account/sign-in/" in response.url
    assert not LessonCompletion.objects.exists()


def test_unknown_lesson_is_a_404(client, participant):
    client.force_login(participant)
    response = client.post(reverse("courses:lesson_complete", args=[999999]))
    assert response.status_code == 404


def test_an_unpublished_lesson_cannot_be_completed(client, course, participant):
    lesson = _lessons(course)[0]
    lesson.unpublish()
    client.force_login(participant)
    response = client.post(
        reverse("courses:lesson_complete", args=[lesson.pk]), follow=True
    )
    assert "This lesson is not published" in response.content.decode()
    assert not LessonCompletion.objects.exists()


def test_module_page_shows_its_lessons_and_progress(client, course, participant):
    module = selectors.course_outline(course)[1]
    lesson = LessonPage.objects.child_of(module).first()
    services.lesson_complete(user=participant, lesson=lesson)
    client.force_login(participant)
    html = client.get(module.url).content.decode()
    assert "Module 2 of 3" in html
    assert "<strong>1 of 4</strong> lessons done" in html
    assert "Identifying victims lesson 2.4" in html


def test_a_module_completed_by_its_quiz_marks_its_lessons_done(course, participant):
    module = selectors.course_outline(course)[0]
    services.module_complete(user=participant, module=module)
    outline = selectors.course_outline_for_user(course=course, user=participant)
    assert outline.lessons_done == 4
    assert outline.modules[0].complete
    assert outline.continue_item.page.title == "Identifying victims lesson 2.1"


@pytest.mark.parametrize("size", [(3, 4), (30, 10)])
def test_lesson_and_course_pages_render_in_a_fixed_number_of_queries(
    client, course_index, participant, django_assert_max_num_queries, size
):
    modules, lessons = size
    course = build_course(course_index, title="Sized", modules=modules, lessons=lessons)
    lesson = LessonPage.objects.descendant_of(course).live().order_by("path")[5]
    services.lesson_complete(user=participant, lesson=lesson)
    client.force_login(participant)
    client.get("/")  # warm the site-root cache, as any earlier request would
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(lesson.url)
    assert response.status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(course.url)
    assert response.status_code == 200
    assert f"<strong>1 of {modules * lessons}</strong>" in response.content.decode()
