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


@pytest.fixture
def image(db):
    """A small PNG in Wagtail's image library."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), "#0b5563").save(buffer, format="PNG")
    return Image.objects.create(
        title="Referral map", file=ImageFile(buffer, name="referral-map.png")
    )


@pytest.fixture
def document(db):
    """A small text document in Wagtail's document library."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    return Document.objects.create(
        title="Referral form",
        file=ContentFile(b"Referral form\n", name="referral-form.txt"),
    )


def every_block(image, document) -> list:
    """A lesson body that uses every block type once (native values)."""
    return [
        ("heading", {"text": "Recognising the signs", "level": "h2"}),
        ("paragraph", "<p>Trafficking has <b>three elements</b>.</p>"),
        (
            "image",
            {"image": image, "alt_text": "Map of agencies", "caption": "Who refers"},
        ),
        (
            "video",
            {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "A first conversation",
                "transcript": "An officer greets a worker.",
            },
        ),
        (
            "document",
            {"document": document, "title": "", "description": "Print it."},
        ),
        (
            "callout",
            {
                "kind": "do_no_harm",
                "title": "Safety first",
                "text": "<p>Never interview in front of the employer.</p>",
            },
        ),
        (
            "case_study",
            {
                "title": "The worker at the clinic",
                "scenario": "<p>An employer answers every question for her.</p>",
                "discussion_questions": ["Which indicators do you notice?"],
                "facilitator_notes": "<p>SECRET-NOTE: someone speaks for her.</p>",
            },
        ),
        (
            "indicator_checklist",
            {
                "title": "General indicators",
                "context": "general",
                "introduction": "Tick what you notice.",
                "indicators": ["Someone else holds the documents", "Unpayable debt"],
            },
        ),
        (
            "key_takeaways",
            {"title": "Key takeaways", "points": ["Consent is irrelevant"]},
        ),
        (
            "referral_contact",
            {
                "agency": "Anti-Trafficking Unit",
                "role": "Receives referrals",
                "focal_point": "Duty officer",
                "phone": "+1 758 000 0000",
                "email": "unit@example.org",
                "website": "",
                "address": "",
                "hours": "Day and night",
            },
        ),
    ]
