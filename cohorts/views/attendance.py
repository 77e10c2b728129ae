"""Attendance: the tablet page, its history, paper sheets and check-in codes."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import codes, pdf, services
from ..models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
)
from .common import _cohort, _session, facilitator_area

# --- attendance ---------------------------------------------------------------------


def _attendance_json(attendance: Attendance | None) -> dict:
    if attendance is None:
        return {"status": "", "label": "Not marked", "marked_by": "", "marked_at": ""}
    local = timezone.localtime(attendance.marked_at)
    return {
        "status": attendance.status,
        "label": attendance.get_status_display(),
        "next": services.attendance_next_status(attendance.status),
        "marked_by": attendance.marked_by.display_name if attendance.marked_by else "",
        "marked_at": local.strftime("%H:%M"),
        "method": attendance.get_method_display(),
    }


@facilitator_area
@require_http_methods(["GET", "POST"])
def attendance_view(request, pk: int, session_pk: int):
    """The roster of one session for a tablet: one tap per person cycles the status."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST":
        status = request.POST.get("status", "")
        try:
            enrolment = Enrolment.objects.active().get(
                pk=int(request.POST.get("enrolment", "")), cohort=cohort
            )
        except (ValueError, Enrolment.DoesNotExist):
            if wants_json:
                return JsonResponse(
                    {"error": "This person is not on the roster."}, status=404
                )
            raise Http404 from None
        if status not in AttendanceStatus.values:
            if wants_json:
                return JsonResponse({"error": "Unknown status."}, status=400)
            messages.error(request, "That status is not one Harbour knows.")
            return redirect(request.path)
        attendance = services.attendance_mark(
            session=session, enrolment=enrolment, status=status, marked_by=request.user
        )
        attendance.marked_by = request.user
        if wants_json:
            return JsonResponse(
                {"enrolment": enrolment.pk, **_attendance_json(attendance)}
            )
        return redirect(f"{request.path}#e{enrolment.pk}")

    enrolments = list(
        Enrolment.objects.active().filter(cohort=cohort).select_related("participant")
    )
    marks = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(session=session).select_related("marked_by")
    }
    rows = []
    for e in enrolments:
        a = marks.get(e.pk)
        rows.append(
            {
                "enrolment": e,
                "attendance": a,
                "next": services.attendance_next_status(a.status if a else None),
            }
        )
    counts = {
        s: sum(1 for a in marks.values() if a.status == s)
        for s in AttendanceStatus.values
    }
    sessions = list(cohort.sessions.all())
    return render(
        request,
        "cohorts/attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "sessions": sessions,
            "rows": rows,
            "counts": counts,
            "unmarked": len(enrolments) - sum(1 for e in enrolments if e.pk in marks),
            "status_labels": dict(AttendanceStatus.choices),
        },
    )


@facilitator_area
def attendance_history(request, pk: int, session_pk: int):
    """Every change to a session's attendance: who, when, from what to what."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    from ..models import AttendanceChange

    changes = (
        AttendanceChange.objects.filter(attendance__session=session)
        .select_related("changed_by", "attendance__enrolment__participant")
        .order_by("-changed_at", "-pk")
    )
    return render(
        request,
        "cohorts/attendance_history.html",
        {"cohort": cohort, "session": session, "changes": changes},
    )


@facilitator_area
@require_http_methods(["GET", "POST"])
def paper_sheet(request, pk: int, session_pk: int):
    """Enter a paper sign-in sheet after the session, one choice per person."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    enrolments = list(
        Enrolment.objects.active().filter(cohort=cohort).select_related("participant")
    )
    current = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )
    if request.method == "POST":
        statuses = {}
        for e in enrolments:
            value = request.POST.get(f"e{e.pk}", "")
            if value in AttendanceStatus.values:
                statuses[e.pk] = value
        changed = services.attendance_record_paper_sheet(
            session=session, statuses=statuses, marked_by=request.user
        )
        messages.success(
            request, f"Paper sheet entered for {session.title}: {changed} changed."
        )
        return redirect("cohorts:attendance", pk=cohort.pk, session_pk=session.pk)
    rows = [{"enrolment": e, "status": current.get(e.pk, "")} for e in enrolments]
    return render(
        request,
        "cohorts/paper_sheet.html",
        {
            "cohort": cohort,
            "session": session,
            "rows": rows,
            "choices": AttendanceStatus.choices,
        },
    )


@facilitator_area
def sign_in_sheet(request, pk: int, session_pk: int):
    """A printable PDF sign-in sheet for a room without connectivity."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    enrolments = list(
        Enrolment.objects.active().filter(cohort=cohort).select_related("participant")
    )
    html = render_to_string(
        "cohorts/sign_in_sheet_pdf.html",
        {
            "cohort": cohort,
            "session": session,
            "enrolments": enrolments,
            "blank_rows": range(5),
        },
    )
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    filename = slugify(f"sign-in-{cohort.name}-{session.title}") or "sign-in-sheet"
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@facilitator_area
@never_cache
def check_in_display(request, pk: int, session_pk: int):
    """The rotating check-in code and its QR code, to project in the room."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    now = timezone.now()
    code = services.check_in_current_code(session=session, now=now)
    link = request.build_absolute_uri(
        reverse("cohorts:check_in_session", args=[session.pk]) + f"?code={code}"
    )
    import segno

    qr = segno.make(link, error="m").svg_inline(
        scale=8, dark="#10243e", light="#ffffff"
    )
    window = codes.CHECK_IN_WINDOW_SECONDS
    seconds_left = window - int(now.timestamp()) % window
    is_open = services._session_is_open(session, now)
    return render(
        request,
        "cohorts/check_in_display.html",
        {
            "cohort": cohort,
            "session": session,
            "code": f"{code[:3]} {code[3:]}",
            "qr": qr,
            "link": request.build_absolute_uri(reverse("cohorts:check_in")),
            "seconds_left": seconds_left,
            "refresh": min(seconds_left + 1, 30),
            "is_open": is_open,
        },
    )
