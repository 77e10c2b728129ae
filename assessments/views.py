"""Site views of the assessments app: the quiz page, taking an attempt, review, My results."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .content import public_items
from .exceptions import (
    AssessmentError,
    AttemptAlreadySubmitted,
    AttemptTimeUp,
    InvalidAnswers,
    NotAllowedToTakeQuiz,
    QuizNotAvailable,
)
from .models import QuizPage

# An autosave body holds at most a few hundred ids; anything far bigger is not
# a quiz answer.
MAX_AUTOSAVE_BYTES = 64 * 1024
ANSWER_FIELD_PREFIX = "q-"


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
        {"page": page, "self": page, "state": state},
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
            title="Quiz not available",
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
            request, title="Quiz not available", message=error.message, status=404
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


def _render_attempt(request, attempt, *, error: str = "", status: int = 200):
    now = timezone.now()
    seconds_left = (
        max(0, int((attempt.deadline - now).total_seconds()))
        if attempt.deadline
        else None
    )
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.shown_quiz,
            "items": public_items(attempt.content, attempt.layout),
            "chosen": attempt.answers or {},
            "seconds_left": seconds_left,
            "error": error,
            "autosave_url": reverse(
                "assessments:autosave", kwargs={"attempt_id": attempt.pk}
            ),
            "review_url": reverse(
                "assessments:review", kwargs={"attempt_id": attempt.pk}
            ),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_detail(request, attempt_id: int):
    """GET: the questions of an open attempt, answers so far filled in. POST: submit."""
    attempt = _own_attempt(request, attempt_id)
    review_url = reverse("assessments:review", kwargs={"attempt_id": attempt.pk})
    if not attempt.is_open:
        return redirect(review_url)
    now = timezone.now()
    if request.method == "GET":
        if not attempt.accepts_answers_at(now):
            services.attempt_submit(attempt=attempt, answers=None, now=now)
            messages.info(request, str(AttemptTimeUp.default_message))
            return redirect(review_url)
        return _render_attempt(request, attempt)
    late = not attempt.accepts_answers_at(now)
    try:
        services.attempt_submit(
            attempt=attempt, answers=_answers_from_post(request.POST), now=now
        )
    except InvalidAnswers as error:
        return _render_attempt(request, attempt, error=error.message, status=400)
    except QuizNotAvailable as error:
        return _message_page(
            request, title=attempt.quiz.title, message=error.message, status=409
        )
    if late:
        messages.warning(request, str(AttemptTimeUp.default_message))
    return redirect(review_url)


def _json_error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"saved": False, "error": str(message), **extra}, status=status)


@never_cache
@login_required
@require_POST
def attempt_autosave(request, attempt_id: int):
    """Save the answers so far (JSON: {"answers": {question id: [option ids]}, "seq": n})."""
    attempt = _own_attempt(request, attempt_id)
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return _json_error(
            "These answers are too large to be a quiz's; nothing was saved."
        )
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _json_error("The answers could not be read; nothing was saved.")
    if not isinstance(payload, dict):
        return _json_error("The answers could not be read; nothing was saved.")
    seq = payload.get("seq")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        return _json_error("seq must be a whole number; nothing was saved.")
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
            "saved_at": result.attempt.answers_saved_at.isoformat()
            if result.attempt.answers_saved_at
            else None,
        }
    )


@never_cache
@login_required
@require_GET
def attempt_review_view(request, attempt_id: int):
    """The result of a submitted attempt, with answers and feedback per the quiz's policy."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_open:
        if attempt.accepts_answers_at(timezone.now()):
            return redirect("assessments:attempt", attempt_id=attempt.pk)
        attempt = services.attempt_submit(attempt=attempt, answers=None)
    return render(
        request,
        "assessments/review.html",
        {"attempt": attempt, "review": selectors.attempt_review(attempt)},
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
