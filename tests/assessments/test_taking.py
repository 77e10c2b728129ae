"""Taking a quiz through the site: start, answer, autosave, submit, review, results."""

import re

import pytest

from assessments.models import Attempt, QuizKind, ReviewPolicy
from tests import factories
from tests.assessments.conftest import make_quiz, scenario, single, true_false
from tests.assessments.helpers import (
    autosave,
    correct_answers,
    form_data,
    start,
    wrong_answers,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    "FEEDBACK-",
    "EXPLANATION-",
    "correct",
    "Correct answer",
]


def test_quiz_page_shows_instructions_and_a_start_button(client, participant, quiz):
    client.force_login(participant)
    html = client.get(quiz.url).content.decode()
    assert "Answer every question." in html
    assert "Pass mark: 70%" in html
    assert "Start the quiz" in html
    assert f'action="/quizzes/{quiz.pk}/start/"' in html


def test_anonymous_visitors_are_asked_to_sign_in(client, quiz):
    html = client.get(quiz.url).content.decode()
    assert "Sign in to take this quiz" in html
    response = client.post(f"/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302 and "/account/sign-in/" in response.url
    assert Attempt.objects.count() == 0


def test_start_records_the_revision_shown_and_the_cohort(client, participant, quiz):
    from cohorts.models import Cohort, Enrolment

    course = quiz.course()
    cohort = Cohort.objects.create(
        course=course,
        name="Saint Lucia, October",
        country="LC",
        start_date="2026-10-18",
        end_date="2026-10-19",
    )
    Enrolment.objects.create(cohort=cohort, participant=participant)
    client.force_login(participant)

    attempt = start(client, quiz)

    assert attempt.revision_id == quiz.live_revision_id
    assert attempt.cohort == cohort
    assert attempt.deadline is None
    assert attempt.is_open


def test_attempt_page_contains_no_correct_flags_feedback_or_explanations(
    client, participant, module
):
    quiz = make_quiz(
        module,
        title="Secret quiz",
        questions=[
            single(explanation="EXPLANATION-ONE"),
            true_false(explanation="EXPLANATION-TWO"),
            scenario(case="CASE-TEXT"),
        ],
    )
    client.force_login(participant)
    attempt = start(client, quiz)

    response = client.get(f"/quizzes/attempts/{attempt.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "CASE-TEXT" in html  # the case is part of the question
    for secret in SECRETS:
        assert secret not in html, secret
    # Option ids are random uuids: nothing in their order or names gives the answer.
    for question in attempt.content.questions.values():
        for option in question.options:
            assert f'value="{option.id}"' in html
    # The quiz page and the preview don't leak either.
    quiz_html = client.get(quiz.url).content.decode()
    for secret in SECRETS:
        assert secret not in quiz_html, secret


def test_answers_are_autosaved_and_a_reload_resumes_them(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    answers = correct_answers(attempt)
    first_qid = next(iter(answers))

    response = autosave(client, attempt, {first_qid: answers[first_qid]}, seq=5)

    assert response.status_code == 200 and response.json()["saved"] is True
    attempt.refresh_from_db()
    assert attempt.answers == {first_qid: answers[first_qid]}
    # Reload: the page ticks the saved answer.
    html = client.get(f"/quizzes/attempts/{attempt.pk}/").content.decode()
    option_id = answers[first_qid][0]
    assert re.search(rf'value="{option_id}"[^>]*checked', html)
    # Starting again resumes the same attempt.
    assert start(client, quiz).pk == attempt.pk


def test_an_older_autosave_arriving_late_never_overwrites_a_newer_one(
    client, participant, quiz
):
    client.force_login(participant)
    attempt = start(client, quiz)
    right, wrong = correct_answers(attempt), wrong_answers(attempt)

    autosave(client, attempt, right, seq=20)
    response = autosave(client, attempt, wrong, seq=10)

    assert response.status_code == 200 and response.json()["saved"] is False
    attempt.refresh_from_db()
    assert attempt.answers == right


def test_submit_scores_on_the_server_and_shows_the_review(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)

    response = client.post(
        f"/quizzes/attempts/{attempt.pk}/", form_data(correct_answers(attempt))
    )

    assert response.status_code == 302
    assert response.url == f"/quizzes/attempts/{attempt.pk}/review/"
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent) == (4, 4, 100)
    assert attempt.passed is True and attempt.close_reason == "submitted"
    html = client.get(response.url).content.decode()
    assert "100%" in html and "Passed" in html
    # Policy "after each attempt": correct answers, feedback and explanation.
    assert "Correct answer" in html
    assert "FEEDBACK-RIGHT-A" in html
    assert "EXPLANATION-SINGLE" in html


def test_partial_credit_shows_in_the_review(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    multi = next(q for q in attempt.content.questions.values() if q.kind == "multiple")
    one_right = [next(o.id for o in multi.options if o.correct)]

    client.post(f"/quizzes/attempts/{attempt.pk}/", form_data({multi.id: one_right}))

    attempt.refresh_from_db()
    assert attempt.score == 1 and attempt.percent == 25 and attempt.passed is False
    html = client.get(f"/quizzes/attempts/{attempt.pk}/review/").content.decode()
    assert "Partly correct" in html and "Not passed" in html


def test_double_submit_stores_one_result_and_shows_the_same_review(
    client, participant, quiz
):
    client.force_login(participant)
    attempt = start(client, quiz)
    url = f"/quizzes/attempts/{attempt.pk}/"

    first = client.post(url, form_data(correct_answers(attempt)))
    second = client.post(url, form_data(wrong_answers(attempt)))  # second tab

    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert Attempt.objects.filter(participant=participant).count() == 1
    review = client.get(first.url)
    assert review.status_code == 200 and "100%" in review.content.decode()


def test_a_conditional_update_closes_an_attempt_only_once(participant, quiz):
    """Two submits that both read the attempt as open: only the first one counts."""
    from assessments import services

    attempt = services.attempt_start(participant=participant, quiz=quiz)
    stale_copy = Attempt.objects.get(pk=attempt.pk)  # read before either submit
    services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))

    result = services.attempt_submit(
        attempt=stale_copy, answers=wrong_answers(stale_copy)
    )

    assert result.percent == 100
    assert Attempt.objects.get(pk=attempt.pk).percent == 100


def test_passing_a_module_quiz_completes_the_module(client, participant, quiz, module):
    from courses.selectors import module_progress_for_users

    client.force_login(participant)
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", form_data(wrong_answers(attempt)))
    progress = module_progress_for_users(
        course=quiz.course(), user_ids=[participant.pk]
    )
    assert module.pk not in progress[participant.pk].completed_module_ids

    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", form_data(correct_answers(attempt)))

    progress = module_progress_for_users(
        course=quiz.course(), user_ids=[participant.pk]
    )
    assert module.pk in progress[participant.pk].completed_module_ids


def test_passing_a_pre_test_completes_no_module(client, participant, pre_test, module):
    from courses.selectors import module_progress_for_users

    client.force_login(participant)
    attempt = start(client, pre_test)
    client.post(f"/quizzes/attempts/{attempt.pk}/", form_data(correct_answers(attempt)))
    progress = module_progress_for_users(
        course=pre_test.course(), user_ids=[participant.pk]
    )
    assert progress[participant.pk].done == 0


def test_editing_the_quiz_never_changes_a_past_score_or_review(
    client, participant, quiz
):
    client.force_login(participant)
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", form_data(correct_answers(attempt)))
    before = client.get(f"/quizzes/attempts/{attempt.pk}/review/").content.decode()

    # The author rewrites the first question: its right answer becomes another
    # option, and its text changes; the pass mark goes up.
    edited = type(quiz).objects.get(pk=quiz.pk)
    first = edited.questions[0]
    for item in first.value["options"]:
        item["correct"] = (
            not item["correct"] if item["text"] != "Wrong answer" else True
        )
        item["text"] = item["text"] + " (rewritten)"
    edited.questions[0].value["options"][0]["correct"] = False
    edited.pass_mark = 100
    edited.save_revision().publish()

    attempt.refresh_from_db()
    after = client.get(f"/quizzes/attempts/{attempt.pk}/review/").content.decode()
    assert attempt.percent == 100 and attempt.passed is True
    assert "(rewritten)" not in after
    # The main content only: the footer's language switch carries a fresh CSRF
    # token on every page.
    assert (
        before.split("<main")[1].split("</main>")[0]
        == (after.split("<main")[1].split("</main>")[0])
    )


def test_attempt_limit_is_enforced_on_the_server(client, participant, module):
    quiz = make_quiz(module, title="Two tries", max_attempts=2)
    client.force_login(participant)
    for _ in range(2):
        attempt = start(client, quiz)
        client.post(
            f"/quizzes/attempts/{attempt.pk}/", form_data(wrong_answers(attempt))
        )

    response = client.post(f"/quizzes/{quiz.pk}/start/", follow=True)

    assert "You have used all the attempts this quiz allows." in (
        response.content.decode()
    )
    assert Attempt.objects.filter(quiz=quiz).count() == 2
    page = client.get(quiz.url).content.decode()
    assert "Start a new attempt" not in page
    assert "You have used all 2 attempts this quiz allows." in page


def test_review_policy_never_hides_answers_and_feedback(client, participant, module):
    quiz = make_quiz(
        module, title="Pre", kind=QuizKind.PRE_TEST, show_answers=ReviewPolicy.NEVER
    )
    client.force_login(participant)
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", form_data(wrong_answers(attempt)))

    html = client.get(f"/quizzes/attempts/{attempt.pk}/review/").content.decode()

    assert "Incorrect" in html
    assert "are not shown for this attempt" in html
    for secret in ["FEEDBACK-", "EXPLANATION-", 'badge--ok">Correct answer']:
        assert secret not in html


def test_review_after_pass_or_last_attempt(client, participant, module):
    quiz = make_quiz(
        module,
        title="Final",
        max_attempts=2,
        show_answers=ReviewPolicy.AFTER_LAST_OR_PASS,
    )
    client.force_login(participant)
    first = start(client, quiz)
    client.post(f"/quizzes/attempts/{first.pk}/", form_data(wrong_answers(first)))
    review = f"/quizzes/attempts/{first.pk}/review/"
    assert "FEEDBACK-" not in client.get(review).content.decode()

    second = start(client, quiz)
    # While another attempt is open, no earlier review shows answers.
    assert "FEEDBACK-" not in client.get(review).content.decode()
    client.post(f"/quizzes/attempts/{second.pk}/", form_data(wrong_answers(second)))

    assert "FEEDBACK-" in client.get(review).content.decode()  # last attempt used


def test_my_results_lists_the_participants_own_attempts(client, participant, quiz):
    other = factories.participant()
    client.force_login(other)
    start(client, quiz)
    client.force_login(participant)
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.pk}/", form_data(correct_answers(attempt)))

    html = client.get("/quizzes/my-results/").content.decode()

    assert "My results" in html and "Module quiz" in html and "100%" in html
    assert f"/quizzes/attempts/{attempt.pk}/review/" in html
    assert html.count("<tr>") == 2  # header + one attempt, not the other person's


def test_enrolled_only_quiz_needs_an_enrolment(client, participant, course_index):
    from tests.assessments.conftest import make_course

    private = make_course(course_index, title="Private", enrolled_only=True)
    quiz = make_quiz(private, title="Private pre-test", kind=QuizKind.PRE_TEST)
    client.force_login(participant)

    page = client.get(quiz.url)
    response = client.post(f"/quizzes/{quiz.pk}/start/")

    assert page.status_code == 403 and response.status_code == 403
    assert "enrolled" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_pages_carry_no_inline_script_or_style(client, participant, quiz):
    client.force_login(participant)
    attempt = start(client, quiz)
    for url in (quiz.url, f"/quizzes/attempts/{attempt.pk}/", "/quizzes/my-results/"):
        html = client.get(url).content.decode()
        assert (
            "<script>" not in html
            and " style=" not in html
            and " on" + "click=" not in html
        )
