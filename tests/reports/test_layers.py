"""The layers contract, and the hooks through which lower apps ask higher ones."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from wagtail import hooks

from assessments import services as assessment_services
from assessments.hooks import (
    ATTEMPT_COHORT_HOOK,
    QUIZ_PAGE_VIEW_HOOK,
    QUIZ_PREVIEW_VIEW_HOOK,
)
from assessments.models import QuizKind
from cohorts import selectors as cohort_selectors
from courses import selectors as course_selectors
from courses.hooks import FACILITATOR_COURSES_HOOK, PARTICIPANT_COURSES_HOOK
from tests import factories
from tests.assessments.conftest import make_course, make_quiz
from tests.cohorts import factories as cf

ROOT = Path(__file__).resolve().parents[2]


def test_layers_contract_holds():
    """lint-imports (pyproject.toml) finds no import against the layers."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    result = subprocess.run(  # noqa: S603
        [lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Each app imports only the apps below it KEPT" in result.stdout
    assert "Page models never import the views or selectors built on them KEPT" in (
        result.stdout
    )


def test_cohorts_answers_the_course_and_attempt_hooks():
    assert cohort_selectors.participant_course_ids in hooks.get_hooks(
        PARTICIPANT_COURSES_HOOK
    )
    assert cohort_selectors.facilitator_course_ids in hooks.get_hooks(
        FACILITATOR_COURSES_HOOK
    )
    assert cohort_selectors.cohort_for_participant in hooks.get_hooks(
        ATTEMPT_COHORT_HOOK
    )


@pytest.fixture
def private_course(home_page):
    index = cf.course(home_page, title="Index course").get_parent()
    return make_course(index, title="Private course", enrolled_only=True)


@pytest.mark.django_db
def test_course_access_asks_the_participant_hook(private_course):
    stranger = factories.participant()
    assert not course_selectors.user_can_read_course_page(stranger, private_course)
    calls = []

    def enrolled(user):
        calls.append(user)
        return {private_course.pk}

    with hooks.register_temporarily(PARTICIPANT_COURSES_HOOK, enrolled):
        assert course_selectors.user_can_read_course_page(stranger, private_course)
    assert calls == [stranger]


@pytest.mark.django_db
def test_course_access_asks_the_facilitator_hook(private_course):
    facilitator = factories.facilitator()
    assert not course_selectors.user_can_read_course_page(facilitator, private_course)
    with hooks.register_temporarily(
        FACILITATOR_COURSES_HOOK, lambda user: {private_course.pk}
    ):
        assert course_selectors.user_can_read_course_page(facilitator, private_course)


@pytest.mark.django_db
def test_my_learning_lists_the_courses_the_participant_hook_gives(private_course):
    person = factories.participant()
    assert course_selectors.learner_courses(person) == []
    with hooks.register_temporarily(
        PARTICIPANT_COURSES_HOOK, lambda user: {private_course.pk}
    ):
        listed = course_selectors.learner_courses(person)
    assert [c.course.pk for c in listed] == [private_course.pk]
    assert listed[0].enrolled


@pytest.mark.django_db
def test_a_new_attempt_records_the_cohort_the_hook_gives(home_page, facilitator):
    course = cf.course(home_page)
    cohort = cf.cohort(course=course, facilitators=[facilitator])
    quiz = make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)
    person = factories.participant()
    cf.enrol(cohort, person)
    asked = []

    def answer(user, course_id):
        asked.append((user, course_id))
        return cohort

    with hooks.register_temporarily(ATTEMPT_COHORT_HOOK, answer, order=-1):
        attempt = assessment_services.attempt_start(participant=person, quiz=quiz)
    assert asked == [(person, course.pk)]
    assert attempt.cohort == cohort


@pytest.mark.django_db
def test_quiz_page_is_served_by_the_view_registered_for_it(home_page):
    course = cf.course(home_page)
    quiz = make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)
    request = RequestFactory().get(quiz.url)
    request.user = factories.participant()
    served = []

    def view(request, page):
        served.append(page)
        return "served"

    with hooks.register_temporarily(QUIZ_PAGE_VIEW_HOOK, view, order=99):
        assert quiz.serve(request) == "served"
    with hooks.register_temporarily(QUIZ_PREVIEW_VIEW_HOOK, view, order=99):
        assert quiz.serve_preview(request, "") == "served"
    assert served == [quiz, quiz]
