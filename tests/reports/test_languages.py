"""Reports across languages: a question answered in Spanish and in English is one
question in the per-question results."""

import pytest

from assessments.models import QuizKind
from courses.models import CourseIndexPage
from reports.selectors import ReportFilters, programme_report
from tests import factories
from tests.assessments.conftest import make_course, make_quiz
from tests.assessments.test_translations import translate_quiz
from tests.cohorts import factories as cf

from .test_programme_report import attempt

pytestmark = pytest.mark.django_db


def test_a_question_answered_in_spanish_and_in_english_is_one_question(home_page):
    index = CourseIndexPage(title="Courses", slug="courses")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    course = make_course(index, modules=1)
    pre = make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)
    post = make_quiz(course, title="Post-test", kind=QuizKind.POST_TEST)
    spanish_pre = translate_quiz(pre, title="Prueba inicial")
    trainer = factories.facilitator(email="trainer@example.org")
    cohort = cf.cohort(course=course, facilitators=[trainer], language="es")
    ana, ben = (factories.participant(full_name=n) for n in ("Ana", "Ben"))
    for person in (ana, ben):
        cf.enrol(cohort, person)
    # Ana takes the pre-test in Spanish, Ben in English; both the post-test in English.
    attempt(spanish_pre, ana, cohort, 40, tf_right=False)
    attempt(pre, ben, cohort, 50, tf_right=True)
    attempt(post, ana, cohort, 80, tf_right=True)
    attempt(post, ben, cohort, 90, tf_right=True)

    questions = programme_report(filters=ReportFilters()).questions
    prompts = [q.prompt for q in questions]
    assert (
        "Es verdad." not in prompts
    )  # the Spanish wording is not a question of its own
    tf = next(q for q in questions if q.prompt == "It is true.")
    assert (tf.pre_n, tf.pre_right, tf.post_n, tf.post_right) == (2, 1, 2, 2)
