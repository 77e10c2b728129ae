"""Course content per language: translations made with wagtail-localize, served in
the participant's language (else the source), with links to the other languages."""

import re

import pytest
from wagtail import hooks
from wagtail.models import Locale
from wagtail_localize.models import Translation

from courses import services
from courses.exceptions import TranslationDoesNotMatch
from courses.hooks import PARTICIPANT_COURSES_HOOK
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.selectors import course_outline_for_user, module_progress_for_users
from tests import factories

from .conftest import build_course

pytestmark = pytest.mark.django_db


def spanish() -> Locale:
    return Locale.objects.get(language_code="es")


def spanish_lesson(lesson: LessonPage) -> LessonPage:
    number = lesson.title.rsplit(" ", 1)[-1]
    return LessonPage(
        title=f"Lección {number}",
        slug=lesson.slug,
        estimated_minutes=lesson.estimated_minutes,
        body=[
            ("heading", {"text": f"Lección {number}", "level": "h2"}),
            ("paragraph", f"<p>Texto de la lección {number}.</p>"),
        ],
    )


def translate(course: CoursePage, *, lessons: int | None = None) -> CoursePage:
    """Translate the course, its index, its modules and (the first `lessons` of each
    module's, all by default) lessons into Spanish."""
    es = spanish()
    index = course.get_parent().specific
    services.page_translation_save(
        source=index,
        translated=CourseIndexPage(title="Cursos", slug=index.slug, intro=index.intro),
        locale=es,
    )
    translated = services.page_translation_save(
        source=course,
        translated=CoursePage(
            title="Identificar a las víctimas",
            slug=course.slug,
            summary="Un resumen breve.",
        ),
        locale=es,
    )
    for number, module in enumerate(ModulePage.objects.child_of(course), start=1):
        services.page_translation_save(
            source=module,
            translated=ModulePage(
                title=f"Módulo {number}", slug=module.slug, summary=f"Módulo {number}."
            ),
            locale=es,
        )
        for lesson in list(LessonPage.objects.child_of(module))[:lessons]:
            services.page_translation_save(
                source=lesson, translated=spanish_lesson(lesson), locale=es
            )
    return translated


@pytest.fixture
def small_course(course_index) -> CoursePage:
    return build_course(course_index, modules=1, lessons=2)


@pytest.fixture
def hispanic_participant(db):
    return factories.participant(preferred_language="es")


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_the_content_languages_have_their_locales():
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"en", "es", "fr", "nl", "pap"} <= codes


def test_a_translation_is_made_with_wagtail_localize_and_complete(small_course):
    translated = translate(small_course)

    assert translated.locale.language_code == "es"
    assert (
        translated.live and translated.translation_key == small_course.translation_key
    )
    assert translated.title == "Identificar a las víctimas"
    # Settings are the source's.
    assert translated.duration_hours == small_course.duration_hours
    job = Translation.objects.get(
        source__object_id=small_course.translation_key, target_locale=spanish()
    )
    done, total = job.get_progress()
    assert total > 0 and done == total
    lesson = LessonPage.objects.get(locale=spanish(), title="Lección 1.1")
    assert "Texto de la lección 1.1." in str(lesson.body)


def test_a_translation_that_does_not_line_up_is_refused(small_course):
    lesson = LessonPage.objects.descendant_of(small_course).first()
    # One block where the source has two.
    short = LessonPage(
        title="Lección", slug=lesson.slug, body=[("paragraph", "<p>Solo esto.</p>")]
    )
    with pytest.raises(TranslationDoesNotMatch):
        services.page_translation_save(
            source=lesson, translated=short, locale=spanish()
        )


def test_a_spanish_participant_reads_the_course_in_spanish(
    client, small_course, hispanic_participant
):
    translate(small_course)
    client.force_login(hispanic_participant)

    html = client.get(small_course.url).content.decode()
    assert "Identificar a las víctimas" in html
    assert "Identifying victims" not in html
    assert html_lang(html) == "es"
    assert "Español" in html  # the course's language, in its own name
    # A link to the English original, marked as English.
    link = re.search(r'<a href="([^"]+)" hreflang="en" lang="en">English</a>', html)
    assert link and link.group(1).endswith("?lang=en")

    lesson = LessonPage.objects.descendant_of(small_course).first()
    html = client.get(lesson.url).content.decode()
    assert "Texto de la lección 1.1." in html
    assert html_lang(html) == "es"


def test_the_english_link_shows_the_original_to_a_spanish_reader(
    client, small_course, hispanic_participant
):
    translate(small_course)
    client.force_login(hispanic_participant)

    html = client.get(small_course.url + "?lang=en").content.decode()
    assert "<h1>Identifying victims</h1>" in html
    assert html_lang(html) == "en"
    # The interface stays Spanish, so the English content says it is English.
    assert 'class="container course" lang="en"' in html


def test_an_english_reader_can_open_the_spanish_translation(client, small_course):
    translate(small_course)

    html = client.get(small_course.url).content.decode()
    assert "<h1>Identifying victims</h1>" in html
    assert 'hreflang="es" lang="es">Español</a>' in html

    html = client.get(small_course.url + "?lang=es").content.decode()
    assert "<h1>Identificar a las víctimas</h1>" in html
    assert html_lang(html) == "es"
    assert 'class="container course" lang="es"' in html


def test_a_lesson_not_translated_yet_is_read_in_the_source_language(
    client, small_course, hispanic_participant
):
    translate(small_course, lessons=1)
    client.force_login(hispanic_participant)
    untranslated = LessonPage.objects.descendant_of(small_course).last()

    response = client.get(untranslated.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Text of lesson 1.2 in Identifying victims." in html
    assert 'class="container" lang="en"' in html

    # The Spanish outline still lists it, in English and marked so.
    html = client.get(small_course.url).content.decode()
    assert "Lección 1.1" in html
    assert f'lang="en" hreflang="en">{untranslated.title}</a>' in html


def test_progress_counts_across_translations(
    client, small_course, hispanic_participant
):
    translate(small_course)
    client.force_login(hispanic_participant)
    for lesson in LessonPage.objects.filter(locale=spanish()):
        response = client.post(f"/lessons/{lesson.pk}/complete/")
        assert response.status_code == 302

    module = ModulePage.objects.child_of(small_course).get()
    progress = module_progress_for_users(
        course=small_course, user_ids=[hispanic_participant.pk]
    )[hispanic_participant.pk]
    assert progress.done == progress.total == 1
    assert progress.completed_module_ids == {module.pk}
    outline = course_outline_for_user(course=small_course, user=hispanic_participant)
    assert outline.finished


def test_enrolment_in_the_course_opens_every_translation(client, course_index):
    private = build_course(course_index, modules=1, lessons=1, enrolled_only=True)
    translated = translate(private)
    enrolled = factories.participant(preferred_language="es")
    other = factories.participant(preferred_language="es")

    def enrolled_courses(user):
        return [private.pk] if user.pk == enrolled.pk else []

    with hooks.register_temporarily(PARTICIPANT_COURSES_HOOK, enrolled_courses):
        assert translated.readable_by(enrolled)
        assert not translated.readable_by(other)
        client.force_login(enrolled)
        html = client.get(private.url).content.decode()
        assert "<h1>Identificar a las víctimas</h1>" in html
        html = client.get("/my-learning/").content.decode()
        assert "Identificar a las víctimas" in html
        assert "Identifying victims" not in html
        client.force_login(other)
        assert client.get(private.url).status_code == 403


def test_the_course_index_lists_each_course_once_in_the_readers_language(
    client, small_course, hispanic_participant
):
    translate(small_course)
    client.force_login(hispanic_participant)
    html = client.get(small_course.get_parent().url).content.decode()
    assert html.count("Identificar a las víctimas") == 1
    assert "Identifying victims" not in html
