"""Taking a quiz in a real browser: autosave, resume after reload, submit, review."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Attempt
from courses.models import CourseIndexPage
from tests import factories
from tests.assessments.conftest import (
    default_questions,
    make_course,
    make_quiz,
    scenario,
)
from tests.e2e.conftest import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiz(home_page):
    index = CourseIndexPage(title="Courses", slug="courses")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    course = make_course(index, title="Identifying victims")
    module = course.get_children().first()
    return make_quiz(
        module,
        title="Module quiz",
        questions=[
            *default_questions(),
            scenario(case="Ravi's employer keeps his passport."),
        ],
        time_limit_minutes=30,
    )


def test_answer_reload_resume_submit_and_review(page, live_server, quiz):
    factories.participant(email="taker@example.org", password="a-long-passphrase")
    sign_in(page, live_server, "taker@example.org", "a-long-passphrase")

    page.goto(live_server.url + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    assert serious_violations(page) == []
    attempt = Attempt.objects.get()

    # Answer the first question: the script saves it without a submit.
    first = next(iter(attempt.content.questions.values()))
    right = next(o for o in first.options if o.correct)
    page.get_by_label(right.text, exact=True).first.check()
    expect(page.locator("[data-save-status]")).to_contain_text("saved at")
    attempt.refresh_from_db()
    assert attempt.answers == {first.id: [right.id]}

    # A reload (or a dropped connection) resumes where the participant was.
    page.reload()
    assert page.locator(f"input[value='{right.id}']").is_checked()

    # Answer everything correctly and submit with the plain form.
    for question in attempt.content.questions.values():
        for option in question.options:
            if option.correct:
                page.locator(
                    f"input[name='q-{question.id}'][value='{option.id}']"
                ).check()
    page.get_by_role("button", name="Check my answers before submitting").click()
    page.wait_for_url(re.compile(r"/confirm/$"))
    assert "You answered 5 of 5 questions." in page.locator("h2").first.inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(re.compile(r"/review/$"))

    assert "100%" in page.locator(".quiz-result__score").inner_text()
    assert page.get_by_text("Passed", exact=True).first.is_visible()
    assert serious_violations(page) == []
    attempt.refresh_from_db()
    assert attempt.percent == 100 and not attempt.is_open


def test_quiz_attempt_is_readable_on_a_phone(phone_page, live_server, quiz):
    factories.participant(email="phone-taker@example.org", password="a-long-passphrase")
    sign_in(phone_page, live_server, "phone-taker@example.org", "a-long-passphrase")
    phone_page.goto(live_server.url + quiz.url)
    phone_page.get_by_role("button", name="Start the quiz").click()
    phone_page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_a_dropped_connection_saves_once_it_is_back(page, live_server, quiz):
    factories.participant(email="offline@example.org", password="a-long-passphrase")
    sign_in(page, live_server, "offline@example.org", "a-long-passphrase")
    page.goto(live_server.url + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    attempt = Attempt.objects.get()
    question = next(iter(attempt.content.questions.values()))
    option = question.options[1]

    page.context.set_offline(True)
    page.locator(f"input[name='q-{question.id}'][value='{option.id}']").check()
    expect(page.locator("[data-save-status]")).to_contain_text("connection dropped")
    attempt.refresh_from_db()
    assert attempt.answers == {}

    page.context.set_offline(False)
    expect(page.locator("[data-save-status]")).to_contain_text(
        "saved at", timeout=15_000
    )
    attempt.refresh_from_db()
    assert attempt.answers == {question.id: [option.id]}


def test_the_countdown_submits_when_time_is_up(page, live_server, quiz):
    from datetime import timedelta

    from django.utils import timezone

    person = factories.participant(
        email="timer@example.org", password="a-long-passphrase"
    )
    sign_in(page, live_server, "timer@example.org", "a-long-passphrase")
    from assessments.services import attempt_start

    attempt = attempt_start(participant=person, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(seconds=3)
    )

    page.goto(f"{live_server.url}/quizzes/attempts/{attempt.pk}/")
    page.wait_for_url(re.compile(r"/review/$"), timeout=15_000)

    attempt.refresh_from_db()
    assert not attempt.is_open
    assert "Your result" in page.locator("h1").inner_text()
