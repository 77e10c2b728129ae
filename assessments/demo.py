"""Demo data owned by the assessments app (see lms/management/commands/seed_demo.py).

Loads assessments/demo_data/quizzes.json: a pre-test and a post-test (the same
ten questions) under the demo course and a five-question quiz at the end of
each of its modules, created and published through Wagtail's API; then their
Spanish translations from quizzes.es.json (the same keys and block order, only
the text translated), made with wagtail-localize under the Spanish course, so
each translation keeps the source's answer key and question ids. Also the
function the cohorts demo uses to let a participant take a quiz with a chosen
number of right answers. Idempotent: a quiz already there (found by its slug
under its parent), or its translation, is left as it is.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from wagtail.models import Locale

from courses import demo as courses_demo
from courses.models import ModulePage

from .models import Attempt, QuizPage
from .services import attempt_start, attempt_submit

DATA = Path(__file__).resolve().parent / "demo_data"


@cache
def content(language: str = "en") -> dict:
    """The demo quizzes as written in quizzes.json (quizzes.<language>.json)."""
    name = "quizzes.json" if language == "en" else f"quizzes.{language}.json"
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _stream(blocks: list[dict]) -> list[tuple[str, object]]:
    """StreamField data from quizzes.json blocks (a scenario nests its questions)."""
    stream = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "scenario":
            value = dict(value, questions=_stream(value["questions"]))
        stream.append((block["type"], value))
    return stream


def questions(name: str, language: str = "en") -> list[tuple[str, object]]:
    """One named question set of quizzes.json (or a translation), as StreamField data."""
    return _stream(content(language)["question_sets"][name])


def _ensure_quiz(parent, *, slug: str, position: str | None = None, **fields) -> bool:
    """Create and publish the quiz under parent unless it is already there."""
    if QuizPage.objects.child_of(parent).filter(slug=slug).exists():
        return False
    quiz = QuizPage(slug=slug, **fields)
    parent.add_child(instance=quiz)
    quiz.save_revision().publish()
    if position == "first":
        first = parent.get_first_child()
        if first is not None and first.pk != quiz.pk:
            quiz.move(first, pos="left")
    return True


def seed(**_options) -> dict:
    """Seed the demo course's pre-test, post-test and module quizzes; idempotent."""
    course = courses_demo.demo_course()
    if course is None:
        return {}
    modules = {m.slug: m for m in ModulePage.objects.child_of(course)}
    made = []
    for spec in content()["quizzes"]:
        spec = dict(spec)
        parent_slug = spec.pop("parent")
        parent = course if parent_slug == "course" else modules.get(parent_slug)
        if parent is None:
            continue
        spec["questions"] = questions(spec["questions"])
        _ensure_quiz(parent, **spec)
        made.append(spec["kind"])
    # Moving the pre-test first renumbered the tree: read the modules again.
    modules = {m.slug: m for m in ModulePage.objects.child_of(course)}
    for language in courses_demo.TRANSLATIONS:
        _seed_translation(language, course, modules)
    return {
        "lines": [
            f"Quizzes: a pre-test, a post-test and {made.count('module')} module "
            f"quizzes; translated into {', '.join(courses_demo.TRANSLATIONS)}."
        ]
    }


def _seed_translation(language: str, course, modules: dict) -> int:
    """The demo quizzes translated from quizzes.<language>.json."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or course.get_translation_or_none(locale) is None:
        return 0
    made = 0
    for spec in content(language)["quizzes"]:
        spec = dict(spec)
        parent_slug = spec.pop("parent")
        parent = course if parent_slug == "course" else modules.get(parent_slug)
        quiz = (
            QuizPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
            if parent is not None
            else None
        )
        if quiz is None:
            continue
        spec.pop("position", None)
        spec["questions"] = questions(spec["questions"], language)
        made += courses_demo.translate(quiz, QuizPage(**spec), locale)
    return made


def attempt_with_score(
    *, participant, quiz: QuizPage, right: int, started_at: dt.datetime
) -> Attempt:
    """Take the quiz as the participant, answering the first `right` questions
    correctly and the rest wrongly, submitted twelve minutes after starting."""
    attempt = attempt_start(participant=participant, quiz=quiz, now=started_at)
    answers = {}
    for index, question in enumerate(attempt.content.questions.values()):
        correct = [o.id for o in question.options if o.correct]
        wrong = [o.id for o in question.options if not o.correct][:1]
        answers[question.id] = correct if index < right or not wrong else wrong
    return attempt_submit(
        attempt=attempt,
        answers=answers,
        now=started_at + dt.timedelta(minutes=12),
    )
