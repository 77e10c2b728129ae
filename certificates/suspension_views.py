"""Administrators suspend a certificate while a question about it is checked, and
lift the suspension; both go in the audit trail and flip the status-list bit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import roles

from . import services
from .exceptions import CertificateError
from .forms import SuspensionForm
from .models import Certificate


def _act(request, pk: int, service, done: str):
    if not roles.is_administrator(request.user):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate, pk=pk)
    form = SuspensionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("certificates_admin:detail", pk=pk)
    try:
        service(
            certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
        )
    except CertificateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("certificates_admin:detail", pk=pk)


@require_POST
def certificate_suspend_view(request, pk: int):
    """Suspend: the certificate reads as suspended on /verify/ and in its status list."""
    return _act(
        request,
        pk,
        services.certificate_suspend,
        _(
            "The certificate is suspended. Lift the suspension here when the "
            "question is settled."
        ),
    )


@require_POST
def certificate_reinstate_view(request, pk: int):
    """Lift a suspension: the certificate is valid again."""
    return _act(
        request,
        pk,
        services.certificate_reinstate,
        _("The suspension is lifted: the certificate is valid again."),
    )
