"""Quiz pages, My results and My certificates at 360 px, and times from the server."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services as assessments
from assessments.models import Attempt, QuizKind
from certificates import services as certificates
from courses.models import CourseIndexPage
from tests import factories
from tests.assessments.conftest import make_course, make_quiz
from tests.certificates import factories as f
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"
DATES = "18–19 October 2026"
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def narrow(browser):
    """A phone 360 px wide, the narrowest the pages are made for."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def world(home_page, settings, tmp_path):
    """A participant with a pre-test taken, a module quiz failed, a timed quiz open
    and a certificate from a cohort whose name carries its dates."""
    settings.MEDIA_ROOT = str(tmp_path)
    index = CourseIndexPage(title="Courses", slug="courses")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    course = make_course(index, title="Identifying and assisting victims")
    module = course.get_children().first()
    pre = make_quiz(course, title="Pre-test: what do you know already?", kind="pre")
    failed = make_quiz(module, title="Quiz: Identification of victims at work")
    timed = make_quiz(
        module, title="Quiz: Referral", kind=QuizKind.PRACTICE, time_limit_minutes=30
    )
    person = factories.participant(
        email="phone@example.org", password=PASSWORD, full_name="Ana Baptiste"
    )
    for quiz in (pre, failed):
        attempt = assessments.attempt_start(participant=person, quiz=quiz)
        assessments.attempt_submit(attempt=attempt, answers={})
    open_attempt = assessments.attempt_start(participant=person, quiz=timed)

    facilitator = factories.facilitator()
    cohort = f.cohort(
        course=course, facilitators=[facilitator], name=f"Saint Lucia, {DATES}"
    )
    f.enrol(cohort, person)
    f.template()
    certificates.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    return {"pre": pre, "failed": failed, "timed": timed, "open": open_attempt}


def _fits(page, live_server, path) -> int:
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    return page.evaluate(SCROLL_WIDTH)


def test_participant_pages_fit_360_px(narrow, live_server, world):
    sign_in(narrow, live_server, "phone@example.org", PASSWORD)
    attempt = world["open"]
    paths = [
        "/quizzes/my-results/",
        "/my/certificates/",
        "/my-learning/",
        world["failed"].url,
        world["timed"].url,
        f"/quizzes/attempts/{attempt.pk}/",
        f"/quizzes/attempts/{attempt.pk}/confirm/",
        f"/quizzes/attempts/{Attempt.objects.submitted().first().pk}/review/",
    ]
    widths = {path: _fits(narrow, live_server, path) for path in paths}
    assert {path: w for path, w in widths.items() if not w <= 360} == {}


def _card_fits(page) -> tuple[bool, str]:
    card = page.locator(".cert-card").first
    code = card.locator(".cert-card__code-value")
    outer, inner = card.bounding_box(), code.bounding_box()
    inside = (
        inner["x"] >= outer["x"]
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
    )
    return inside, card.inner_text()


@pytest.mark.parametrize("viewport", ["narrow", "wide"])
def test_my_certificates_keeps_the_code_in_its_card_and_the_dates_once(
    request, live_server, world, viewport
):
    page = request.getfixturevalue(viewport)
    sign_in(page, live_server, "phone@example.org", PASSWORD)
    page.goto(live_server.url + "/my/certificates/")

    inside, text = _card_fits(page)

    assert inside
    assert text.count(DATES) == 1
    assert "Verification code" in text
    assert page.evaluate(SCROLL_WIDTH) <= page.viewport_size["width"]


def test_my_results_shows_the_start_time_under_the_quiz_on_a_phone(
    narrow, live_server, world
):
    sign_in(narrow, live_server, "phone@example.org", PASSWORD)
    narrow.goto(live_server.url + "/quizzes/my-results/")
    # The table fits its box: nothing to scroll sideways inside it either.
    box = narrow.locator(".table-wrap")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    row = narrow.locator("tr", has_text="Identification of victims at work")
    expect(row.locator(".results-table__started")).to_be_visible()
    expect(row.locator("td.results-table__when")).to_be_hidden()
    expect(row).to_contain_text("Not passed")
    pre = narrow.locator("tr", has_text="Pre-test")
    expect(pre).to_contain_text("Starting point")


# The device's clock an hour ahead, jumping another hour two seconds after load:
# nothing a participant sees may move with it.
WRONG_CLOCK = """
(() => {
  const RealDate = Date;
  const loaded = RealDate.now();
  const skew = () => 3600e3 + (RealDate.now() - loaded > 2000 ? 3600e3 : 0);
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length) { super(...args); } else { super(RealDate.now() + skew()); }
    }
    static now() { return RealDate.now() + skew(); }
  }
  window.Date = SkewedDate;
})();
"""


def test_countdown_and_save_times_come_from_the_server(browser, live_server, world):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script(WRONG_CLOCK)
    page = context.new_page()
    try:
        sign_in(page, live_server, "phone@example.org", PASSWORD)
        attempt = world["open"]
        page.goto(f"{live_server.url}/quizzes/attempts/{attempt.pk}/")
        timer = page.locator("[data-seconds-left]")
        served = int(timer.get_attribute("data-seconds-left"))
        assert 1700 <= served <= 1800

        page.wait_for_timeout(3500)  # past the device clock's jump
        minutes, seconds = map(int, timer.inner_text().split(":"))
        left = minutes * 60 + seconds
        assert served - 10 <= left <= served
        assert page.url.endswith(f"/quizzes/attempts/{attempt.pk}/")  # not submitted

        question = next(iter(attempt.content.questions.values()))
        page.locator(
            f"input[name='q-{question.id}'][value='{question.options[0].id}']"
        ).check()
        expect(page.locator("[data-save-status]")).to_contain_text("saved at")
        attempt.refresh_from_db()
        saved = timezone.localtime(attempt.answers_saved_at).strftime("%H:%M:%S")
        assert page.locator("[data-save-status]").inner_text() == (
            f"Answers saved at {saved}."
        )
        assert attempt.answers_seq == 1  # counted from the server's number
    finally:
        context.close()


def test_the_check_before_submitting_links_back_to_each_gap(narrow, live_server, world):
    sign_in(narrow, live_server, "phone@example.org", PASSWORD)
    attempt = world["open"]
    narrow.goto(f"{live_server.url}/quizzes/attempts/{attempt.pk}/")
    first = narrow.locator("fieldset.quiz-question").first
    first.locator("input").first.check()
    expect(narrow.locator("[data-answered-count]")).to_have_text("1")
    narrow.get_by_role("button", name="Check my answers before submitting").click()
    narrow.wait_for_url(re.compile(r"/confirm/$"))
    expect(narrow.locator("h2").first).to_have_text("You answered 1 of 3 questions.")

    narrow.get_by_role("link", name="Question 3").click()
    narrow.wait_for_url(re.compile(r"/quizzes/attempts/\d+/#question-3$"))
    expect(narrow.locator("#question-3")).to_be_in_viewport()
    attempt.refresh_from_db()
    assert attempt.is_open and len(attempt.answers) == 1
