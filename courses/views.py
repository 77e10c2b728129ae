"""Site views of the courses app: progress, "My learning" and the lesson search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import selectors, services
from .exceptions import CourseError, CourseNotReadable
from .models import CourseIndexPage, LessonPage

SEARCH_QUERY_MAX_LENGTH = 200


@require_POST
@login_required
def lesson_complete(request, lesson_id: int):
    """Mark a lesson done, then go on to the next step of the course."""
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    try:
        services.lesson_complete(user=request.user, lesson=lesson)
    except CourseNotReadable as error:
        return TemplateResponse(
            request,
            "courses/no_access.html",
            {"page": lesson, "message": error.message},
            status=403,
        )
    except CourseError as error:
        messages.error(request, error.message)
        return redirect("courses:my_learning")
    messages.success(
        request, _("“%(title)s” is marked as done.") % {"title": lesson.title}
    )
    course = lesson.get_course()
    if course is None:
        return redirect("courses:my_learning")
    outline = selectors.course_outline_for_user(course=course, user=request.user)
    _previous, following = outline.neighbours(lesson.pk)
    if following is not None:
        return redirect(following.page.get_url(request))
    return redirect(course.get_url(request))


@require_POST
@login_required
def lesson_uncomplete(request, lesson_id: int):
    """Take back a lesson's "done" mark and return to the lesson."""
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    services.lesson_uncomplete(user=request.user, lesson=lesson)
    messages.info(
        request,
        _("“%(title)s” is no longer marked as done.") % {"title": lesson.title},
    )
    if lesson.live and selectors.user_can_read(request.user, lesson):
        return redirect(lesson.get_url(request))
    return redirect("courses:my_learning")


@require_safe
@login_required
def my_learning(request):
    """The participant's courses, their progress and what to do next."""
    return TemplateResponse(
        request,
        "courses/my_learning.html",
        {
            "learner_courses": selectors.learner_courses(request.user),
            "course_index": CourseIndexPage.objects.live().first(),
        },
    )


@require_safe
def search(request):
    """Search the published lessons the visitor may read."""
    query = request.GET.get("q", "").strip()
    error = None
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        error = _("Please search with fewer than %(count)d characters.") % {
            "count": SEARCH_QUERY_MAX_LENGTH
        }
        hits = []
    else:
        hits = selectors.lesson_search(query=query, user=request.user)
    return TemplateResponse(
        request,
        "courses/search.html",
        {"query": query, "hits": hits, "error": error},
    )
