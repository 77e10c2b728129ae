"""The demo in Spanish: seed_demo's course and quizzes translated with wagtail-localize,
read, taken and reviewed by a participant whose language is Spanish."""

import re

import pytest
from django.apps import apps
from django.utils.html import strip_tags
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from assessments import demo as assessments_demo
from assessments.models import Attempt, QuizPage
from courses import demo as courses_demo
from courses.models import LessonPage
from lms import demo as lms_demo
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(home_page):
    lms_demo.seed_users()
    courses_demo.seed()
    assessments_demo.seed()


@pytest.fixture
def hispanic_client(client):
    client.force_login(factories.participant(preferred_language="es"))
    return client


def spanish() -> Locale:
    return Locale.objects.get(language_code="es")


def test_every_published_demo_page_has_a_complete_spanish_translation(seeded):
    course = courses_demo.demo_course()
    sources = Page.objects.descendant_of(course, inclusive=True).live()
    assert sources.count() == 20  # course, 3 modules, 11 lessons, 5 quizzes
    for source in sources:
        translated = source.get_translation_or_none(spanish())
        assert translated is not None, source.title
        assert translated.live and translated.alias_of_id is None, source.title
        job = Translation.objects.get(
            source__object_id=source.translation_key, target_locale=spanish()
        )
        done, total = job.get_progress()
        assert done == total > 0, source.title


def test_the_spanish_participant_reads_a_lesson_from_the_spanish_file(
    seeded, hispanic_client
):
    spec = courses_demo.content("es")["modules"][0]["lessons"][0]
    lesson = LessonPage.objects.get(locale__language_code="en", slug=spec["slug"])

    html = hispanic_client.get(lesson.url).content.decode()
    assert f"<h1>{spec['title']}</h1>" in html
    first_paragraph = strip_tags(spec["body"][0]["value"])
    assert first_paragraph[:60] in html
    assert re.search(r'<html lang="es">', html)


def test_the_spanish_participant_takes_a_quiz_and_reads_the_result_in_spanish(
    seeded, hispanic_client
):
    spec = next(
        q for q in assessments_demo.content("es")["quizzes"] if q["kind"] == "module"
    )
    blocks = assessments_demo.content("es")["question_sets"][spec["questions"]]
    prompt = next(b["value"]["prompt"] for b in blocks if "prompt" in b["value"])
    quiz = QuizPage.objects.get(locale=spanish(), title=spec["title"])

    html = hispanic_client.get(quiz.url).content.decode()
    assert f"<h1>{spec['title']}</h1>" in html
    response = hispanic_client.post(f"/quizzes/{quiz.pk}/start/")
    attempt = Attempt.objects.get(quiz=quiz)
    assert response.status_code == 302
    assert attempt.revision_id == quiz.live_revision_id
    html = hispanic_client.get(f"/quizzes/attempts/{attempt.pk}/").content.decode()
    assert prompt[:50] in html

    answers = {
        f"q-{q.id}": [o.id for o in q.options if o.correct]
        for q in attempt.content.questions.values()
    }
    response = hispanic_client.post(f"/quizzes/attempts/{attempt.pk}/", answers)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.percent == 100 and attempt.passed

    html = hispanic_client.get(
        f"/quizzes/attempts/{attempt.pk}/review/"
    ).content.decode()
    assert spec["title"] in html
    assert prompt[:50] in html
    assert re.search(r'<html lang="es">', html)


def test_seeding_the_translations_twice_changes_nothing(seeded):
    def counts():
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label
            in ("wagtail_localize", "wagtailcore", "courses", "assessments")
        }

    before = counts()
    courses_demo.seed()
    assessments_demo.seed()
    assert counts() == before
