"""Reads owned by the courses app: outlines, progress and who may read what.

Every selector here answers in a fixed number of queries, whatever the size of
the course or the number of users asked about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Value
from wagtail import hooks
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

from lms import roles

from .models import (
    CourseIndexPage,
    CoursePage,
    LessonCompletion,
    LessonPage,
    ModuleCompletion,
    ModulePage,
)

QUIZ_MODEL_LABEL = "assessments.quizpage"
# Apps whose pages are steps of a course (assessments: quizzes) register a function
# under this Wagtail hook name, called as fn(user=..., page_ids=[...]) and returning
# the ids of those steps the user has done; courses never imports those apps.
STEPS_DONE_HOOK = "harbour_course_steps_done"


class ItemKind:
    """What a step of the course is; templates compare against these."""

    LESSON = "lesson"
    QUIZ = "quiz"


# ---------------------------------------------------------------------------
# Contracts other apps call (docs/decisions/0001-app-boundaries.md)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleProgress:
    """How many of a course's modules one user has completed."""

    done: int
    total: int
    completed_module_ids: frozenset[int] = frozenset()

    @property
    def percent(self) -> int:
        """Whole percent of modules completed (0 for a course without modules)."""
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def all_done(self) -> bool:
        """True when every module of the course is completed (and there is one)."""
        return self.total > 0 and self.done == self.total


def course_outline(course: CoursePage) -> list[ModulePage]:
    """The live modules of a course, in the order of the page tree."""
    return list(ModulePage.objects.child_of(course).live().order_by("path"))


def module_progress_for_users(
    *, course: CoursePage, user_ids: Iterable[int]
) -> dict[int, ModuleProgress]:
    """Module progress of each user in a course, in four queries for any number of users.

    A module counts as completed when the user completed it as a whole (by
    passing its quiz, see services.module_complete) or completed every live
    lesson in it.
    """
    user_ids = list(dict.fromkeys(user_ids))
    if not user_ids:
        return {}
    modules = course_outline(course)
    total = len(modules)
    module_ids = {m.pk for m in modules}
    lessons_of_module = _live_lesson_ids_by_module(course, modules)
    module_of_lesson = {
        lesson_id: module_id
        for module_id, lesson_ids in lessons_of_module.items()
        for lesson_id in lesson_ids
    }

    completed: dict[int, set[int]] = defaultdict(set)
    for user_id, module_id in ModuleCompletion.objects.filter(
        user_id__in=user_ids, module_id__in=module_ids
    ).values_list("user_id", "module_id"):
        completed[user_id].add(module_id)

    lessons_done: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    if module_of_lesson:
        for user_id, lesson_id in LessonCompletion.objects.filter(
            user_id__in=user_ids, lesson_id__in=list(module_of_lesson)
        ).values_list("user_id", "lesson_id"):
            lessons_done[user_id][module_of_lesson[lesson_id]] += 1

    result = {}
    for user_id in user_ids:
        done_ids = set(completed.get(user_id, ()))
        for module_id, count in lessons_done.get(user_id, {}).items():
            if count and count == len(lessons_of_module[module_id]):
                done_ids.add(module_id)
        result[user_id] = ModuleProgress(
            done=len(done_ids), total=total, completed_module_ids=frozenset(done_ids)
        )
    return result


def course_for_page(page: Page) -> CoursePage | None:
    """The course a page belongs to (the page itself when it is a course), or None."""
    specific = page.specific_deferred
    if isinstance(specific, CoursePage):
        return specific
    return CoursePage.objects.ancestor_of(page).first()


def user_can_read_course_page(user, course: CoursePage) -> bool:
    """Everyone reads a public course; an enrolled-only one only its enrolled
    participants, its facilitators and administrators."""
    if not course.enrolled_only:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if roles.is_administrator(user):
        return True
    # cohorts depends on courses, so it is imported only when needed.
    from cohorts.selectors import user_can_read_course

    return user_can_read_course(user, course.pk)


def user_can_read(user, page: Page) -> bool:
    """True when the user may read this page of a course (course, module, lesson, quiz).

    Pages outside any course are public as far as the curriculum is concerned.
    """
    course = course_for_page(page)
    if course is None:
        return True
    return user_can_read_course_page(user, course)


# ---------------------------------------------------------------------------
# The course as one participant sees it
# ---------------------------------------------------------------------------


@dataclass
class OutlineItem:
    """One step of a course: a lesson or a quiz, and whether the user has done it."""

    page: Page
    kind: str
    module: OutlineModule | None = None
    done: bool = False

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

    page: ModulePage
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

    course: CoursePage
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


def course_outline_for_user(*, course: CoursePage, user) -> CourseOutline:
    """The course's steps in order with the user's progress, in a fixed number of queries.

    One query (plus one per page type) for the pages, one for the progress.
    """
    pages = list(
        Page.objects.descendant_of(course)
        .live()
        .order_by("path")
        .defer_streamfields()
        .specific()
    )
    modules_by_path: dict[str, OutlineModule] = {}
    modules: list[OutlineModule] = []
    sequence: list[OutlineItem] = []
    entries: list[OutlineModule | OutlineItem] = []
    for page in pages:
        if isinstance(page, ModulePage):
            if page.depth != course.depth + 1:
                continue
            module = OutlineModule(page=page, number=len(modules) + 1)
            modules_by_path[page.path] = module
            modules.append(module)
            entries.append(module)
            continue
        if isinstance(page, LessonPage):
            kind = ItemKind.LESSON
        elif page._meta.label_lower == QUIZ_MODEL_LABEL:
            kind = ItemKind.QUIZ
        else:
            continue
        if page.depth == course.depth + 1:
            parent = None
        else:
            parent = modules_by_path.get(page.path[: -Page.steplen])
            if parent is None:
                continue  # under an unpublished module
        item = OutlineItem(page=page, kind=kind, module=parent)
        if parent is not None:
            parent.items.append(item)
        else:
            entries.append(item)
        sequence.append(item)

    if getattr(user, "is_authenticated", False) and sequence:
        lesson_ids = [item.page.pk for item in sequence if item.is_lesson]
        done_lessons, done_modules = _completed_ids(
            user=user, lesson_ids=lesson_ids, module_ids=[m.page.pk for m in modules]
        )
        for module in modules:
            module.completed_as_whole = module.page.pk in done_modules
        for item in sequence:
            if item.is_lesson:
                item.done = item.page.pk in done_lessons or (
                    item.module is not None and item.module.completed_as_whole
                )
        step_ids = [item.page.pk for item in sequence if not item.is_lesson]
        if step_ids:
            done_steps = _steps_done(user=user, page_ids=step_ids)
            for item in sequence:
                if not item.is_lesson:
                    item.done = item.page.pk in done_steps
    return CourseOutline(
        course=course, modules=modules, sequence=sequence, entries=entries
    )


def live_courses(*, index: CourseIndexPage | None = None) -> list[CoursePage]:
    """Published courses, in tree order, optionally only those under one index."""
    courses = CoursePage.objects.live().order_by("path").select_related("cover_image")
    if index is not None:
        courses = courses.child_of(index)
    return list(courses)


def readable_courses(user, courses: Iterable[CoursePage]) -> list[CoursePage]:
    """The courses of a list the user may read, in two queries at most."""
    courses = list(courses)
    if not any(course.enrolled_only for course in courses):
        return courses
    readable = _readable_private_course_ids(user)
    return [c for c in courses if not c.enrolled_only or c.pk in readable]


def unreadable_course_paths(user) -> list[str]:
    """Tree paths of the enrolled-only courses the user may not read."""
    private = CoursePage.objects.filter(enrolled_only=True).values_list("pk", "path")
    private = list(private)
    if not private:
        return []
    readable = _readable_private_course_ids(user)
    return [path for pk, path in private if pk not in readable]


@dataclass(frozen=True)
class SearchHit:
    """A lesson found by the site search, with the module and course it sits in."""

    lesson: LessonPage
    module: Page | None
    course: Page | None


def lesson_search(*, query: str, user, limit: int = 50) -> list[SearchHit]:
    """Published lessons matching a query, without those of courses the user may not read."""
    query = (query or "").strip()
    if not query:
        return []
    lessons = LessonPage.objects.live()
    for path in unreadable_course_paths(user):
        lessons = lessons.exclude(path__startswith=path)
    # Quotes make phrases; "field:value" filters typed by a visitor are ignored.
    _filters, parsed = parse_query_string(query)
    found = list(lessons.search(parsed)[:limit])
    if not found:
        return []
    parent_paths = set()
    for lesson in found:
        parent_paths.add(lesson.path[: -Page.steplen])
        parent_paths.add(lesson.path[: -2 * Page.steplen])
    parents = {page.path: page for page in Page.objects.filter(path__in=parent_paths)}
    return [
        SearchHit(
            lesson=lesson,
            module=parents.get(lesson.path[: -Page.steplen]),
            course=parents.get(lesson.path[: -2 * Page.steplen]),
        )
        for lesson in found
    ]


@dataclass
class LearnerCourse:
    """A course on a participant's "My learning" page."""

    outline: CourseOutline
    enrolled: bool

    @property
    def course(self) -> CoursePage:
        return self.outline.course


def learner_courses(user) -> list[LearnerCourse]:
    """The courses a participant is in (active enrolments or any progress), with progress."""
    if not getattr(user, "is_authenticated", False):
        return []
    from cohorts.selectors import participant_course_ids

    enrolled_ids = participant_course_ids(user)
    progressed_lessons = LessonCompletion.objects.filter(user=user).values_list(
        "lesson__path", flat=True
    )
    progressed_modules = ModuleCompletion.objects.filter(user=user).values_list(
        "module__path", flat=True
    )
    paths = set(progressed_lessons) | set(progressed_modules)
    courses = [
        course
        for course in CoursePage.objects.live().order_by("path")
        if course.pk in enrolled_ids
        or any(path.startswith(course.path) for path in paths)
    ]
    courses = readable_courses(user, courses)
    return [
        LearnerCourse(
            outline=course_outline_for_user(course=course, user=user),
            enrolled=course.pk in enrolled_ids,
        )
        for course in courses
    ]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _live_lesson_ids_by_module(
    course: CoursePage, modules: list[ModulePage]
) -> dict[int, list[int]]:
    module_by_path = {m.path: m.pk for m in modules}
    by_module: dict[int, list[int]] = {m.pk: [] for m in modules}
    for pk, path in (
        LessonPage.objects.descendant_of(course).live().values_list("pk", "path")
    ):
        module_id = module_by_path.get(path[: -Page.steplen])
        if module_id is not None:
            by_module[module_id].append(pk)
    return by_module


def _completed_ids(
    *, user, lesson_ids: list[int], module_ids: list[int]
) -> tuple[set[int], set[int]]:
    """Ids of the lessons and modules the user completed, in one query."""
    lessons = (
        LessonCompletion.objects.filter(user=user, lesson_id__in=lesson_ids)
        .annotate(kind=Value("lesson"))
        .values_list("lesson_id", "kind")
    )
    modules = (
        ModuleCompletion.objects.filter(user=user, module_id__in=module_ids)
        .annotate(kind=Value("module"))
        .values_list("module_id", "kind")
    )
    done_lessons: set[int] = set()
    done_modules: set[int] = set()
    for pk, kind in lessons.union(modules, all=True):
        (done_lessons if kind == "lesson" else done_modules).add(pk)
    return done_lessons, done_modules


def _steps_done(*, user, page_ids: list[int]) -> set[int]:
    """Ids among `page_ids` of the non-lesson steps (quizzes) the user has done."""
    done: set[int] = set()
    for fn in hooks.get_hooks(STEPS_DONE_HOOK):
        done |= set(fn(user=user, page_ids=page_ids))
    return done


def _readable_private_course_ids(user) -> set[int]:
    """Ids of enrolled-only courses the user may read (administrators: all of them)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if roles.is_administrator(user):
        return set(
            CoursePage.objects.filter(enrolled_only=True).values_list("pk", flat=True)
        )
    from cohorts.selectors import facilitator_course_ids, participant_course_ids

    return participant_course_ids(user) | facilitator_course_ids(user)


def personal_data_for(user) -> dict:
    """The user's progress through lessons and modules, for their "my data" export."""
    return {
        "lesson_completions": [
            {"lesson_id": pk, "lesson": title, "completed_at": at.isoformat()}
            for pk, title, at in LessonCompletion.objects.filter(user=user)
            .order_by("completed_at", "pk")
            .values_list("lesson_id", "lesson__title", "completed_at")
        ],
        "module_completions": [
            {"module_id": pk, "module": title, "completed_at": at.isoformat()}
            for pk, title, at in ModuleCompletion.objects.filter(user=user)
            .order_by("completed_at", "pk")
            .values_list("module_id", "module__title", "completed_at")
        ],
    }
