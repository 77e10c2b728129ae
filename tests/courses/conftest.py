"""Fixtures for the courses tests: a course tree of any size."""

import pytest

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


def build_course(
    parent,
    *,
    title: str = "Identifying victims",
    modules: int = 3,
    lessons: int = 4,
    enrolled_only: bool = False,
    publish: bool = True,
) -> CoursePage:
    """A course of `modules` modules of `lessons` lessons each, every page published."""
    course = CoursePage(
        title=title,
        summary=f"{title}: a short summary.",
        enrolled_only=enrolled_only,
    )
    parent.add_child(instance=course)
    if publish:
        course.save_revision().publish()
    for m in range(1, modules + 1):
        module = ModulePage(title=f"{title} module {m}", summary=f"Module {m}.")
        course.add_child(instance=module)
        if publish:
            module.save_revision().publish()
        for n in range(1, lessons + 1):
            lesson = LessonPage(
                title=f"{title} lesson {m}.{n}",
                estimated_minutes=10,
                body=[
                    ("heading", {"text": f"Lesson {m}.{n}", "level": "h2"}),
                    ("paragraph", f"<p>Text of lesson {m}.{n} in {title}.</p>"),
                ],
            )
            module.add_child(instance=lesson)
            if publish:
                lesson.save_revision().publish()
    return course


@pytest.fixture
def course_index(home_page) -> CourseIndexPage:
    index = CourseIndexPage(title="Courses", slug="courses")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def course(course_index) -> CoursePage:
    """A published public course of 3 modules × 4 lessons."""
    return build_course(course_index)


@pytest.fixture
def private_course(course_index) -> CoursePage:
    """A published enrolled-only course of 2 modules × 2 lessons."""
    return build_course(
        course_index, title="Private casework", modules=2, lessons=2, enrolled_only=True
    )
