"""Attendance: the tablet page, its history, paper sheets and check-in codes."""

import re
import unicodedata
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import codes, pdf, services
from ..exceptions import AttendanceUndoRefused, PaperSheetInvalid
from ..models import (
    NOT_MARKED,
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Enrolment,
)
from .common import _cohort, _session, facilitator_area

# --- attendance ---------------------------------------------------------------------


def _attendance_json(attendance: Attendance | None) -> dict:
    if attendance is None or attendance.status == NOT_MARKED:
        return {
            "status": "",
            "label": _("Not marked"),
            "next": AttendanceStatus.PRESENT,
            "marked_by": "",
            "marked_at": "",
            "method": "",
        }
    local = timezone.localtime(attendance.marked_at)
    return {
        "status": attendance.status,
        "label": attendance.get_status_display(),
        "next": services.attendance_next_status(attendance.status),
        "marked_by": attendance.marked_by.display_name if attendance.marked_by else "",
        "marked_at": formats.time_format(local, "TIME_FORMAT"),
        "method": attendance.get_method_display(),
    }


def name_key(text: str) -> str:
    """Lower case without accents or extra spaces, so "jose" finds "José"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def _roll(cohort, session, query: str):
    """The session's roll with each person's mark, and whether the filter shows them."""
    enrolments = list(
        Enrolment.objects.active()
        .filter(cohort=cohort)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    marks = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(
            session=session, enrolment_id__in=[e.pk for e in enrolments]
        ).select_related("marked_by")
        if a.status != NOT_MARKED
    }
    wanted = name_key(query)
    rows = []
    for e in enrolments:
        a = marks.get(e.pk)
        key = name_key(f"{e.participant.display_name} {e.participant.organisation}")
        rows.append(
            {
                "enrolment": e,
                "attendance": a,
                "next": services.attendance_next_status(a.status if a else None),
                "key": key,
                "shown": wanted in key,
            }
        )
    return rows, marks


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
        except (ValueError, OverflowError, Enrolment.DoesNotExist):
            if wants_json:
                return JsonResponse(
                    {"error": _("This person is not on the roster.")}, status=404
                )
            raise Http404 from None
        if status not in AttendanceStatus.values:
            if wants_json:
                return JsonResponse({"error": _("Unknown status.")}, status=400)
            messages.error(request, _("That status is not one Harbour knows."))
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

    query = request.GET.get("q", "")[:100]
    rows, marks = _roll(cohort, session, query)
    counts = {
        s: sum(1 for a in marks.values() if a.status == s)
        for s in AttendanceStatus.values
    }
    unmarked = len(rows) - len(marks)
    return render(
        request,
        "cohorts/attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "sessions": list(cohort.sessions.all()),
            "rows": rows,
            "counts": counts,
            "unmarked": unmarked,
            "query": query,
            "shown": sum(1 for r in rows if r["shown"]),
            "last_mark_all": AttendanceChange.objects.last_mark_all(session),
            "status_labels": dict(AttendanceStatus.choices),
        },
    )


def _back_to_roll(request, cohort, session):
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    query = request.POST.get("q", "")[:100]
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@facilitator_area
@require_POST
def attendance_mark_all(request, pk: int, session_pk: int):
    """Mark everyone on the roll who is not yet marked as present (undoable)."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    result = services.attendance_mark_all_present(
        session=session, marked_by=request.user
    )
    if result.marked:
        messages.success(
            request,
            ngettext(
                "%(count)d person marked present. Press Undo if that was a mistake.",
                "%(count)d people marked present. Press Undo if that was a mistake.",
                result.marked,
            )
            % {"count": result.marked},
        )
    else:
        messages.info(request, _("Everyone was already marked; nothing changed."))
    return _back_to_roll(request, cohort, session)


@facilitator_area
@require_POST
def attendance_undo_mark_all(request, pk: int, session_pk: int):
    """Undo a "mark everyone present": those marked by it are not marked again."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    try:
        batch = uuid.UUID(request.POST.get("batch", ""))
        result = services.attendance_undo_mark_all(
            session=session, batch=batch, undone_by=request.user
        )
    except ValueError:
        messages.error(request, _("There is nothing to undo for this session."))
    except AttendanceUndoRefused as exc:
        messages.error(request, exc.message)
    else:
        text = ngettext(
            "Undone: %(count)d person is not marked again.",
            "Undone: %(count)d people are not marked again.",
            result.restored,
        ) % {"count": result.restored}
        if result.kept:
            text += " " + ngettext(
                "%(count)d person was changed since and keeps that mark.",
                "%(count)d people were changed since and keep their marks.",
                result.kept,
            ) % {"count": result.kept}
        messages.success(request, text)
    return _back_to_roll(request, cohort, session)


@facilitator_area
def attendance_history(request, pk: int, session_pk: int):
    """Every change to a session's attendance: who, when, from what to what."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
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


PAPER_FIELD = re.compile(r"e(\d{1,30})")


@facilitator_area
@require_http_methods(["GET", "POST"])
def paper_sheet(request, pk: int, session_pk: int):
    """Enter a paper sign-in sheet after the session, one choice per person."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    enrolments = list(
        Enrolment.objects.active()
        .filter(cohort=cohort)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    current = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )
    problems = []
    if request.method == "POST":
        statuses = {}
        for key, value in request.POST.items():
            match = PAPER_FIELD.fullmatch(key)
            if match:
                statuses[int(match.group(1))] = value.strip()
        try:
            changed = services.attendance_record_paper_sheet(
                session=session, statuses=statuses, marked_by=request.user
            )
        except PaperSheetInvalid as exc:
            problems = exc.problems
            current = {
                e.pk: request.POST.get(f"e{e.pk}", current.get(e.pk, ""))
                for e in enrolments
            }
        else:
            messages.success(
                request,
                _("Paper sheet entered for %(session)s: %(count)d changed.")
                % {"session": session.title, "count": changed},
            )
            return redirect("cohorts:attendance", pk=cohort.pk, session_pk=session.pk)
    rows = [
        {
            "line": n,
            "enrolment": e,
            "status": current.get(e.pk, ""),
            "key": name_key(
                f"{e.participant.display_name} {e.participant.organisation}"
            ),
        }
        for n, e in enumerate(enrolments, start=1)
    ]
    return render(
        request,
        "cohorts/paper_sheet.html",
        {
            "cohort": cohort,
            "session": session,
            "rows": rows,
            "choices": AttendanceStatus.choices,
            "problems": problems,
        },
        status=400 if problems else 200,
    )


@facilitator_area
def sign_in_sheet(request, pk: int, session_pk: int):
    """A printable PDF sign-in sheet for a room without connectivity."""
    cohort = _cohort(request, pk)
    session = _session(cohort, session_pk)
    enrolments = list(
        Enrolment.objects.active().filter(cohort=cohort).select_related("participant")
    )
    # The sheet is for the room: it is printed in the cohort's language.
    with translation.override(cohort.language or settings.LANGUAGE_CODE):
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
