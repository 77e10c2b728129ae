"""The site shell in a real browser: readable on a phone, no accessibility violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_serious_accessibility_violations(
    page, live_server, home_page
):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Harbour"
    results = Axe().run(page)
    serious = [
        v
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], [v["id"] for v in serious]


def test_sign_in_then_menu_on_a_phone(phone_page, live_server, home_page):
    factories.participant(email="phone@example.org", password="a-long-passphrase")
    sign_in(phone_page, live_server, "phone@example.org", "a-long-passphrase")
    toggle = phone_page.locator(".nav-toggle")
    assert toggle.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone_page.get_by_role("button", name="Sign out").is_visible()
    # Nothing overflows sideways on a 375 px screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_scripts_find_the_translation_functions_in_the_pages_language(
    page, live_server, home_page
):
    """/jsi18n/ loads before the other scripts (allowed by the CSP) in each language."""
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content" in m.text else None
    )
    for language in ("en", "es"):
        page.context.set_extra_http_headers({"Accept-Language": language})
        page.goto(live_server.url + "/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.evaluate("typeof window.gettext") == "function"
        assert page.evaluate("typeof window.ngettext") == "function"
        assert page.evaluate("window.interpolate('%s of %s', [3, 4])") == "3 of 4"
    assert refused == []
