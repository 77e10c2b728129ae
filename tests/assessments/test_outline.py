"""A submitted quiz is ticked in the course outline, like a finished lesson."""

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


def test_a_submitted_quiz_is_done_in_the_outline(client, participant, quiz, module):
    client.force_login(participant)
    step = _quiz_step(client.get(module.url).content.decode(), "Module quiz")
    assert "(done)" not in step

    submitted_attempt(quiz, participant, percent=40)  # failed, but submitted
    step = _quiz_step(client.get(module.url).content.decode(), "Module quiz")
    assert "(done)" in step and "is-done" in step


def test_an_open_attempt_or_someone_elses_does_not_count(
    participant, administrator, quiz, module
):
    Attempt.objects.create(
        participant=participant, quiz=quiz, revision=quiz.live_revision
    )
    submitted_attempt(quiz, administrator, percent=100)
    outline = course_outline_for_user(course=quiz.course(), user=participant)
    [item] = [item for item in outline.sequence if item.is_quiz]
    assert item.done is False
