"""Reports' pages: the cohort dashboard and exports for facilitators, the
programme report and its exports for administrators."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from certificates.rendering import format_dates
from cohorts import resources
from cohorts import services as cohort_services
from cohorts.models import (
    AttendanceStatus,
    Cohort,
    Enrolment,
    ExportFormat,
    ExportKind,
)
from lms.access import administrators_only, facilitator_area

from . import exports
from .dashboard import FILTERS, SORTS, attendance_rows, cohort_dashboard, results_rows
from .forms import ReportFilterForm
from .selectors import ReportFilters, donor_indicator, programme_report

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _facilitated_cohort(request, pk: int) -> Cohort:
    """The cohort if the user runs it (administrators: any); another's is a 404."""
    return get_object_or_404(
        Cohort.objects.for_facilitator(request.user).select_related("course"), pk=pk
    )


def _download(body: bytes, *, file_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- the cohort dashboard (facilitator area) --------------------------------------


@facilitator_area
@require_safe
def cohort_dashboard_view(request, pk: int):
    """One screen for a cohort: attendance grid, progress, tests, certificates, gaps."""
    cohort = _facilitated_cohort(request, pk)
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
        "reports/cohort_dashboard.html",
        {
            "cohort": cohort,
            "dates": format_dates(cohort.start_date, cohort.end_date),
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


@facilitator_area
@require_POST
def cohort_export(request, pk: int):
    """Download the roster, attendance or results as CSV or XLSX; the export is logged."""
    cohort = _facilitated_cohort(request, pk)
    kind = request.POST.get("kind")
    file_format = request.POST.get("format")
    if kind not in ExportKind.values or file_format not in ExportFormat.values:
        messages.error(request, _("Choose what to export and in which format."))
        return redirect("cohorts:dashboard", pk=cohort.pk)
    if kind == ExportKind.ROSTER:
        queryset = Enrolment.objects.filter(cohort=cohort).select_related("participant")
        dataset = resources.export_dataset(
            resources.RosterExportResource(), queryset, title=_("Roster")
        )
    else:
        dashboard = cohort_dashboard(cohort=cohort)
        builder = attendance_rows if kind == ExportKind.ATTENDANCE else results_rows
        columns, rows = builder(dashboard)
        dataset = resources.export_dataset(
            resources.RowsResource(columns), rows, title=str(ExportKind(kind).label)
        )
    body = resources.render_dataset(dataset, file_format)
    cohort_services.export_log_record(
        cohort=cohort,
        user=request.user,
        kind=kind,
        file_format=file_format,
        row_count=len(dataset),
    )
    return _download(
        body,
        file_format=file_format,
        filename=f"{slugify(cohort.name) or 'cohort'}-{kind}.{file_format}",
    )


# --- the programme report (administrators) ----------------------------------------


def _filters_or_none(request):
    """(form, filters): filters is None when the form has errors."""
    form = ReportFilterForm(request.GET or None)
    if not form.is_bound:
        return form, ReportFilters()
    if form.is_valid():
        return form, form.filters()
    return form, None


def _bad_filters(request):
    messages.error(request, _("Correct the filters, then download again."))
    return redirect(reverse("reports:programme") + "?" + request.GET.urlencode())


def _donor_after(report, filters):
    """The donor sheet from the figures the report has just brought up to date."""
    return donor_indicator(filters=filters, now=report.generated_at, refresh=False)


@administrators_only
@require_safe
def programme_report_view(request):
    """Every figure across cohorts, filtered, with charts and tables."""
    form, filters = _filters_or_none(request)
    context = {"form": form, "query": request.GET.urlencode()}
    if filters is not None:
        report = programme_report(filters=filters)
        donor = _donor_after(report, filters)
        context.update(
            report=report,
            tables={t.slug: t for t in exports.report_tables(report)},
            charts={c.slug: c for c in exports.report_charts(report)},
            donor=exports.donor_table(donor),
        )
    return render(
        request,
        "reports/programme_report.html",
        context,
        status=200 if filters else 400,
    )


def _stream(handle, *, filename: str) -> FileResponse:
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES["xlsx"],
    )
    response["Cache-Control"] = "no-store"
    return response


@administrators_only
@require_safe
def programme_report_xlsx(request):
    """The report's tables and the donor indicator as a workbook, streamed."""
    _form, filters = _filters_or_none(request)
    if filters is None:
        return _bad_filters(request)
    report = programme_report(filters=filters)
    tables = exports.report_tables(report)
    tables.append(exports.donor_table(_donor_after(report, filters)))
    handle = exports.write_xlsx(tables, title=_("Programme report"))
    return _stream(handle, filename="harbour-programme-report.xlsx")


@administrators_only
@require_safe
def donor_indicator_xlsx(request):
    """The donor indicator sheet alone, ready to paste into a donor's template."""
    _form, filters = _filters_or_none(request)
    if filters is None:
        return _bad_filters(request)
    table = exports.donor_table(donor_indicator(filters=filters))
    handle = exports.write_xlsx([table], title=_("Donor indicator"))
    return _stream(handle, filename="harbour-donor-indicator.xlsx")


@administrators_only
@require_safe
def programme_report_pdf(request):
    """The programme report as a PDF, charts included."""
    form, filters = _filters_or_none(request)
    if filters is None:
        return _bad_filters(request)
    report = programme_report(filters=filters)
    body = exports.render_pdf(
        "reports/programme_report_pdf.html",
        {
            "title": _("Programme report"),
            "scope": _scope(form),
            "report": report,
            "tables": exports.report_tables(report),
            "charts": exports.report_charts(report),
            "donor": exports.donor_table(_donor_after(report, filters)),
        },
    )
    return _download(body, file_format="pdf", filename="harbour-programme-report.pdf")


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else "…"


def _scope(form) -> str:
    """The filters in words, printed under the PDF's title."""
    if not form.is_bound or not form.is_valid():
        return _("All cohorts")
    data, parts = form.cleaned_data, []
    if data.get("date_from") or data.get("date_to"):
        parts.append(
            _("cohorts starting %(start)s to %(end)s")
            % {
                "start": _date(data.get("date_from")),
                "end": _date(data.get("date_to")),
            }
        )
    if data.get("country"):
        parts.append(dict(form.fields["country"].choices).get(data["country"], ""))
    if data.get("course"):
        parts.append(data["course"].title)
    if data.get("cohort"):
        parts.append(data["cohort"].name)
    return "; ".join(str(p) for p in parts) or _("All cohorts")


# --- the cohort report (a cohort's facilitators and administrators) ----------------


@facilitator_area
@require_safe
def cohort_report_pdf(request, pk: int):
    """A cohort's results after the training, as a PDF to send on; no personal data."""
    cohort = _facilitated_cohort(request, pk)
    report = programme_report(filters=ReportFilters(cohort_id=cohort.pk))
    body = exports.render_pdf(
        "reports/cohort_report_pdf.html",
        {
            "title": _("Training report"),
            "cohort": cohort,
            "dates": format_dates(cohort.start_date, cohort.end_date),
            "report": report,
            "tables": exports.report_tables(report),
            "charts": exports.report_charts(report),
        },
    )
    return _download(
        body,
        file_format="pdf",
        filename=f"{slugify(cohort.name) or 'cohort'}-report.pdf",
    )
