"""Scoring is pure: unit tests for each rule, property tests for its invariants."""

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.exceptions import InvalidAnswers
from assessments.scoring import MULTIPLE, SINGLE, TRUE_FALSE, Question

SINGLE_Q = Question("s", SINGLE, 1, ("a", "b", "c"), frozenset({"a"}))
MULTI_Q = Question("m", MULTIPLE, 2, ("a", "b", "c", "d"), frozenset({"a", "b"}))
TF_Q = Question("t", TRUE_FALSE, 1, ("true", "false"), frozenset({"false"}))


def test_single_choice_scores_all_or_nothing():
    assert scoring.question_score(SINGLE_Q, ["a"]) == 1
    assert scoring.question_score(SINGLE_Q, ["b"]) == 0
    assert scoring.question_score(SINGLE_Q, []) == 0


def test_true_false():
    assert scoring.question_score(TF_Q, ["false"]) == 1
    assert scoring.question_score(TF_Q, ["true"]) == 0


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["a", "b"], Fraction(2)),  # both correct: full points
        (["a"], Fraction(1)),  # one of two correct: half
        (["a", "c"], Fraction(0)),  # one right, one wrong: they cancel
        (["a", "b", "c"], Fraction(1)),  # all right plus one wrong
        (["c", "d"], Fraction(0)),  # only wrong: never below zero
        (["a", "b", "c", "d"], Fraction(0)),  # ticking everything earns nothing
    ],
)
def test_multiple_choice_partial_credit_rule(chosen, expected):
    assert scoring.question_score(MULTI_Q, chosen) == expected


def test_partial_credit_rule_is_stated_in_the_admin_help_text():
    from assessments.blocks import PARTIAL_CREDIT_RULE, MultipleChoiceBlock

    assert MultipleChoiceBlock().meta.help_text == PARTIAL_CREDIT_RULE
    assert "never scores below zero" in str(PARTIAL_CREDIT_RULE)


def test_score_percent_and_pass_mark():
    result = scoring.score([SINGLE_Q, MULTI_Q, TF_Q], {"s": ["a"], "m": ["a"]})
    assert result.score == 2
    assert result.max_score == 4
    assert result.percent == 50
    assert result.passed(50) and not result.passed(51)


def test_exact_fractions_round_half_up_for_storage():
    third = Question("x", MULTIPLE, 1, ("a", "b", "c"), frozenset({"a", "b", "c"}))
    result = scoring.score([third], {"x": ["a"]})
    assert result.score == Fraction(1, 3)
    assert scoring.to_decimal(result.percent) == scoring.to_decimal(Fraction(100, 3))
    assert str(scoring.to_decimal(result.percent)) == "33.33"


def test_clean_answers_is_canonical_and_drops_empty():
    cleaned = scoring.clean_answers(
        [SINGLE_Q, MULTI_Q], {"m": ["b", "a", "a"], "s": []}
    )
    assert cleaned == {"m": ["a", "b"]}


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"s": ["zzz"]}, "not one of the question's options"),
        ({"s": ["a", "b"]}, "only one option"),
        ({"nope": ["a"]}, "not in this quiz"),
        ({"s": 5}, "list of option ids"),
        ({"s": ["a"], "m": ["a"], "t": ["true"], "x": ["a"]}, "More answers"),
        ([], "question"),
    ],
)
def test_clean_answers_refuses_what_does_not_fit(raw, words):
    with pytest.raises(InvalidAnswers) as error:
        scoring.clean_answers([SINGLE_Q, MULTI_Q, TF_Q], raw)
    assert words in error.value.message


# --- properties -----------------------------------------------------------------

ids = st.text(alphabet="abcdefgh", min_size=1, max_size=4)


@st.composite
def questions_and_answers(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    questions, answers = [], {}
    for n in range(count):
        kind = draw(st.sampled_from([SINGLE, MULTIPLE, TRUE_FALSE]))
        if kind == TRUE_FALSE:
            options = ("true", "false")
        else:
            options = tuple(draw(st.lists(ids, min_size=2, max_size=6, unique=True)))
        if kind == MULTIPLE:
            correct = frozenset(
                draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
            )
        else:
            correct = frozenset({draw(st.sampled_from(options))})
        question = Question(f"q{n}", kind, draw(st.integers(1, 10)), options, correct)
        questions.append(question)
        # Any subset of options (even invalid for single choice): scoring must
        # stay within bounds whatever it is given.
        answers[question.id] = draw(
            st.lists(st.sampled_from(options + ("stray",)), unique=True)
        )
    return questions, answers


@settings(max_examples=200, deadline=None)
@given(questions_and_answers())
def test_score_is_never_above_the_maximum_nor_below_zero(data):
    questions, answers = data
    result = scoring.score(questions, answers)
    assert 0 <= result.score <= result.max_score
    assert 0 <= result.percent <= 100
    for question in questions:
        assert 0 <= result.by_question[question.id] <= question.points


@settings(max_examples=200, deadline=None)
@given(questions_and_answers(), st.randoms(use_true_random=False))
def test_shuffling_questions_and_options_never_changes_the_score(data, rnd):
    questions, answers = data
    shuffled = []
    for q in questions:
        options = list(q.option_ids)
        rnd.shuffle(options)
        shuffled.append(Question(q.id, q.kind, q.points, tuple(options), q.correct_ids))
    rnd.shuffle(shuffled)
    shuffled_answers = {}
    for key in rnd.sample(list(answers), len(answers)):
        chosen = list(answers[key])
        rnd.shuffle(chosen)
        shuffled_answers[key] = chosen
    assert scoring.score(shuffled, shuffled_answers).score == (
        scoring.score(questions, answers).score
    )


@settings(max_examples=100, deadline=None)
@given(questions_and_answers())
def test_full_marks_for_exactly_the_correct_options(data):
    questions, _ = data
    perfect = {q.id: sorted(q.correct_ids) for q in questions}
    assert scoring.score(questions, perfect).score == sum(q.points for q in questions)


@pytest.mark.django_db
def test_layout_shuffle_keeps_scenarios_together():
    from assessments.content import make_layout, public_items, quiz_content
    from assessments.models import QuizPage
    from tests.assessments.conftest import default_questions, scenario

    page = QuizPage(title="x", questions=[*default_questions(), scenario()])
    content = quiz_content(page.questions)
    layout = make_layout(
        content, shuffle_questions=True, shuffle_options=True, rng=random.Random(3)
    )
    items = public_items(content, layout)
    assert sorted(len(i.questions) for i in items) == [1, 1, 1, 2]
    assert [q.number for i in items for q in i.questions] == [1, 2, 3, 4, 5]
    for item in items:
        for q in item.questions:
            assert {o.id for o in q.options} == {
                o.id for o in content.questions[q.id].options
            }
