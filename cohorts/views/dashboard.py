"""Facilitator home, the cohort dashboard and its exports."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from .. import resources, services
from ..dashboard import FILTERS, SORTS, attendance_rows, cohort_dashboard, results_rows
from ..models import (
    AttendanceStatus,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    ExportFormat,
    ExportKind,
)
from .common import CONTENT_TYPES, _cohort, facilitator_area

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
