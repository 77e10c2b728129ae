"""Roster import: upload, map the columns, preview, confirm, and the template.

A preview is a stored RosterPreview (its file in storage) that only its owner
can open, found through a cohort the facilitator runs.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import resources, services
from ..exceptions import RosterFileError
from ..forms import RosterColumnsForm, RosterUploadForm
from ..importing import column_letter, read_roster_file
from ..models import Cohort, RosterPreview
from .common import CONTENT_TYPES, _cohort, facilitator_area


def _preview(request, cohort: Cohort, preview_pk) -> RosterPreview:
    return get_object_or_404(
        RosterPreview, pk=preview_pk, cohort=cohort, owner=request.user
    )


def _next_step(preview: RosterPreview):
    if preview.mapping_confirmed:
        return redirect(
            "cohorts:roster_import_preview", pk=preview.cohort_id, preview=preview.pk
        )
    return redirect(
        "cohorts:roster_import_columns", pk=preview.cohort_id, preview=preview.pk
    )


@facilitator_area
@require_http_methods(["GET", "POST"])
def roster_import(request, pk: int):
    """Upload a roster file; it is read and kept, but nothing is imported yet."""
    cohort = _cohort(request, pk)
    report = None
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = services.roster_preview_create(
                cohort=cohort, owner=request.user, name=upload.name, data=upload.read()
            )
        except RosterFileError as exc:
            report = services.roster_file_report(exc, dry_run=True)
        else:
            return _next_step(preview)
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
@require_http_methods(["GET", "POST"])
def roster_import_columns(request, pk: int, preview):
    """Say which Harbour field each column of the file holds (or ignore it)."""
    cohort = _cohort(request, pk)
    preview = _preview(request, cohort, preview)
    samples = _samples(preview)
    form = RosterColumnsForm(
        request.POST or None, headers=preview.headers, mapping=preview.mapping
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        problems = services.roster_preview_map_columns(
            preview=preview, mapping=form.mapping(), mapped_by=request.user
        )
        if not problems:
            return _next_step(preview)
    return render(
        request,
        "cohorts/roster_import_columns.html",
        {
            "cohort": cohort,
            "preview": preview,
            "form": form,
            "rows": [
                {
                    "letter": column_letter(i),
                    "header": header,
                    "field": form[f"column_{i}"],
                    "samples": samples[i] if i < len(samples) else [],
                }
                for i, header in enumerate(preview.headers)
            ],
            "problems": problems,
        },
    )


def _samples(preview: RosterPreview) -> list[list[str]]:
    """The first few values of each column, to help choose what it holds."""
    try:
        table = read_roster_file(
            name=preview.original_name,
            data=services.roster_preview_data(preview=preview),
        )
    except RosterFileError:
        return []
    columns = []
    for index in range(len(table.headers)):
        values = [row[index] for row in table.rows if row[index]]
        columns.append(values[:3])
    return columns


@facilitator_area
@require_http_methods(["GET"])
def roster_import_preview(request, pk: int, preview):
    """What the import would do, person by person, before anything is saved."""
    cohort = _cohort(request, pk)
    preview = _preview(request, cohort, preview)
    if not preview.mapping_confirmed:
        return _next_step(preview)
    report = services.roster_preview_run(preview=preview, dry_run=True)
    return render(
        request,
        "cohorts/roster_import_preview.html",
        {"cohort": cohort, "preview": preview, "report": report},
    )


@facilitator_area
@require_POST
def roster_import_confirm(request, pk: int):
    """Import the previewed file: all of it, or nothing if anything is wrong."""
    cohort = _cohort(request, pk)
    preview = (
        RosterPreview.objects.filter(
            pk=request.POST.get("preview"),
            cohort=cohort,
            owner=request.user,
            mapping_confirmed=True,
        ).first()
        if _is_uuid(request.POST.get("preview"))
        else None
    )
    if preview is None:
        messages.error(
            request, _("There is no previewed file to import. Upload it again.")
        )
        return redirect("cohorts:roster_import", pk=cohort.pk)
    report = services.roster_preview_run(preview=preview, dry_run=False)
    if not report.ok:
        return render(
            request,
            "cohorts/roster_import_preview.html",
            {"cohort": cohort, "preview": preview, "report": report},
        )
    messages.success(
        request,
        _(
            "Roster imported: %(new)d new, %(enrolled)d existing accounts enrolled, "
            "%(updated)d updated, %(unchanged)d unchanged."
        )
        % {
            "new": report.new,
            "enrolled": report.enrolled,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return redirect("cohorts:dashboard", pk=cohort.pk)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


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
