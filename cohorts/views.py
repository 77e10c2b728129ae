"""The facilitator area (/facilitator/), the public join page and participant check-in.

Every facilitator view finds its cohort through Cohort.objects.for_facilitator,
so another facilitator's cohort is a 404; every change is a POST with CSRF, and
the person recorded as having made it is always request.user.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lms import ratelimit, roles

from . import codes, pdf, resources, services
from .dashboard import FILTERS, SORTS, attendance_rows, cohort_dashboard, results_rows
from .exceptions import CheckInRefused, JoinCodeInvalid, MergeRefused, TooManyAttempts
from .forms import CheckInForm, JoinForm, MergeForm, RosterUploadForm, WalkInForm
from .models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    ExportFormat,
    ExportKind,
    TrainingSession,
)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def facilitator_area(view):
    """Signed-in facilitators and administrators only; others are refused."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not (
            roles.is_facilitator(request.user) or roles.is_administrator(request.user)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.for_facilitator(request.user).select_related("course"), pk=pk
    )


def _session(cohort: Cohort, session_pk: int) -> TrainingSession:
    return get_object_or_404(TrainingSession, pk=session_pk, cohort=cohort)


def _enrolment(cohort: Cohort, enrolment_pk: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("participant"), pk=enrolment_pk, cohort=cohort
    )


# --- home and dashboard -----------------------------------------------------------


@facilitator_area
def facilitator_home(request):
    """The cohorts this person runs."""
    cohorts = (
        Cohort.objects.for_facilitator(request.user)
        .select_related("course")
        .annotate(
            enrolled=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)
            )
        )
        .order_by("-start_date", "name")
    )
    return render(request, "cohorts/facilitator_home.html", {"cohorts": cohorts})


@facilitator_area
def cohort_dashboard_view(request, pk: int):
    """One screen for a cohort: attendance grid, progress, tests, certificates, gaps."""
    cohort = _cohort(request, pk)
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    show = request.GET.get("show", "")
    if show not in FILTERS:
        show = ""
    descending = request.GET.get("dir") == "desc"
    dashboard = cohort_dashboard(
        cohort=cohort, sort=sort, descending=descending, show=show
    )
    now = timezone.now()
    current = next(
        (s for s in dashboard.sessions if s.starts_at <= now <= s.ends_at), None
    )
    return render(
        request,
        "cohorts/cohort_dashboard.html",
        {
            "cohort": cohort,
            "dashboard": dashboard,
            "sorts": SORTS,
            "filters": FILTERS,
            "sort": sort,
            "show": show,
            "descending": descending,
            "current_session": current,
            # Built once: reversing two URLs per row costs seconds at 3,000 rows.
            "enrolments_base": reverse("cohorts:dashboard", args=[cohort.pk])
            + "enrolments/",
            "status_labels": dict(AttendanceStatus.choices),
            "export_kinds": ExportKind.choices,
            "export_formats": ExportFormat.choices,
        },
    )


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
    from .models import AttendanceChange

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


# --- roster: import, walk-ins, merging, join codes ------------------------------------


def _import_key(cohort: Cohort) -> str:
    return f"cohorts:roster-import:{cohort.pk}"


@facilitator_area
@require_http_methods(["GET", "POST"])
def roster_import(request, pk: int):
    """Upload a roster and see what the import would do, before anything is saved."""
    cohort = _cohort(request, pk)
    report = None
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = services.roster_import(
            cohort=cohort, name=upload.name, data=data, dry_run=True
        )
        previous = request.session.pop(_import_key(cohort), None)
        if previous and default_storage.exists(previous["path"]):
            default_storage.delete(previous["path"])
        if report.ok:
            extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            stored = default_storage.save(
                services.roster_preview_path(cohort=cohort, extension=extension),
                ContentFile(data),
            )
            request.session[_import_key(cohort)] = {
                "path": stored,
                "name": upload.name[:200],
                "sha256": hashlib.sha256(data).hexdigest(),
            }
    return render(
        request,
        "cohorts/roster_import.html",
        {
            "cohort": cohort,
            "form": form,
            "report": report,
            "columns": resources.COLUMNS,
        },
    )


@facilitator_area
@require_POST
def roster_import_confirm(request, pk: int):
    """Import the previewed file: all of it, or nothing if anything is wrong."""
    cohort = _cohort(request, pk)
    pending = request.session.pop(_import_key(cohort), None)
    if not pending or not default_storage.exists(pending["path"]):
        messages.error(
            request, "There is no previewed file to import. Upload it again."
        )
        return redirect("cohorts:roster_import", pk=cohort.pk)
    with default_storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    default_storage.delete(pending["path"])
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:
        messages.error(request, "The previewed file changed. Upload it again.")
        return redirect("cohorts:roster_import", pk=cohort.pk)
    report = services.roster_import(
        cohort=cohort, name=pending["name"], data=data, dry_run=False
    )
    if not report.ok:
        return render(
            request,
            "cohorts/roster_import.html",
            {
                "cohort": cohort,
                "form": RosterUploadForm(),
                "report": report,
                "columns": resources.COLUMNS,
            },
        )
    messages.success(
        request,
        f"Roster imported: {report.new} new, {report.enrolled} existing accounts enrolled, "
        f"{report.updated} updated, {report.unchanged} unchanged.",
    )
    return redirect("cohorts:dashboard", pk=cohort.pk)


@facilitator_area
def roster_template(request, pk: int, file_format: str):
    """An empty roster file with the columns the import reads."""
    cohort = _cohort(request, pk)
    if file_format not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(
        resources.roster_template(file_format), content_type=CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="roster-template-{cohort.pk}.{file_format}"'
    )
    return response


@facilitator_area
@require_http_methods(["GET", "POST"])
def walk_in_add(request, pk: int):
    """Add someone who came to the room without being on the roster."""
    cohort = _cohort(request, pk)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_add_walk_in(
                cohort=cohort, added_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for field_name, errors in exc.message_dict.items():
                form.add_error(
                    field_name if field_name in form.fields else None, errors
                )
        else:
            messages.success(
                request,
                f"{enrolment.participant.display_name} was added as a walk-in. Give them "
                "a join code so they can sign in.",
            )
            if "another" in request.POST:
                return redirect("cohorts:walk_in_add", pk=cohort.pk)
            return redirect("cohorts:dashboard", pk=cohort.pk)
    return render(
        request, "cohorts/walk_in_form.html", {"cohort": cohort, "form": form}
    )


@facilitator_area
@require_http_methods(["GET", "POST"])
def enrolment_merge(request, pk: int, enrolment_pk: int):
    """Move a walk-in's enrolment and attendance onto their existing account."""
    cohort = _cohort(request, pk)
    enrolment = _enrolment(cohort, enrolment_pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_merge_walk_in(
                enrolment=enrolment,
                into_email=form.cleaned_data["email"],
                merged_by=request.user,
            )
        except MergeRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The walk-in record was merged into the account.")
            return redirect("cohorts:dashboard", pk=cohort.pk)
    return render(
        request,
        "cohorts/merge_form.html",
        {"cohort": cohort, "enrolment": enrolment, "form": form},
    )


@facilitator_area
@require_POST
def enrolment_status(request, pk: int, enrolment_pk: int):
    """Withdraw a participant from the cohort, or enrol them again."""
    cohort = _cohort(request, pk)
    enrolment = _enrolment(cohort, enrolment_pk)
    status = request.POST.get("status")
    if status not in EnrolmentStatus.values:
        messages.error(request, "That is not an enrolment status.")
    else:
        services.enrolment_set_status(enrolment=enrolment, status=status)
        messages.success(
            request,
            f"{enrolment.participant.display_name}: {enrolment.get_status_display().lower()}.",
        )
    return redirect("cohorts:dashboard", pk=cohort.pk)


@facilitator_area
@never_cache
@require_http_methods(["GET", "POST"])
def join_codes(request, pk: int):
    """Choose who gets a join code; the printable sheet shows the codes once."""
    cohort = _cohort(request, pk)
    enrolments = list(
        Enrolment.objects.active()
        .filter(cohort=cohort)
        .select_related("participant")
        .annotate(
            open_codes=Count(
                "join_codes",
                filter=Q(
                    join_codes__used_at__isnull=True,
                    join_codes__revoked_at__isnull=True,
                    join_codes__expires_at__gt=timezone.now(),
                ),
            )
        )
        .order_by("participant__full_name", "pk")
    )
    if request.method == "POST":
        chosen = set(request.POST.getlist("enrolment"))
        picked = [e for e in enrolments if str(e.pk) in chosen]
        if not picked:
            messages.error(request, "Tick at least one person.")
            return redirect("cohorts:join_codes", pk=cohort.pk)
        issued = services.join_codes_issue(
            cohort=cohort, enrolments=picked, issued_by=request.user
        )
        response = render(
            request,
            "cohorts/join_code_sheet.html",
            {
                "cohort": cohort,
                "issued": issued,
                "join_url": request.build_absolute_uri(reverse("cohorts:join")),
            },
        )
        response["Cache-Control"] = "no-store"
        return response
    rows = [
        {
            "enrolment": e,
            "signed_up": e.participant.has_usable_password(),
            "open_codes": e.open_codes,
        }
        for e in enrolments
    ]
    return render(request, "cohorts/join_codes.html", {"cohort": cohort, "rows": rows})


# --- exports ----------------------------------------------------------------------


@facilitator_area
@require_POST
def cohort_export(request, pk: int):
    """Download the roster, attendance or results as CSV or XLSX; the export is logged."""
    cohort = _cohort(request, pk)
    kind = request.POST.get("kind")
    file_format = request.POST.get("format")
    if kind not in ExportKind.values or file_format not in ExportFormat.values:
        messages.error(request, "Choose what to export and in which format.")
        return redirect("cohorts:dashboard", pk=cohort.pk)
    if kind == ExportKind.ROSTER:
        queryset = Enrolment.objects.filter(cohort=cohort).select_related("participant")
        dataset = resources.export_dataset(
            resources.RosterExportResource(), queryset, title="Roster"
        )
    else:
        dashboard = cohort_dashboard(cohort=cohort)
        builder = attendance_rows if kind == ExportKind.ATTENDANCE else results_rows
        columns, rows = builder(dashboard)
        dataset = resources.export_dataset(
            resources.RowsResource(columns), rows, title=str(ExportKind(kind).label)
        )
    body = resources.render_dataset(dataset, file_format)
    services.export_log_record(
        cohort=cohort,
        user=request.user,
        kind=kind,
        file_format=file_format,
        row_count=len(dataset),
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    filename = f"{slugify(cohort.name) or 'cohort'}-{kind}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- participants: join and check in ---------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def join(request):
    """Set up a sign-in with the join code from the facilitator's sheet."""
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = ratelimit.client_key(request)
        try:
            join_code = services.join_code_lookup(code=data["code"], client_key=client)
            user = services.join_code_redeem(
                join_code=join_code,
                email=data.get("email") or None,
                username=(data.get("username") or "").strip() or None,
                password=data["password1"],
            )
        except (JoinCodeInvalid, TooManyAttempts) as exc:
            form.add_error("code", exc.message)
        except ValidationError as exc:
            for field_name, errors in exc.message_dict.items():
                form.add_error(
                    field_name if field_name in form.fields else None, errors
                )
        else:
            login(request, user, backend="lms.backends.EmailOrUsernameBackend")
            messages.success(
                request,
                f"Welcome, {user.display_name}. Next time, sign in with "
                f"{user.email or user.username} and your password.",
            )
            return redirect("/")
    return render(request, "cohorts/join.html", {"form": form})


def _my_sessions(user):
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.active().filter(participant=user).select_related("cohort")
    )
    sessions = list(
        TrainingSession.objects.filter(cohort__in=[e.cohort_id for e in enrolments])
        .select_related("cohort")
        .order_by("starts_at")
    )
    marks = dict(
        Attendance.objects.filter(enrolment__in=enrolments).values_list(
            "session_id", "status"
        )
    )
    labels = dict(AttendanceStatus.choices)
    return [
        {
            "session": s,
            "status": marks.get(s.pk, ""),
            "label": labels.get(marks.get(s.pk, ""), "Not marked"),
            "open": services._session_is_open(s, now),
        }
        for s in sessions
    ]


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def check_in(request, session_pk: int | None = None):
    """A participant types (or scans) the room's code and is marked present."""
    session = None
    if session_pk is not None:
        session = get_object_or_404(
            TrainingSession.objects.select_related("cohort"), pk=session_pk
        )
    form = CheckInForm(
        request.POST or None, initial={"code": request.GET.get("code", "")}
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.attendance_self_check_in(
                user=request.user, code=form.cleaned_data["code"], session=session
            )
        except (CheckInRefused, TooManyAttempts) as exc:
            form.add_error("code", exc.message)
        else:
            outcome = attendance
            messages.success(
                request, f"You are checked in for {attendance.session.title}. Welcome!"
            )
            return redirect("cohorts:check_in")
    return render(
        request,
        "cohorts/check_in.html",
        {
            "form": form,
            "session": session,
            "outcome": outcome,
            "my_sessions": _my_sessions(request.user),
        },
    )
