"""Writes owned by the courses app: a participant's progress and the review workflow."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .exceptions import CourseNotReadable, LessonNotAvailable
from .models import LessonCompletion, LessonPage, ModuleCompletion, ModulePage
from .review import CurriculumReviewTask
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
CURRICULUM_TASK_NAME = "Approval by a curriculum moderator"
# Editors write and submit; moderators review and publish (see the migration
# courses/0005 that creates both groups and the administrators' guide).
CURRICULUM_EDITORS = "Curriculum editors"
CURRICULUM_MODERATORS = "Curriculum moderators"
CURRICULUM_PAGE_PERMISSIONS = {
    CURRICULUM_EDITORS: ("add_page", "change_page"),
    CURRICULUM_MODERATORS: (
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ),
}


def curriculum_groups_grant(*, index: Page) -> None:
    """Give the curriculum editors and moderators their page permissions on an index."""
    for name, codenames in CURRICULUM_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for perm in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=perm
            )


@transaction.atomic
def curriculum_workflow_assign(*, index: Page) -> Workflow:
    """Put a course index and every page under it through "Curriculum review",
    reviewed by the curriculum moderators, none of whom approves their own change."""
    task = CurriculumReviewTask.objects.filter(name=CURRICULUM_TASK_NAME).first()
    if task is None:
        task = CurriculumReviewTask.objects.create(name=CURRICULUM_TASK_NAME)
    task.groups.add(Group.objects.get_or_create(name=CURRICULUM_MODERATORS)[0])
    workflow, _ = Workflow.objects.get_or_create(
        name=CURRICULUM_WORKFLOW_NAME, defaults={"active": True}
    )
    # A workflow made before the review task existed had a plain group approval.
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    curriculum_groups_grant(index=index)
    return workflow
