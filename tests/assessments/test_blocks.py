"""Admin validation of questions and quizzes, and the page's place in the tree."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils import WagtailPageTestCase

from assessments.blocks import (
    MultipleChoiceBlock,
    QuizQuestionsBlock,
    ScenarioBlock,
    SingleChoiceBlock,
)
from assessments.models import QuizPage
from courses.models import CoursePage, LessonPage, ModulePage
from tests.assessments.conftest import multiple, option, single

pytestmark = pytest.mark.django_db


def _value(block, raw):
    return block.to_python(raw)


def _error_text(error) -> str:
    return str(error.as_json_data() if hasattr(error, "as_json_data") else error)


def test_single_choice_without_a_correct_option_is_refused():
    block = SingleChoiceBlock()
    _, raw = single(options=[option("A"), option("B")])
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(_value(block, raw))
    assert "Mark one option as correct" in _error_text(error.value)


def test_single_choice_with_two_correct_options_is_refused():
    block = SingleChoiceBlock()
    _, raw = single(options=[option("A", True), option("B", True), option("C")])
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(_value(block, raw))
    assert "exactly one correct option" in _error_text(error.value)


def test_multiple_choice_without_a_correct_option_is_refused():
    block = MultipleChoiceBlock()
    _, raw = multiple(options=[option("A"), option("B")])
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(_value(block, raw))
    assert "at least one option" in _error_text(error.value)


def test_a_good_question_passes():
    block = SingleChoiceBlock()
    _, raw = single()
    assert block.clean(_value(block, raw))["prompt"] == "Which one?"


def test_scenario_sub_questions_are_validated_too():
    block = ScenarioBlock()
    raw = {
        "case": "Someone else holds her passport.",
        "questions": [single(options=[option("A"), option("B")])],
    }
    with pytest.raises(StructBlockValidationError):
        block.clean(_value(block, raw))


def test_an_empty_quiz_is_refused_by_the_block_and_the_page():
    block = QuizQuestionsBlock(required=True)
    with pytest.raises(StreamBlockValidationError) as error:
        block.clean(block.to_python([]))
    assert "at least one question" in _error_text(error.value)
    page = QuizPage(title="Empty", slug="empty", questions=[])
    with pytest.raises(ValidationError) as page_error:
        page.clean()
    assert "at least one question" in str(page_error.value)


def test_an_empty_quiz_cannot_be_published(module):
    quiz = QuizPage(title="Empty", questions=[], live=False)
    module.add_child(instance=quiz)  # a draft may be empty while it is written
    quiz.live = True
    with pytest.raises(ValidationError):
        quiz.save()


def test_options_have_stable_ids_across_revisions(quiz):
    first = quiz.live_revision.as_object().content
    quiz.title = "Module quiz, edited"
    quiz.save_revision().publish()
    second = type(quiz).objects.get(pk=quiz.pk).live_revision.as_object().content
    assert list(first.questions) == list(second.questions)
    for qid, question in first.questions.items():
        assert [o.id for o in question.options] == [
            o.id for o in second.questions[qid].options
        ]


class TestQuizPageTree(WagtailPageTestCase):
    def test_quiz_lives_under_a_module_or_a_course(self):
        self.assertAllowedParentPageTypes(QuizPage, {ModulePage, CoursePage})
        self.assertAllowedSubpageTypes(QuizPage, {})
        self.assertCanNotCreateAt(LessonPage, QuizPage)


def test_admin_refuses_to_publish_a_question_without_correct_option(
    client, administrator, module
):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    client.force_login(administrator)
    data = nested_form_data(
        {
            "title": "Bad quiz",
            "slug": "bad-quiz",
            "kind": "module",
            "instructions": rich_text(""),
            "pass_mark": 70,
            "max_attempts": 0,
            "show_answers": "each",
            "questions": streamfield(
                [
                    (
                        "single_choice",
                        {
                            "prompt": "Which?",
                            "points": 1,
                            "explanation": "",
                            "options": {
                                "count": 2,
                                "0-value-text": "A",
                                "0-value-feedback": "",
                                "0-deleted": "",
                                "0-order": 0,
                                "0-id": "opt-a",
                                "1-value-text": "B",
                                "1-value-feedback": "",
                                "1-deleted": "",
                                "1-order": 1,
                                "1-id": "opt-b",
                            },
                        },
                    )
                ]
            ),
            "action-publish": "publish",
        }
    )
    url = f"/admin/pages/add/assessments/quizpage/{module.pk}/"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not QuizPage.objects.filter(slug="bad-quiz").exists()
    assert "Mark one option as correct" in response.content.decode()
