"""Reads owned by the assessments app; other apps call these, not the models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from wagtail.models import Page

from courses.translations import source_page

from .content import PublicQuestion, public_items
from .models import Attempt, QuizKind, QuizPage, ReviewPolicy


@dataclass(frozen=True)
class PrePost:
    """One participant's pre-test and post-test percentages and the gain between them."""

    pre_percent: float | None
    post_percent: float | None

    @property
    def gain(self) -> float | None:
        if self.pre_percent is None or self.post_percent is None:
            return None
        return round(self.post_percent - self.pre_percent, 2)


# A quiz and its translations are one test: attempts at any of them are compared
# (and counted) together, by the quiz's translation_key, and their answers by
# question block id, which translations keep from the source (decision 0010).


def _course_quiz_keys(course, kinds: Iterable[str]) -> dict:
    """The translation keys of the course's quizzes of these kinds, with their kind,
    from the course's tree and its source's (a quiz may not be translated yet)."""
    quizzes = QuizPage.objects.descendant_of(course)
    source = source_page(course)
    if source.pk != course.pk:
        quizzes = quizzes | QuizPage.objects.descendant_of(source)
    return dict(
        quizzes.filter(kind__in=list(kinds)).values_list("translation_key", "kind")
    )


def attempts_at_quiz(quiz: QuizPage):
    """Every attempt at the quiz in any of its translations (a QuerySet)."""
    return Attempt.objects.filter(quiz__translation_key=quiz.translation_key)


def attempts_at_course_quizzes(*, course, kinds: Iterable[str]):
    """Every attempt at the course's quizzes of these kinds, in any translation (a
    QuerySet); `course` may be any translation of the course."""
    return Attempt.objects.filter(
        quiz__translation_key__in=list(_course_quiz_keys(course, kinds))
    )


def pre_post_for_users(*, course, user_ids: Iterable[int]) -> dict[int, PrePost]:
    """Each user's pre-test %, post-test % and gain for a course, in two queries.

    Pairing rule (docs/decisions/0002-pre-post-pairing.md):
    - pre-test: the FIRST submitted attempt, because the pre-test measures what
      a person knew on arrival; a retake after seeing the course measures
      something else;
    - post-test: the BEST submitted attempt, the same attempt that decides
      "post-test passed" for certificates, so the dashboard never shows a
      passed participant with a post-test score below the pass mark.
    Every requested user is in the result; values are None where missing.
    """
    user_ids = list(dict.fromkeys(user_ids))
    result = {uid: PrePost(None, None) for uid in user_ids}
    if not user_ids:
        return result
    quizzes = _course_quiz_keys(course, [QuizKind.PRE_TEST, QuizKind.POST_TEST])
    if not quizzes:
        return result
    # A pre-test taken in one language pairs with a post-test taken in another.
    rows = (
        Attempt.objects.submitted()
        .filter(quiz__translation_key__in=list(quizzes), participant_id__in=user_ids)
        .order_by("submitted_at", "pk")
        .values_list("participant_id", "quiz__translation_key", "percent")
    )
    pre: dict[int, Decimal] = {}
    post: dict[int, Decimal] = {}
    for participant_id, quiz_key, percent in rows:
        if percent is None:
            continue
        if quizzes[quiz_key] == QuizKind.PRE_TEST:
            pre.setdefault(participant_id, percent)
        elif participant_id not in post or percent > post[participant_id]:
            post[participant_id] = percent
    for uid in user_ids:
        result[uid] = PrePost(
            pre_percent=float(pre[uid]) if uid in pre else None,
            post_percent=float(post[uid]) if uid in post else None,
        )
    return result


def cohort_average_gain(pre_post: dict[int, PrePost]) -> float | None:
    """Average gain over the participants who have both a pre- and a post-test score."""
    gains = [p.gain for p in pre_post.values() if p.gain is not None]
    if not gains:
        return None
    return round(sum(gains) / len(gains), 1)


def post_test_passed_user_ids(*, course, user_ids: Iterable[int]) -> set[int]:
    """Users with at least one passed, submitted post-test attempt in the course."""
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    quiz_keys = list(_course_quiz_keys(course, [QuizKind.POST_TEST]))
    if not quiz_keys:
        return set()
    return set(
        Attempt.objects.submitted()
        .filter(
            quiz__translation_key__in=quiz_keys,
            participant_id__in=user_ids,
            passed=True,
        )
        .values_list("participant_id", flat=True)
        .distinct()
    )


# --- the participant's own views -------------------------------------------------


@dataclass
class QuizState:
    """What a participant can do on a quiz page right now."""

    attempts: list[Attempt]
    open_attempt: Attempt | None
    used: int
    max_attempts: int
    passed: bool = False
    left: int | None = None
    can_start: bool = False
    reasons: list[str] = field(default_factory=list)


def quiz_state(*, quiz: QuizPage, user) -> QuizState:
    """The participant's attempts at a quiz (in any of its translations) and whether
    they may start another."""
    attempts = list(
        attempts_at_quiz(quiz).filter(participant=user).order_by("started_at")
    )
    open_attempt = next((a for a in attempts if a.is_open), None)
    used = sum(1 for a in attempts if not a.is_open)
    left = None if not quiz.max_attempts else max(0, quiz.max_attempts - used)
    return QuizState(
        attempts=attempts,
        open_attempt=open_attempt,
        used=used,
        max_attempts=quiz.max_attempts,
        passed=any(a.passed for a in attempts),
        left=left,
        can_start=open_attempt is None and (left is None or left > 0),
    )


def attempts_for_participant(user) -> list[Attempt]:
    """A participant's attempts, newest first, with their quizzes (for My results)."""
    return list(
        Attempt.objects.filter(participant=user)
        .select_related("quiz")
        .order_by("-started_at")
    )


def attempt_for_participant(*, attempt_id: int, user) -> Attempt | None:
    """The attempt if it belongs to the user, else None (never someone else's)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Attempt.objects.select_related("quiz", "revision")
        .filter(pk=attempt_id, participant=user)
        .first()
    )


def review_shows_answers(attempt: Attempt) -> bool:
    """Whether the review may show correct answers, feedback and explanations.

    Never while the participant has another attempt open at the same quiz, so
    an earlier review cannot be read alongside a running attempt.
    """
    if attempt.is_open:
        return False
    shown = attempt.shown_quiz
    policy = shown.show_answers
    if policy == ReviewPolicy.NEVER:
        return False
    siblings = list(
        Attempt.objects.filter(
            quiz__translation_key=attempt.quiz.translation_key,
            participant_id=attempt.participant_id,
        ).values_list("submitted_at", "passed")
    )
    if any(submitted is None for submitted, _ in siblings):
        return False
    if policy == ReviewPolicy.AFTER_EACH:
        return True
    if any(passed for _, passed in siblings):
        return True
    limit = shown.max_attempts
    return bool(limit) and len(siblings) >= limit


def quiz_is_live(quiz_id: int) -> bool:
    """True when the quiz page is published."""
    return Page.objects.filter(pk=quiz_id, live=True).exists()


def _done_filter() -> Q:
    # A pre-test records what someone knew on arrival: taking it is what counts.
    return Q(passed=True) | Q(quiz__kind=QuizKind.PRE_TEST)


def quiz_ids_done(*, user, page_ids: Iterable[int]) -> set[int]:
    """The quizzes among `page_ids` the user has passed (a pre-test: submitted), in
    any of their translations; one query."""
    done = (
        Attempt.objects.submitted()
        .filter(_done_filter(), participant=user)
        .values("quiz__translation_key")
    )
    return set(
        QuizPage.objects.filter(
            pk__in=list(page_ids), translation_key__in=done
        ).values_list("pk", flat=True)
    )


def quiz_ids_attempted_not_passed(*, user, page_ids: Iterable[int]) -> set[int]:
    """The quizzes among `page_ids` the user has submitted but not yet passed, in any
    of their translations; one query."""
    submitted = Attempt.objects.submitted().filter(participant=user)
    return set(
        QuizPage.objects.filter(
            pk__in=list(page_ids),
            translation_key__in=submitted.values("quiz__translation_key"),
        )
        .exclude(
            translation_key__in=submitted.filter(_done_filter()).values(
                "quiz__translation_key"
            )
        )
        .values_list("pk", flat=True)
    )


def pre_test_ids(*, pages) -> set[int]:
    """The pre-tests among these pages (specific pages, so no query)."""
    return {
        page.pk
        for page in pages
        if isinstance(page, QuizPage) and page.kind == QuizKind.PRE_TEST
    }


@dataclass(frozen=True)
class AnswerSummary:
    """What the check-before-submitting step shows of an open attempt."""

    total: int
    unanswered: tuple[PublicQuestion, ...]

    @property
    def answered(self) -> int:
        return self.total - len(self.unanswered)


def attempt_answer_summary(attempt: Attempt) -> AnswerSummary:
    """How many questions of an attempt have a saved answer, and which have none."""
    answers = attempt.answers or {}
    questions = [
        question
        for item in public_items(attempt.content, attempt.layout)
        for question in item.questions
    ]
    return AnswerSummary(
        total=len(questions),
        unanswered=tuple(q for q in questions if not answers.get(q.id)),
    )


# --- review ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewOption:
    """An option as the review shows it; correct and feedback only when allowed."""

    text: str
    chosen: bool
    correct: bool | None
    feedback: str


@dataclass(frozen=True)
class ReviewQuestion:
    """One question's result in the review."""

    number: int
    prompt: str
    points: int
    earned: Decimal
    outcome: str  # "correct", "partial", "incorrect", "unanswered"
    options: tuple[ReviewOption, ...]
    explanation: str


@dataclass(frozen=True)
class ReviewItem:
    """A top-level item of the review: a question or a scenario with its questions."""

    case: str | None
    questions: tuple[ReviewQuestion, ...]


@dataclass(frozen=True)
class Review:
    """What the review page shows for a submitted attempt."""

    shows_answers: bool
    items: tuple[ReviewItem, ...]
    quiz_title: str
    pass_mark: int


def attempt_review(attempt: Attempt) -> Review:
    """The review of a submitted attempt, built from the revision it showed."""
    from . import scoring

    shows = review_shows_answers(attempt)
    content = attempt.content
    answers = attempt.answers or {}
    shown = attempt.shown_quiz
    items = []
    for item in public_items(content, attempt.layout):
        questions = []
        for public in item.questions:
            question = content.questions[public.id]
            chosen = set(answers.get(question.id, ()))
            earned = scoring.question_score(question.for_scoring(), chosen)
            if not chosen:
                outcome = "unanswered"
            elif earned == question.points:
                outcome = "correct"
            elif earned > 0:
                outcome = "partial"
            else:
                outcome = "incorrect"
            by_id = {o.id: o for o in question.options}
            options = tuple(
                ReviewOption(
                    text=option.text,
                    chosen=option.id in chosen,
                    correct=by_id[option.id].correct if shows else None,
                    feedback=by_id[option.id].feedback
                    if shows and option.id in chosen
                    else "",
                )
                for option in public.options
            )
            questions.append(
                ReviewQuestion(
                    number=public.number,
                    prompt=question.prompt,
                    points=question.points,
                    earned=scoring.to_decimal(earned),
                    outcome=outcome,
                    options=options,
                    explanation=question.explanation if shows else "",
                )
            )
        items.append(ReviewItem(case=item.case, questions=tuple(questions)))
    return Review(
        shows_answers=shows,
        items=tuple(items),
        quiz_title=shown.title,
        pass_mark=shown.pass_mark,
    )


def _number(value) -> str | None:
    return None if value is None else str(value)


def personal_data_for(user) -> dict:
    """The user's attempts with the answers given and their scores, for "my data"."""
    return {
        "attempts": [
            {
                "id": attempt.pk,
                "quiz_id": attempt.quiz_id,
                "quiz": attempt.quiz.title,
                "kind": attempt.quiz.kind,
                "cohort_id": attempt.cohort_id,
                "started_at": attempt.started_at.isoformat(),
                "submitted_at": attempt.submitted_at.isoformat()
                if attempt.submitted_at
                else None,
                "close_reason": attempt.close_reason,
                "answers": attempt.answers,
                "score": _number(attempt.score),
                "max_score": _number(attempt.max_score),
                "percent": _number(attempt.percent),
                "passed": attempt.passed,
            }
            for attempt in Attempt.objects.filter(participant=user)
            .select_related("quiz")
            .order_by("started_at", "pk")
        ]
    }


# --- item results -----------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    """How the submitted attempts at a quiz (in all its translations) did on one
    question, the question named by its block id."""

    question_id: str
    attempts: int
    answered: int
    correct: int
    earned: Decimal
    points: int

    @property
    def percent_correct(self) -> float | None:
        """Share of the attempts that scored the question in full, in percent."""
        return round(100 * self.correct / self.attempts, 1) if self.attempts else None


def question_results(
    *, quiz: QuizPage, participant_ids: Iterable[int] | None = None
) -> dict[str, QuestionResult]:
    """Per question (block id), the results of the submitted attempts at the quiz
    in any of its translations, each scored on the revision it showed."""
    from . import scoring

    attempts = attempts_at_quiz(quiz).submitted().select_related("revision")
    if participant_ids is not None:
        attempts = attempts.filter(participant_id__in=list(participant_ids))
    contents: dict[int, object] = {}
    tally: dict[str, dict] = {}
    for attempt in attempts.order_by("pk"):
        content = contents.get(attempt.revision_id)
        if content is None:
            content = contents[attempt.revision_id] = attempt.content
        answers = attempt.answers or {}
        for question in content.questions.values():
            row = tally.setdefault(
                question.id,
                {"attempts": 0, "answered": 0, "correct": 0, "earned": Decimal(0)},
            )
            row["points"] = question.points
            chosen = set(answers.get(question.id, ()))
            earned = scoring.question_score(question.for_scoring(), chosen)
            row["attempts"] += 1
            row["answered"] += bool(chosen)
            row["correct"] += earned == question.points
            row["earned"] += scoring.to_decimal(earned)
    return {
        question_id: QuestionResult(question_id=question_id, **row)
        for question_id, row in tally.items()
    }
