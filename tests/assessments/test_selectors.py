"""The selectors other apps call: pre/post pairing, average gain, post-test passes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.selectors import (
    PrePost,
    cohort_average_gain,
    post_test_passed_user_ids,
    pre_post_for_users,
)
from tests import factories
from tests.assessments.conftest import make_course, submitted_attempt

pytestmark = pytest.mark.django_db


def test_pre_is_the_first_attempt_and_post_the_best(pre_test, post_test, course):
    person = factories.participant()
    t0 = timezone.now() - timedelta(days=2)
    submitted_attempt(pre_test, person, percent=40, when=t0)
    submitted_attempt(pre_test, person, percent=90, when=t0 + timedelta(hours=1))
    submitted_attempt(post_test, person, percent=85, when=t0 + timedelta(days=1))
    submitted_attempt(
        post_test, person, percent=60, when=t0 + timedelta(days=1, hours=1)
    )

    result = pre_post_for_users(course=course, user_ids=[person.pk])

    assert result[person.pk] == PrePost(pre_percent=40.0, post_percent=85.0)
    assert result[person.pk].gain == 45.0


def test_missing_scores_are_none_and_every_user_is_answered(
    pre_test, post_test, course
):
    only_pre, only_post, nothing = (factories.participant() for _ in range(3))
    submitted_attempt(pre_test, only_pre, percent=50)
    submitted_attempt(post_test, only_post, percent=75)

    result = pre_post_for_users(
        course=course, user_ids=[only_pre.pk, only_post.pk, nothing.pk]
    )

    assert result[only_pre.pk] == PrePost(50.0, None)
    assert result[only_pre.pk].gain is None
    assert result[only_post.pk] == PrePost(None, 75.0)
    assert result[nothing.pk] == PrePost(None, None)


def test_open_attempts_and_other_courses_do_not_count(
    pre_test, post_test, course, course_index
):
    from assessments.models import Attempt

    person = factories.participant()
    Attempt.objects.create(
        participant=person, quiz=pre_test, revision=pre_test.live_revision
    )
    other = make_course(course_index, title="Other course")
    from tests.assessments.conftest import make_quiz

    other_post = make_quiz(other, title="Other post", kind="post")
    submitted_attempt(other_post, person, percent=100)

    result = pre_post_for_users(course=course, user_ids=[person.pk])

    assert result[person.pk] == PrePost(None, None)
    assert post_test_passed_user_ids(course=course, user_ids=[person.pk]) == set()


def test_cohort_average_gain_counts_only_people_with_both():
    data = {
        1: PrePost(40.0, 80.0),  # +40
        2: PrePost(50.0, 60.0),  # +10
        3: PrePost(None, 90.0),
        4: PrePost(30.0, None),
    }
    assert cohort_average_gain(data) == 25.0
    assert cohort_average_gain({5: PrePost(None, None)}) is None
    assert cohort_average_gain({}) is None


def test_post_test_passed_user_ids(post_test, pre_test, course):
    passer, failer, pre_only = (factories.participant() for _ in range(3))
    submitted_attempt(post_test, passer, percent=50)
    submitted_attempt(post_test, passer, percent=80)
    submitted_attempt(post_test, failer, percent=69)
    submitted_attempt(pre_test, pre_only, percent=100)

    passed = post_test_passed_user_ids(
        course=course, user_ids=[passer.pk, failer.pk, pre_only.pk]
    )

    assert passed == {passer.pk}


def test_selectors_use_a_fixed_number_of_queries(
    pre_test, post_test, course, django_assert_num_queries
):
    people = [factories.participant() for _ in range(2)]
    for person in people:
        submitted_attempt(pre_test, person, percent=30)
        submitted_attempt(post_test, person, percent=80)
    ids_small = [p.pk for p in people]
    many = [factories.participant() for _ in range(20)]
    for person in many:
        submitted_attempt(pre_test, person, percent=30)
        submitted_attempt(post_test, person, percent=80)
    ids_large = ids_small + [p.pk for p in many]

    with django_assert_num_queries(2):
        small = pre_post_for_users(course=course, user_ids=ids_small)
    with django_assert_num_queries(2):
        large = pre_post_for_users(course=course, user_ids=ids_large)
    with django_assert_num_queries(2):
        passed = post_test_passed_user_ids(course=course, user_ids=ids_large)

    assert len(small) == 2 and len(large) == 22
    assert cohort_average_gain(large) == 50.0
    assert passed == set(ids_large)
