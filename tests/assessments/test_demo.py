"""The demo's quizzes: where they go, what they hold, and that seeding twice changes nothing."""

import pytest

from assessments import demo
from assessments.blocks import QuizQuestionsBlock
from assessments.models import QuizKind, QuizPage
from tests.assessments.conftest import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_course(course_index, monkeypatch):
    import courses.demo

    monkeypatch.setattr(courses.demo, "DEMO_COURSE_SLUG", "demo-course", raising=False)
    course = make_course(course_index, title="Demo course", modules=3)
    course.slug = "demo-course"
    course.save_revision().publish()
    # The modules carry the slugs quizzes.json places the module quizzes under.
    slugs = [q["parent"] for q in demo.content()["quizzes"] if q["parent"] != "course"]
    for module, slug in zip(course.get_children().specific(), slugs, strict=True):
        module.slug = slug
        module.save_revision().publish()
    return course


def test_seed_without_the_demo_course_seeds_nothing(course_index, monkeypatch):
    import courses.demo

    monkeypatch.setattr(courses.demo, "DEMO_COURSE_SLUG", "missing", raising=False)
    assert demo.seed() == {}
    assert QuizPage.objects.count() == 0


def test_seed_adds_pre_post_and_a_quiz_per_module_once(demo_course):
    demo.seed()
    demo.seed()

    quizzes = QuizPage.objects.descendant_of(demo_course).live()
    assert quizzes.count() == 5
    pre = quizzes.get(kind=QuizKind.PRE_TEST)
    post = quizzes.get(kind=QuizKind.POST_TEST)
    assert len(pre.content.questions) == len(post.content.questions) == 10
    assert [q.prompt for q in pre.content.questions.values()] == [
        q.prompt for q in post.content.questions.values()
    ]
    # The pre-test comes first in the course, the post-test last.
    children = list(demo_course.get_children().specific())
    assert children[0].pk == pre.pk and children[-1].pk == post.pk
    for module_quiz in quizzes.filter(kind=QuizKind.MODULE_QUIZ):
        assert len(module_quiz.content.questions) == 5
        assert module_quiz.get_parent().specific_class.__name__ == "ModulePage"


def test_demo_questions_pass_the_admin_validation_and_teach(demo_course):
    demo.seed()
    block = QuizQuestionsBlock(required=True)
    for quiz in QuizPage.objects.descendant_of(demo_course):
        block.clean(quiz.questions)
        for question in quiz.content.questions.values():
            assert any(o.correct for o in question.options)
            assert question.explanation
            assert all(o.feedback for o in question.options), question.prompt
