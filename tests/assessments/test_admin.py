"""Administrators write quizzes in the Wagtail admin and preview them safely."""

import pytest

from assessments.models import Attempt
from tests.assessments.conftest import make_quiz

pytestmark = pytest.mark.django_db


def test_the_add_quiz_form_explains_partial_credit(client, administrator, module):
    client.force_login(administrator)
    response = client.get(f"/admin/pages/add/assessments/quizpage/{module.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Partial credit" in html
    assert "Maximum attempts" in html or "maximum attempts" in html.lower()


def test_the_edit_form_opens_for_an_existing_quiz(client, administrator, quiz):
    client.force_login(administrator)
    response = client.get(f"/admin/pages/{quiz.pk}/edit/")
    assert response.status_code == 200


def test_preview_shows_questions_but_cannot_be_started(client, administrator, quiz):
    client.force_login(administrator)
    response = client.get(f"/admin/pages/{quiz.pk}/view_draft/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "A preview cannot be started" in html
    assert "Which one?" in html
    assert "FEEDBACK-" not in html and "EXPLANATION-" not in html
    assert "/start/" not in html
    assert Attempt.objects.count() == 0


def test_a_quiz_with_unpublished_changes_is_taken_as_published(
    client, participant, module
):
    from tests.assessments.helpers import start

    quiz = make_quiz(module, title="Live version")
    draft = type(quiz).objects.get(pk=quiz.pk)
    draft.pass_mark = 10
    draft.save_revision()  # a draft, not published
    client.force_login(participant)

    attempt = start(client, quiz)

    assert attempt.revision_id == quiz.live_revision_id
    assert attempt.shown_quiz.pass_mark == 70


def test_my_results_uses_a_fixed_number_of_queries(client, participant, module):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments import services

    client.force_login(participant)

    def take(n):
        for i in range(n):
            quiz = make_quiz(module, title=f"Quiz {n}-{i}")
            attempt = services.attempt_start(participant=participant, quiz=quiz)
            services.attempt_submit(attempt=attempt, answers={})
        client.get("/quizzes/my-results/")  # warm caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/quizzes/my-results/")
        return len(queries), response.content.decode()

    one, _ = take(1)
    five, html = take(4)
    assert html.count("Not passed") == 5
    assert five == one


def test_a_quiz_with_attempts_cannot_be_deleted(
    client, administrator, participant, quiz
):
    from assessments import services

    attempt = services.attempt_start(participant=participant, quiz=quiz)
    services.attempt_submit(attempt=attempt, answers={})
    client.force_login(administrator)

    response = client.post(f"/admin/pages/{quiz.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert (
        "participants have made 1 attempt at its quizzes" in response.content.decode()
    )
    assert type(quiz).objects.filter(pk=quiz.pk).exists()
    # Nor its module, which holds it.
    module = quiz.get_parent()
    response = client.post(f"/admin/pages/{module.pk}/delete/", follow=True)
    assert "Unpublish it instead" in response.content.decode()


def test_a_quiz_without_attempts_can_be_deleted(client, administrator, quiz):
    client.force_login(administrator)
    client.post(f"/admin/pages/{quiz.pk}/delete/")
    assert not type(quiz).objects.filter(pk=quiz.pk).exists()
