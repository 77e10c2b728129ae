"""The cohort dashboard's participant grid and the programme report in a real browser."""

import pytest

from tests import factories
from tests.cohorts import factories as cf
from tests.e2e.conftest import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-passphrase"


@pytest.fixture
def roster(home_page):
    facilitator = factories.facilitator(email="fac@example.org", password=PASSWORD)
    cohort = cf.cohort(course=cf.course(home_page), facilitators=[facilitator])
    for i in range(30):
        cf.enrol(
            cohort,
            factories.participant(
                full_name=f"Participant {i:02d}",
                organisation="Ministerie van Sociale Ontwikkeling, Arbeid en Welzijn",
            ),
        )
    return cohort


def test_grid_fits_1280_and_explains_eligibility(browser, live_server, roster):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, live_server, "fac@example.org", PASSWORD)
    page.goto(f"{live_server.url}/facilitator/cohorts/{roster.pk}/")
    grid = page.locator(".report-grid")
    scroll, client = grid.evaluate("g => [g.scrollWidth, g.clientWidth]")
    assert scroll <= client  # no sideways scrolling at 1280 px
    # No nested vertical scroll box: the grid is as tall as its 30 rows.
    tall, shown = grid.evaluate("g => [g.scrollHeight, g.clientHeight]")
    assert tall <= shown + 1
    assert page.locator("#dashboard tbody tr").count() == 30
    first = page.locator("details.eligibility").first
    assert not first.locator(".eligibility__reasons").is_visible()
    first.locator("summary").click()
    assert first.locator(".eligibility__reasons li").first.is_visible()
    assert serious_violations(page) == []
    context.close()


def test_names_stay_in_view_while_the_grid_scrolls_on_a_phone(
    phone_page, live_server, roster
):
    sign_in(phone_page, live_server, "fac@example.org", PASSWORD)
    phone_page.goto(f"{live_server.url}/facilitator/cohorts/{roster.pk}/")
    grid = phone_page.locator(".report-grid")
    name = phone_page.locator("tbody .participant-grid__name").first
    before = name.bounding_box()["x"]
    grid.evaluate("g => { g.scrollLeft = 400; }")
    assert grid.evaluate("g => g.scrollLeft") > 0
    assert name.bounding_box()["x"] == pytest.approx(before, abs=1)
    page_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375
