"""The language switch in a real browser: a plain form, on a phone too."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_switches_language_from_the_footer_without_javascript(
    browser, live_server
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/privacy/")
    switch = page.locator("footer form.language-switch")
    expect(switch.get_by_label("Language")).to_have_value("en")
    switch.get_by_label("Language").select_option("pap")
    switch.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "pap")
    expect(switch.get_by_role("button", name="Kambia idioma")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    context.close()


def test_a_participants_choice_follows_them_to_their_next_sign_in(
    page, live_server, browser, home_page
):
    person = factories.participant(email="rosa@example.org", password="pw-long-1234")
    sign_in(page, live_server, person.email, "pw-long-1234")
    page.goto(f"{live_server.url}/account/")
    page.get_by_label("Language", exact=True).first.select_option("es")
    page.locator("form:has(#preferred-language) button").click()
    expect(page.get_by_role("heading", name="Idioma de la interfaz")).to_be_visible()

    fresh = browser.new_context(locale="nl-NL")
    other = fresh.new_page()
    sign_in(other, live_server, person.email, "pw-long-1234")
    expect(other.locator("html")).to_have_attribute("lang", "es")
    fresh.close()
