"""Writes owned by the courses app: a participant's progress and the review workflow."""

from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lms import roles

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


CURRICULUM_WORKFLOW_NAME = "Curriculum review"
CURRICULUM_TASK_NAME = "Approval by an administrator"


@transaction.atomic
def curriculum_workflow_assign(*, index: Page) -> Workflow:
    """Put a course index and every page under it through "Curriculum review"."""
    task = GroupApprovalTask.objects.filter(name=CURRICULUM_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=CURRICULUM_TASK_NAME)
    task.groups.add(roles.role_group(roles.ADMINISTRATORS))
    workflow, _ = Workflow.objects.get_or_create(
        name=CURRICULUM_WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
