"""Translated quizzes are one test in several languages: the same questions (block
ids) and answer key, attempts compared and counted together, and each attempt
scored on the translation and revision it showed."""

import re

import pytest
from wagtail.models import Locale

from assessments import selectors, services
from assessments.exceptions import AttemptLimitReached
from assessments.models import Attempt, QuizKind, QuizPage
from courses import services as course_services
from courses.models import CourseIndexPage, CoursePage, ModulePage
from courses.selectors import course_outline_for_user
from tests import factories

from .conftest import make_quiz, option, single, submitted_attempt, true_false

pytestmark = pytest.mark.django_db


def spanish() -> Locale:
    return Locale.objects.get(language_code="es")


def spanish_questions() -> list:
    """The default questions in Spanish; the correct flags are deliberately not the
    source's: a translation cannot change the answer key."""
    return [
        single(
            prompt="¿Cuál?",
            explanation="EXPLICACIÓN-SIMPLE",
            options=[
                option("Respuesta correcta", False, "RETRO-CORRECTA-A"),
                option("Respuesta incorrecta", True, "RETRO-INCORRECTA-B"),
                option("Otra respuesta incorrecta", True, "RETRO-INCORRECTA-C"),
            ],
        ),
        (
            "multiple_choice",
            {
                "prompt": "¿Cuáles?",
                "points": 2,
                "explanation": "EXPLICACIÓN-MÚLTIPLE",
                "options": [
                    option("Primera correcta", True, "RETRO-M1"),
                    option("Segunda correcta", True, "RETRO-M2"),
                    option("Primera incorrecta", False, "RETRO-M3"),
                    option("Segunda incorrecta", False, "RETRO-M4"),
                ],
            },
        ),
        true_false(prompt="Es verdad.", correct="false", explanation="EXPLICACIÓN-VF"),
    ]


def translate_parents(quiz: QuizPage) -> None:
    """Spanish translations of the quiz's course (and index, and module)."""
    es = spanish()
    course = quiz.course()
    index = course.get_parent().specific
    course_services.page_translation_save(
        source=index,
        translated=CourseIndexPage(title="Cursos", slug=index.slug, intro=index.intro),
        locale=es,
    )
    course_services.page_translation_save(
        source=course,
        translated=CoursePage(title="Curso", slug=course.slug, summary="Un curso."),
        locale=es,
    )
    for module in ModulePage.objects.child_of(course):
        course_services.page_translation_save(
            source=module,
            translated=ModulePage(
                title="Módulo", slug=module.slug, summary="Un módulo."
            ),
            locale=es,
        )


def translate_quiz(quiz: QuizPage, *, title: str = "Cuestionario") -> QuizPage:
    if quiz.course().get_translation_or_none(spanish()) is None:
        translate_parents(quiz)
    return course_services.page_translation_save(
        source=quiz,
        translated=QuizPage(
            title=title,
            slug=quiz.slug,
            kind=quiz.kind,
            instructions="<p>Responda a todas las preguntas.</p>",
            questions=spanish_questions(),
            pass_mark=10,  # not the source's: settings are synchronised
        ),
        locale=spanish(),
    )


def right_answers(attempt: Attempt) -> dict:
    return {
        q.id: [o.id for o in q.options if o.correct]
        for q in attempt.content.questions.values()
    }


def test_a_translated_quiz_keeps_the_question_ids_answer_key_and_rules(quiz):
    translated = translate_quiz(quiz)

    assert translated.locale.language_code == "es"
    assert translated.live and translated.pass_mark == quiz.pass_mark == 70
    source, copy = quiz.content, translated.content
    assert list(copy.questions) == list(source.questions)
    for question_id, question in source.questions.items():
        theirs = copy.questions[question_id]
        assert [(o.id, o.correct) for o in theirs.options] == [
            (o.id, o.correct) for o in question.options
        ]
        assert theirs.points == question.points
    prompts = [q.prompt for q in copy.questions.values()]
    assert prompts == ["¿Cuál?", "¿Cuáles?", "Es verdad."]


def test_an_attempt_pins_the_translation_and_revision_shown(client, quiz):
    translated = translate_quiz(quiz)
    participant = factories.participant(preferred_language="es")
    client.force_login(participant)

    response = client.post(f"/quizzes/{translated.pk}/start/")
    attempt = Attempt.objects.get(participant=participant)
    assert response.status_code == 302
    assert attempt.quiz_id == translated.pk
    assert attempt.revision_id == translated.live_revision_id
    html = client.get(f"/quizzes/attempts/{attempt.pk}/").content.decode()
    assert "¿Cuáles?" in html and "Primera correcta" in html
    assert "Which ones?" not in html


def test_an_attempt_is_scored_on_the_revision_it_showed_after_the_translation_changes(
    quiz,
):
    translated = translate_quiz(quiz)
    participant = factories.participant(preferred_language="es")
    attempt = services.attempt_start(participant=participant, quiz=translated)
    shown_revision = attempt.revision_id
    answers = right_answers(attempt)

    # The source's answer key changes; the translation is brought up to date
    # and republished, so its live revision now has the new key.
    source = quiz.get_latest_revision_as_object()
    first = next(b for b in source.questions if b.block_type == "single_choice")
    for item in first.value["options"]:
        item["correct"] = item["text"] == "Wrong answer"
    source.save_revision().publish()
    updated = translate_quiz(QuizPage.objects.get(pk=quiz.pk))
    assert updated.live_revision_id != shown_revision
    new_key = updated.content.questions[next(iter(answers))]
    assert [o.correct for o in new_key.options] == [False, True, False]

    closed = services.attempt_submit(attempt=attempt, answers=answers)
    assert closed.revision_id == shown_revision
    assert closed.percent == 100 and closed.passed


def test_a_spanish_pre_test_pairs_with_an_english_post_test(course, participant):
    pre = make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)
    post = make_quiz(course, title="Post-test", kind=QuizKind.POST_TEST)
    spanish_pre = translate_quiz(pre, title="Prueba inicial")
    submitted_attempt(spanish_pre, participant, percent=40)
    submitted_attempt(post, participant, percent=90)

    for either in (course, course.get_translation(spanish())):
        result = selectors.pre_post_for_users(course=either, user_ids=[participant.pk])
        assert result[participant.pk].pre_percent == 40
        assert result[participant.pk].post_percent == 90
        assert result[participant.pk].gain == 50
        assert selectors.post_test_passed_user_ids(
            course=either, user_ids=[participant.pk]
        ) == {participant.pk}


def test_the_attempt_limit_counts_every_translation(module, participant):
    quiz = make_quiz(module, title="Once only", max_attempts=1)
    translated = translate_quiz(quiz)
    submitted_attempt(quiz, participant, percent=50)

    with pytest.raises(AttemptLimitReached):
        services.attempt_start(participant=participant, quiz=translated)
    state = selectors.quiz_state(quiz=translated, user=participant)
    assert state.used == 1 and not state.can_start


def test_item_results_group_both_languages_by_question(quiz):
    translated = translate_quiz(quiz)
    for shown in (quiz, translated):
        attempt = services.attempt_start(
            participant=factories.participant(), quiz=shown
        )
        services.attempt_submit(attempt=attempt, answers=right_answers(attempt))

    results = selectors.question_results(quiz=translated)
    assert set(results) == set(quiz.content.questions)
    for result in results.values():
        assert result.attempts == result.answered == result.correct == 2
        assert result.percent_correct == 100


def test_a_quiz_passed_in_english_is_done_in_the_spanish_outline(quiz, participant):
    translated = translate_quiz(quiz)
    submitted_attempt(quiz, participant, percent=100)

    course = translated.course()
    assert course.locale.language_code == "es"
    outline = course_outline_for_user(course=course, user=participant)
    item = outline.item_for(translated.pk)
    assert item is not None and item.done
    assert selectors.quiz_ids_done(user=participant, page_ids=[translated.pk]) == {
        translated.pk
    }


def test_the_quiz_page_in_spanish_links_to_the_english_quiz(client, quiz):
    translated = translate_quiz(quiz)
    client.force_login(factories.participant(preferred_language="es"))

    html = client.get(translated.url).content.decode()
    assert "<h1>Cuestionario</h1>" in html
    assert re.search(r'<html lang="es">', html)
    assert 'hreflang="en" lang="en">English</a>' in html
    html = client.get(translated.url + "?lang=en").content.decode()
    assert "<h1>Module quiz</h1>" in html
    assert 'class="container prose" lang="en"' in html
