"""Site views of the assessments app: the quiz page, taking an attempt, review, My results."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.translations import (
    foreign_language,
    language_of,
    other_translations,
    page_for_request,
)

from . import selectors, services
from .content import public_items
from .exceptions import (
    AnswersTooDeep,
    AssessmentError,
    AttemptAlreadySubmitted,
    AttemptTimeUp,
    InvalidAnswers,
    NotAllowedToTakeQuiz,
    QuizNotAvailable,
    SaveNumberOutOfRange,
)
from .models import QuizPage

# An autosave body holds at most a few hundred ids; anything far bigger is not
# a quiz answer.
MAX_AUTOSAVE_BYTES = 64 * 1024
# {"answers": {question id: [option ids]}} is three levels deep; a body nested
# far deeper is refused before parsing, which would otherwise recurse.
MAX_AUTOSAVE_DEPTH = 5
ANSWER_FIELD_PREFIX = "q-"
# The check-before-submitting page's form carries this field: submit the answers
# already saved rather than the (absent) answer fields.
SUBMIT_SAVED_FIELD = "submit_saved"
REVIEW_ACTION = "review"


def _message_page(request, *, title: str, message: str, status: int, back=None):
    return render(
        request,
        "assessments/message.html",
        {"title": title, "message": message, "back": back},
        status=status,
    )


def _can_read(user, page) -> bool:
    from courses.selectors import user_can_read

    return user_can_read(user, page)


@never_cache
def quiz_page(request, page: QuizPage):
    """The quiz's instructions, the participant's attempts and a Start button."""
    page = page_for_request(page, request).specific
    if not _can_read(request.user, page):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return _message_page(
            request,
            title=page.title,
            message=str(NotAllowedToTakeQuiz.default_message),
            status=403,
        )
    state = (
        selectors.quiz_state(quiz=page, user=request.user)
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "assessments/quiz_page.html",
        {
            "page": page,
            "self": page,
            "state": state,
            "page_translations": other_translations(page, request),
            "content_lang": foreign_language(page),
            "page_language": language_of(page),
        },
    )


def quiz_preview(request, page: QuizPage):
    """What an editor sees in Wagtail's preview: the questions, never startable."""
    return render(
        request,
        "assessments/quiz_preview.html",
        {"page": page, "items": public_items(page.content, None)},
    )


@login_required
@require_POST
def attempt_start(request, quiz_id: int):
    """Start (or resume) an attempt at a published quiz."""
    quiz = QuizPage.objects.live().filter(pk=quiz_id).first()
    if quiz is None:
        return _message_page(
            request,
            title=_("Quiz not available"),
            message=str(QuizNotAvailable.default_message),
            status=404,
        )
    try:
        attempt = services.attempt_start(participant=request.user, quiz=quiz)
    except NotAllowedToTakeQuiz as error:
        return _message_page(
            request, title=quiz.title, message=error.message, status=403
        )
    except QuizNotAvailable as error:
        return _message_page(
            request, title=_("Quiz not available"), message=error.message, status=404
        )
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect(quiz.url)
    return redirect("assessments:attempt", attempt_id=attempt.pk)


def _answers_from_post(post) -> dict[str, list[str]]:
    return {
        key[len(ANSWER_FIELD_PREFIX) :]: post.getlist(key)
        for key in post
        if key.startswith(ANSWER_FIELD_PREFIX)
    }


def _own_attempt(request, attempt_id: int):
    attempt = selectors.attempt_for_participant(
        attempt_id=attempt_id, user=request.user
    )
    if attempt is None:
        raise Http404("No such attempt")
    return attempt


def _seconds_left(attempt) -> int | None:
    """Seconds to the deadline by the server's clock (the page counts down from it)."""
    if not attempt.deadline:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


def _render_attempt(request, attempt, *, error: str = "", status: int = 200):
    items = public_items(attempt.content, attempt.layout)
    chosen = attempt.answers or {}
    questions = [question for item in items for question in item.questions]
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.shown_quiz,
            "items": items,
            "question_count": len(questions),
            "answered_count": sum(1 for q in questions if chosen.get(q.id)),
            "chosen": chosen,
            "seconds_left": _seconds_left(attempt),
            "error": error,
            "autosave_url": reverse(
                "assessments:autosave", kwargs={"attempt_id": attempt.pk}
            ),
            "review_url": reverse(
                "assessments:review", kwargs={"attempt_id": attempt.pk}
            ),
            "page_language": language_of(attempt.quiz),
        },
        status=status,
    )


def _close_if_time_is_up(request, attempt, now):
    """For an open attempt whose time ran out, the page that offers its result.

    A GET never writes (a room of 30 reloading must not queue for the
    database's write lock): the attempt is scored when the participant presses
    the button (a POST), when `close_overdue_attempts` runs, or at their next
    start. None while time is left."""
    if attempt.accepts_answers_at(now):
        return None
    return render(
        request,
        "assessments/time_up.html",
        {"attempt": attempt, "submit_saved_field": SUBMIT_SAVED_FIELD},
    )


def _save_for_review(request, attempt, now):
    """Store the form's answers, then show the check-before-submitting step."""
    try:
        services.attempt_save_answers(
            attempt=attempt, answers=_answers_from_post(request.POST), seq=None, now=now
        )
    except InvalidAnswers as error:
        return _render_attempt(request, attempt, error=error.message, status=400)
    except AttemptTimeUp as error:
        messages.warning(request, error.message)
        return redirect("assessments:review", attempt_id=attempt.pk)
    except AttemptAlreadySubmitted:
        return redirect("assessments:review", attempt_id=attempt.pk)
    except QuizNotAvailable as error:
        return _message_page(
            request, title=attempt.quiz.title, message=error.message, status=409
        )
    return redirect("assessments:confirm", attempt_id=attempt.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_detail(request, attempt_id: int):
    """GET: the questions of an open attempt, answers so far filled in.

    POST with ``action=review``: save the answers and go to the check before
    submitting. Any other POST submits: the form's answers, or the saved ones
    when it comes from the check step.
    """
    attempt = _own_attempt(request, attempt_id)
    review_url = reverse("assessments:review", kwargs={"attempt_id": attempt.pk})
    if not attempt.is_open:
        return redirect(review_url)
    now = timezone.now()
    if request.method == "GET":
        return _close_if_time_is_up(request, attempt, now) or _render_attempt(
            request, attempt
        )
    if request.POST.get("action") == REVIEW_ACTION:
        return _save_for_review(request, attempt, now)
    late = not attempt.accepts_answers_at(now)
    answers = (
        None
        if request.POST.get(SUBMIT_SAVED_FIELD)
        else _answers_from_post(request.POST)
    )
    try:
        services.attempt_submit(attempt=attempt, answers=answers, now=now)
    except InvalidAnswers as error:
        return _render_attempt(request, attempt, error=error.message, status=400)
    except QuizNotAvailable as error:
        return _message_page(
            request, title=attempt.quiz.title, message=error.message, status=409
        )
    if late:
        messages.warning(request, str(AttemptTimeUp.default_message))
    return redirect(review_url)


@never_cache
@login_required
@require_GET
def attempt_confirm(request, attempt_id: int):
    """The check before submitting: how many questions are answered, links to the rest."""
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_open:
        return redirect("assessments:review", attempt_id=attempt.pk)
    now = timezone.now()
    closed = _close_if_time_is_up(request, attempt, now)
    if closed:
        return closed
    return render(
        request,
        "assessments/confirm.html",
        {
            "attempt": attempt,
            "quiz": attempt.shown_quiz,
            "summary": selectors.attempt_answer_summary(attempt),
            "seconds_left": _seconds_left(attempt),
            "submit_saved_field": SUBMIT_SAVED_FIELD,
            "page_language": language_of(attempt.quiz),
        },
    )


def _json_error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"saved": False, "error": str(message), **extra}, status=status)


def _nested_deeper_than(text: str, limit: int) -> bool:
    """True when JSON text opens more than `limit` arrays or objects inside each other."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _saved_at_text(attempt) -> str | None:
    """The time of the last save by the server's clock, as the page shows it."""
    if not attempt.answers_saved_at:
        return None
    return formats.time_format(timezone.localtime(attempt.answers_saved_at), "H:i:s")


@never_cache
@login_required
@require_POST
def attempt_autosave(request, attempt_id: int):
    """Save the answers so far (JSON: {"answers": {question id: [option ids]}, "seq": n})."""
    attempt = _own_attempt(request, attempt_id)
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return _json_error(
            _("These answers are too large to be a quiz's; nothing was saved.")
        )
    try:
        text = (request.body or b"{}").decode("utf-8")
    except UnicodeDecodeError:
        return _json_error(_("The answers could not be read; nothing was saved."))
    if _nested_deeper_than(text, MAX_AUTOSAVE_DEPTH):
        return _json_error(AnswersTooDeep.default_message)
    try:
        payload = json.loads(text)
    except ValueError:
        return _json_error(_("The answers could not be read; nothing was saved."))
    if not isinstance(payload, dict):
        return _json_error(_("The answers could not be read; nothing was saved."))
    seq = payload.get("seq")
    if isinstance(seq, bool) or not isinstance(seq, int):
        return _json_error(SaveNumberOutOfRange.default_message)
    try:
        result = services.attempt_save_answers(
            attempt=attempt, answers=payload.get("answers"), seq=seq
        )
    except InvalidAnswers as error:
        return _json_error(error.message)
    except (AttemptAlreadySubmitted, AttemptTimeUp) as error:
        return _json_error(
            error.message,
            status=409,
            review_url=reverse("assessments:review", kwargs={"attempt_id": attempt.pk}),
        )
    except QuizNotAvailable as error:
        return _json_error(error.message, status=409)
    return JsonResponse(
        {
            "saved": result.saved,
            "seq": result.attempt.answers_seq,
            "saved_at": result.attempt.answers_saved_at.isoformat()
            if result.attempt.answers_saved_at
            else None,
            "saved_at_text": _saved_at_text(result.attempt),
        }
    )


@never_cache
@login_required
@require_GET
def attempt_review_view(request, attempt_id: int):
    """The result of a submitted attempt, with answers and feedback per the quiz's policy."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_open:
        return _close_if_time_is_up(request, attempt, timezone.now()) or redirect(
            "assessments:attempt", attempt_id=attempt.pk
        )
    return render(
        request,
        "assessments/review.html",
        {
            "attempt": attempt,
            "review": selectors.attempt_review(attempt),
            "page_language": language_of(attempt.quiz),
        },
    )


@never_cache
@login_required
@require_GET
def my_results(request):
    """Every attempt of the signed-in participant, newest first."""
    return render(
        request,
        "assessments/my_results.html",
        {"attempts": selectors.attempts_for_participant(request.user)},
    )
