"""Join codes (issue, print once, single use, expiry), walk-ins and merging."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohorts import codes, services
from cohorts.exceptions import (
    JoinCodeExpired,
    JoinCodeInvalid,
    JoinCodeUsed,
    MergeRefused,
)
from cohorts.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Enrolment,
    EnrolmentSource,
    JoinCode,
)
from lms import roles
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db
User = get_user_model()
CODE_RE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def test_join_codes_use_an_unambiguous_alphabet():
    for _ in range(200):
        code = codes.join_code_new()
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
        assert not set(code) & set("0O1IL2Z5S8B")


def test_only_a_hash_is_stored(cohort, enrolment, facilitator):
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[enrolment], issued_by=facilitator
    )
    stored = JoinCode.objects.get()
    assert issued.code not in stored.code_hash
    assert codes.join_code_normalise(issued.code) not in stored.code_hash
    assert stored.code_hash == codes.join_code_hash(issued.code, secret=_secret())


def _secret():
    from django.conf import settings

    return settings.SECRET_KEY


def walk_in(
    cohort, facilitator, name="Shanice Walker", org="Saint Lucia Crisis Centre"
):
    return services.enrolment_add_walk_in(
        cohort=cohort, full_name=name, organisation=org, added_by=facilitator
    )


def test_walk_in_page_adds_a_participant_without_email(client, cohort, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:walk_in_add", args=[cohort.pk]),
        {
            "full_name": "  Shanice   Walker ",
            "organisation": "Crisis Centre",
            "sex": "female",
        },
        follow=True,
    )
    assert "Shanice Walker was added as a walk-in" in response.text
    e = Enrolment.objects.get(cohort=cohort)
    assert e.source == EnrolmentSource.WALK_IN
    assert e.participant.email is None and e.participant.full_name == "Shanice Walker"
    assert roles.is_participant(e.participant)


def test_walk_in_needs_a_name(client, cohort, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:walk_in_add", args=[cohort.pk]),
        {"full_name": "   ", "organisation": "Crisis Centre"},
    )
    assert (
        "This field is required." in response.text
        or "A name is needed" in response.text
    )
    assert not Enrolment.objects.exists()


def test_sheet_shows_codes_once_and_join_page_sets_up_sign_in(
    client, cohort, facilitator
):
    e = walk_in(cohort, facilitator)
    client.force_login(facilitator)
    sheet = client.post(
        reverse("cohorts:join_codes", args=[cohort.pk]), {"enrolment": [e.pk]}
    )
    assert "no-store" in sheet["Cache-Control"]
    (code,) = CODE_RE.findall(sheet.text)
    assert "Shanice Walker" in sheet.text
    # The list page never shows a code again.
    listing = client.get(reverse("cohorts:join_codes", args=[cohort.pk]))
    assert code not in listing.text and "code given, not used" in listing.text

    client.logout()
    response = client.post(
        reverse("cohorts:join"),
        {
            "code": code.lower().replace("-", " "),
            "username": "shanice.w",
            "password1": "harbour-room-2026",
            "password2": "harbour-room-2026",
            "consent": "on",
        },
        follow=True,
    )
    assert "Welcome, Shanice Walker" in response.text
    user = User.objects.get(pk=e.participant_id)
    assert user.username == "shanice.w" and user.check_password("harbour-room-2026")
    assert user.consent_at is not None and user.consent_version
    assert response.context["user"].pk == user.pk
    # Single use.
    client.logout()
    again = client.post(
        reverse("cohorts:join"),
        {
            "code": code,
            "username": "someone.else",
            "password1": "harbour-room-2026",
            "password2": "harbour-room-2026",
            "consent": "on",
        },
    )
    assert "already been used" in again.text
    assert client.login(username="shanice.w", password="harbour-room-2026")


def test_join_needs_consent_and_matching_passwords(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    response = client.post(
        reverse("cohorts:join"),
        {
            "code": issued.code,
            "username": "x.y",
            "password1": "harbour-room-2026",
            "password2": "other-2026-room",
        },
    )
    assert "Tick the box to agree" in response.text
    assert "The two passwords are not the same." in response.text
    assert not JoinCode.objects.get().used_at


def test_join_refuses_an_email_used_by_someone_else(client, cohort, facilitator):
    factories.participant(email="taken@example.org")
    e = walk_in(cohort, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    response = client.post(
        reverse("cohorts:join"),
        {
            "code": issued.code,
            "email": "TAKEN@example.org",
            "password1": "harbour-room-2026",
            "password2": "harbour-room-2026",
            "consent": "on",
        },
    )
    assert "already used by another account" in response.text
    assert JoinCode.objects.get().used_at is None


def test_expired_revoked_and_unknown_codes(cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (first,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    (second,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    with pytest.raises(JoinCodeInvalid):
        services.join_code_lookup(code=first.code, client_key="t")  # replaced
    with pytest.raises(JoinCodeInvalid):
        services.join_code_lookup(code="ACDE-FGHJ", client_key="t")
    JoinCode.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(JoinCodeExpired):
        services.join_code_lookup(code=second.code, client_key="t")


def test_used_code_raises_used(cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    jc = services.join_code_lookup(code=issued.code, client_key="t")
    services.join_code_redeem(
        join_code=jc, email=None, username="abc.def", password="harbour-room-2026"
    )
    with pytest.raises(JoinCodeUsed):
        services.join_code_lookup(code=issued.code, client_key="t")


def test_join_guessing_is_rate_limited(client):
    for _ in range(21):
        response = client.post(
            reverse("cohorts:join"),
            {
                "code": "ACDE-FGHJ",
                "username": "a.b",
                "password1": "harbour-room-2026",
                "password2": "harbour-room-2026",
                "consent": "on",
            },
        )
    assert "Too many tries" in response.text


def test_sign_in_page_links_to_join(client, home_page):
    assert reverse("cohorts:join") in client.get(reverse("login")).text


def test_merge_moves_enrolment_and_attendance(cohort, facilitator):
    e = walk_in(cohort, facilitator)
    s1, s2 = cohort.sessions.all()[:2]
    cf.mark(s1, e, AttendanceStatus.PRESENT, by=facilitator)
    account = factories.participant(email="shanice@example.org")
    merged = services.enrolment_merge_walk_in(
        enrolment=e, into_email="Shanice@Example.org", merged_by=facilitator
    )
    assert merged.participant == account
    assert Attendance.objects.get(session=s1).enrolment.participant == account
    walk_in_user = User.objects.get(full_name="Shanice Walker")
    assert not walk_in_user.is_active


def test_merge_into_someone_already_enrolled_keeps_attendance_history(
    cohort, facilitator
):
    account = factories.participant(email="shanice@example.org")
    on_roster = cf.enrol(cohort, account)
    e = walk_in(cohort, facilitator)
    s1, s2 = cohort.sessions.all()[:2]
    services.attendance_mark(
        session=s1, enrolment=on_roster, status="absent", marked_by=facilitator
    )
    services.attendance_mark(
        session=s1, enrolment=e, status="present", marked_by=facilitator
    )
    services.attendance_mark(
        session=s2, enrolment=e, status="late", marked_by=facilitator
    )
    services.enrolment_merge_walk_in(
        enrolment=e, into_email="shanice@example.org", merged_by=facilitator
    )
    assert not Enrolment.objects.filter(pk=e.pk).exists()
    marks = dict(
        Attendance.objects.filter(enrolment=on_roster).values_list(
            "session_id", "status"
        )
    )
    assert marks == {s1.pk: "present", s2.pk: "late"}
    assert AttendanceChange.objects.filter(attendance__enrolment=on_roster).count() == 4


def test_merge_refusals(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    with pytest.raises(MergeRefused):
        services.enrolment_merge_walk_in(
            enrolment=e, into_email="nobody@example.org", merged_by=facilitator
        )
    factories.facilitator(email="staff@example.org")
    with pytest.raises(MergeRefused):
        services.enrolment_merge_walk_in(
            enrolment=e, into_email="staff@example.org", merged_by=facilitator
        )
    imported = cf.enrol(cohort, factories.participant(email="real@example.org"))
    with pytest.raises(MergeRefused):
        services.enrolment_merge_walk_in(
            enrolment=imported, into_email="staff@example.org", merged_by=facilitator
        )
    client.force_login(facilitator)
    page = client.post(
        reverse("cohorts:enrolment_merge", args=[cohort.pk, e.pk]),
        {"email": "nobody@example.org"},
    )
    assert "No participant account has this email address." in page.text


def test_participant_sees_only_their_own_sessions_and_attendance(
    client, cohort, course, participant
):
    mine = cf.enrol(cohort, participant)
    other_cohort = cf.cohort(course=course, name="Bonaire, private", country="BQ")
    stranger = cf.enrol(
        other_cohort, factories.participant(full_name="Stranger Person")
    )
    cf.mark(cohort.sessions.first(), mine, AttendanceStatus.LATE)
    cf.mark(other_cohort.sessions.first(), stranger, AttendanceStatus.ABSENT)
    client.force_login(participant)
    page = client.get(reverse("cohorts:check_in")).text
    assert cohort.name in page and "Late" in page
    assert "Bonaire, private" not in page and "Stranger Person" not in page
    assert "Absent" not in page


def test_join_page_names_the_privacy_notice_version(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    assert "version 2026-11" in client.get(reverse("cohorts:join")).text
