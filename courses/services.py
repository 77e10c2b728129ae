"""Writes owned by the courses app: a participant's progress and the review workflow."""

from django.db import transaction

from .exceptions import CourseNotReadable, LessonNotAvailable
from .models import LessonCompletion, LessonPage, ModuleCompletion, ModulePage
from .selectors import user_can_read


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> LessonCompletion:
    """Mark a lesson done for the user; doing it twice keeps the first completion."""
    if not lesson.live:
        raise LessonNotAvailable()
    if not user_can_read(user, lesson):
        raise CourseNotReadable()
    completion, _ = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    return completion


@transaction.atomic
def lesson_uncomplete(*, user, lesson: LessonPage) -> None:
    """Take back a lesson's completion (a participant who wants to reread it)."""
    LessonCompletion.objects.filter(user=user, lesson=lesson).delete()


@transaction.atomic
def module_complete(*, user, module: ModulePage) -> None:
    """Record that the user completed a module as a whole (a passed module quiz); idempotent."""
    ModuleCompletion.objects.get_or_create(user=user, module=module)
