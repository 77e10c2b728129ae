"""The functions other apps call: outline, module progress, module completion, access."""

import pytest

from cohorts.models import Cohort, Enrolment
from courses import selectors, services
from courses.models import LessonPage, ModuleCompletion
from tests import factories
from tests.courses.conftest import build_course

pytestmark = pytest.mark.django_db


def test_course_outline_lists_live_modules_in_tree_order(course):
    modules = selectors.course_outline(course)
    assert [m.title for m in modules] == [
        "Identifying victims module 1",
        "Identifying victims module 2",
        "Identifying victims module 3",
    ]
    modules[1].unpublish()
    assert len(selectors.course_outline(course)) == 2


def test_module_complete_is_idempotent(course, participant):
    module = selectors.course_outline(course)[0]
    services.module_complete(user=participant, module=module)
    services.module_complete(user=participant, module=module)
    assert ModuleCompletion.objects.filter(user=participant, module=module).count() == 1


def test_module_progress_counts_quiz_completions_and_finished_modules(
    course, participant, django_assert_max_num_queries
):
    first, second, _third = selectors.course_outline(course)
    other = factories.participant()
    idle = factories.participant()
    services.module_complete(user=participant, module=first)
    for lesson in LessonPage.objects.child_of(second):
        services.lesson_complete(user=other, lesson=lesson)
    # One lesson of a module is not the module.
    services.lesson_complete(
        user=participant, lesson=LessonPage.objects.child_of(second).first()
    )

    with django_assert_max_num_queries(4):
        progress = selectors.module_progress_for_users(
            course=course, user_ids=[participant.pk, other.pk, idle.pk]
        )

    assert progress[participant.pk].done == 1
    assert progress[participant.pk].total == 3
    assert progress[participant.pk].completed_module_ids == {first.pk}
    assert progress[other.pk].completed_module_ids == {second.pk}
    assert progress[idle.pk].done == 0
    assert progress[idle.pk].total == 3


def test_module_progress_query_count_does_not_grow_with_users(
    course, django_assert_max_num_queries
):
    people = [factories.participant() for _ in range(25)]
    module = selectors.course_outline(course)[0]
    for person in people:
        services.module_complete(user=person, module=module)
    with django_assert_max_num_queries(4):
        progress = selectors.module_progress_for_users(
            course=course, user_ids=[p.pk for p in people]
        )
    assert {p.done for p in progress.values()} == {1}


def test_public_course_is_readable_by_anyone(course, client):
    from django.contrib.auth.models import AnonymousUser

    lesson = LessonPage.objects.descendant_of(course).first()
    assert selectors.user_can_read(AnonymousUser(), lesson)
    assert selectors.user_can_read(AnonymousUser(), course)


def test_enrolled_only_course_is_readable_by_enrolled_facilitators_and_admins(
    private_course, participant, facilitator, administrator
):
    from django.contrib.auth.models import AnonymousUser

    lesson = LessonPage.objects.descendant_of(private_course).first()
    module = selectors.course_outline(private_course)[0]
    stranger = factories.participant()
    other_facilitator = factories.facilitator()
    cohort = Cohort.objects.create(
        course=private_course,
        name="Saint Lucia, 18–19 October",
        country="LC",
        start_date="2026-10-18",
        end_date="2026-10-19",
    )
    cohort.facilitators.add(facilitator)
    Enrolment.objects.create(cohort=cohort, participant=participant)

    for page in (private_course, module, lesson):
        assert not selectors.user_can_read(AnonymousUser(), page)
        assert not selectors.user_can_read(stranger, page)
        assert not selectors.user_can_read(other_facilitator, page)
        assert selectors.user_can_read(participant, page)
        assert selectors.user_can_read(facilitator, page)
        assert selectors.user_can_read(administrator, page)


def test_withdrawn_participant_no_longer_reads_enrolled_only_course(
    private_course, participant
):
    cohort = Cohort.objects.create(
        course=private_course,
        name="Curaçao",
        country="CW",
        start_date="2026-10-25",
        end_date="2026-10-26",
    )
    Enrolment.objects.create(cohort=cohort, participant=participant, status="withdrawn")
    assert not selectors.user_can_read(participant, private_course)


def test_module_progress_of_an_empty_course(course_index, participant):
    empty = build_course(course_index, title="Empty", modules=0)
    progress = selectors.module_progress_for_users(
        course=empty, user_ids=[participant.pk]
    )
    assert progress[participant.pk].done == 0
    assert progress[participant.pk].total == 0


def test_user_can_read_a_quiz_under_an_enrolled_only_course(
    private_course, participant, administrator
):
    from django.contrib.auth.models import AnonymousUser

    from assessments.models import QuizKind
    from tests.assessments.conftest import make_quiz

    module = selectors.course_outline(private_course)[0]
    module_quiz = make_quiz(module, title="Module quiz")
    post_test = make_quiz(private_course, title="Post-test", kind=QuizKind.POST_TEST)
    for quiz in (module_quiz, post_test):
        assert not selectors.user_can_read(AnonymousUser(), quiz)
        assert not selectors.user_can_read(participant, quiz)
        assert selectors.user_can_read(administrator, quiz)


def test_quizzes_count_in_the_course_order(course, participant):
    from tests.assessments.conftest import make_quiz

    module = selectors.course_outline(course)[0]
    quiz = make_quiz(module, title="Quiz: module 1")
    outline = selectors.course_outline_for_user(course=course, user=participant)
    last_lesson = outline.modules[0].lessons[-1]
    previous, following = outline.neighbours(last_lesson.page.pk)
    assert following.page.pk == quiz.pk
    assert following.is_quiz
    previous, following = outline.neighbours(quiz.pk)
    assert previous.page.pk == last_lesson.page.pk
    assert following.page.title == "Identifying victims lesson 2.1"
    # Quizzes are steps, not lessons: they do not change the lesson count.
    assert outline.lessons_total == 12
