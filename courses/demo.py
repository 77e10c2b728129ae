"""Demo data owned by the courses app (see lms/management/commands/seed_demo.py).

The course index, the demo course with its three modules and lessons (text in
demo_content.py), the image and documents those lessons use, the "Curriculum
review" workflow, and one lesson left in review. Idempotent: what is already
there (found by slug or title) is left as it is.
"""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, WorkflowState
from wagtail.search import index as search_index

from lms import roles
from lms.models import HomePage

from . import demo_content as content
from . import services
from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage

DEMO_COURSE_SLUG = "identifying-and-assisting-victims-of-trafficking"
COURSE_INDEX_SLUG = "courses"

BRAND = "#0b5563"
ACCENT = "#f2b544"
INK = "#1b2a30"
PAPER = "#f6f8f8"


# ---------------------------------------------------------------------------
# Pictures and documents, made in code and saved through Django's storage
# ---------------------------------------------------------------------------


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: fixed-size bitmap font
        return ImageFont.load_default()


def _centred(draw, box, text: str, font, fill: str) -> None:
    left, top, right, bottom = box
    x0, y0, x1, y1 = draw.multiline_textbbox((0, 0), text, font=font, align="center")
    x = left + (right - left - (x1 - x0)) / 2
    y = top + (bottom - top - (y1 - y0)) / 2
    draw.multiline_text((x, y), text, font=font, fill=fill, align="center")


def _elements_png() -> bytes:
    """Act → means → purpose, as three boxes joined by arrows."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (960, 360), PAPER)
    draw = ImageDraw.Draw(picture)
    title, label = _font(32), _font(23)
    parts = [
        ("THE ACT", "recruiting, moving,\nharbouring, receiving"),
        ("THE MEANS", "force, deception,\nabuse of vulnerability"),
        ("THE PURPOSE", "exploitation"),
    ]
    for index, (name, detail) in enumerate(parts):
        left = 20 + index * 320
        box = (left, 80, left + 280, 300)
        draw.rounded_rectangle(box, radius=18, fill="white", outline=BRAND, width=5)
        _centred(draw, (left, 95, left + 280, 150), name, title, BRAND)
        _centred(draw, (left + 10, 160, left + 270, 290), detail, label, INK)
        if index < 2:
            y = 190
            draw.line((left + 284, y, left + 306, y), fill=ACCENT, width=8)
            draw.polygon(
                [(left + 306, y - 12), (left + 306, y + 12), (left + 318, y)],
                fill=ACCENT,
            )
    _centred(draw, (0, 10, 960, 70), "Trafficking in persons", _font(36), INK)
    buffer = BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _network_png() -> bytes:
    """A focal point in the middle, linked to the agencies of the network."""
    import math

    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (960, 640), PAPER)
    draw = ImageDraw.Draw(picture)
    font = _font(24)
    centre = (480, 320)
    agencies = [
        "Police",
        "Immigration",
        "Labour\ninspection",
        "Prosecutors",
        "Social\nservices",
        "Health",
        "Shelters",
        "NGOs and\nfaith groups",
    ]
    points = []
    for index, _ in enumerate(agencies):
        angle = 2 * math.pi * index / len(agencies) - math.pi / 2
        points.append(
            (centre[0] + 360 * math.cos(angle), centre[1] + 245 * math.sin(angle))
        )
    for x, y in points:
        draw.line((centre, (x, y)), fill=ACCENT, width=5)
    for (x, y), name in zip(points, agencies, strict=True):
        box = (x - 95, y - 42, x + 95, y + 42)
        draw.rounded_rectangle(box, radius=16, fill="white", outline=BRAND, width=4)
        _centred(draw, box, name, font, INK)
    hub = (centre[0] - 110, centre[1] - 55, centre[0] + 110, centre[1] + 55)
    draw.rounded_rectangle(hub, radius=24, fill=BRAND)
    _centred(draw, hub, "National\nfocal point", _font(28), "white")
    buffer = BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _cover_png() -> bytes:
    """The course's cover: its three parts on the brand colour."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (960, 400), BRAND)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 330, 960, 400), fill=ACCENT)
    _centred(draw, (0, 60, 960, 200), "Identify · Assist · Refer", _font(64), "white")
    _centred(
        draw,
        (0, 200, 960, 300),
        "Counter-trafficking training for the Caribbean",
        _font(32),
        "white",
    )
    buffer = BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _image(title: str, filename: str, draw) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        image.file = ImageFile(BytesIO(draw()), name=filename)
        image.save()
    return image


def _document(title: str, filename: str, text: str) -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file = ContentFile(text.encode("utf-8"), name=filename)
        document.save()
    return document


def _media() -> dict[str, object]:
    return {
        content.IMAGE_ELEMENTS: _image(
            "Three elements of trafficking", "three-elements.png", _elements_png
        ),
        content.IMAGE_NETWORK: _image(
            "Referral network", "referral-network.png", _network_png
        ),
        content.DOCUMENT_REFERRAL_FORM: _document(
            "Referral form (template)",
            "referral-form-template.txt",
            content.REFERRAL_FORM_TEXT,
        ),
        content.DOCUMENT_CONSENT: _document(
            "Consent to share information (template)",
            "consent-to-share-template.txt",
            content.CONSENT_FORM_TEXT,
        ),
    }


def _resolve(body: list, media: dict) -> list:
    """Swap the image and document placeholders for the real objects."""
    resolved = []
    for block_type, value in body:
        if isinstance(value, dict):
            value = {
                key: media.get(item, item) if isinstance(item, str) else item
                for key, item in value.items()
            }
        resolved.append((block_type, value))
    return resolved


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def _child(parent: Page, model, slug: str, **fields):
    """The child page with that slug, or a new published one; returns (page, created)."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _administrator():
    User = get_user_model()
    return (
        User.objects.filter(groups__name=roles.ADMINISTRATORS, is_active=True)
        .order_by("pk")
        .first()
    )


def _leave_in_review(module: ModulePage, media: dict) -> bool:
    """Create the lesson that waits for review and submit it to the workflow."""
    spec = content.LESSON_IN_REVIEW
    lesson = LessonPage.objects.child_of(module).filter(slug=spec["slug"]).first()
    if lesson is None:
        lesson = LessonPage(
            title=spec["title"],
            slug=spec["slug"],
            estimated_minutes=spec["estimated_minutes"],
            search_description=spec["search_description"],
            body=_resolve(spec["body"], media),
            live=False,
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


def _index_for_search(index: CourseIndexPage) -> None:
    """Index the curriculum now: page saves only queue the indexing for a task
    worker, and the demo should be searchable without one."""
    for page in Page.objects.descendant_of(index, inclusive=True).specific():
        search_index.insert_or_update_object(page)


def seed() -> dict:
    """Seed the courses part of the demo; idempotent."""
    home = HomePage.objects.first()
    if home is None:
        return {}
    index, _ = _child(
        home,
        CourseIndexPage,
        COURSE_INDEX_SLUG,
        title="Courses",
        intro="<p>Courses for people who meet victims of trafficking in their "
        "work: officials, police, social and health workers, NGO staff.</p>",
    )
    services.curriculum_workflow_assign(index=index)
    media = _media()
    cover = _image(
        "Course cover: Identify, Assist, Refer", "course-cover.png", _cover_png
    )
    course, _ = _child(
        index,
        CoursePage,
        DEMO_COURSE_SLUG,
        cover_image=cover,
        enrolled_only=False,
        **content.COURSE,
    )
    for module_spec in content.MODULES:
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
                title=lesson_spec["title"],
                estimated_minutes=lesson_spec["estimated_minutes"],
                search_description=lesson_spec["search_description"],
                body=_resolve(lesson_spec["body"], media),
            )
    review_module = ModulePage.objects.child_of(course).get(
        slug=content.LESSON_IN_REVIEW["module_slug"]
    )
    _leave_in_review(review_module, media)
    _index_for_search(index)
    lessons = LessonPage.objects.descendant_of(course).live().count()
    return {
        "course": course,
        "lines": [
            f"Course: “{course.title}” at {course.url} — "
            f"{len(content.MODULES)} modules, {lessons} published lessons, "
            f"one lesson waiting in “{services.CURRICULUM_WORKFLOW_NAME}”.",
        ],
    }
