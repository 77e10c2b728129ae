"""Reads owned by the courses app: outlines, progress and who may read what.

Every selector here answers in a fixed number of queries, whatever the size of
the course or the number of users asked about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.models import Page
from wagtail.search.utils import parse_query_string

from .hooks import PARTICIPANT_COURSES_HOOK
from .models import (
    CourseIndexPage,
    CoursePage,
    LessonCompletion,
    LessonPage,
    ModuleCompletion,
    ModulePage,
    hooked_course_ids,
    private_course_ids_readable_by,
)
from .outline import (  # noqa: F401  (the outline is part of this app's contract)
    QUIZ_MODEL_LABEL,
    STEPS_ATTEMPTED_HOOK,
    STEPS_DONE_HOOK,
    STEPS_FIRST_HOOK,
    CourseOutline,
    ItemKind,
    OutlineItem,
    OutlineModule,
    course_outline_for_user,
)
from .translations import localize_pages, source_page

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
    lesson in it, in any of their translations. The modules and lessons are
    the course's source pages (its tree in the default locale).
    """
    user_ids = list(dict.fromkeys(user_ids))
    if not user_ids:
        return {}
    course = source_page(course)
    modules = course_outline(course)
    total = len(modules)
    module_by_key = {m.translation_key: m.pk for m in modules}
    lessons_of_module = _live_lesson_keys_by_module(course, modules)
    module_of_lesson = {
        lesson_key: module_id
        for module_id, lesson_keys in lessons_of_module.items()
        for lesson_key in lesson_keys
    }

    completed: dict[int, set[int]] = defaultdict(set)
    for user_id, module_key in ModuleCompletion.objects.filter(
        user_id__in=user_ids, module__translation_key__in=list(module_by_key)
    ).values_list("user_id", "module__translation_key"):
        completed[user_id].add(module_by_key[module_key])

    lessons_done: dict[int, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    if module_of_lesson:
        for user_id, lesson_key in LessonCompletion.objects.filter(
            user_id__in=user_ids, lesson__translation_key__in=list(module_of_lesson)
        ).values_list("user_id", "lesson__translation_key"):
            lessons_done[user_id][module_of_lesson[lesson_key]].add(lesson_key)

    result = {}
    for user_id in user_ids:
        done_ids = set(completed.get(user_id, ()))
        for module_id, keys in lessons_done.get(user_id, {}).items():
            if keys and len(keys) == len(lessons_of_module[module_id]):
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
    return course.readable_by(user)


def user_can_read(user, page: Page) -> bool:
    """True when the user may read this page of a course (course, module, lesson, quiz).

    Pages outside any course are public as far as the curriculum is concerned.
    """
    course = course_for_page(page)
    if course is None:
        return True
    return user_can_read_course_page(user, course)


def live_courses(*, index: CourseIndexPage | None = None) -> list[CoursePage]:
    """Published courses, in tree order, optionally only those under one index; each
    course once, in the active language where it is translated."""
    courses = (
        CoursePage.objects.live()
        .order_by("locale_id", "path")
        .select_related("cover_image")
    )
    if index is not None:
        courses = courses.child_of(index)
    return localize_pages(courses)


def readable_courses(user, courses: Iterable[CoursePage]) -> list[CoursePage]:
    """The courses of a list the user may read, in two queries at most."""
    courses = list(courses)
    if not any(course.enrolled_only for course in courses):
        return courses
    readable = private_course_ids_readable_by(user)
    return [c for c in courses if not c.enrolled_only or c.pk in readable]


def unreadable_course_paths(user) -> list[str]:
    """Tree paths of the enrolled-only courses the user may not read."""
    private = CoursePage.objects.filter(enrolled_only=True).values_list("pk", "path")
    private = list(private)
    if not private:
        return []
    readable = private_course_ids_readable_by(user)
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
    # A lesson found in any language is shown once, in the visitor's language
    # where it is translated.
    found = localize_pages(lessons.search(parsed)[:limit])
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
    enrolled_ids = hooked_course_ids(PARTICIPANT_COURSES_HOOK, user)
    progressed_lessons = LessonCompletion.objects.filter(user=user).values_list(
        "lesson__path", flat=True
    )
    progressed_modules = ModuleCompletion.objects.filter(user=user).values_list(
        "module__path", flat=True
    )
    paths = set(progressed_lessons) | set(progressed_modules)
    all_courses = list(CoursePage.objects.live().order_by("locale_id", "path"))
    enrolled_keys = {c.translation_key for c in all_courses if c.pk in enrolled_ids}
    taken_keys = enrolled_keys | {
        c.translation_key
        for c in all_courses
        if any(path.startswith(c.path) for path in paths)
    }
    # Each course once, in the participant's language where it is translated.
    courses = localize_pages(c for c in all_courses if c.translation_key in taken_keys)
    courses = readable_courses(user, courses)
    return [
        LearnerCourse(
            outline=course_outline_for_user(course=course, user=user),
            enrolled=course.translation_key in enrolled_keys,
        )
        for course in courses
    ]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _live_lesson_keys_by_module(
    course: CoursePage, modules: list[ModulePage]
) -> dict[int, list]:
    module_by_path = {m.path: m.pk for m in modules}
    by_module: dict[int, list] = {m.pk: [] for m in modules}
    for key, path in (
        LessonPage.objects.descendant_of(course)
        .live()
        .values_list("translation_key", "path")
    ):
        module_id = module_by_path.get(path[: -Page.steplen])
        if module_id is not None:
            by_module[module_id].append(key)
    return by_module


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
