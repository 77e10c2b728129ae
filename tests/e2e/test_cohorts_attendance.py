"""Attendance on a tablet and self check-in, in a real browser."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts import services
from cohorts.exceptions import JoinCodeInvalid
from cohorts.models import Attendance, AttendanceMethod
from tests import factories
from tests.cohorts import factories as cf
from tests.e2e.conftest import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-passphrase"


@pytest.fixture
def room(home_page):
    """A cohort of 30 whose first session is under way, and its facilitator."""
    facilitator = factories.facilitator(email="fac@example.org", password=PASSWORD)
    course = cf.course(home_page)
    cohort = cf.cohort(course=course, facilitators=[facilitator])
    session = cohort.sessions.first()
    now = timezone.now()
    session.starts_at = now - dt.timedelta(minutes=20)
    session.ends_at = now + dt.timedelta(hours=3)
    session.save()
    enrolments = [
        cf.enrol(cohort, factories.participant(full_name=f"Participant {i:02d}"))
        for i in range(30)
    ]
    return cohort, session, facilitator, enrolments


def test_thirty_taps_in_well_under_two_minutes(page, live_server, room):
    cohort, session, facilitator, enrolments = room
    sign_in(page, live_server, "fac@example.org", PASSWORD)
    page.goto(
        f"{live_server.url}/facilitator/cohorts/{cohort.pk}/sessions/{session.pk}/attendance/"
    )
    assert serious_violations(page) == []
    buttons = page.locator(".roll__button")
    expect(buttons).to_have_count(30)
    started = time.monotonic()
    for i in range(30):
        button = buttons.nth(i)
        with page.expect_response(lambda r: r.request.method == "POST"):
            button.click()
        expect(button.locator("[data-label]")).to_have_text("Present")
    elapsed = time.monotonic() - started
    assert elapsed < 120, elapsed
    # No page load happened: the tally was updated in place.
    expect(page.locator('#tally [data-count="present"]')).to_have_text("30")
    assert Attendance.objects.filter(session=session, status="present").count() == 30
    assert set(Attendance.objects.values_list("marked_by", flat=True)) == {
        facilitator.pk
    }
    # A second tap on the first person moves them on to late, saved at once.
    buttons.nth(0).click()
    expect(buttons.nth(0).locator("[data-label]")).to_have_text("Late")
    expect(page.locator("#attendance-status")).to_contain_text("Late")
    page.reload()
    expect(page.locator(".roll__button").nth(0).locator("[data-label]")).to_have_text(
        "Late"
    )
    expect(page.locator(".roll__meta").nth(0)).to_contain_text(facilitator.display_name)


def test_attendance_works_without_javascript(browser, live_server, room):
    cohort, session, _, enrolments = room
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 800, "height": 1000}
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "fac@example.org", PASSWORD)
        page.goto(
            f"{live_server.url}/facilitator/cohorts/{cohort.pk}/sessions/{session.pk}/attendance/"
        )
        page.locator(".roll__button").first.click()
        page.wait_for_load_state("load")
        expect(
            page.locator(".roll__button").first.locator("[data-label]")
        ).to_have_text("Present")
        assert Attendance.objects.get().status == "present"
    finally:
        context.close()


def test_participant_checks_in_on_a_phone(phone_page, live_server, room):
    cohort, session, _, enrolments = room
    user = enrolments[0].participant
    user.set_password(PASSWORD)
    user.save()
    sign_in(phone_page, live_server, user.email, PASSWORD)
    phone_page.goto(f"{live_server.url}/check-in/")
    assert serious_violations(phone_page) == []
    phone_page.fill("#id_code", "000000")
    phone_page.click("main button[type=submit]")
    expect(phone_page.locator(".field .error")).to_contain_text("not right")
    assert not Attendance.objects.exists()
    code = services.check_in_current_code(session=session)
    phone_page.fill("#id_code", f"{code[:3]} {code[3:]}")
    phone_page.click("main button[type=submit]")
    expect(phone_page.locator(".messages")).to_contain_text("You are checked in")
    a = Attendance.objects.get()
    assert (a.enrolment, a.status, a.method) == (
        enrolments[0],
        "present",
        AttendanceMethod.SELF_CHECK_IN,
    )


def test_dashboard_is_accessible_and_readable_on_a_phone(phone_page, live_server, room):
    cohort, *_ = room
    sign_in(phone_page, live_server, "fac@example.org", PASSWORD)
    phone_page.goto(f"{live_server.url}/facilitator/cohorts/{cohort.pk}/")
    expect(phone_page.get_by_role("heading", name=cohort.name)).to_be_visible()
    assert serious_violations(phone_page) == []
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380  # the wide table scrolls inside its own box


def test_mark_everyone_present_then_undo_on_a_tablet(page, live_server, room):
    cohort, session, facilitator, enrolments = room
    services.attendance_mark(
        session=session,
        enrolment=enrolments[0],
        status="absent",
        marked_by=facilitator,
    )
    sign_in(page, live_server, "fac@example.org", PASSWORD)
    page.goto(
        f"{live_server.url}/facilitator/cohorts/{cohort.pk}/sessions/{session.pk}/attendance/"
    )
    # The name filter narrows the roll as one types, without a page load.
    page.fill("#roll-q", "participant 1")
    expect(page.locator(".roll__item:visible")).to_have_count(10)  # 10–19
    expect(page.locator("#roll-shown")).to_have_text("10 of 30 shown")
    page.fill("#roll-q", "nobody like this")
    expect(page.locator(".roll__item:visible")).to_have_count(0)
    expect(page.locator("[data-filter-none]")).to_be_visible()
    page.fill("#roll-q", "")
    expect(page.locator(".roll__item:visible")).to_have_count(30)

    page.get_by_role(
        "button", name="Mark everyone not yet marked as present (29)"
    ).click()
    expect(page.locator(".messages")).to_contain_text("29 people marked present")
    expect(page.locator('#tally [data-count="present"]')).to_have_text("29")
    expect(page.locator('#tally [data-count="absent"]')).to_have_text("1")
    assert serious_violations(page) == []
    statuses = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )
    assert statuses[enrolments[0].pk] == "absent"
    assert sum(1 for s in statuses.values() if s == "present") == 29

    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".messages")).to_contain_text(
        "Undone: 29 people are not marked again."
    )
    expect(page.locator('#tally [data-count="present"]')).to_have_text("0")
    expect(page.locator('#tally [data-count=""]')).to_have_text("29")
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)
    assert Attendance.objects.filter(session=session, status="present").count() == 0
    assert Attendance.objects.get(enrolment=enrolments[0]).status == "absent"


def test_name_filter_without_javascript(browser, live_server, room):
    cohort, session, _, _ = room
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 800}
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "fac@example.org", PASSWORD)
        page.goto(
            f"{live_server.url}/facilitator/cohorts/{cohort.pk}/sessions/{session.pk}/attendance/"
        )
        page.fill("#roll-q", "Participant 07")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_load_state("load")
        expect(page.locator(".roll__item:visible")).to_have_count(1)
        expect(page.locator(".roll__item:visible .roll__name")).to_have_text(
            "Participant 07"
        )
        expect(page.locator("#roll-shown")).to_have_text("1 of 30 shown")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
    finally:
        context.close()


def test_join_codes_issue_print_and_withdraw(page, live_server, room):
    cohort, _, facilitator, _ = room
    walk_in = services.enrolment_add_walk_in(
        cohort=cohort,
        full_name="Shanice Walker",
        organisation="Crisis Centre",
        added_by=facilitator,
    )
    sign_in(page, live_server, "fac@example.org", PASSWORD)
    url = f"{live_server.url}/facilitator/cohorts/{cohort.pk}/join-codes/"
    page.goto(url)
    assert serious_violations(page) == []
    page.get_by_label("Shanice Walker").check()
    page.get_by_role("button", name="Issue codes for the people ticked").click()
    code = page.locator(".slip__code").inner_text()
    assert len(code) == 9 and code[4] == "-"
    page.goto(url)
    page.reload()  # opening the page again changes nothing
    assert services.join_code_lookup(code=code, client_key="e2e").enrolment == walk_in
    expect(page.locator("#outstanding + .table-wrap")).to_contain_text("Shanice Walker")
    page.get_by_role("link", name="Withdraw the code of Shanice Walker…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw the join code of Shanice Walker?"
    )
    assert serious_violations(page) == []
    page.get_by_role("button", name="Withdraw the code").click()
    expect(page.locator(".messages")).to_contain_text("their slip no longer works")
    expect(page.get_by_text("No code is outstanding")).to_be_visible()
    with pytest.raises(JoinCodeInvalid):
        services.join_code_lookup(code=code, client_key="e2e")
