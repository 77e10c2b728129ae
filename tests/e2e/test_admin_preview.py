"""The editor's live preview panel shows the page or certificate, in a real browser."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Collection

from courses.models import LessonPage
from lms.services import roles_grant_administrator_permissions
from tests import factories
from tests.certificates import factories as certificate_factories
from tests.courses.conftest import build_course
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"


@pytest.fixture
def editor_page(page, live_server, home_page):
    """The browser, signed in to the admin as an administrator."""
    # An earlier browser test flushed what the migrations made: make it again.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    roles_grant_administrator_permissions()
    admin = factories.administrator(email="editor@example.org", password=PASSWORD)
    sign_in(page, live_server, admin.email, PASSWORD)
    assert page.url.endswith("/admin/")
    blocked = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security" in m.text else None,
    )
    page.blocked = blocked
    return page


def _preview_panel(page):
    page.wait_for_load_state("networkidle")  # the side panels start with the admin's JS
    page.locator("[data-side-panel-toggle='preview']:visible").first.click()
    return page.frame_locator("[data-w-preview-target='iframe']").last


def test_a_lesson_renders_inside_the_preview_panel(editor_page, live_server, home_page):
    course = build_course(home_page, modules=1, lessons=1)
    lesson = LessonPage.objects.descendant_of(course).get()
    editor_page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    panel = _preview_panel(editor_page)
    expect(panel.locator("h1")).to_have_text(lesson.title, timeout=15000)
    expect(panel.get_by_text("Text of lesson 1.1")).to_be_visible()
    assert not [m for m in editor_page.blocked if "frame-ancestors" in m]


def test_a_certificate_template_renders_styled_inside_the_preview_panel(
    editor_page, live_server
):
    template = certificate_factories.template(name="Completion")
    editor_page.goto(
        f"{live_server.url}/admin/snippets/certificates/certificatetemplate/"
        f"edit/{template.pk}/"
    )
    panel = _preview_panel(editor_page)
    expect(panel.get_by_text("Jordan Example")).to_be_visible(timeout=15000)
    # Its inline stylesheet applies: the certificate is laid out as a page.
    position = panel.locator(".certificate__frame").evaluate(
        "el => getComputedStyle(el).position"
    )
    assert position == "absolute"
    assert editor_page.blocked == []
