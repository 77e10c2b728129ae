"""Every facilitator URL, walked as anonymous, participant, another cohort's
facilitator (all refused) and the cohort's own facilitator (allowed)."""

import pytest
from django.urls import reverse

from cohorts.models import Attendance, Enrolment, JoinCode
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db


def facilitator_urls(cohort, session, enrolment):
    """(method, url, data) for every page and action of the facilitator area."""
    c, s, e = cohort.pk, session.pk, enrolment.pk
    code = JoinCode.objects.get(enrolment=enrolment).pk
    return [
        ("get", reverse("cohorts:dashboard", args=[c]), None),
        ("get", reverse("cohorts:attendance", args=[c, s]), None),
        (
            "post",
            reverse("cohorts:attendance", args=[c, s]),
            {"enrolment": e, "status": "present"},
        ),
        ("post", reverse("cohorts:attendance_mark_all", args=[c, s]), {}),
        (
            "post",
            reverse("cohorts:attendance_undo_mark_all", args=[c, s]),
            {"batch": "8c7e0d5e-1111-4f3c-9d7e-1e2a3b4c5d6e"},
        ),
        ("get", reverse("cohorts:attendance_history", args=[c, s]), None),
        ("get", reverse("cohorts:paper_sheet", args=[c, s]), None),
        ("post", reverse("cohorts:paper_sheet", args=[c, s]), {f"e{e}": "present"}),
        ("get", reverse("cohorts:sign_in_sheet", args=[c, s]), None),
        ("get", reverse("cohorts:check_in_display", args=[c, s]), None),
        ("get", reverse("cohorts:roster_import", args=[c]), None),
        ("post", reverse("cohorts:roster_import_confirm", args=[c]), {}),
        ("get", reverse("cohorts:roster_template", args=[c, "csv"]), None),
        ("get", reverse("cohorts:roster_template", args=[c, "xlsx"]), None),
        ("get", reverse("cohorts:walk_in_add", args=[c]), None),
        (
            "post",
            reverse("cohorts:walk_in_add", args=[c]),
            {"full_name": "Walk In", "organisation": "Red Cross"},
        ),
        ("get", reverse("cohorts:enrolment_merge", args=[c, e]), None),
        (
            "post",
            reverse("cohorts:enrolment_status", args=[c, e]),
            {"status": "enrolled"},
        ),
        (
            "post",
            reverse("cohorts:enrolment_status", args=[c, e]),
            {"status": "withdrawn"},
        ),
        ("get", reverse("cohorts:join_codes", args=[c]), None),
        ("get", reverse("cohorts:join_code_withdraw", args=[c, code]), None),
        ("post", reverse("cohorts:join_code_withdraw", args=[c, code]), {}),
        ("post", reverse("cohorts:join_codes", args=[c]), {"enrolment": [e]}),
        (
            "post",
            reverse("cohorts:export", args=[c]),
            {"kind": "roster", "format": "csv"},
        ),
    ]


@pytest.fixture
def setup(cohort, enrolment, facilitator):
    JoinCode.objects.create(
        enrolment=enrolment, code_hash="0" * 64, created_by=facilitator
    )
    return cohort, cohort.sessions.first(), enrolment


def _call(client, method, url, data):
    if method == "get":
        return client.get(url)
    return client.post(url, data)


def test_anonymous_is_sent_to_sign_in(client, setup):
    for method, url, data in facilitator_urls(*setup):
        response = _call(client, method, url, data)
        assert response.status_code == 302, url
        assert reverse("login") in response["Location"], url


def test_participant_is_refused(client, setup, participant):
    client.force_login(participant)
    for method, url, data in facilitator_urls(*setup):
        response = _call(client, method, url, data)
        assert response.status_code == 403, url
    assert client.get(reverse("cohorts:facilitator_home")).status_code == 403


def test_facilitator_of_another_cohort_gets_404(client, setup, other_facilitator):
    cohort, _, _ = setup
    cf.cohort(
        course=cohort.course,
        name="Curaçao",
        country="CW",
        facilitators=[other_facilitator],
    )
    client.force_login(other_facilitator)
    for method, url, data in facilitator_urls(*setup):
        response = _call(client, method, url, data)
        assert response.status_code == 404, url
    home = client.get(reverse("cohorts:facilitator_home"))
    assert "Curaçao" in home.text
    assert cohort.name not in home.text


def test_cohort_facilitator_is_allowed(client, setup, facilitator):
    client.force_login(facilitator)
    for method, url, data in facilitator_urls(*setup):
        response = _call(client, method, url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 302:
            assert reverse("login") not in response["Location"], url


def test_administrator_is_allowed_everywhere(client, setup, administrator):
    client.force_login(administrator)
    for method, url, data in facilitator_urls(*setup):
        response = _call(client, method, url, data)
        assert response.status_code in (200, 302), (url, response.status_code)


def test_nothing_changes_on_get(client, setup, facilitator):
    from cohorts.models import Attendance

    cohort, session, enrolment = setup
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    client.get(url, {"enrolment": enrolment.pk, "status": "present"})
    assert not Attendance.objects.exists()


def test_csrf_is_enforced(setup, facilitator):
    from django.test import Client

    cohort, session, enrolment = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    response = client.post(url, {"enrolment": enrolment.pk, "status": "present"})
    assert response.status_code == 403


def test_enrolment_of_another_cohort_cannot_be_marked(client, setup, facilitator):
    cohort, session, _ = setup
    other = cf.cohort(course=cohort.course, name="Bonaire")
    stranger = cf.enrol(other, factories.participant())
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    assert (
        client.post(url, {"enrolment": stranger.pk, "status": "present"}).status_code
        == 404
    )
    merge = reverse("cohorts:enrolment_merge", args=[cohort.pk, stranger.pk])
    assert client.get(merge).status_code == 404


def test_another_cohorts_facilitator_changes_nothing_here(
    client, setup, other_facilitator
):
    """Every action of this cohort, tried by Curaçao's facilitator, leaves it as it was."""
    cohort, session, enrolment = setup
    cf.cohort(course=cohort.course, name="Curaçao", facilitators=[other_facilitator])
    before = (
        list(Attendance.objects.values_list("pk", "status")),
        list(Enrolment.objects.values_list("pk", "status", "participant_id")),
        list(JoinCode.objects.values_list("pk", "revoked_at", "used_at")),
    )
    client.force_login(other_facilitator)
    for method, url, data in facilitator_urls(*setup):
        if method == "post":
            assert client.post(url, data).status_code == 404, url
    after = (
        list(Attendance.objects.values_list("pk", "status")),
        list(Enrolment.objects.values_list("pk", "status", "participant_id")),
        list(JoinCode.objects.values_list("pk", "revoked_at", "used_at")),
    )
    assert after == before
