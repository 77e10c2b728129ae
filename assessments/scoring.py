"""Scoring of quiz answers: pure functions over plain data, no database.

A question is identified by a stable id and its options by stable ids; an
answer maps a question id to the list of option ids chosen. Scores are exact
fractions, so the order in which questions or options are added up (shuffling)
can never change a result.

Rules:
- single choice and true/false: full points for the correct option, else 0;
- multiple choice (partial credit): each correct option chosen earns
  ``points / number of correct options``, each wrong option chosen takes the
  same share away, and a question never scores below zero (nor above its points).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .exceptions import InvalidAnswers

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
ONE_ANSWER_KINDS = frozenset({SINGLE, TRUE_FALSE})


@dataclass(frozen=True)
class Question:
    """What scoring needs of a question: ids, kind, points and the correct option ids."""

    id: str
    kind: str
    points: int
    option_ids: tuple[str, ...]
    correct_ids: frozenset[str]


@dataclass(frozen=True)
class Result:
    """The score of a set of answers against a set of questions."""

    score: Fraction
    max_score: int
    by_question: Mapping[str, Fraction] = field(default_factory=dict)

    @property
    def percent(self) -> Fraction:
        return percent(self.score, self.max_score)

    def passed(self, pass_mark: int) -> bool:
        return passed(self.score, self.max_score, pass_mark)


def question_score(question: Question, chosen: Iterable[str]) -> Fraction:
    """Points earned on one question by the chosen option ids."""
    chosen_set = set(chosen) & set(question.option_ids)
    if not chosen_set or not question.correct_ids:
        return Fraction(0)
    if question.kind in ONE_ANSWER_KINDS:
        if len(chosen_set) != 1:
            return Fraction(0)
        return (
            Fraction(question.points)
            if chosen_set <= question.correct_ids
            else Fraction(0)
        )
    share = Fraction(question.points, len(question.correct_ids))
    right = len(chosen_set & question.correct_ids)
    wrong = len(chosen_set - question.correct_ids)
    earned = share * (right - wrong)
    return max(Fraction(0), min(Fraction(question.points), earned))


def score(
    questions: Sequence[Question], answers: Mapping[str, Sequence[str]]
) -> Result:
    """Score answers (question id -> chosen option ids) against the questions."""
    by_question = {q.id: question_score(q, answers.get(q.id, ())) for q in questions}
    return Result(
        score=sum(by_question.values(), Fraction(0)),
        max_score=sum(q.points for q in questions),
        by_question=by_question,
    )


def percent(score_: Fraction, max_score: int) -> Fraction:
    """Score as a percentage of the maximum (0 when the maximum is 0)."""
    if not max_score:
        return Fraction(0)
    return Fraction(score_) * 100 / max_score


def passed(score_: Fraction, max_score: int, pass_mark: int) -> bool:
    """True when the exact percentage reaches the pass mark."""
    return percent(score_, max_score) >= pass_mark


def to_decimal(value: Fraction, places: int = 2) -> Decimal:
    """A fraction rounded half-up to a Decimal for storage and display."""
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )


def clean_answers(questions: Sequence[Question], raw: object) -> dict[str, list[str]]:
    """Check raw answers against the questions and return them in canonical form.

    Raises InvalidAnswers (with a message for the participant) for anything
    that is not an answer to this quiz, so a bad request stores nothing.
    Unanswered questions are simply left out.
    """
    if not isinstance(raw, Mapping):
        raise InvalidAnswers(_("Answers must be sent as question → options."))
    if len(raw) > len(questions):
        raise InvalidAnswers(
            _("More answers were sent than this quiz has questions; nothing was saved.")
        )
    by_id = {q.id: q for q in questions}
    cleaned: dict[str, list[str]] = {}
    for question_id, value in raw.items():
        question = by_id.get(question_id) if isinstance(question_id, str) else None
        if question is None:
            raise InvalidAnswers(
                _("An answer refers to a question that is not in this quiz.")
            )
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) for v in value
        ):
            raise InvalidAnswers(_("An answer must be a list of option ids."))
        chosen = list(dict.fromkeys(value))
        if len(chosen) > len(question.option_ids):
            raise InvalidAnswers(
                _("More options were chosen than the question has; nothing was saved.")
            )
        unknown = [v for v in chosen if v not in question.option_ids]
        if unknown:
            raise InvalidAnswers(
                _("An answer is not one of the question's options; nothing was saved.")
            )
        if question.kind in ONE_ANSWER_KINDS and len(chosen) > 1:
            raise InvalidAnswers(
                _("Choose only one option for a single-choice question.")
            )
        if chosen:
            # Canonical order: the question's own, so stored answers never
            # depend on the order a browser sent them in.
            cleaned[question_id] = [o for o in question.option_ids if o in chosen]
    return cleaned
