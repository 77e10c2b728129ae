"""Wagtail hooks of the assessments app: a quiz with attempts is never deleted, and
the course outline learns which quizzes a participant passed, which they tried
without passing, and that the pre-test comes first."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail import hooks

from courses.selectors import STEPS_ATTEMPTED_HOOK, STEPS_DONE_HOOK, STEPS_FIRST_HOOK
from lms.hooks import PERSONAL_DATA_HOOK

from . import selectors, views
from .hooks import QUIZ_PAGE_VIEW_HOOK, QUIZ_PREVIEW_VIEW_HOOK
from .models import Attempt

hooks.register(STEPS_DONE_HOOK, selectors.quiz_ids_done)
hooks.register(STEPS_ATTEMPTED_HOOK, selectors.quiz_ids_attempted_not_passed)
hooks.register(STEPS_FIRST_HOOK, selectors.pre_test_ids)


def _attempts_under(pages) -> int:
    """Attempts at quizzes that are these pages or below them."""
    from wagtail.models import Page

    paths = [p.path for p in pages]
    if not paths:
        return 0
    quiz_ids = set()
    for path in paths:
        quiz_ids.update(
            Page.objects.filter(path__startswith=path).values_list("pk", flat=True)
        )
    return Attempt.objects.filter(quiz_id__in=quiz_ids).count()


def _refuse(request, count: int, back_to: int):
    messages.error(
        request,
        ngettext(
            "This cannot be deleted: participants have made %(count)d attempt at "
            "its quizzes, and their scores must be kept. Unpublish it instead.",
            "This cannot be deleted: participants have made %(count)d attempts at "
            "its quizzes, and their scores must be kept. Unpublish it instead.",
            count,
        )
        % {"count": count},
    )
    return redirect(reverse("wagtailadmin_explore", args=[back_to]))


@hooks.register("before_delete_page")
def keep_quizzes_with_attempts(request, page):
    """Refuse to delete a quiz (or a page above one) that participants have attempted."""
    count = _attempts_under([page])
    if count:
        return _refuse(request, count, page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def keep_quizzes_with_attempts_in_bulk(request, action_type, objects, action_view):
    """The same rule for the page listing's bulk delete."""
    if action_type != "delete":
        return None
    pages = [o for o in objects if hasattr(o, "path")]
    count = _attempts_under(pages)
    if count:
        return _refuse(request, count, pages[0].get_parent().pk)
    return None


hooks.register(PERSONAL_DATA_HOOK, selectors.personal_data_for)


# The quiz page's own views: the page model never imports views.py.
hooks.register(QUIZ_PAGE_VIEW_HOOK, views.quiz_page)
hooks.register(QUIZ_PREVIEW_VIEW_HOOK, views.quiz_preview)
