"""Plain projections of a quiz's questions, made once from a StreamField value.

``QuizContent`` holds everything (correct flags, feedback, explanations) and
is used for scoring and for the review. ``public_items`` gives the only view of
the questions the quiz-taking page ever receives: ids, prompts, points and
option texts, nothing else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import scoring

KIND_BY_BLOCK = {
    "single_choice": scoring.SINGLE,
    "multiple_choice": scoring.MULTIPLE,
    "true_false": scoring.TRUE_FALSE,
}


def _true_false_labels() -> dict[str, str]:
    """The two options of a true/false question, in the language being served."""
    return {"true": _("True"), "false": _("False")}


@dataclass(frozen=True)
class OptionContent:
    """An option with its correct flag and feedback (never sent before review)."""

    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionContent:
    """A question with everything needed to score and review it."""

    id: str
    kind: str
    prompt: str
    points: int
    options: tuple[OptionContent, ...]
    explanation: str
    scenario_id: str | None = None

    def for_scoring(self) -> scoring.Question:
        return scoring.Question(
            id=self.id,
            kind=self.kind,
            points=self.points,
            option_ids=tuple(o.id for o in self.options),
            correct_ids=frozenset(o.id for o in self.options if o.correct),
        )

    @property
    def one_answer(self) -> bool:
        return self.kind in scoring.ONE_ANSWER_KINDS


@dataclass(frozen=True)
class ScenarioContent:
    """A case and the ids of its questions, in order."""

    id: str
    case: str
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class QuizContent:
    """A quiz's questions as plain data; ``items`` is the authored top-level order."""

    questions: dict[str, QuestionContent]
    scenarios: dict[str, ScenarioContent]
    items: tuple[str, ...]

    def scoring_questions(self) -> list[scoring.Question]:
        return [q.for_scoring() for q in self.questions.values()]

    @property
    def max_score(self) -> int:
        return sum(q.points for q in self.questions.values())


@dataclass(frozen=True)
class PublicOption:
    """What the quiz-taking page may know of an option."""

    id: str
    text: str


@dataclass(frozen=True)
class PublicQuestion:
    """What the quiz-taking page may know of a question."""

    id: str
    number: int
    kind: str
    prompt: str
    points: int
    options: tuple[PublicOption, ...]

    @property
    def one_answer(self) -> bool:
        return self.kind in scoring.ONE_ANSWER_KINDS


@dataclass(frozen=True)
class PublicItem:
    """A top-level item on the quiz-taking page: a question or a scenario."""

    case: str | None
    questions: tuple[PublicQuestion, ...]


def _question(child_type: str, value, block_id: str, scenario_id=None):
    kind = KIND_BY_BLOCK[child_type]
    if kind == scoring.TRUE_FALSE:
        correct = value["correct_answer"]
        labels = _true_false_labels()
        options = (
            OptionContent(
                "true", labels["true"], correct == "true", value["feedback_if_true"]
            ),
            OptionContent(
                "false", labels["false"], correct == "false", value["feedback_if_false"]
            ),
        )
    else:
        options = tuple(
            OptionContent(
                id=str(bound.id),
                text=bound.value["text"],
                correct=bool(bound.value["correct"]),
                feedback=bound.value["feedback"] or "",
            )
            for bound in value["options"].bound_blocks
        )
    return QuestionContent(
        id=str(block_id),
        kind=kind,
        prompt=value["prompt"],
        points=int(value["points"] or 1),
        options=options,
        explanation=value["explanation"] or "",
        scenario_id=scenario_id,
    )


def quiz_content(stream_value) -> QuizContent:
    """Project a QuizPage.questions StreamValue onto plain data."""
    # Preparing the value gives every child that has none yet (an unsaved
    # page) its permanent id, the same one that saving will store.
    stream_value.get_prep_value()
    questions: dict[str, QuestionContent] = {}
    scenarios: dict[str, ScenarioContent] = {}
    items: list[str] = []
    for child in stream_value:
        if child.block_type == "scenario":
            sub_ids = []
            for sub in child.value["questions"]:
                question = _question(sub.block_type, sub.value, sub.id, str(child.id))
                questions[question.id] = question
                sub_ids.append(question.id)
            scenarios[str(child.id)] = ScenarioContent(
                id=str(child.id), case=child.value["case"], question_ids=tuple(sub_ids)
            )
        else:
            question = _question(child.block_type, child.value, child.id)
            questions[question.id] = question
        items.append(str(child.id))
    return QuizContent(questions=questions, scenarios=scenarios, items=tuple(items))


def make_layout(
    content: QuizContent, *, shuffle_questions: bool, shuffle_options: bool, rng=None
) -> dict:
    """The order an attempt shows items and options in, fixed when it starts.

    Scenario questions stay together, in their authored order (a case often
    builds up); true/false keeps True before False.
    """
    rng = rng or random.SystemRandom()
    order = list(content.items)
    if shuffle_questions:
        rng.shuffle(order)
    options = {}
    for question in content.questions.values():
        ids = [o.id for o in question.options]
        if shuffle_options and question.kind != scoring.TRUE_FALSE:
            rng.shuffle(ids)
        options[question.id] = ids
    return {"order": order, "options": options}


def public_items(content: QuizContent, layout: dict | None) -> list[PublicItem]:
    """The questions as the quiz-taking page shows them, in the attempt's order."""
    layout = layout or {}
    order = [i for i in layout.get("order", []) if i in _item_ids(content)]
    order += [i for i in content.items if i not in order]
    option_order = layout.get("options", {})
    number = 0
    result = []

    def public(question: QuestionContent) -> PublicQuestion:
        nonlocal number
        number += 1
        by_id = {o.id: o for o in question.options}
        ids = [i for i in option_order.get(question.id, []) if i in by_id]
        ids += [o.id for o in question.options if o.id not in ids]
        return PublicQuestion(
            id=question.id,
            number=number,
            kind=question.kind,
            prompt=question.prompt,
            points=question.points,
            options=tuple(PublicOption(i, by_id[i].text) for i in ids),
        )

    for item_id in order:
        if item_id in content.scenarios:
            scenario = content.scenarios[item_id]
            result.append(
                PublicItem(
                    case=scenario.case,
                    questions=tuple(
                        public(content.questions[q]) for q in scenario.question_ids
                    ),
                )
            )
        else:
            result.append(
                PublicItem(case=None, questions=(public(content.questions[item_id]),))
            )
    return result


def _item_ids(content: QuizContent) -> set[str]:
    return set(content.items)
