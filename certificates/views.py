"""Site views: the facilitator's issuing page, downloads, My certificates, verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from lms import heartbeat

from . import ratelimit, rendering, selectors, services
from .codes import format_code, normalise_code
from .eligibility import rules_sentence
from .exceptions import CertificateError
from .forms import IssueForm, VerifyForm
from .models import Certificate, IssueRunStatus
from .tasks import issue_certificates


def _facilitated_cohort(request, pk: int):
    from cohorts.models import Cohort

    return get_object_or_404(
        Cohort.objects.for_facilitator(request.user).select_related("course"), pk=pk
    )


def _run_payload(run, *, certificates: int) -> dict:
    worker = heartbeat.worker_status()
    if run is None:
        return {
            "status": "none",
            "finished": True,
            "done": 0,
            "total": 0,
            "certificates": certificates,
            "worker": worker,
        }
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": run.is_finished,
        "started": run.status != IssueRunStatus.QUEUED,
        "done": run.done,
        "total": run.total,
        "issued": run.issued,
        "already_issued": run.already_issued,
        "skipped": len(run.skipped),
        "error": run.error,
        "certificates": certificates,
        "worker": worker,
    }


def _printed_in(cohort, template) -> list[str]:
    """The names of the languages the cohort's certificates are printed in."""
    if template is None:
        return []
    first = cohort.language or template.language or "en"
    codes = [first, rendering.second_language_for(template, first)]
    return [str(get_language_info(code)["name_translated"]) for code in codes if code]


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_certificates(request, pk: int):
    """Eligibility and certificates of a cohort; POST issues them in the background."""
    cohort = _facilitated_cohort(request, pk)
    form = IssueForm(
        request.POST or None,
        initial={"template": selectors.template_for_cohort(cohort)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.issue_run_start(
                cohort=cohort,
                started_by=request.user,
                template=form.cleaned_data["template"],
            )
        except CertificateError as error:
            messages.error(request, str(error))
        else:
            issue_certificates.enqueue(run.pk)
            messages.success(
                request,
                _(
                    "Issuing has started. This page shows the progress; "
                    "you can leave it and come back."
                ),
            )
        return redirect("certificates:cohort_certificates", pk=cohort.pk)
    eligibility = selectors.eligibility_for_cohort(cohort=cohort)
    statuses = selectors.certificate_status_for_cohort(cohort=cohort)
    rows = [
        {
            "enrolment": enrolment,
            "eligibility": eligibility.get(enrolment.pk),
            "certificate": statuses.get(enrolment.pk, selectors.NO_CERTIFICATE),
        }
        for enrolment in selectors.active_enrolments(cohort)
    ]
    run = selectors.latest_issue_run(cohort)
    bundle = selectors.cohort_bundle(cohort)
    template = selectors.template_for_cohort(cohort)
    return render(
        request,
        "certificates/cohort_certificates.html",
        {
            "cohort": cohort,
            "rules_sentence": rules_sentence(selectors.rules_for_cohort(cohort)),
            "form": form,
            "rows": rows,
            "eligible_count": sum(
                1 for r in rows if r["eligibility"] and r["eligibility"].eligible
            ),
            "issued_count": sum(1 for r in rows if r["certificate"].status == "issued"),
            "waiting_count": sum(
                1
                for r in rows
                if r["eligibility"]
                and r["eligibility"].eligible
                and r["certificate"].status != "issued"
            ),
            "run": run,
            "bundle": bundle,
            "has_template": template is not None,
            "printed_in": _printed_in(cohort, template),
            "worker_missing": heartbeat.worker_status() == "missing",
            "worker_missing_message": heartbeat.WORKER_MISSING_MESSAGE
            % {"command": heartbeat.WORKER_COMMAND},
        },
    )


@login_required
@never_cache
@require_safe
def issue_progress(request, pk: int):
    """The latest issue run of a cohort as JSON, for the progress poll."""
    cohort = _facilitated_cohort(request, pk)
    return JsonResponse(
        _run_payload(
            selectors.latest_issue_run(cohort),
            certificates=Certificate.objects.active()
            .filter(enrolment__cohort=cohort)
            .count(),
        )
    )


def _stream(name: str, filename: str, content_type: str):
    if not name or not default_storage.exists(name):
        raise Http404("The file is not there.")
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )


@login_required
@require_safe
def cohort_bundle_download(request, pk: int, kind: str):
    """The cohort's merged PDF or ZIP, streamed from storage."""
    cohort = _facilitated_cohort(request, pk)
    bundle = selectors.cohort_bundle(cohort)
    if bundle is None:
        raise Http404("No certificates have been issued for this cohort yet.")
    if kind == "pdf":
        return _stream(
            bundle.merged_pdf.name, f"certificates-{cohort.pk}.pdf", "application/pdf"
        )
    return _stream(
        bundle.zip_file.name, f"certificates-{cohort.pk}.zip", "application/zip"
    )


@login_required
@require_safe
def certificate_download(request, pk: int):
    """One certificate's PDF: for its holder, the cohort's facilitators and administrators."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment"), pk=pk
    )
    if not selectors.user_can_download(request.user, certificate):
        raise Http404("No such certificate.")
    return _stream(
        certificate.pdf.name,
        f"certificate-{certificate.display_code}.pdf",
        "application/pdf",
    )


@login_required
@require_safe
def my_certificates(request):
    """The signed-in participant's own certificates, with downloads."""
    return render(
        request,
        "certificates/my_certificates.html",
        {"certificates": selectors.certificates_for_participant(request.user)},
    )


def _rate_limited(request):
    response = render(request, "certificates/rate_limited.html", status=429)
    response["Retry-After"] = str(ratelimit.retry_after())
    return response


def _verification(request, certificate, typed: str):
    response = render(
        request,
        "certificates/verify_result.html",
        {"certificate": certificate, "typed": typed[:64], "form": VerifyForm()},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
def verify(request):
    """The public form: a typed code in any case or spacing leads to its answer."""
    if "code" not in request.GET:
        return render(request, "certificates/verify.html", {"form": VerifyForm()})
    typed = request.GET.get("code", "")
    code = normalise_code(typed)
    if code is None:
        if not ratelimit.allow(request, scope="verify"):
            return _rate_limited(request)
        return _verification(request, None, typed)
    # The answer's own page counts the lookup: one try per code looked up.
    return redirect(reverse("certificates:verify_code", args=[format_code(code)]))


@never_cache
@require_safe
def verify_code(request, code: str):
    """The public answer for one code: valid, revoked (with its date) or unknown."""
    if not ratelimit.allow(request, scope="verify"):
        return _rate_limited(request)
    certificate = selectors.certificate_by_code(normalise_code(code))
    return _verification(request, certificate, code)
