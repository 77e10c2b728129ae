"""The courses part of seed_demo."""

import pytest
from wagtail.models import WorkflowState

from courses import demo, selectors
from courses.blocks import LessonStreamBlock
from courses.models import CourseIndexPage, LessonPage
from lms import demo as lms_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(home_page):
    lms_demo.seed_users()
    return demo.seed()


def test_demo_builds_the_course_with_three_modules(seeded):
    course = demo.demo_course()
    assert course.title == "Identifying and assisting victims of trafficking"
    assert course.live and not course.enrolled_only
    assert course.get_parent().specific.__class__ is CourseIndexPage
    modules = selectors.course_outline(course)
    assert [m.title for m in modules] == [
        "Identification",
        "Direct assistance",
        "The multi-agency referral network",
    ]
    for module in modules:
        count = LessonPage.objects.child_of(module).live().count()
        assert 3 <= count <= 4, module.title


def test_demo_uses_every_block_type(seeded):
    course = demo.demo_course()
    used = {
        block.block_type
        for lesson in LessonPage.objects.descendant_of(course)
        for block in lesson.body
    }
    assert used == set(LessonStreamBlock().child_blocks)


def test_demo_leaves_one_lesson_in_review(seeded):
    lesson = LessonPage.objects.get(slug="reviewing-the-network")
    assert not lesson.live
    state = WorkflowState.objects.for_instance(lesson).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Curriculum review"


def test_demo_is_searchable_and_readable(client, seeded):
    response = client.get("/search/", {"q": "shelter"})
    assert "Who is in the network" in response.content.decode()
    course = demo.demo_course()
    assert client.get(course.url).status_code == 200
    for lesson in LessonPage.objects.descendant_of(course).live():
        assert client.get(lesson.url).status_code == 200, lesson.title


def test_demo_twice_changes_nothing(seeded):
    from django.apps import apps

    def counts():
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label
            in (
                "courses",
                "wagtailcore",
                "wagtailimages",
                "wagtaildocs",
                "wagtailsearch",
            )
        }

    before = counts()
    demo.seed()
    assert counts() == before
