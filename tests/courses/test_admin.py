"""Authoring in the Wagtail admin: page rules, the create view with every block,
drafts, preview, scheduled publishing and the "Curriculum review" workflow."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from assessments.models import QuizPage
from courses import services
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from lms.models import HomePage
from tests import factories
from tests.conftest import _ensure_wagtail_tree


class PageTreeRulesTests(WagtailPageTestCase):
    """Which page type may live where (Wagtail's own assertions)."""

    @classmethod
    def setUpTestData(cls):
        root = _ensure_wagtail_tree()
        cls.home = HomePage(title="Harbour", slug="rules-home")
        root.add_child(instance=cls.home)
        cls.index = CourseIndexPage(title="Courses", slug="courses")
        cls.home.add_child(instance=cls.index)
        cls.course = CoursePage(title="Identification", slug="identification")
        cls.index.add_child(instance=cls.course)
        cls.module = ModulePage(title="Indicators", slug="indicators")
        cls.course.add_child(instance=cls.module)
        cls.lesson = LessonPage(title="General indicators", slug="general")
        cls.module.add_child(instance=cls.lesson)
        cls.administrator = factories.administrator()

    def test_curriculum_sits_in_one_order(self):
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, ModulePage)
        self.assertCanCreateAt(ModulePage, LessonPage)
        self.assertCanCreateAt(ModulePage, QuizPage)
        self.assertCanCreateAt(CoursePage, QuizPage)

    def test_pages_cannot_skip_a_level(self):
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(LessonPage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(Page, LessonPage)

    def test_parent_and_child_types_are_declared(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage, QuizPage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage})
        self.assertAllowedSubpageTypes(LessonPage, {})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})

    # Wagtail's helpers sign in through the first authentication backend, which
    # only counts failed sign-ins (Axes); Harbour's own backend loads the user.
    @mock.patch(
        "wagtail.test.utils.page_tests.AUTH_BACKEND",
        "lms.backends.EmailOrUsernameBackend",
    )
    def test_every_page_type_is_editable_and_previewable_by_an_administrator(self):
        for page in (self.index, self.course, self.module):
            self.assertPageIsEditable(page, user=self.administrator)
            self.assertPageIsPreviewable(page, user=self.administrator)
        # A StreamField's form is built by JavaScript, so the lesson's data is given.
        lesson_data = nested_form_data(
            {
                "title": "General indicators",
                "slug": "general",
                "estimated_minutes": 15,
                "body": streamfield(
                    [("paragraph", rich_text("<p>Several signs together.</p>"))]
                ),
            }
        )
        self.assertPageIsEditable(
            self.lesson,
            post_data={**lesson_data, "action-publish": ""},
            user=self.administrator,
        )
        self.assertPageIsPreviewable(
            self.lesson, post_data=lesson_data, user=self.administrator
        )


pytestmark = pytest.mark.django_db


def _lesson_form_data(image, document, **overrides) -> dict:
    data = {
        "title": "Talking with a presumed victim",
        "slug": "talking-with-a-presumed-victim",
        "estimated_minutes": 25,
        "body": streamfield(
            [
                ("heading", {"text": "Before you start", "level": "h2"}),
                ("paragraph", rich_text("<p>Find a quiet, private place.</p>")),
                (
                    "image",
                    {
                        "image": image.pk,
                        "alt_text": "Two chairs in a quiet room",
                        "caption": "A private room",
                    },
                ),
                (
                    "video",
                    {
                        "url": "https://youtu.be/aqz-KE-bpKQ",
                        "title": "Role play",
                        "transcript": "",
                    },
                ),
                (
                    "document",
                    {"document": document.pk, "title": "Checklist", "description": ""},
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Interpreters",
                        "text": rich_text(
                            "<p>Never use a relative as interpreter.</p>"
                        ),
                    },
                ),
                (
                    "case_study",
                    {
                        "title": "At the port",
                        "scenario": rich_text("<p>A fisher has no passport.</p>"),
                        "discussion_questions": streamfield(
                            [("item", "What do you ask first?")]
                        ),
                        "facilitator_notes": rich_text("<p>Ask about pay.</p>"),
                    },
                ),
                (
                    "indicator_checklist",
                    {
                        "title": "Labour indicators",
                        "context": "labour",
                        "introduction": "",
                        "indicators": streamfield(
                            [
                                ("item", "Works excessive hours"),
                                ("item", "No access to earnings"),
                            ]
                        ),
                    },
                ),
                (
                    "key_takeaways",
                    {
                        "title": "Key takeaways",
                        "points": streamfield([("item", "Safety comes first")]),
                    },
                ),
                (
                    "referral_contact",
                    {
                        "agency": "Labour Inspectorate",
                        "role": "Inspects workplaces",
                        "focal_point": "",
                        "phone": "",
                        "email": "inspect@example.org",
                        "website": "",
                        "address": "",
                        "hours": "",
                    },
                ),
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def _module(course):
    return ModulePage.objects.child_of(course).first()


def test_administrator_creates_a_lesson_with_every_block(
    client, course, administrator, image, document
):
    module = _module(course)
    client.force_login(administrator)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))
    assert client.get(url).status_code == 200
    data = _lesson_form_data(image, document)
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    lesson = LessonPage.objects.get(slug="talking-with-a-presumed-victim")
    assert [block.block_type for block in lesson.body] == [
        "heading",
        "paragraph",
        "image",
        "video",
        "document",
        "callout",
        "case_study",
        "indicator_checklist",
        "key_takeaways",
        "referral_contact",
    ]
    checklist = lesson.body[7].value
    assert list(checklist["indicators"]) == [
        "Works excessive hours",
        "No access to earnings",
    ]


def test_create_view_shows_the_block_errors_and_saves_nothing(
    client, course, administrator, image, document
):
    module = _module(course)
    client.force_login(administrator)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))
    data = _lesson_form_data(image, document)
    data["body-3-value-url"] = "https://example.org/clip.mp4"
    data["body-2-value-alt_text"] = ""
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The page could not be created due to validation errors" in html
    assert "Use a YouTube or Vimeo video address" in html
    assert not LessonPage.objects.filter(slug="talking-with-a-presumed-victim").exists()


def test_a_draft_is_saved_but_not_shown(client, course, administrator, image, document):
    module = _module(course)
    client.force_login(administrator)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))
    response = client.post(url, _lesson_form_data(image, document))
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="talking-with-a-presumed-victim")
    assert not lesson.live
    assert lesson.revisions.count() == 1
    client.logout()
    assert client.get(f"{module.url}talking-with-a-presumed-victim/").status_code == 404


def test_scheduled_lesson_goes_live_at_its_time(course):
    module = _module(course)
    lesson = LessonPage(title="Later", slug="later", live=False)
    module.add_child(instance=lesson)
    lesson.go_live_at = timezone.now() + timedelta(hours=1)
    revision = lesson.save_revision()
    revision.publish()
    lesson.refresh_from_db()
    assert not lesson.live
    assert revision.approved_go_live_at is not None
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    lesson.refresh_from_db()
    assert lesson.live


def _curriculum_user(group: str):
    """Someone in one of the curriculum groups the migration creates."""
    user = factories.UserFactory(role=None)
    user.groups.add(Group.objects.get(name=group))
    return user


def _approve_url(lesson, task_state) -> str:
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=(lesson.pk, "approve", task_state.pk),
    )


def test_curriculum_review_workflow_submit_approve_publish(
    client, course_index, course, image, document
):
    services.curriculum_workflow_assign(index=course_index)
    author = _curriculum_user(services.CURRICULUM_EDITORS)
    reviewer = _curriculum_user(services.CURRICULUM_MODERATORS)
    module = _module(course)

    # The editor submits a new lesson for review instead of publishing it.
    client.force_login(author)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))
    data = _lesson_form_data(image, document)
    data["action-submit"] = "action-submit"
    response = client.post(url, data)
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="talking-with-a-presumed-victim")
    assert lesson.get_workflow().name == "Curriculum review"
    state = WorkflowState.objects.get(object_id=str(lesson.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not lesson.live

    # Nobody outside the admin sees it while it is in review.
    client.logout()
    lesson_url = f"{module.url}talking-with-a-presumed-victim/"
    assert client.get(lesson_url).status_code == 404

    # A moderator approves, which publishes it.
    client.force_login(reviewer)
    response = client.post(
        _approve_url(lesson, state.current_task_state), {"comment": "Reads well."}
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert lesson.live
    client.logout()
    assert client.get(lesson_url).status_code == 200


def test_an_editor_cannot_publish(client, course_index, course, image, document):
    services.curriculum_workflow_assign(index=course_index)
    editor = _curriculum_user(services.CURRICULUM_EDITORS)
    module = _module(course)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))

    form = client.get(url).content.decode()
    assert 'name="action-submit"' in form
    assert 'name="action-publish"' not in form

    data = _lesson_form_data(image, document)
    data["action-publish"] = "action-publish"
    client.post(url, data)
    lesson = LessonPage.objects.get(slug="talking-with-a-presumed-victim")
    assert not lesson.live
    assert lesson.live_revision is None
    client.logout()
    assert client.get(f"{module.url}talking-with-a-presumed-victim/").status_code == 404


def test_nobody_approves_their_own_submission(client, course_index, course):
    services.curriculum_workflow_assign(index=course_index)
    author = _curriculum_user(services.CURRICULUM_MODERATORS)
    colleague = _curriculum_user(services.CURRICULUM_MODERATORS)
    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.title = "Edited by its reviewer"
    lesson.save_revision(user=author)
    state = lesson.get_workflow().start(lesson, author)
    task_state = state.current_task_state

    client.force_login(author)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(lesson.pk,)))
    assert "Request changes" in edit.content.decode()
    assert "Approve with comment" not in edit.content.decode()
    response = client.post(_approve_url(lesson, task_state), {"comment": ""})
    assert response.status_code == 302
    assert response.url == "/admin/"  # Wagtail's "you do not have permission"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert LessonPage.objects.get(pk=lesson.pk).title != "Edited by its reviewer"

    client.force_login(colleague)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(lesson.pk,)))
    assert "Approve with comment" in edit.content.decode()
    response = client.post(_approve_url(lesson, task_state), {"comment": ""})
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert LessonPage.objects.get(pk=lesson.pk).title == "Edited by its reviewer"


def test_curriculum_groups_hold_their_page_permissions(course_index):
    services.curriculum_workflow_assign(index=course_index)
    granted = {
        (p.group.name, p.permission.codename)
        for p in GroupPagePermission.objects.filter(page=course_index)
    }
    editors = {c for g, c in granted if g == services.CURRICULUM_EDITORS}
    moderators = {c for g, c in granted if g == services.CURRICULUM_MODERATORS}
    assert editors == {"add_page", "change_page"}
    assert {"add_page", "change_page", "publish_page"} <= moderators
    (task,) = course_index.get_workflow().tasks
    assert [g.name for g in task.specific.groups.all()] == [
        services.CURRICULUM_MODERATORS
    ]
    for name in (services.CURRICULUM_EDITORS, services.CURRICULUM_MODERATORS):
        assert (
            Group.objects.get(name=name)
            .permissions.filter(codename="access_admin")
            .exists()
        )


def test_a_participant_cannot_approve(client, course_index, course, participant):
    services.curriculum_workflow_assign(index=course_index)
    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.title = "Edited"
    revision = lesson.save_revision()
    workflow = lesson.get_workflow()
    state = workflow.start(lesson, factories.administrator())
    client.force_login(participant)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(lesson.pk, "approve", state.current_task_state.pk),
    )
    response = client.post(approve, {})
    assert response.status_code in (302, 403)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert LessonPage.objects.get(pk=lesson.pk).title != "Edited"
    assert revision.content["title"] == "Edited"


def test_workflow_assignment_is_idempotent(course_index):
    first = services.curriculum_workflow_assign(index=course_index)
    second = services.curriculum_workflow_assign(index=course_index)
    assert first.pk == second.pk
    assert [t.name for t in first.tasks] == ["Approval by a curriculum moderator"]


def test_new_course_index_made_in_the_admin_gets_the_workflow(
    client, home_page, administrator
):
    client.force_login(administrator)
    url = reverse(
        "wagtailadmin_pages:add", args=("courses", "courseindexpage", home_page.pk)
    )
    response = client.post(
        url,
        nested_form_data(
            {
                "title": "Curriculum",
                "slug": "curriculum",
                "intro": rich_text(""),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302
    index = CourseIndexPage.objects.get(slug="curriculum")
    assert index.get_workflow().name == "Curriculum review"


def test_a_new_lesson_can_be_previewed_before_it_is_saved(
    client, course, administrator, image, document
):
    module = _module(course)
    client.force_login(administrator)
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("courses", "lessonpage", module.pk),
    )
    response = client.post(url, _lesson_form_data(image, document))
    assert response.json() == {"is_valid": True, "is_available": True}
    html = client.get(url).content.decode()
    assert "Talking with a presumed victim" in html
    assert "Ask about pay." in html  # the administrator sees facilitator notes
    assert not LessonPage.objects.filter(slug="talking-with-a-presumed-victim").exists()
