"""Writes owned by the courses app: a participant's progress and the review workflow."""

import re

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.models import (
    String,
    StringTranslation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.models import Translation as PageTranslationJob
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .exceptions import CourseNotReadable, LessonNotAvailable, TranslationDoesNotMatch
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


# --- translations through wagtail-localize ---------------------------------------

_BLOCK_ID = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)


def _shape(path: str) -> tuple[str, ...]:
    """A segment's path with its block ids blanked: the same for a page and its
    translation built from a file, whose blocks got other ids."""
    return tuple("*" if _BLOCK_ID.match(part) else part for part in path.split("."))


def _as_stored(page: Page) -> Page:
    """The page with its StreamFields as they read back from the database, so
    that an unsaved page's lists carry item ids as a saved one's do."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = field.value_from_object(page)
            setattr(page, field.attname, field.to_python(field.get_prep_value(value)))
    return page


def _strings(page: Page) -> list[StringSegmentValue]:
    return [s for s in extract_segments(page) if isinstance(s, StringSegmentValue)]


@transaction.atomic
def page_translation_save(
    *, source: Page, translated: Page, locale: Locale, user=None
) -> Page:
    """Translate a page into a locale with wagtail-localize, its text taken from
    `translated` (an unsaved page of the same type with the source's structure,
    e.g. built from a translated data file), and publish the translation.

    The translation is made the way the admin's translation editor makes it: a
    TranslationSource for the source page, a Translation for the locale, one
    StringTranslation per text segment (matched segment by segment, in order,
    with the same path once block ids are set aside), then ``save_target``. So
    the editor shows every segment as translated, and everything that is not
    text (quiz answer keys, settings, images) stays the source's.
    """
    source = source.specific
    translation_source, _ = TranslationSource.update_or_create_from_instance(source)
    job, _ = PageTranslationJob.objects.get_or_create(
        source=translation_source, target_locale=locale
    )
    ours = _strings(translation_source.as_instance())
    theirs = _strings(_as_stored(translated))
    for index, (mine, other) in enumerate(zip(ours, theirs, strict=False)):
        if _shape(mine.path) != _shape(other.path):
            raise TranslationDoesNotMatch(
                f"{source.title}: segment {index + 1} is {other.path!r} in the "
                f"translation but {mine.path!r} in the source."
            )
    if len(ours) != len(theirs):
        raise TranslationDoesNotMatch(
            f"{source.title}: {len(theirs)} text segments in the translation, "
            f"{len(ours)} in the source."
        )
    contexts = {
        context.path: context
        for context in TranslationContext.objects.filter(
            object_id=translation_source.object_id
        )
    }
    for mine, other in zip(ours, theirs, strict=True):
        StringTranslation.objects.update_or_create(
            translation_of=String.from_value(translation_source.locale, mine.string),
            locale=locale,
            context=contexts[mine.path],
            defaults={
                "data": other.string.data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    # Saved as a draft, then published here: save_target(publish=True) would
    # publish only when the outermost transaction commits.
    job.save_target(user=user, publish=False)
    target = job.get_target_instance().specific
    target.get_latest_revision().publish(user=user)
    target.refresh_from_db()
    return target
