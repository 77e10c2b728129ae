"""Each kind of bad input from the issue gets a clear response and stores nothing wrong."""

import json
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from assessments import services
from assessments.models import Attempt
from tests import factories
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import (
    autosave,
    correct_answers,
    form_data,
    start,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    autosave(client, attempt, wrong_answers(attempt), seq=1)
    attempt.refresh_from_db()
    return attempt


def _single(attempt):
    return next(q for q in attempt.content.questions.values() if q.kind == "single")


def _unchanged(attempt):
    before = attempt.answers
    attempt.refresh_from_db()
    assert attempt.is_open
    assert attempt.score is None
    assert attempt.answers == before


def _submit(client, attempt, data):
    return client.post(f"/quizzes/attempts/{attempt.pk}/", data)


def test_a_choice_id_that_is_not_an_option(client, attempt):
    question = _single(attempt)
    bad = {question.id: ["not-an-option"]}

    form = _submit(client, attempt, form_data(bad))
    saved = autosave(client, attempt, bad, seq=2)

    assert form.status_code == 400
    assert "not one of the question&#x27;s options" in form.content.decode()
    assert saved.status_code == 400
    assert "not one of the question's options" in saved.json()["error"]
    _unchanged(attempt)


def test_two_choices_for_a_single_choice_question(client, attempt):
    question = _single(attempt)
    bad = {question.id: [o.id for o in question.options[:2]]}

    form = _submit(client, attempt, form_data(bad))
    saved = autosave(client, attempt, bad, seq=2)

    assert form.status_code == 400
    assert "Choose only one option" in form.content.decode()
    assert saved.status_code == 400 and "only one option" in saved.json()["error"]
    _unchanged(attempt)


def test_answers_for_questions_not_in_the_quiz(client, attempt, module):
    other = make_quiz(module, title="Another quiz")
    foreign = next(iter(other.content.questions.values()))
    bad = {foreign.id: [foreign.options[0].id]}

    form = _submit(client, attempt, form_data(bad))
    saved = autosave(client, attempt, bad, seq=2)

    assert form.status_code == 400
    assert "not in this quiz" in form.content.decode()
    assert saved.status_code == 400 and "not in this quiz" in saved.json()["error"]
    _unchanged(attempt)


def test_a_thousand_answers_in_one_request(client, attempt):
    many = {f"question-{n}": ["x"] for n in range(1000)}

    saved = autosave(client, attempt, many, seq=2)
    form = _submit(client, attempt, form_data(many))

    assert saved.status_code == 400
    assert (
        "More answers were sent than this quiz has questions" in saved.json()["error"]
    )
    # Django refuses a form of over 1,000 fields before any view runs, with
    # Harbour's own 400 page.
    assert form.status_code == 400
    assert "nothing was saved" in form.content.decode()
    _unchanged(attempt)


def test_a_huge_autosave_body_is_refused(client, attempt):
    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data=json.dumps({"answers": {}, "seq": 2, "pad": "x" * 70_000}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "too large" in response.json()["error"]
    _unchanged(attempt)


SEQ_MESSAGE = (
    "seq must be a whole number from 0 to 9007199254740991 (it counts this "
    "page's saves); nothing was saved."
)


@pytest.mark.parametrize("seq", ["abc", "12", 1.5, None, True, -3])
def test_text_where_a_number_belongs(client, attempt, seq):
    response = autosave(client, attempt, correct_answers(attempt), seq=seq)
    assert response.status_code == 400
    assert response.json() == {"saved": False, "error": SEQ_MESSAGE}
    _unchanged(attempt)


@pytest.mark.parametrize("seq", [2**63, 2**63 + 1, 10**30])
def test_a_seq_beyond_a_64_bit_number(client, attempt, seq):
    response = autosave(client, attempt, correct_answers(attempt), seq=seq)
    assert response.status_code == 400
    assert response.json() == {"saved": False, "error": SEQ_MESSAGE}
    _unchanged(attempt)
    assert attempt.answers_seq == 1


def test_the_largest_64_bit_seq_does_not_stall_later_saves(client, attempt):
    refused = autosave(client, attempt, correct_answers(attempt), seq=2**63 - 1)
    assert refused.status_code == 400
    assert refused.json()["error"] == SEQ_MESSAGE
    _unchanged(attempt)

    later = autosave(client, attempt, correct_answers(attempt), seq=2)

    assert later.status_code == 200 and later.json()["saved"] is True
    attempt.refresh_from_db()
    assert attempt.answers == correct_answers(attempt)
    assert attempt.answers_seq == 2


def test_the_top_of_the_seq_range_is_accepted(client, attempt):
    top = 2**53 - 1
    assert autosave(client, attempt, {}, seq=top).json()["saved"] is True
    assert autosave(client, attempt, {}, seq=top + 1).status_code == 400
    attempt.refresh_from_db()
    assert attempt.answers_seq == top and attempt.answers == {}


@pytest.mark.parametrize("depth", [6, 5_000, 30_000])
def test_answers_nested_thousands_of_levels_deep(client, attempt, depth):
    question = _single(attempt)
    nested = "[" * depth + '"x"' + "]" * depth
    body = '{"answers": {"' + question.id + '": ' + nested + '}, "seq": 2}'
    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "error": "These answers are nested deeper than a quiz's answers can be; "
        "nothing was saved.",
    }
    _unchanged(attempt)


def test_brackets_inside_an_answer_text_are_not_nesting(client, attempt):
    """Only real nesting counts: brackets and quotes inside strings are text."""
    question = _single(attempt)
    body = json.dumps({"answers": {question.id: ['[[[[[[[[\\"{{{{{{{{']}, "seq": 2})
    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "not one of the question's options" in response.json()["error"]
    _unchanged(attempt)


@pytest.mark.parametrize(
    "url",
    [
        "/quizzes/{big}/start/",
        "/quizzes/attempts/{big}/",
        "/quizzes/attempts/{big}/confirm/",
        "/quizzes/attempts/{big}/answers/",
        "/quizzes/attempts/{big}/review/",
    ],
)
def test_a_30_digit_id_in_the_address(client, attempt, url):
    address = url.format(big="9" * 30)
    response = (
        client.post(address)
        if "start" in url or "answers" in url
        else client.get(address)
    )
    assert response.status_code == 404
    _unchanged(attempt)
    assert Attempt.objects.count() == 1


def test_an_18_digit_id_is_looked_up_and_not_found(client, attempt):
    response = client.post(f"/quizzes/{'9' * 18}/start/")
    assert response.status_code == 404
    assert "not published" in response.content.decode()
    assert client.get(f"/quizzes/attempts/{'9' * 18}/").status_code == 404
    assert Attempt.objects.count() == 1


def test_text_where_an_id_belongs_in_the_address(client, attempt):
    for url in (
        "/quizzes/attempts/abc/",
        "/quizzes/attempts/abc/review/",
        "/quizzes/attempts/1e3/answers/",
    ):
        assert client.get(url).status_code == 404
    assert client.post("/quizzes/abc/start/").status_code == 404
    _unchanged(attempt)


def test_a_body_that_is_not_json(client, attempt):
    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data="answers=1",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "could not be read" in response.json()["error"]
    _unchanged(attempt)


def test_someone_elses_attempt_id(client, attempt):
    intruder = factories.participant()
    client.force_login(intruder)
    answers = correct_answers(attempt)

    responses = [
        client.get(f"/quizzes/attempts/{attempt.pk}/"),
        _submit(client, attempt, form_data(answers)),
        autosave(client, attempt, answers, seq=99),
        client.get(f"/quizzes/attempts/{attempt.pk}/review/"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    _unchanged(attempt)


def test_a_submission_without_a_csrf_token(attempt, participant):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(participant)
    answers = correct_answers(attempt)

    form = strict.post(f"/quizzes/attempts/{attempt.pk}/", form_data(answers))
    saved = strict.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data=json.dumps({"answers": answers, "seq": 5}),
        content_type="application/json",
    )
    started = strict.post(f"/quizzes/{attempt.quiz_id}/start/")

    assert form.status_code == saved.status_code == started.status_code == 403
    _unchanged(attempt)
    assert Attempt.objects.count() == 1


def test_a_submission_with_the_pages_csrf_token_works(participant, quiz):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(participant)
    page = strict.get(quiz.url).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = strict.post(f"/quizzes/{quiz.pk}/start/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    attempt = Attempt.objects.get()
    saved = strict.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data=json.dumps({"answers": {}, "seq": 1}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 200


def test_a_submission_after_the_deadline(client, participant, module):
    quiz = make_quiz(module, title="Timed", time_limit_minutes=10)
    client.force_login(participant)
    attempt = start(client, quiz)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)
    autosave(client, attempt, wrong_answers(attempt), seq=1)
    # Time passes: 10 minutes and a minute more than the grace.
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=11),
        deadline=timezone.now() - timedelta(minutes=1),
    )

    late_save = autosave(client, attempt, correct_answers(attempt), seq=2)
    late_submit = _submit(client, attempt, form_data(correct_answers(attempt)))

    assert late_save.status_code == 409
    assert "Time is up" in late_save.json()["error"]
    assert late_submit.status_code == 302
    attempt.refresh_from_db()
    assert attempt.close_reason == "time_up"
    assert attempt.answers == wrong_answers(attempt)  # the autosave, not the late form
    assert attempt.percent == 0
    review = client.get(late_submit.url).content.decode()
    assert "when the time ran out" in review


def test_answers_within_the_grace_still_count(client, participant, module):
    quiz = make_quiz(module, title="Timed", time_limit_minutes=5)
    client.force_login(participant)
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=10)
    )
    _submit(client, attempt, form_data(correct_answers(attempt)))
    attempt.refresh_from_db()
    assert attempt.close_reason == "submitted" and attempt.percent == 100


def test_a_deadline_the_browser_claims_changes_nothing(client, participant, module):
    quiz = make_quiz(module, title="Timed", time_limit_minutes=5)
    client.force_login(participant)
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=2)
    )
    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data=json.dumps(
            {"answers": correct_answers(attempt), "seq": 3, "deadline": "2099-01-01"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 409
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.percent == 0


def test_starting_a_draft_or_unpublished_quiz(client, participant, module):
    draft = make_quiz(module, title="Draft quiz", publish=False)
    withdrawn = make_quiz(module, title="Withdrawn quiz")
    withdrawn.unpublish()
    client.force_login(participant)

    for quiz in (draft, withdrawn):
        response = client.post(f"/quizzes/{quiz.pk}/start/")
        assert response.status_code == 404
        assert "not published" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_submitting_to_a_quiz_unpublished_meanwhile(client, attempt):
    attempt.quiz.unpublish()

    form = _submit(client, attempt, form_data(correct_answers(attempt)))
    saved = autosave(client, attempt, correct_answers(attempt), seq=9)

    assert form.status_code == 409 and "not published" in form.content.decode()
    assert saved.status_code == 409 and "not published" in saved.json()["error"]
    _unchanged(attempt)


def test_two_starts_in_parallel_race_to_one_attempt(participant, quiz):
    """The second start loses the race at the database constraint and reuses the first."""
    first = services.attempt_start(participant=participant, quiz=quiz)
    real = Attempt.objects.open

    def blind_open():
        # Pretend the check ran before the other request's insert was visible.
        qs = real()
        return qs.none() if not blind_open.called else qs

    blind_open.called = False

    def open_once():
        result = blind_open()
        blind_open.called = True
        return result

    with mock.patch.object(Attempt.objects, "open", side_effect=open_once):
        second = services.attempt_start(participant=participant, quiz=quiz)

    assert second.pk == first.pk
    assert Attempt.objects.filter(participant=participant, quiz=quiz).count() == 1


def test_the_database_refuses_a_second_open_attempt(participant, quiz):
    from django.db import IntegrityError, transaction

    first = services.attempt_start(participant=participant, quiz=quiz)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            participant=participant, quiz=quiz, revision=first.revision
        )


@pytest.mark.django_db(transaction=True)
def test_two_starts_from_two_threads(participant, quiz):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ":memory:"
    ):
        pytest.skip("threads need a file database")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def go():
        from django.db import connections

        try:
            barrier.wait(timeout=5)
            results.append(
                services.attempt_start(participant=participant, quiz=quiz).pk
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert Attempt.objects.filter(participant=participant, quiz=quiz).count() == 1
