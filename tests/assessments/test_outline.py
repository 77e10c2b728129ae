"""The course outline ticks a quiz once it is passed; a quiz tried without passing
shows a mark of its own; a pre-test counts once taken."""

import pytest

from assessments.models import Attempt
from courses.selectors import course_outline_for_user
from tests.assessments.conftest import submitted_attempt

pytestmark = pytest.mark.django_db


def _quiz_step(module_html: str, title: str) -> str:
    """The outline's list item that links to the quiz."""
    start = module_html.index(f">{title}</a>")
    return module_html[
        module_html.rindex("<li", 0, start) : module_html.index("</li>", start)
    ]


def _step(outline, quiz):
    return next(item for item in outline.sequence if item.page.pk == quiz.pk)


def test_a_failed_quiz_is_marked_not_passed_and_a_passed_one_is_ticked(
    client, participant, quiz, module
):
    client.force_login(participant)
    step = _quiz_step(client.get(module.url).content.decode(), "Module quiz")
    assert "(done)" not in step and "Not passed yet" not in step

    submitted_attempt(quiz, participant, percent=40)  # submitted, below 70 %
    step = _quiz_step(client.get(module.url).content.decode(), "Module quiz")
    assert "(done)" not in step and "✓" not in step
    assert "Not passed yet" in step and "badge--warn" in step

    submitted_attempt(quiz, participant, percent=80)
    step = _quiz_step(client.get(module.url).content.decode(), "Module quiz")
    assert "(done)" in step and "is-done" in step
    assert "Not passed yet" not in step


def test_the_course_page_outline_shows_the_same_marks(
    client, participant, quiz, course
):
    client.force_login(participant)
    submitted_attempt(quiz, participant, percent=40)
    html = client.get(course.url).content.decode()
    step = _quiz_step(html, "Module quiz")
    assert "is-attempted" in step and "Not passed yet" in step


def test_a_pre_test_is_done_once_taken_whatever_the_score(
    participant, pre_test, course
):
    submitted_attempt(pre_test, participant, percent=20)
    item = _step(course_outline_for_user(course=course, user=participant), pre_test)
    assert item.done is True and item.attempted is False
    assert item.first is True


def test_an_open_attempt_or_someone_elses_does_not_count(
    participant, administrator, quiz, module
):
    Attempt.objects.create(
        participant=participant, quiz=quiz, revision=quiz.live_revision
    )
    submitted_attempt(quiz, administrator, percent=100)
    outline = course_outline_for_user(course=quiz.course(), user=participant)
    item = _step(outline, quiz)
    assert item.done is False and item.attempted is False and item.first is False


def test_the_outline_reads_quiz_states_in_a_fixed_number_of_queries(
    participant, quiz, pre_test, post_test, course, django_assert_max_num_queries
):
    submitted_attempt(quiz, participant, percent=40)
    submitted_attempt(post_test, participant, percent=90)
    # Pages (one, plus one per page type), completions, done and attempted quizzes.
    with django_assert_max_num_queries(6):
        outline = course_outline_for_user(course=course, user=participant)
    assert _step(outline, post_test).done
    assert _step(outline, quiz).attempted
