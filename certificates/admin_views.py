"""Administrators' views inside the Wagtail admin: find a certificate, revoke it,
re-issue it with a corrected name, and read its audit trail."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms import roles

from . import services
from .codes import normalise_code
from .exceptions import CertificateError
from .forms import NAME_MAX_LENGTH, REASON_MAX_LENGTH, ReissueForm, RevokeForm
from .models import Certificate


def _require_administrator(request) -> None:
    if not roles.is_administrator(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD"])
def certificate_index(request):
    """Issued certificates, newest first, searchable by name, cohort or code."""
    _require_administrator(request)
    query = request.GET.get("q", "").strip()[:200]
    certificates = Certificate.objects.select_related("enrolment__cohort").order_by(
        "-issued_at", "-pk"
    )
    if query:
        match = Q(participant_name__icontains=query) | Q(cohort_name__icontains=query)
        code = normalise_code(query)
        if code:
            match |= Q(code=code)
        certificates = certificates.filter(match)
    page = Paginator(certificates, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "certificates/admin/index.html",
        {
            "page_title": _("Certificates"),
            "header_icon": "doc-full",
            "page": page,
            "query": query,
        },
    )


def _certificate_for_admin(pk: int) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related(
            "enrolment__participant", "issued_by", "revoked_by", "template"
        ),
        pk=pk,
    )


def _language_label(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _render_detail(request, certificate, *, revoke_form=None, reissue_form=None):
    """The detail page; bound forms with errors come back at 400 with their input."""
    status = 400 if (revoke_form or reissue_form) else 200
    return render(
        request,
        "certificates/admin/detail.html",
        {
            "page_title": _("Certificate of %(name)s")
            % {"name": certificate.participant_name},
            "header_icon": "doc-full",
            "certificate": certificate,
            "languages_label": ", ".join(
                _language_label(code) for code, _dates in certificate.printed_languages
            ),
            "audit": certificate.audit_entries.select_related("actor"),
            "replaced_by": Certificate.objects.filter(replaces=certificate).first(),
            "revoke_form": revoke_form or RevokeForm(),
            "reissue_form": reissue_form
            or ReissueForm(initial={"participant_name": certificate.participant_name}),
            "reason_max_length": REASON_MAX_LENGTH,
            "name_max_length": NAME_MAX_LENGTH,
        },
        status=status,
    )


def _render_confirm(request, certificate, *, action: str, form):
    """What revoking (or re-issuing) will do, with the button that does it."""
    return render(
        request,
        "certificates/admin/confirm.html",
        {
            "page_title": (
                _("Revoke the certificate of %(name)s?")
                if action == "revoke"
                else _("Re-issue the certificate of %(name)s?")
            )
            % {"name": certificate.participant_name},
            "header_icon": "doc-full",
            "certificate": certificate,
            "action": action,
            "form": form,
            "new_name": form.cleaned_data.get("participant_name", ""),
        },
    )


@require_http_methods(["GET", "HEAD"])
def certificate_detail(request, pk: int):
    """One certificate: what was printed, its status, its audit trail."""
    _require_administrator(request)
    return _render_detail(request, _certificate_for_admin(pk))


@require_POST
def certificate_revoke_view(request, pk: int):
    """Revoke a certificate with a reason, after a page that says what will happen."""
    _require_administrator(request)
    certificate = _certificate_for_admin(pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, certificate, revoke_form=form)
    if not form.cleaned_data["confirm"]:
        return _render_confirm(request, certificate, action="revoke", form=form)
    try:
        services.certificate_revoke(
            certificate=certificate,
            revoked_by=request.user,
            reason=form.cleaned_data["reason"],
        )
        services.cohort_bundle_build(cohort=certificate.enrolment.cohort)
    except CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The certificate is revoked; verification now says so.")
        )
    return redirect("certificates_admin:detail", pk=pk)


@require_POST
def certificate_reissue_view(request, pk: int):
    """Revoke (if needed) and issue a corrected certificate, after a confirmation."""
    _require_administrator(request)
    certificate = _certificate_for_admin(pk)
    form = ReissueForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, certificate, reissue_form=form)
    if not form.cleaned_data["confirm"]:
        return _render_confirm(request, certificate, action="reissue", form=form)
    try:
        new = services.certificate_reissue(
            certificate=certificate,
            issued_by=request.user,
            reason=form.cleaned_data["reason"],
            participant_name=form.cleaned_data["participant_name"],
        )
    except CertificateError as error:
        messages.error(request, str(error))
        return redirect("certificates_admin:detail", pk=pk)
    messages.success(
        request,
        _("Re-issued with the new code %(code)s; the old code is revoked.")
        % {"code": new.display_code},
    )
    return redirect("certificates_admin:detail", pk=new.pk)
