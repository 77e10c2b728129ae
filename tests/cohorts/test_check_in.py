"""Self check-in with a rotating code: one right answer, and clear refusals."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cohorts import codes, services
from cohorts.exceptions import (
    CheckInCodeExpired,
    CheckInCodeWrong,
    CheckInNotEnrolled,
    CheckInNotStarted,
    CheckInOtherSession,
    CheckInSessionEnded,
)
from cohorts.models import Attendance, AttendanceMethod, AttendanceStatus

from . import factories as cf

pytestmark = pytest.mark.django_db


def test_codes_rotate_and_differ_per_session():
    a = codes.check_in_code(session_id=1, window=100, secret="s")
    assert len(a) == 6 and a.isdigit()
    assert a == codes.check_in_code(session_id=1, window=100, secret="s")
    assert a != codes.check_in_code(session_id=1, window=101, secret="s")
    assert a != codes.check_in_code(session_id=2, window=100, secret="s")
    assert a != codes.check_in_code(session_id=1, window=100, secret="other")


def test_code_age():
    now = 1_000_000.0
    w = codes.check_in_window(now)
    old = codes.check_in_code(session_id=7, window=w - 3, secret="s")
    assert codes.check_in_code_age(code=old, session_id=7, now=now, secret="s") == 3
    spaced = codes.check_in_code(session_id=7, window=w, secret="s")
    spaced = f"{spaced[:3]} {spaced[3:]}"
    assert codes.check_in_code_age(code=spaced, session_id=7, now=now, secret="s") == 0


@pytest.fixture
def running(cohort, enrolment):
    """The cohort's first session, moved so it is under way now."""
    session = cohort.sessions.first()
    now = timezone.now()
    session.starts_at = now - dt.timedelta(minutes=30)
    session.ends_at = now + dt.timedelta(hours=2)
    session.save()
    return session


def code_at(session, now, age=0):
    window = codes.check_in_window(now.timestamp()) - age
    return codes.check_in_code(
        session_id=session.pk, window=window, secret=settings.SECRET_KEY
    )


def test_current_code_marks_present_by_self(running, enrolment, participant):
    now = timezone.now()
    a = services.attendance_self_check_in(
        user=participant, code=code_at(running, now), now=now
    )
    assert (a.session, a.status, a.method) == (
        running,
        "present",
        AttendanceMethod.SELF_CHECK_IN,
    )
    assert a.marked_by == participant


def test_previous_window_still_accepted(running, participant):
    now = timezone.now()
    services.attendance_self_check_in(
        user=participant, code=code_at(running, now, age=1), now=now
    )
    assert Attendance.objects.get().status == "present"


def test_expired_code_is_refused(running, participant):
    now = timezone.now()
    with pytest.raises(CheckInCodeExpired):
        services.attendance_self_check_in(
            user=participant, code=code_at(running, now, age=3), now=now
        )
    assert not Attendance.objects.exists()


def test_wrong_code_is_refused(running, participant):
    now = timezone.now()
    right = code_at(running, now)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    with pytest.raises(CheckInCodeWrong):
        services.attendance_self_check_in(user=participant, code=wrong, now=now)
    assert not Attendance.objects.exists()


def test_code_of_another_session_is_refused(running, participant, course):
    other = cf.cohort(course=course, name="Curaçao")
    other_session = other.sessions.first()
    other_session.starts_at, other_session.ends_at = running.starts_at, running.ends_at
    other_session.save()
    now = timezone.now()
    with pytest.raises(CheckInOtherSession):
        services.attendance_self_check_in(
            user=participant, code=code_at(other_session, now), now=now
        )
    assert not Attendance.objects.exists()


def test_session_not_started_is_refused(cohort, enrolment, participant):
    later = cohort.sessions.last()
    now = later.starts_at - dt.timedelta(hours=5)
    with pytest.raises(CheckInNotStarted):
        services.attendance_self_check_in(
            user=participant, code=code_at(later, now), session=later, now=now
        )
    assert not Attendance.objects.exists()


def test_session_ended_is_refused(cohort, enrolment, participant):
    first = cohort.sessions.first()
    now = first.ends_at + dt.timedelta(minutes=5)
    with pytest.raises(CheckInSessionEnded):
        services.attendance_self_check_in(
            user=participant, code=code_at(first, now), session=first, now=now
        )


def test_not_enrolled_is_refused(running, course):
    from tests import factories

    stranger = factories.participant()
    with pytest.raises(CheckInNotEnrolled):
        services.attendance_self_check_in(
            user=stranger, code=code_at(running, timezone.now()), session=running
        )


def test_check_in_does_not_downgrade_a_late_mark(
    running, enrolment, participant, facilitator
):
    cf.mark(running, enrolment, AttendanceStatus.LATE, by=facilitator)
    now = timezone.now()
    a = services.attendance_self_check_in(
        user=participant, code=code_at(running, now), now=now
    )
    assert a.status == "late"


def test_check_in_page_flow(client, running, participant):
    client.force_login(participant)
    now = timezone.now()
    response = client.post(
        reverse("cohorts:check_in"), {"code": code_at(running, now)}, follow=True
    )
    assert "You are checked in" in response.text
    assert Attendance.objects.get().status == "present"


def test_check_in_page_shows_refusal(client, running, participant):
    client.force_login(participant)
    now = timezone.now()
    response = client.post(
        reverse("cohorts:check_in"), {"code": code_at(running, now, age=4)}
    )
    assert "That code has expired" in response.text
    assert "checked in" not in response.text.replace("Check in", "")


def test_qr_link_prefills_the_code(client, running, participant):
    client.force_login(participant)
    url = reverse("cohorts:check_in_session", args=[running.pk]) + "?code=123456"
    assert 'value="123456"' in client.get(url).text


def test_too_many_tries_are_refused(client, running, participant):
    client.force_login(participant)
    for _ in range(10):
        client.post(reverse("cohorts:check_in"), {"code": "000000"})
    response = client.post(
        reverse("cohorts:check_in"), {"code": code_at(running, timezone.now())}
    )
    assert "Too many tries" in response.text
    assert not Attendance.objects.exists()


def test_display_shows_code_and_inline_svg(client, running, facilitator):
    client.force_login(facilitator)
    page = client.get(
        reverse("cohorts:check_in_display", args=[running.cohort_id, running.pk])
    )
    code = services.check_in_current_code(session=running)
    assert f"{code[:3]} {code[3:]}" in page.text
    assert "<svg" in page.text
    assert "<script>" not in page.text and " style=" not in page.text
