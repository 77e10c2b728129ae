"""The check before submitting: answered count, a link to each unanswered question."""

import re
from datetime import timedelta

import pytest
from django.utils import formats, timezone

from assessments.models import Attempt
from tests import factories
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import (
    autosave,
    correct_answers,
    form_data,
    start,
)

pytestmark = pytest.mark.django_db


def _questions_in_order(attempt):
    """(number, question) pairs as the attempt page numbers them."""
    from assessments.content import public_items

    return [
        (q.number, attempt.content.questions[q.id])
        for item in public_items(attempt.content, attempt.layout)
        for q in item.questions
    ]


def test_review_step_saves_the_form_and_lists_the_unanswered(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    numbered = _questions_in_order(attempt)
    (first_number, first), *rest = numbered
    right = correct_answers(attempt)
    data = {**form_data({first.id: right[first.id]}), "action": "review"}

    response = client.post(f"/quizzes/attempts/{attempt.pk}/", data)

    assert response.status_code == 302
    assert response.url == f"/quizzes/attempts/{attempt.pk}/confirm/"
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.score is None  # nothing submitted yet
    assert attempt.answers == {first.id: right[first.id]}

    html = client.get(response.url).content.decode()
    assert "You answered 1 of 3 questions." in html
    assert "2 unanswered" in html
    for number, question in rest:
        link = f'href="/quizzes/attempts/{attempt.pk}/#question-{number}"'
        assert link in html
        assert question.prompt in html
    assert f"#question-{first_number}" not in html
    assert "Submit answers" in html and "Back to the questions" in html


def test_the_links_land_on_the_question_on_the_attempt_page(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", {"action": "review"})

    confirm = client.get(f"/quizzes/attempts/{attempt.pk}/confirm/").content.decode()
    page = client.get(f"/quizzes/attempts/{attempt.pk}/").content.decode()

    targets = re.findall(r"#(question-\d+)\"", confirm)
    assert targets == ["question-1", "question-2", "question-3"]
    for target in targets:
        assert f'id="{target}"' in page


def test_submitting_from_the_review_step_scores_the_saved_answers(
    client, participant, quiz
):
    client.force_login(participant)
    attempt = start(client, quiz)
    right = correct_answers(attempt)
    client.post(
        f"/quizzes/attempts/{attempt.pk}/", {**form_data(right), "action": "review"}
    )
    html = client.get(f"/quizzes/attempts/{attempt.pk}/confirm/").content.decode()
    assert "You answered 3 of 3 questions." in html
    assert "Every question has an answer." in html

    # The confirm form carries no answer fields, only the marker.
    response = client.post(f"/quizzes/attempts/{attempt.pk}/", {"submit_saved": "1"})

    assert response.status_code == 302 and response.url.endswith("/review/")
    attempt.refresh_from_db()
    assert not attempt.is_open
    assert attempt.answers == right and attempt.percent == 100


def test_the_review_step_follows_later_autosaves(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", {"action": "review"})
    attempt.refresh_from_db()
    seq = attempt.answers_seq
    assert seq == 1  # the form's save counts as one more save

    # Back on the questions, the page's script saves from that number on.
    page = client.get(f"/quizzes/attempts/{attempt.pk}/").content.decode()
    assert f'data-seq="{seq}"' in page
    right = correct_answers(attempt)
    assert autosave(client, attempt, right, seq=seq + 1).json()["saved"] is True

    html = client.get(f"/quizzes/attempts/{attempt.pk}/confirm/").content.decode()
    assert "You answered 3 of 3 questions." in html


def test_a_bad_answer_on_the_way_to_the_review_step_saves_nothing(
    client, participant, quiz
):
    client.force_login(participant)
    attempt = start(client, quiz)
    question = next(iter(attempt.content.questions.values()))
    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/",
        {f"q-{question.id}": "not-an-option", "action": "review"},
    )
    assert response.status_code == 400
    assert "not one of the question&#x27;s options" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == {} and attempt.answers_seq == 0 and attempt.is_open


def test_the_attempt_page_counts_answers_and_submits_nothing_itself(
    client, participant, quiz
):
    client.force_login(participant)
    attempt = start(client, quiz)
    first = next(iter(attempt.content.questions.values()))
    autosave(client, attempt, {first.id: [first.options[0].id]}, seq=1)

    html = client.get(f"/quizzes/attempts/{attempt.pk}/").content.decode()

    assert "<strong data-answered-count>1</strong> of 3 questions answered." in html
    assert 'name="action" value="review"' in html
    assert "Check my answers before submitting" in html


def test_someone_elses_review_step_is_not_found(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    client.force_login(factories.participant())
    assert client.get(f"/quizzes/attempts/{attempt.pk}/confirm/").status_code == 404
    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/", {"action": "review", "submit_saved": "1"}
    )
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open


def test_the_review_step_of_a_submitted_attempt_shows_its_result(
    client, participant, quiz
):
    client.force_login(participant)
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", {"submit_saved": "1"})
    response = client.get(f"/quizzes/attempts/{attempt.pk}/confirm/")
    assert response.status_code == 302
    assert response.url == f"/quizzes/attempts/{attempt.pk}/review/"


def test_the_review_step_after_the_time_ran_out_offers_the_result(
    client, participant, module
):
    quiz = make_quiz(module, title="Timed", time_limit_minutes=5)
    client.force_login(participant)
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=2)
    )
    response = client.get(f"/quizzes/attempts/{attempt.pk}/confirm/")
    assert response.status_code == 200
    assert "See my result" in response.content.decode()
    client.post(f"/quizzes/attempts/{attempt.pk}/", {"submit_saved": "1"})
    attempt.refresh_from_db()
    assert attempt.close_reason == "time_up"


def test_timed_pages_count_down_from_the_servers_seconds(client, participant, module):
    quiz = make_quiz(module, title="Timed", time_limit_minutes=20)
    client.force_login(participant)
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(minutes=9, seconds=5, milliseconds=500)
    )
    attempt.refresh_from_db()
    for url in (
        f"/quizzes/attempts/{attempt.pk}/",
        f"/quizzes/attempts/{attempt.pk}/confirm/",
    ):
        html = client.get(url).content.decode()
        match = re.search(r'data-seconds-left="(\d+)"[^>]*>([^<]+)<', html)
        assert match, url
        seconds = int(match.group(1))
        assert 540 <= seconds <= 545
        assert match.group(2) == f"{seconds // 60}:{seconds % 60:02d}"
        deadline = timezone.localtime(attempt.deadline)
        until = formats.time_format(deadline, "TIME_FORMAT")
        assert f"(until {until})" in html
