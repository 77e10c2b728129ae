"""Roster import: upload, preview, confirm and the template."""

import hashlib

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import resources, services
from ..forms import RosterUploadForm
from ..models import (
    Cohort,
)
from .common import CONTENT_TYPES, _cohort, facilitator_area

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
