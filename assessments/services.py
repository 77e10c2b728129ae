"""Writes owned by the assessments app: starting, autosaving, submitting and closing attempts.

Every write that races (two tabs, a double click, a retried request, the
overdue-closing command) is a conditional UPDATE on ``submitted_at IS NULL``,
so exactly one of the racers closes an attempt and the others read its result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail import hooks

from courses.selectors import user_can_read

from . import scoring
from .content import make_layout
from .exceptions import (
    AttemptAlreadySubmitted,
    AttemptLimitReached,
    AttemptTimeUp,
    NotAllowedToTakeQuiz,
    QuizNotAvailable,
    SaveNumberOutOfRange,
)
from .hooks import ATTEMPT_COHORT_HOOK
from .models import DEADLINE_GRACE, Attempt, CloseReason, QuizKind, QuizPage


def _attempt_cohort(participant, course):
    """The cohort an app above (cohorts) says the participant takes the course in,
    whichever translation of the course the cohort names."""
    course_ids = [course.pk] + list(
        type(course)
        .objects.filter(translation_key=course.translation_key)
        .exclude(pk=course.pk)
        .values_list("pk", flat=True)
    )
    for fn in hooks.get_hooks(ATTEMPT_COHORT_HOOK):
        for course_id in course_ids:
            cohort = fn(participant, course_id)
            if cohort is not None:
                return cohort
    return None


def _live_quiz(quiz_id: int) -> QuizPage:
    quiz = QuizPage.objects.live().filter(pk=quiz_id).first()
    if quiz is None or quiz.live_revision_id is None:
        raise QuizNotAvailable()
    return quiz


@transaction.atomic
def attempt_start(
    *, participant, quiz: QuizPage, now: datetime | None = None
) -> Attempt:
    """Start an attempt at the live quiz, or return the participant's open one.

    The quiz is the translation the participant was shown; its translations are
    one test, so an attempt open at any of them is the one continued, and the
    attempt limit counts the attempts at all of them.
    """
    now = now or timezone.now()
    quiz = _live_quiz(quiz.pk)
    if not user_can_read(participant, quiz):
        raise NotAllowedToTakeQuiz()
    same_test = Attempt.objects.filter(
        participant=participant, quiz__translation_key=quiz.translation_key
    )

    # An attempt left open past its deadline is closed (and scored) first, so
    # it counts towards the limit and never blocks a new start.
    for overdue in same_test.overdue(now):
        attempt_close(attempt=overdue, reason=CloseReason.TIME_UP, now=now)

    existing = same_test.open().first()
    if existing is not None:
        return existing
    used = same_test.submitted().count()
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise AttemptLimitReached()

    revision = quiz.live_revision
    shown = revision.as_object()
    course = quiz.course()
    attempt = Attempt(
        participant=participant,
        quiz=quiz,
        revision=revision,
        cohort=_attempt_cohort(participant, course) if course else None,
        started_at=now,
        deadline=(
            now + timedelta(minutes=shown.time_limit_minutes)
            if shown.time_limit_minutes
            else None
        ),
        layout=make_layout(
            shown.content,
            shuffle_questions=shown.shuffle_questions,
            shuffle_options=shown.shuffle_options,
        ),
    )
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        # Another request started one in between (two tabs, a double click):
        # the database's one-open-attempt constraint refused the second, so
        # both requests continue with the same attempt.
        return Attempt.objects.open().get(participant=participant, quiz=quiz)
    return attempt


# Autosaves are numbered by the page that sends them, counting up from the
# number the server last stored. The bound keeps every number exact in a
# browser (Number.MAX_SAFE_INTEGER) and far below the 64-bit column's limit.
MAX_ANSWERS_SEQ = 2**53 - 1


@dataclass(frozen=True)
class SaveResult:
    """What an autosave did."""

    saved: bool
    attempt: Attempt


def _open_and_in_time(now: datetime) -> Q:
    return Q(submitted_at__isnull=True) & (
        Q(deadline__isnull=True) | Q(deadline__gte=now - DEADLINE_GRACE)
    )


def attempt_save_answers(
    *,
    attempt: Attempt,
    answers: object,
    seq: int | None,
    now: datetime | None = None,
) -> SaveResult:
    """Autosave the participant's answers so far; an older save never overwrites a newer one.

    ``seq`` numbers the saves of one page (0 to MAX_ANSWERS_SEQ); ``None`` is
    the submitted form itself, which is newer than every save before it.
    """
    now = now or timezone.now()
    if seq is not None and not 0 <= seq <= MAX_ANSWERS_SEQ:
        raise SaveNumberOutOfRange()
    if not attempt.is_open:
        raise AttemptAlreadySubmitted()
    if not attempt.accepts_answers_at(now):
        attempt_close(attempt=attempt, reason=CloseReason.TIME_UP, now=now)
        raise AttemptTimeUp()
    _live_quiz(attempt.quiz_id)
    cleaned = scoring.clean_answers(attempt.content.scoring_questions(), answers)
    in_time = Attempt.objects.filter(_open_and_in_time(now), pk=attempt.pk)
    if seq is None:
        updated = in_time.update(
            answers=cleaned, answers_seq=F("answers_seq") + 1, answers_saved_at=now
        )
    else:
        updated = in_time.filter(answers_seq__lt=seq).update(
            answers=cleaned, answers_seq=seq, answers_saved_at=now
        )
    if updated:
        if seq is None:
            attempt.refresh_from_db(fields=["answers_seq"])
        else:
            attempt.answers_seq = seq
        attempt.answers, attempt.answers_saved_at = cleaned, now
        return SaveResult(saved=True, attempt=attempt)
    attempt.refresh_from_db()
    if not attempt.is_open:
        raise AttemptAlreadySubmitted()
    return SaveResult(saved=False, attempt=attempt)


def attempt_submit(
    *, attempt: Attempt, answers: object | None, now: datetime | None = None
) -> Attempt:
    """Submit an attempt and score it; submitting it again returns the stored result.

    Answers that arrive after the deadline (plus grace) are ignored: the
    attempt is scored on the answers autosaved before it.
    """
    now = now or timezone.now()
    if not attempt.is_open:
        return attempt
    if not attempt.accepts_answers_at(now):
        return attempt_close(attempt=attempt, reason=CloseReason.TIME_UP, now=now)
    _live_quiz(attempt.quiz_id)
    cleaned = (
        attempt.answers
        if answers is None
        else scoring.clean_answers(attempt.content.scoring_questions(), answers)
    )
    return attempt_close(
        attempt=attempt, reason=CloseReason.SUBMITTED, now=now, answers=cleaned
    )


def attempt_close(
    *,
    attempt: Attempt,
    reason: str,
    now: datetime | None = None,
    answers: dict | None = None,
) -> Attempt:
    """Close and score an open attempt once; a closed attempt is returned unchanged."""
    # The quiz as shown (its revision, parsed) is read before the write transaction
    # opens: on SQLite that transaction holds the database's one write lock, and a
    # room's autosaves wait for it.
    questions = attempt.content.scoring_questions()
    return _attempt_close(
        attempt=attempt,
        reason=reason,
        now=now or timezone.now(),
        answers=answers,
        questions=questions,
        shown=attempt.shown_quiz,
    )


@transaction.atomic
def _attempt_close(
    *, attempt: Attempt, reason: str, now: datetime, answers, questions, shown
) -> Attempt:
    if answers is None:
        # Read the stored autosave inside this transaction, not a stale copy.
        stored = Attempt.objects.filter(pk=attempt.pk).values_list("answers", flat=True)
        answers = stored.first() or {}
    result = scoring.score(questions, answers)
    percent = result.percent
    passed = result.passed(shown.pass_mark)
    updated = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=now,
        close_reason=reason,
        answers=answers,
        score=scoring.to_decimal(result.score),
        max_score=result.max_score,
        percent=scoring.to_decimal(percent),
        passed=passed,
    )
    closed = Attempt.objects.select_related("quiz", "revision").get(pk=attempt.pk)
    if updated and passed and closed.quiz.kind == QuizKind.MODULE_QUIZ:
        module = closed.quiz.module()
        if module is not None:
            from courses.services import module_complete

            module_complete(user=closed.participant, module=module)
    return closed


def attempts_close_overdue(
    *, now: datetime | None = None, dry_run: bool = False
) -> list[Attempt]:
    """Close and score every open attempt past its deadline and grace."""
    now = now or timezone.now()
    overdue = list(Attempt.objects.overdue(now).select_related("quiz", "revision"))
    if dry_run:
        return overdue
    return [
        attempt_close(attempt=a, reason=CloseReason.TIME_UP, now=now) for a in overdue
    ]
