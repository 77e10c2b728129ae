"""The course as one participant sees it: its steps in order and their progress.

The course's pages serve this outline, so this module never imports the page
models (they import it): it tells page types apart by their model label and
reads progress through the user's completions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Value
from wagtail import hooks
from wagtail.models import Page

from .translations import source_page

MODULE_MODEL_LABEL = "courses.modulepage"
LESSON_MODEL_LABEL = "courses.lessonpage"
QUIZ_MODEL_LABEL = "assessments.quizpage"
# Apps whose pages are steps of a course (assessments: quizzes) register a function
# under this Wagtail hook name, called as fn(user=..., page_ids=[...]) and returning
# the ids of those steps the user has done; courses never imports those apps.
STEPS_DONE_HOOK = "harbour_course_steps_done"
# Called the same way; returns the ids of steps the user has tried but not yet
# done (a quiz submitted without reaching its pass mark), which the outline
# marks on their own.
STEPS_ATTEMPTED_HOOK = "harbour_course_steps_attempted"
# Called as fn(pages=[...]) with the specific pages of the course's non-lesson
# steps; returns the ids of those to take before the first lesson (the pre-test),
# which "My learning" offers first. Answers from the pages alone, no query.
STEPS_FIRST_HOOK = "harbour_course_steps_first"


class ItemKind:
    """What a step of the course is; templates compare against these."""

    LESSON = "lesson"
    QUIZ = "quiz"


@dataclass
class OutlineItem:
    """One step of a course: a lesson or a quiz, and whether the user has done it."""

    page: Page
    kind: str
    module: OutlineModule | None = None
    done: bool = False
    attempted: bool = False
    first: bool = False

    is_module = False

    @property
    def is_lesson(self) -> bool:
        return self.kind == ItemKind.LESSON

    @property
    def is_quiz(self) -> bool:
        return self.kind == ItemKind.QUIZ


class _LessonTally:
    """Done / total / percent over ``self.lessons``; shared by modules and courses."""

    @property
    def lessons_total(self) -> int:
        return len(self.lessons)

    @property
    def lessons_done(self) -> int:
        return sum(1 for item in self.lessons if item.done)

    @property
    def percent(self) -> int:
        total = self.lessons_total
        return round(100 * self.lessons_done / total) if total else 0


@dataclass
class OutlineModule(_LessonTally):
    """A module with its steps in order and the user's progress through its lessons."""

    page: Page
    items: list[OutlineItem] = field(default_factory=list)
    completed_as_whole: bool = False
    number: int = 0
    is_module = True

    @property
    def continue_item(self) -> OutlineItem | None:
        """The first lesson not done, else the first step that is not a done lesson."""
        return next((item for item in self.lessons if not item.done), None) or next(
            (item for item in self.items if not item.done), None
        )

    @property
    def lessons(self) -> list[OutlineItem]:
        return [item for item in self.items if item.is_lesson]

    @property
    def complete(self) -> bool:
        """Completed as a whole (its quiz) or every lesson done."""
        return self.completed_as_whole or (
            self.lessons_total > 0 and self.lessons_done == self.lessons_total
        )

    @property
    def estimated_minutes(self) -> int:
        return self.page.estimated_minutes


@dataclass
class CourseOutline(_LessonTally):
    """A course's modules, lessons and quizzes in order, with one user's progress."""

    course: Page
    modules: list[OutlineModule]
    sequence: list[OutlineItem]
    entries: list[OutlineModule | OutlineItem] = field(default_factory=list)

    @property
    def lessons(self) -> list[OutlineItem]:
        return [item for item in self.sequence if item.is_lesson]

    @property
    def started(self) -> bool:
        return self.lessons_done > 0

    @property
    def finished(self) -> bool:
        return self.lessons_total > 0 and self.lessons_done == self.lessons_total

    @property
    def continue_item(self) -> OutlineItem | None:
        """Where the user left off: the first lesson not done, in course order."""
        return next((item for item in self.lessons if not item.done), None)

    @property
    def next_item(self) -> OutlineItem | None:
        """What to do next: a step to take before the lessons (the pre-test) while
        not done, else the first lesson not done, else the first step not done."""
        return (
            next((i for i in self.sequence if i.first and not i.done), None)
            or self.continue_item
            or next((i for i in self.sequence if not i.done), None)
        )

    @property
    def course_items(self) -> list[OutlineItem]:
        """Steps directly under the course (the pre-test and post-test)."""
        return [item for item in self.sequence if item.module is None]

    def item_for(self, page_id: int) -> OutlineItem | None:
        return next((item for item in self.sequence if item.page.pk == page_id), None)

    def module_for(self, page_id: int) -> OutlineModule | None:
        return next((m for m in self.modules if m.page.pk == page_id), None)

    def neighbours(self, page_id: int) -> tuple[OutlineItem | None, OutlineItem | None]:
        """The steps before and after a lesson or quiz, in course order."""
        for index, item in enumerate(self.sequence):
            if item.page.pk == page_id:
                previous = self.sequence[index - 1] if index > 0 else None
                following = (
                    self.sequence[index + 1] if index + 1 < len(self.sequence) else None
                )
                return previous, following
        return None, None


def _pages_in_language(course: Page) -> list[Page]:
    """The live pages of a course in tree order, in the course's language.

    The order and the steps come from the source's tree; each page is its
    live translation into the course's language where there is one, so a
    step not translated yet is still in the outline, in the source language.
    """
    source = source_page(course)
    pages = list(
        Page.objects.descendant_of(source)
        .live()
        .order_by("path")
        .defer_streamfields()
        .specific()
    )
    if source.pk == course.pk or not pages:
        return pages
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(
            locale_id=course.locale_id,
            translation_key__in=[page.translation_key for page in pages],
        )
        .defer_streamfields()
        .specific()
    }
    return [translated.get(page.translation_key, page) for page in pages]


def course_outline_for_user(*, course: Page, user) -> CourseOutline:
    """The course's steps in order with the user's progress, in a fixed number of queries.

    One query (plus one per page type) for the pages, two more for a
    translation, one for the progress. Progress counts across translations:
    a lesson done in one language is done in all of them.
    """
    source = source_page(course)
    pages = _pages_in_language(course)
    modules_by_path: dict[str, OutlineModule] = {}
    modules: list[OutlineModule] = []
    sequence: list[OutlineItem] = []
    entries: list[OutlineModule | OutlineItem] = []
    # Positions in the tree are read from the source's pages, whichever
    # translation is shown.
    tree_pages = (
        Page.objects.descendant_of(source).live().order_by("path").only("path", "depth")
        if source.pk != course.pk
        else pages
    )
    positions = {p.translation_key: (p.path, p.depth) for p in tree_pages}
    for page in pages:
        path, depth = positions.get(page.translation_key, (page.path, page.depth))
        label = page._meta.label_lower
        if label == MODULE_MODEL_LABEL:
            if depth != source.depth + 1:
                continue
            module = OutlineModule(page=page, number=len(modules) + 1)
            modules_by_path[path] = module
            modules.append(module)
            entries.append(module)
            continue
        if label == LESSON_MODEL_LABEL:
            kind = ItemKind.LESSON
        elif label == QUIZ_MODEL_LABEL:
            kind = ItemKind.QUIZ
        else:
            continue
        if depth == source.depth + 1:
            parent = None
        else:
            parent = modules_by_path.get(path[: -Page.steplen])
            if parent is None:
                continue  # under an unpublished module
        item = OutlineItem(page=page, kind=kind, module=parent)
        if parent is not None:
            parent.items.append(item)
        else:
            entries.append(item)
        sequence.append(item)

    if getattr(user, "is_authenticated", False) and sequence:
        lesson_keys = [item.page.translation_key for item in sequence if item.is_lesson]
        done_lessons, done_modules = _completed_keys(
            user=user,
            lesson_keys=lesson_keys,
            module_keys=[m.page.translation_key for m in modules],
        )
        for module in modules:
            module.completed_as_whole = module.page.translation_key in done_modules
        for item in sequence:
            if item.is_lesson:
                item.done = item.page.translation_key in done_lessons or (
                    item.module is not None and item.module.completed_as_whole
                )
        step_ids = [item.page.pk for item in sequence if not item.is_lesson]
        if step_ids:
            done_steps = _steps_done(user=user, page_ids=step_ids)
            attempted_steps = _step_ids_from(
                STEPS_ATTEMPTED_HOOK, user=user, page_ids=step_ids
            )
            for item in sequence:
                if not item.is_lesson:
                    item.done = item.page.pk in done_steps
                    item.attempted = not item.done and item.page.pk in attempted_steps
    steps = [item for item in sequence if not item.is_lesson]
    if steps:
        first_steps = _step_ids_from(STEPS_FIRST_HOOK, pages=[i.page for i in steps])
        for item in steps:
            item.first = item.page.pk in first_steps
    return CourseOutline(
        course=course, modules=modules, sequence=sequence, entries=entries
    )


def _completed_keys(*, user, lesson_keys: list, module_keys: list) -> tuple[set, set]:
    """Translation keys of the lessons and modules the user completed (in any of
    their translations), in one query."""
    lessons = (
        user.lesson_completions.filter(lesson__translation_key__in=lesson_keys)
        .annotate(kind=Value("lesson"))
        .values_list("lesson__translation_key", "kind")
    )
    modules = (
        user.module_completions.filter(module__translation_key__in=module_keys)
        .annotate(kind=Value("module"))
        .values_list("module__translation_key", "kind")
    )
    done_lessons: set = set()
    done_modules: set = set()
    for pk, kind in lessons.union(modules, all=True):
        (done_lessons if kind == "lesson" else done_modules).add(pk)
    return done_lessons, done_modules


def _step_ids_from(hook_name: str, **kwargs) -> set[int]:
    """The union of the page ids every function registered under a hook returns."""
    found: set[int] = set()
    for fn in hooks.get_hooks(hook_name):
        found |= set(fn(**kwargs))
    return found


def _steps_done(*, user, page_ids: list[int]) -> set[int]:
    """Ids among `page_ids` of the non-lesson steps (quizzes) the user has done."""
    done: set[int] = set()
    for fn in hooks.get_hooks(STEPS_DONE_HOOK):
        done |= set(fn(user=user, page_ids=page_ids))
    return done
