"""Join codes (issue, print once, single use, expiry), walk-ins and merging."""

import datetime as dt
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohorts import codes, services
from cohorts.exceptions import (
    JoinCodeExpired,
    JoinCodeFormResubmitted,
    JoinCodeInvalid,
    JoinCodeNotOffered,
    JoinCodeUsed,
    MergeRefused,
)
from cohorts.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    JoinCode,
)
from lms import roles
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db
User = get_user_model()
# A printed join code: two groups of four from the code alphabet, standing alone
# (not the middle of a UUID such as a form token's "…-4359-9710-…").
CODE_RE = re.compile(
    rf"(?<![\w-])[{codes.JOIN_CODE_ALPHABET}]{{4}}-[{codes.JOIN_CODE_ALPHABET}]{{4}}(?![\w-])"
)


def test_join_codes_use_an_unambiguous_alphabet():
    for _ in range(200):
        code = codes.join_code_new()
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
        assert not set(code) & set("0O1IL2Z5S8B")


def test_only_a_hash_is_stored(cohort, facilitator):
    enrolment = walk_in(cohort, facilitator)
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


def token_of(page) -> str:
    """The one-time token of the join-codes form on a rendered page."""
    return re.search(r'name="token" value="([0-9a-f-]{36})"', page.text).group(1)


def issue_through_page(client, cohort, enrolments, **extra):
    """Open the join-codes page and issue codes for these people, as a facilitator would."""
    url = reverse("cohorts:join_codes", args=[cohort.pk])
    data = {
        "token": token_of(client.get(url)),
        "enrolment": [e.pk for e in enrolments],
        "issue": "chosen",
        **extra,
    }
    return client.post(url, data)


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
    sheet = issue_through_page(client, cohort, [e])
    assert "no-store" in sheet["Cache-Control"]
    (code,) = CODE_RE.findall(sheet.text)
    assert "Shanice Walker" in sheet.text
    # The list page never shows a code again, but lists it as outstanding.
    listing = client.get(reverse("cohorts:join_codes", args=[cohort.pk]))
    assert code not in listing.text
    assert "Outstanding codes" in listing.text and "Withdraw…" in listing.text

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


def test_replaced_unknown_and_legacy_expired_codes(cohort, facilitator):
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
    assert services.join_code_lookup(code=second.code, client_key="t")
    # A code issued when codes still expired keeps the date printed on its slip.
    JoinCode.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(JoinCodeExpired):
        services.join_code_lookup(code=second.code, client_key="t")


def test_a_code_works_long_after_the_training_until_used(course, facilitator):
    past = cf.cohort(
        course=course,
        facilitators=[facilitator],
        start_date=timezone.localdate() - dt.timedelta(days=400),
        end_date=timezone.localdate() - dt.timedelta(days=399),
    )
    e = walk_in(past, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=past, enrolments=[e], issued_by=facilitator
    )
    assert JoinCode.objects.get().expires_at is None
    assert services.join_code_lookup(code=issued.code, client_key="t").enrolment == e


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
    merged = services.enrolment_merge_walk_in(
        enrolment=e, into=on_roster, merged_by=facilitator
    )
    assert merged == on_roster
    assert not Enrolment.objects.filter(pk=e.pk).exists()
    marks = dict(
        Attendance.objects.filter(enrolment=on_roster).values_list(
            "session_id", "status"
        )
    )
    assert marks == {s1.pk: "present", s2.pk: "late"}
    assert AttendanceChange.objects.filter(attendance__enrolment=on_roster).count() == 4
    assert not User.objects.get(full_name="Shanice Walker").is_active


def test_merge_page_lists_only_this_cohorts_people(client, cohort, course, facilitator):
    cf.enrol(
        cohort,
        factories.participant(full_name="Marcia Joseph", email="marcia@example.org"),
    )
    other = cf.cohort(course=course, name="Curaçao", country="CW")
    cf.enrol(
        other,
        factories.participant(full_name="Elsewhere Person", email="far@example.org"),
    )
    e = walk_in(cohort, facilitator)
    client.force_login(facilitator)
    page = client.get(reverse("cohorts:enrolment_merge", args=[cohort.pk, e.pk]))
    assert "Marcia Joseph (Ministry of Home Affairs, marcia@example.org)" in page.text
    assert "Elsewhere Person" not in page.text and "far@example.org" not in page.text
    # No e-mail box: the form cannot be used to ask whether an address exists.
    assert 'type="email"' not in page.text and "<select" in page.text


def test_merge_through_the_page(client, cohort, facilitator):
    target = cf.enrol(cohort, factories.participant(full_name="Marcia Joseph"))
    e = walk_in(cohort, facilitator)
    cf.mark(cohort.sessions.first(), e, AttendanceStatus.PRESENT, by=facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:enrolment_merge", args=[cohort.pk, e.pk]),
        {"into": target.pk},
        follow=True,
    )
    assert "merged into Marcia Joseph" in response.text
    assert Attendance.objects.get().enrolment == target
    assert not Enrolment.objects.filter(pk=e.pk).exists()


def _snapshot():
    return (
        sorted(Enrolment.objects.values_list("pk", "participant_id", "status")),
        sorted(Attendance.objects.values_list("pk", "enrolment_id", "status")),
        sorted(User.objects.values_list("pk", "is_active")),
    )


def test_facilitator_of_another_cohort_cannot_merge_into_this_cohort(
    client, cohort, course, facilitator, other_facilitator
):
    """Curaçao's facilitator forges a merge of their walk-in into a Saint Lucia person."""
    saint_lucian = cf.enrol(cohort, factories.participant(full_name="Kervin Charles"))
    cf.mark(cohort.sessions.first(), saint_lucian, AttendanceStatus.PRESENT)
    theirs = cf.cohort(
        course=course, name="Curaçao", country="CW", facilitators=[other_facilitator]
    )
    their_walk_in = walk_in(theirs, other_facilitator, name="Kervin Charles")
    before = _snapshot()
    client.force_login(other_facilitator)
    forged = client.post(
        reverse("cohorts:enrolment_merge", args=[theirs.pk, their_walk_in.pk]),
        {"into": saint_lucian.pk},
    )
    assert forged.status_code == 400
    assert "only people enrolled in this cohort can be chosen" in forged.text
    assert "Kervin Charles (" not in forged.text  # nobody of Saint Lucia is listed
    # Through the other cohort's own URL it is not even found.
    assert (
        client.post(
            reverse("cohorts:enrolment_merge", args=[cohort.pk, saint_lucian.pk]),
            {"into": their_walk_in.pk},
        ).status_code
        == 404
    )
    assert _snapshot() == before
    # The service refuses it too, whatever a view passes in.
    with pytest.raises(MergeRefused):
        services.enrolment_merge_walk_in(
            enrolment=their_walk_in, into=saint_lucian, merged_by=other_facilitator
        )
    assert _snapshot() == before


def test_merge_refusals(cohort, facilitator):
    e = walk_in(cohort, facilitator)
    staff = cf.enrol(cohort, factories.facilitator(email="staff@example.org"))
    with pytest.raises(MergeRefused):
        services.enrolment_merge_walk_in(enrolment=e, into=staff, merged_by=facilitator)
    imported = cf.enrol(cohort, factories.participant(email="real@example.org"))
    other = cf.enrol(cohort, factories.participant())
    with pytest.raises(MergeRefused):
        services.enrolment_merge_walk_in(
            enrolment=imported, into=other, merged_by=facilitator
        )
    with pytest.raises(MergeRefused):
        services.enrolment_merge_walk_in(enrolment=e, into=e, merged_by=facilitator)
    assert Enrolment.objects.filter(pk=e.pk).exists()


# --- join codes stay valid ------------------------------------------------------


def test_reloading_the_page_never_changes_a_code(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    client.force_login(facilitator)
    url = reverse("cohorts:join_codes", args=[cohort.pk])
    for _ in range(3):
        page = client.get(url)
        assert "Shanice Walker" in page.text
    assert JoinCode.objects.count() == 1
    assert JoinCode.objects.get().revoked_at is None
    assert services.join_code_lookup(code=issued.code, client_key="t").enrolment == e
    # Nobody is ticked in advance: codes are made only for the people chosen.
    assert " checked" not in page.text


def test_a_resubmitted_sheet_issues_nothing_and_keeps_the_printed_codes(
    client, cohort, facilitator
):
    e = walk_in(cohort, facilitator)
    client.force_login(facilitator)
    url = reverse("cohorts:join_codes", args=[cohort.pk])
    data = {"token": token_of(client.get(url)), "enrolment": [e.pk], "issue": "chosen"}
    (code,) = CODE_RE.findall(client.post(url, data).text)
    again = client.post(url, data, follow=True)  # the browser's "resubmit" on reload
    assert "were already issued when this form was first sent" in again.text
    assert not CODE_RE.findall(again.text)
    assert JoinCode.objects.count() == 1
    assert services.join_code_lookup(code=code, client_key="t").enrolment == e


def test_one_form_token_issues_codes_once(cohort, facilitator):
    e = walk_in(cohort, facilitator)
    token = uuid.uuid4()
    services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator, batch=token
    )
    with pytest.raises(JoinCodeFormResubmitted):
        services.join_codes_issue(
            cohort=cohort, enrolments=[e], issued_by=facilitator, batch=token
        )
    assert JoinCode.objects.filter(revoked_at__isnull=True).count() == 1


def test_issue_for_everyone_without_a_code(client, cohort, facilitator):
    has_code = walk_in(cohort, facilitator, name="Has Code")
    no_code = walk_in(cohort, facilitator, name="No Code")
    also_none = walk_in(cohort, facilitator, name="Also None")
    cf.enrol(cohort, factories.participant(full_name="Signed In"))
    (kept,) = services.join_codes_issue(
        cohort=cohort, enrolments=[has_code], issued_by=facilitator
    )
    client.force_login(facilitator)
    url = reverse("cohorts:join_codes", args=[cohort.pk])
    page = client.get(url)
    assert "Issue codes for everyone without a code (2)" in page.text
    assert f'value="{has_code.pk}"' in page.text
    sheet = client.post(url, {"token": token_of(page), "issue": "without"})
    assert "No Code" in sheet.text and "Also None" in sheet.text
    assert "Has Code" not in sheet.text and "Signed In" not in sheet.text
    assert len(CODE_RE.findall(sheet.text)) == 2
    assert services.join_code_lookup(code=kept.code, client_key="t").enrolment == (
        has_code
    )
    assert JoinCode.objects.filter(enrolment__in=[no_code, also_none]).count() == 2


def test_reissuing_asks_first_and_withdraws_the_old_code(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (old,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    client.force_login(facilitator)
    confirm = issue_through_page(client, cohort, [e])
    assert "Replace join codes?" in confirm.text
    assert "stops working at once" in confirm.text
    assert not CODE_RE.findall(confirm.text)
    assert services.join_code_lookup(code=old.code, client_key="t")  # still valid
    sheet = client.post(
        reverse("cohorts:join_codes", args=[cohort.pk]),
        {
            "token": token_of(confirm),
            "enrolment": [e.pk],
            "issue": "chosen",
            "replace": "yes",
        },
    )
    (new,) = CODE_RE.findall(sheet.text)
    with pytest.raises(JoinCodeInvalid):
        services.join_code_lookup(code=old.code, client_key="t")
    assert services.join_code_lookup(code=new, client_key="t").enrolment == e
    assert JoinCode.objects.get(revoked_at__isnull=False).revoked_by == facilitator


def test_withdrawing_a_code_needs_a_confirmation(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    jc = JoinCode.objects.get()
    client.force_login(facilitator)
    url = reverse("cohorts:join_code_withdraw", args=[cohort.pk, jc.pk])
    confirm = client.get(url)
    assert "Withdraw the join code of Shanice Walker?" in confirm.text
    assert "stops working at once" in confirm.text
    assert services.join_code_lookup(code=issued.code, client_key="t")
    done = client.post(url, follow=True)
    assert "their slip no longer works" in done.text
    assert "No code is outstanding" in done.text
    jc.refresh_from_db()
    assert jc.revoked_at is not None and jc.revoked_by == facilitator
    with pytest.raises(JoinCodeInvalid):
        services.join_code_lookup(code=issued.code, client_key="t")
    twice = client.post(url, follow=True)
    assert "already used or withdrawn" in twice.text


def test_a_code_of_another_cohort_cannot_be_withdrawn(
    client, cohort, course, facilitator, other_facilitator
):
    e = walk_in(cohort, facilitator)
    services.join_codes_issue(cohort=cohort, enrolments=[e], issued_by=facilitator)
    jc = JoinCode.objects.get()
    theirs = cf.cohort(course=course, name="Curaçao", facilitators=[other_facilitator])
    client.force_login(other_facilitator)
    url = reverse("cohorts:join_code_withdraw", args=[theirs.pk, jc.pk])
    assert client.post(url).status_code == 404
    jc.refresh_from_db()
    assert jc.revoked_at is None


def test_codes_are_offered_only_to_people_who_never_signed_in(
    client, cohort, facilitator
):
    signed_in = cf.enrol(cohort, factories.participant(full_name="Signed In"))
    walk_in(cohort, facilitator)
    client.force_login(facilitator)
    url = reverse("cohorts:join_codes", args=[cohort.pk])
    page = client.get(url)
    assert f'value="{signed_in.pk}"' not in page.text
    assert "1 person has signed in and needs no code" in page.text
    forged = client.post(
        url,
        {"token": token_of(page), "enrolment": [signed_in.pk], "issue": "chosen"},
        follow=True,
    )
    assert "Tick at least one person who has never signed in" in forged.text
    with pytest.raises(JoinCodeNotOffered):
        services.join_codes_issue(
            cohort=cohort, enrolments=[signed_in], issued_by=facilitator
        )
    assert not JoinCode.objects.exists()


JOIN = {
    "password1": "harbour-room-2026",
    "password2": "harbour-room-2026",
    "consent": "on",
}


def test_redeeming_never_replaces_an_existing_password(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    user = e.participant
    user.username = "shanice.w"
    user.set_password("her-own-password-1")  # e.g. set through a password reset
    user.save()
    response = client.post(
        reverse("cohorts:join"),
        {"code": issued.code, "username": "someone.else", **JOIN},
    )
    assert "This account already has a sign-in" in response.text
    assert "reset it from the sign-in page" in response.text
    assert reverse("password_reset") in response.text
    user.refresh_from_db()
    assert user.username == "shanice.w" and user.check_password("her-own-password-1")
    assert JoinCode.objects.get().used_at is None


def test_redeeming_keeps_a_username_the_account_has(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    User.objects.filter(pk=e.participant_id).update(username="shanice.w")
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    refused = client.post(
        reverse("cohorts:join"),
        {"code": issued.code, "username": "other.name", **JOIN},
    )
    assert "already has a username" in refused.text
    assert User.objects.get(pk=e.participant_id).username == "shanice.w"
    ok = client.post(
        reverse("cohorts:join"), {"code": issued.code, "username": "", **JOIN}
    )
    assert ok.status_code == 302
    user = User.objects.get(pk=e.participant_id)
    assert user.username == "shanice.w" and user.check_password("harbour-room-2026")


# --- withdrawing from the cohort ------------------------------------------------


def test_withdrawing_a_participant_asks_first(client, cohort, facilitator):
    e = walk_in(cohort, facilitator)
    (issued,) = services.join_codes_issue(
        cohort=cohort, enrolments=[e], issued_by=facilitator
    )
    cf.mark(cohort.sessions.first(), e, AttendanceStatus.PRESENT)
    client.force_login(facilitator)
    url = reverse("cohorts:enrolment_status", args=[cohort.pk, e.pk])
    confirm = client.post(url, {"status": "withdrawn"})  # the dashboard's button
    assert "Withdraw Shanice Walker from" in confirm.text
    assert "leave the attendance roll" in confirm.text
    assert "present or late at 1 session" in confirm.text
    assert "unused join code is withdrawn" in confirm.text
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.ENROLLED
    assert client.get(url, {"status": "withdrawn"}).status_code == 200
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.ENROLLED

    done = client.post(url, {"status": "withdrawn", "confirm": "yes"})
    assert done["Location"] == reverse("cohorts:dashboard", args=[cohort.pk])
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.WITHDRAWN
    with pytest.raises(JoinCodeInvalid):
        services.join_code_lookup(code=issued.code, client_key="t")
    # Enrolling again needs no confirmation.
    client.post(url, {"status": "enrolled"})
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.ENROLLED


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
