"""The curriculum in a real browser: working through lessons, accessibility, phones."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Collection

from courses import demo
from courses.models import CoursePage
from lms import demo as lms_demo
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"
COURSE_PATH = f"/courses/{demo.DEMO_COURSE_SLUG}/"
LESSONS_WITH_EVERY_BLOCK = [
    "identification/what-trafficking-is/",
    "identification/indicators/",
    "identification/a-first-conversation/",
    "direct-assistance/consent-and-confidentiality/",
    "referral-network/who-is-in-the-network/",
]


@pytest.fixture
def demo_course(home_page) -> CoursePage:
    # Transactional tests flush the root collection that migrations made.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    lms_demo.seed_users()
    demo.seed()
    return demo.demo_course()


def _offline(page, live_server):
    """Keep the browser on the test server (the video player lives elsewhere)."""
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort()
        ),
    )


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_participant_marks_a_lesson_done_and_continues(page, live_server, demo_course):
    _offline(page, live_server)
    factories.participant(email="learner@example.org", password=PASSWORD)
    sign_in(page, live_server, "learner@example.org", PASSWORD)

    page.goto(live_server.url + COURSE_PATH, wait_until="domcontentloaded")
    assert "0 of 11" in page.locator(".progress-summary").inner_text()
    page.get_by_role("link", name="Start: What trafficking in persons is").click()
    assert page.locator("h1").inner_text() == "What trafficking in persons is"

    page.get_by_role("button", name="Mark as done and continue").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("h1").inner_text() == "Trafficking is not smuggling"
    assert "is marked as done" in page.locator(".messages").inner_text()

    page.goto(live_server.url + "/my-learning/", wait_until="domcontentloaded")
    assert "1 of 11" in page.locator(".learner-course").inner_text()
    page.get_by_role("link", name="Continue where you left off").click()
    assert page.locator("h1").inner_text() == "Trafficking is not smuggling"


def test_curriculum_pages_have_no_serious_accessibility_violations(
    page, live_server, demo_course
):
    _offline(page, live_server)
    factories.participant(email="axe@example.org", password=PASSWORD)
    sign_in(page, live_server, "axe@example.org", PASSWORD)
    paths = [
        "/courses/",
        COURSE_PATH,
        COURSE_PATH + "identification/",
        *(COURSE_PATH + lesson for lesson in LESSONS_WITH_EVERY_BLOCK),
        "/my-learning/",
        "/search/?q=shelter",
    ]
    for path in paths:
        page.goto(live_server.url + path, wait_until="domcontentloaded")
        assert _serious(page) == [], path


def test_indicator_checklist_counts_ticks_for_screen_readers(
    page, live_server, demo_course
):
    _offline(page, live_server)
    page.goto(
        live_server.url + COURSE_PATH + "identification/indicators/",
        wait_until="domcontentloaded",
    )
    checklist = page.locator("[data-checklist]").first
    checklist.get_by_label("Someone else speaks for them.").check()
    checklist.get_by_label("They work excessive hours.").check()
    status = checklist.locator("[data-checklist-count]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith("2 of 10 indicators ticked.")


def test_lessons_fit_a_phone_screen(phone_page, live_server, demo_course):
    _offline(phone_page, live_server)
    for lesson in LESSONS_WITH_EVERY_BLOCK:
        phone_page.goto(
            live_server.url + COURSE_PATH + lesson, wait_until="domcontentloaded"
        )
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, lesson
