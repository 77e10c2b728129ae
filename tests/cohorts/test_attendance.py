"""Attendance in the room: taps, history, the paper sheet, the PDF sign-in sheet."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cohorts import services
from cohorts.exceptions import PaperSheetInvalid
from cohorts.models import (
    Attendance,
    AttendanceChange,
    AttendanceMethod,
    AttendanceStatus,
    EnrolmentStatus,
)
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db


def test_next_status_cycles():
    order = [services.attendance_next_status(None)]
    for _ in range(4):
        order.append(services.attendance_next_status(order[-1]))
    assert order == ["present", "late", "absent", "excused", "present"]


def test_mark_keeps_every_change(cohort, enrolment, facilitator, other_facilitator):
    session = cohort.sessions.first()
    services.attendance_mark(
        session=session, enrolment=enrolment, status="present", marked_by=facilitator
    )
    services.attendance_mark(
        session=session, enrolment=enrolment, status="late", marked_by=other_facilitator
    )
    a = Attendance.objects.get()
    assert (a.status, a.marked_by) == ("late", other_facilitator)
    changes = list(
        AttendanceChange.objects.values_list("from_status", "to_status", "changed_by")
    )
    assert changes == [
        ("", "present", facilitator.pk),
        ("present", "late", other_facilitator.pk),
    ]


def test_tap_with_fetch_returns_json_and_records_the_signed_in_user(
    client, cohort, enrolment, facilitator, other_facilitator
):
    client.force_login(facilitator)
    session = cohort.sessions.first()
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    response = client.post(
        url,
        # A forged marker field is ignored: the marker is always request.user.
        {
            "enrolment": enrolment.pk,
            "status": "present",
            "marked_by": other_facilitator.pk,
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "present" and data["next"] == "late"
    assert data["marked_by"] == facilitator.display_name
    a = Attendance.objects.get()
    assert a.marked_by == facilitator and a.method == AttendanceMethod.FACILITATOR


def test_tap_without_javascript_redirects_back_to_the_row(
    client, cohort, enrolment, facilitator
):
    client.force_login(facilitator)
    session = cohort.sessions.first()
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    response = client.post(url, {"enrolment": enrolment.pk, "status": "absent"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#e{enrolment.pk}")
    page = client.get(url)
    assert "Absent" in page.text
    assert facilitator.display_name in page.text
    assert 'value="excused"' in page.text  # the next tap


def test_bad_status_is_refused(client, cohort, enrolment, facilitator):
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, cohort.sessions.first().pk])
    response = client.post(
        url,
        {"enrolment": enrolment.pk, "status": "asleep"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_withdrawn_participants_are_not_on_the_roll(client, cohort, facilitator):
    here = cf.enrol(cohort, factories.participant(full_name="Here Person"))
    gone = cf.enrol(cohort, factories.participant(full_name="Gone Person"))
    cf.mark(cohort.sessions.first(), gone, AttendanceStatus.PRESENT)
    services.enrolment_set_status(enrolment=gone, status=EnrolmentStatus.WITHDRAWN)
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, cohort.sessions.first().pk])
    page = client.get(url)
    assert "Here Person" in page.text and "Gone Person" not in page.text
    # The tally counts the roll only: one person, not marked yet.
    assert 'data-count="present">0<' in page.text
    assert 'data-count="">1<' in page.text
    assert (
        client.post(url, {"enrolment": gone.pk, "status": "present"}).status_code == 404
    )
    assert here


def test_history_page_lists_changes(client, cohort, enrolment, facilitator):
    session = cohort.sessions.first()
    services.attendance_mark(
        session=session, enrolment=enrolment, status="present", marked_by=facilitator
    )
    services.attendance_mark(
        session=session, enrolment=enrolment, status="excused", marked_by=facilitator
    )
    client.force_login(facilitator)
    page = client.get(
        reverse("cohorts:attendance_history", args=[cohort.pk, session.pk])
    )
    assert "Excused" in page.text and "Present" in page.text
    assert enrolment.participant.display_name in page.text


def test_paper_sheet_saves_changed_rows_with_method_paper(client, cohort, facilitator):
    a, b, c = (cf.enrol(cohort) for _ in range(3))
    session = cohort.sessions.all()[1]
    cf.mark(session, c, AttendanceStatus.EXCUSED, by=facilitator)
    client.force_login(facilitator)
    url = reverse("cohorts:paper_sheet", args=[cohort.pk, session.pk])
    response = client.post(
        url, {f"e{a.pk}": "present", f"e{b.pk}": "", f"e{c.pk}": "excused"}, follow=True
    )
    assert "1 changed" in response.text
    marks = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "method")
    )
    assert marks == {
        a.pk: AttendanceMethod.PAPER_SHEET,
        c.pk: AttendanceMethod.FACILITATOR,
    }


def test_sign_in_sheet_pdf_lists_the_roster(client, cohort, facilitator):
    cf.enrol(
        cohort,
        factories.participant(full_name="Kervin Charles", organisation="Customs"),
    )
    cf.enrol(cohort, factories.participant(full_name="Marcia Joseph"))
    client.force_login(facilitator)
    session = cohort.sessions.first()
    response = client.get(
        reverse("cohorts:sign_in_sheet", args=[cohort.pk, session.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Kervin Charles" in text and "Marcia Joseph" in text and "Customs" in text
    assert session.title in text and "Signature" in text


def test_pdf_renderer_fetches_nothing():
    from cohorts.pdf import render_pdf

    html = '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd"><p>ok</p>'
    assert render_pdf(html).startswith(b"%PDF")


# --- marking everyone, and undoing it -------------------------------------------


def _state(session):
    """Each enrolment's status for the session, "" when not marked."""
    return dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )


def test_mark_everyone_not_yet_marked_and_undo(
    client, cohort, facilitator, other_facilitator
):
    session = cohort.sessions.first()
    absent, late, *unmarked = (cf.enrol(cohort) for _ in range(5))
    services.attendance_mark(
        session=session, enrolment=absent, status="absent", marked_by=facilitator
    )
    services.attendance_mark(
        session=session, enrolment=late, status="late", marked_by=facilitator
    )
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    page = client.get(url)
    assert "Mark everyone not yet marked as present (3)" in page.text

    done = client.post(
        reverse("cohorts:attendance_mark_all", args=[cohort.pk, session.pk]),
        follow=True,
    )
    assert "3 people marked present" in done.text
    assert _state(session) == {
        absent.pk: "absent",
        late.pk: "late",
        **{e.pk: "present" for e in unmarked},
    }
    batch = AttendanceChange.objects.filter(action="mark_all")
    assert batch.count() == 3 and len({c.batch for c in batch}) == 1
    assert "marked 3 people present at once" in done.text
    assert "Mark everyone not yet marked" not in done.text  # nobody left

    # Someone else changes two of them before the undo, one of them back to
    # present: both keep what was set since.
    changed, reconfirmed, untouched = unmarked
    services.attendance_mark(
        session=session, enrolment=changed, status="late", marked_by=other_facilitator
    )
    for status in ("late", "present"):
        services.attendance_mark(
            session=session,
            enrolment=reconfirmed,
            status=status,
            marked_by=other_facilitator,
        )
    undone = client.post(
        reverse("cohorts:attendance_undo_mark_all", args=[cohort.pk, session.pk]),
        {"batch": str(batch.first().batch)},
        follow=True,
    )
    assert "Undone: 1 person is not marked again." in undone.text
    assert "2 people were changed since and keep their marks." in undone.text
    assert _state(session) == {
        absent.pk: "absent",
        late.pk: "late",
        changed.pk: "late",
        reconfirmed.pk: "present",
        untouched.pk: "",
    }
    # The page reads them as not marked again, and the history has both steps.
    assert "Mark the one person not yet marked as present" in undone.text
    assert 'data-count="">1<' in undone.text
    undo_rows = AttendanceChange.objects.filter(action="undo")
    assert list(
        undo_rows.values_list("attendance__enrolment_id", "from_status", "to_status")
    ) == [(untouched.pk, "present", "")]
    assert set(undo_rows.values_list("changed_by", flat=True)) == {facilitator.pk}
    history = client.get(
        reverse("cohorts:attendance_history", args=[cohort.pk, session.pk])
    )
    assert "Marked everyone not yet marked as present" in history.text
    assert "Undid marking everyone present" in history.text

    again = client.post(
        reverse("cohorts:attendance_undo_mark_all", args=[cohort.pk, session.pk]),
        {"batch": str(batch.first().batch)},
        follow=True,
    )
    assert "this was undone already" in again.text
    assert _state(session)[untouched.pk] == ""


def test_undo_restores_exactly_the_state_before(client, cohort, facilitator):
    session = cohort.sessions.first()
    people = [cf.enrol(cohort) for _ in range(4)]
    services.attendance_mark(
        session=session, enrolment=people[0], status="excused", marked_by=facilitator
    )
    before = {e.pk: _state(session).get(e.pk, "") for e in people}
    result = services.attendance_mark_all_present(
        session=session, marked_by=facilitator
    )
    assert result.marked == 3
    services.attendance_undo_mark_all(
        session=session, batch=result.batch, undone_by=facilitator
    )
    after = {e.pk: _state(session).get(e.pk, "") for e in people}
    assert after == before
    # Marking everyone again reuses the rows the undo left not marked.
    again = services.attendance_mark_all_present(session=session, marked_by=facilitator)
    assert again.marked == 3 and Attendance.objects.count() == 4
    # The participant's own page and the eligibility count agree: not marked.
    from cohorts.selectors import attendance_summary

    services.attendance_undo_mark_all(
        session=session, batch=again.batch, undone_by=facilitator
    )
    assert {s.attended for s in attendance_summary(cohort=cohort).values()} == {0}


def test_mark_everyone_for_thirty_in_few_queries(
    cohort, facilitator, django_assert_max_num_queries
):
    session = cohort.sessions.first()
    for _ in range(30):
        cf.enrol(cohort)
    with django_assert_max_num_queries(8):
        result = services.attendance_mark_all_present(
            session=session, marked_by=facilitator
        )
    assert result.marked == 30
    with django_assert_max_num_queries(10):
        undo = services.attendance_undo_mark_all(
            session=session, batch=result.batch, undone_by=facilitator
        )
    assert undo.restored == 30


def test_undo_of_an_unknown_batch_is_refused(client, cohort, facilitator):
    session = cohort.sessions.first()
    cf.enrol(cohort)
    client.force_login(facilitator)
    url = reverse("cohorts:attendance_undo_mark_all", args=[cohort.pk, session.pk])
    for batch in ("not-a-uuid", "8c7e0d5e-1111-4f3c-9d7e-1e2a3b4c5d6e"):
        page = client.post(url, {"batch": batch}, follow=True)
        assert "nothing to undo for this session" in page.text
    assert not Attendance.objects.exists()


def test_name_filter_works_without_javascript(client, cohort, facilitator):
    jose = cf.enrol(cohort, factories.participant(full_name="José Martínez"))
    marcia = cf.enrol(cohort, factories.participant(full_name="Marcia Joseph"))
    kervin = cf.enrol(
        cohort,
        factories.participant(full_name="Kervin Charles", organisation="Customs"),
    )
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, cohort.sessions.first().pk])

    def shown(query):
        page = client.get(url, {"q": query}).text
        items = re.findall(r'<li class="roll__item" id="e(\d+)"[^>]*?( hidden)?>', page)
        return {int(pk) for pk, hidden in items if not hidden}, page

    visible, page = shown("jose")
    assert visible == {jose.pk, marcia.pk}  # José, and Joseph
    assert "2 of 3 shown" in page and "Show everyone" in page
    assert shown("  MARTINEZ ")[0] == {jose.pk}
    assert shown("customs")[0] == {kervin.pk}
    visible, page = shown("nobody")
    assert visible == set() and "Nobody on the roll matches that name." in page
    assert shown("")[0] == {jose.pk, marcia.pk, kervin.pk}


def test_paper_sheet_with_a_wrong_status_names_the_line_and_saves_nothing(
    client, cohort, facilitator
):
    a = cf.enrol(cohort, factories.participant(full_name="Anna Alexander"))
    b = cf.enrol(cohort, factories.participant(full_name="Brian Baptiste"))
    session = cohort.sessions.all()[1]
    client.force_login(facilitator)
    url = reverse("cohorts:paper_sheet", args=[cohort.pk, session.pk])
    response = client.post(url, {f"e{a.pk}": "present", f"e{b.pk}": "presnt"})
    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    assert (
        "Line 2, Brian Baptiste: “presnt” is not an attendance status" in response.text
    )
    assert "Line 1" not in response.text
    assert not Attendance.objects.exists()
    # What was typed stays on the form to be corrected.
    assert re.search(r'value="present" selected', response.text)

    stranger = client.post(url, {f"e{a.pk}": "present", "e999999": "present"})
    assert stranger.status_code == 400
    assert "is not on this session" in stranger.text and "999999" in stranger.text
    assert not Attendance.objects.exists()
    with pytest.raises(PaperSheetInvalid) as caught:
        services.attendance_record_paper_sheet(
            session=session, statuses={b.pk: "asleep"}, marked_by=facilitator
        )
    assert "Line 2, Brian Baptiste" in caught.value.problems[0]


def test_tablet_page_for_thirty_in_a_fixed_number_of_queries(
    client, cohort, facilitator, django_assert_max_num_queries
):
    session = cohort.sessions.first()
    people = [cf.enrol(cohort) for _ in range(30)]
    services.attendance_mark(
        session=session, enrolment=people[0], status="late", marked_by=facilitator
    )
    services.attendance_mark_all_present(session=session, marked_by=facilitator)
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url, {"q": "a"})
    assert 'data-count="present">29<' in page.text
    assert "marked 29 people present at once" in page.text
