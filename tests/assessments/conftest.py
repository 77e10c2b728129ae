"""Fixtures for the assessments tests: a small course tree and quizzes in it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.models import Attempt, QuizKind, QuizPage
from courses.models import CourseIndexPage, CoursePage, ModulePage


def option(text: str, correct: bool = False, feedback: str = "") -> dict:
    return {"text": text, "correct": correct, "feedback": feedback}


def single(prompt="Which one?", points=1, options=None, explanation="") -> tuple:
    return (
        "single_choice",
        {
            "prompt": prompt,
            "points": points,
            "explanation": explanation,
            "options": options
            or [
                option("Right answer", True, "FEEDBACK-RIGHT-A"),
                option("Wrong answer", False, "FEEDBACK-WRONG-B"),
                option("Another wrong answer", False, "FEEDBACK-WRONG-C"),
            ],
        },
    )


def multiple(prompt="Which ones?", points=2, options=None, explanation="") -> tuple:
    return (
        "multiple_choice",
        {
            "prompt": prompt,
            "points": points,
            "explanation": explanation,
            "options": options
            or [
                option("First right", True, "FEEDBACK-M1"),
                option("Second right", True, "FEEDBACK-M2"),
                option("First wrong", False, "FEEDBACK-M3"),
                option("Second wrong", False, "FEEDBACK-M4"),
            ],
        },
    )


def true_false(prompt="It is true.", correct="true", points=1, explanation="") -> tuple:
    return (
        "true_false",
        {
            "prompt": prompt,
            "correct_answer": correct,
            "feedback_if_true": "FEEDBACK-TF-TRUE",
            "feedback_if_false": "FEEDBACK-TF-FALSE",
            "points": points,
            "explanation": explanation,
        },
    )


def scenario(case="A case.", questions=None) -> tuple:
    return (
        "scenario",
        {"case": case, "questions": questions or [single(), true_false()]},
    )


def default_questions() -> list:
    """Single choice (1 point), multiple choice (2 points), true/false (1 point)."""
    return [
        single(explanation="EXPLANATION-SINGLE"),
        multiple(explanation="EXPLANATION-MULTIPLE"),
        true_false(explanation="EXPLANATION-TF"),
    ]


def make_quiz(
    parent,
    *,
    title="Quiz",
    kind=QuizKind.MODULE_QUIZ,
    questions=None,
    publish=True,
    **fields,
) -> QuizPage:
    quiz = QuizPage(
        title=title,
        kind=kind,
        instructions="<p>Answer every question.</p>",
        questions=questions if questions is not None else default_questions(),
        live=publish,
        **fields,
    )
    parent.add_child(instance=quiz)
    revision = quiz.save_revision()
    if publish:
        revision.publish()
        quiz.refresh_from_db()
    return quiz


def make_course(
    parent, *, title="Course", enrolled_only=False, modules=1
) -> CoursePage:
    course = CoursePage(title=title, summary="A course.", enrolled_only=enrolled_only)
    parent.add_child(instance=course)
    course.save_revision().publish()
    for n in range(1, modules + 1):
        module = ModulePage(title=f"{title} module {n}", summary="A module.")
        course.add_child(instance=module)
        module.save_revision().publish()
    return course


def submitted_attempt(quiz, user, *, percent, passed=None, when=None) -> Attempt:
    """A scored attempt written directly, for selector tests."""
    when = when or timezone.now()
    return Attempt.objects.create(
        participant=user,
        quiz=quiz,
        revision=quiz.live_revision,
        started_at=when,
        submitted_at=when,
        score=percent,
        max_score=100,
        percent=percent,
        passed=passed if passed is not None else percent >= quiz.pass_mark,
        close_reason="submitted",
    )


@pytest.fixture
def course_index(home_page) -> CourseIndexPage:
    index = CourseIndexPage(title="Courses", slug="courses")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def course(course_index) -> CoursePage:
    return make_course(course_index, modules=1)


@pytest.fixture
def module(course) -> ModulePage:
    return ModulePage.objects.child_of(course).first()


@pytest.fixture
def quiz(module) -> QuizPage:
    """A published module quiz: 3 questions, 4 points, pass mark 70 %."""
    return make_quiz(module, title="Module quiz")


@pytest.fixture
def pre_test(course) -> QuizPage:
    return make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)


@pytest.fixture
def post_test(course) -> QuizPage:
    return make_quiz(course, title="Post-test", kind=QuizKind.POST_TEST)
