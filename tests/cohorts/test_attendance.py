"""Attendance in the room: taps, history, the paper sheet, the PDF sign-in sheet."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cohorts import services
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
    services.enrolment_set_status(enrolment=gone, status=EnrolmentStatus.WITHDRAWN)
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, cohort.sessions.first().pk])
    page = client.get(url)
    assert "Here Person" in page.text and "Gone Person" not in page.text
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
