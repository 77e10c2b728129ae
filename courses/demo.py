"""Demo data owned by the courses app (see lms/management/commands/seed_demo.py).

Loads courses/demo_data/course.json: the course index, the demo course with its
three modules and lessons, the images and documents those lessons use, and one
lesson left waiting in the "Curriculum review" workflow. Pages are created and
published through Wagtail's own API. Then the Spanish translation of every
published page, from course.es.json (the same keys and blocks, only the text
translated), made with wagtail-localize (courses.services.page_translation_save)
so that the admin's translation editor shows it translated. Idempotent: what is
already there (found by slug under its parent, by title for images and
documents, a translation by its source and locale) is left as it is.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, WorkflowState

from lms import roles
from lms.models import HomePage

from . import services
from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_COURSE_SLUG = "identifying-and-assisting-victims-of-trafficking"
COURSE_INDEX_SLUG = "courses"


TRANSLATIONS = ("es",)


@cache
def content(language: str = "en") -> dict:
    """The demo curriculum as written in course.json (course.<language>.json)."""
    name = "course.json" if language == "en" else f"course.{language}.json"
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def demo_course() -> CoursePage | None:
    """The demo course in the default locale (its translations share its slug)."""
    return (
        CoursePage.objects.filter(slug=DEMO_COURSE_SLUG, locale=Locale.get_default())
        .order_by("path")
        .first()
    )


def translate(source: Page, translated: Page, locale: Locale) -> bool:
    """Translate a demo page unless its translation is already there."""
    existing = source.get_translation_or_none(locale)
    if existing is not None and existing.alias_of_id is None:
        return False
    services.page_translation_save(source=source, translated=translated, locale=locale)
    return True


def _seed_translation(language: str, index: Page, course: Page, media: dict) -> int:
    """The published pages of the demo course translated from course.<language>.json."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return 0
    data = content(language)
    made = translate(index, CourseIndexPage(**data["course_index"]), locale)
    spec = dict(data["course"], cover_image=media[data["course"]["cover_image"]])
    made += translate(course, CoursePage(**spec), locale)
    modules = {m.slug: m for m in ModulePage.objects.child_of(course)}
    for module_spec in data["modules"]:
        module = modules[module_spec["slug"]]
        made += translate(
            module,
            ModulePage(
                slug=module_spec["slug"],
                title=module_spec["title"],
                summary=module_spec["summary"],
                estimated_minutes=module_spec["estimated_minutes"],
            ),
            locale,
        )
        lessons = {
            lesson.slug: lesson for lesson in LessonPage.objects.child_of(module).live()
        }
        for lesson_spec in module_spec["lessons"]:
            lesson = lessons.get(lesson_spec["slug"])
            if lesson is None:
                continue
            made += translate(
                lesson,
                LessonPage(
                    slug=lesson_spec["slug"], **_lesson_fields(lesson_spec, media)
                ),
                locale,
            )
    return made


def _image(title: str, filename: str) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        with (DATA / filename).open("rb") as source:
            image.file = ImageFile(source, name=filename)
            image.save()
    return image


def _document(title: str, filename: str) -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file = ContentFile((DATA / filename).read_bytes(), name=filename)
        document.save()
    return document


def _media() -> dict[str, object]:
    """Images and documents by their placeholder in course.json ("image:cover")."""
    data = content()
    media: dict[str, object] = {
        key: _image(spec["title"], spec["file"]) for key, spec in data["images"].items()
    }
    for key, spec in data["documents"].items():
        media[key] = _document(spec["title"], spec["file"])
    return media


def _body(blocks: list[dict], media: dict) -> list[tuple[str, object]]:
    """StreamField data from course.json blocks, placeholders swapped for objects."""
    body = []
    for block in blocks:
        value = block["value"]
        if isinstance(value, dict):
            value = {
                key: media.get(item, item) if isinstance(item, str) else item
                for key, item in value.items()
            }
        body.append((block["type"], value))
    return body


def _child(parent: Page, model, slug: str, **fields):
    """The child page with that slug, or a new published one; returns (page, created)."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _lesson_fields(spec: dict, media: dict) -> dict:
    return {
        "title": spec["title"],
        "estimated_minutes": spec["estimated_minutes"],
        "search_description": spec["search_description"],
        "body": _body(spec["body"], media),
    }


def _administrator():
    User = get_user_model()
    return (
        User.objects.filter(groups__name=roles.ADMINISTRATORS, is_active=True)
        .order_by("pk")
        .first()
    )


def _leave_in_review(module: ModulePage, spec: dict, media: dict) -> bool:
    """Create the lesson that waits for review and submit it to the workflow."""
    lesson = LessonPage.objects.child_of(module).filter(slug=spec["slug"]).first()
    if lesson is None:
        lesson = LessonPage(
            slug=spec["slug"], live=False, **_lesson_fields(spec, media)
        )
        module.add_child(instance=lesson)
        lesson.save_revision()
    if WorkflowState.objects.for_instance(lesson).exists():
        return False
    workflow = lesson.get_workflow()
    submitter = _administrator()
    if workflow is None or submitter is None:
        return False
    workflow.start(lesson, submitter)
    return True


def seed(**_options) -> dict:
    """Seed the courses part of the demo from course.json; idempotent."""
    home = HomePage.objects.filter(locale=Locale.get_default()).order_by("path").first()
    if home is None:
        return {}
    data = content()
    index, _ = _child(home, CourseIndexPage, **data["course_index"])
    services.curriculum_workflow_assign(index=index)
    media = _media()
    course_spec = dict(data["course"])
    course_spec["cover_image"] = media[course_spec["cover_image"]]
    course, _ = _child(index, CoursePage, **course_spec)
    for module_spec in data["modules"]:
        module, _ = _child(
            course,
            ModulePage,
            module_spec["slug"],
            title=module_spec["title"],
            summary=module_spec["summary"],
            estimated_minutes=module_spec["estimated_minutes"],
        )
        for lesson_spec in module_spec["lessons"]:
            _child(
                module,
                LessonPage,
                lesson_spec["slug"],
                **_lesson_fields(lesson_spec, media),
            )
    review = data["lesson_in_review"]
    review_module = ModulePage.objects.child_of(course).get(slug=review["module_slug"])
    _leave_in_review(review_module, review, media)
    for language in TRANSLATIONS:
        _seed_translation(language, index, course, media)
    lessons = LessonPage.objects.descendant_of(course).live().count()
    return {
        "course": course,
        "lines": [
            f"Course: “{course.title}” at {course.url}: "
            f"{len(data['modules'])} modules, {lessons} published lessons, "
            f"one lesson waiting in “{services.CURRICULUM_WORKFLOW_NAME}”; "
            f"translated into {', '.join(TRANSLATIONS)}.",
        ],
    }
