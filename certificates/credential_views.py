"""Public endpoints of the signed credentials, and the check of an uploaded file.

The DID document, issuer profile and status lists are public by design: they
hold keys and bits, never a person's details. A holder downloads their own
credential; anyone may upload a certificate PDF or credential to check it.
"""

from urllib.parse import urlencode

import segno
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import ratelimit, selectors
from .credentials import issuing, keys, openbadge, verification
from .forms import CredentialUploadForm, VerifyForm
from .models import Certificate, StatusPurpose

LD_JSON = "application/ld+json"


def _public_json(document: dict, *, max_age: int, last_modified=None) -> JsonResponse:
    response = JsonResponse(
        document, content_type=LD_JSON, json_dumps_params={"indent": 2}
    )
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


@require_safe
def did_document(request):
    """/.well-known/did.json: the issuer's keys, current and earlier, as did:web."""
    return _public_json(keys.did_document(), max_age=3600)


@require_safe
def issuer_profile(request):
    """The issuer's Open Badges profile."""
    return _public_json(openbadge.issuer_profile_document(), max_age=3600)


@require_safe
def status_list(request, purpose: str):
    """A signed Bitstring Status List; short cache so a revocation shows within minutes."""
    if purpose not in StatusPurpose.values:
        raise Http404("No such status list.")
    row = selectors.status_list_credential(purpose)
    return _public_json(row.credential, max_age=300, last_modified=row.updated_at)


@login_required
@require_safe
def credential_download(request, pk: int):
    """A participant's own credential as JSON (for a digital wallet or another system)."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment"), pk=pk
    )
    if (
        certificate.enrolment.participant_id != request.user.pk
        or not certificate.credential
    ):
        raise Http404("No such credential.")
    response = HttpResponse(
        issuing.credential_bytes(certificate.credential), content_type=LD_JSON
    )
    response["Content-Disposition"] = (
        f'attachment; filename="credential-{certificate.display_code}.json"'
    )
    return response


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's documented add-to-profile address for a certification."""
    issued = certificate.issued_at
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": openbadge.issuer_name(),
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": openbadge.keys.base_url() + f"/verify/{certificate.display_code}/",
        "certId": certificate.display_code,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@never_cache
@require_http_methods(["GET", "POST"])
def verify_file(request):
    """Check an uploaded certificate PDF or credential: signature, status, changes."""
    form = CredentialUploadForm(request.POST or None, request.FILES or None)
    report = None
    problem = ""
    if request.method == "POST":
        if not ratelimit.allow(request, scope="verify"):
            response = render(request, "certificates/rate_limited.html", status=429)
            response["Retry-After"] = str(ratelimit.retry_after())
            return response
        if form.is_valid():
            data = form.cleaned_data["file"].read(verification.MAX_UPLOAD_BYTES + 1)
            try:
                report = selectors.credential_check_upload(data)
            except verification.UnreadableFile as exc:
                problem = str(exc)
    status = 400 if request.method == "POST" and (problem or form.errors) else 200
    response = render(
        request,
        "certificates/verify_file.html",
        {"form": form, "report": report, "problem": problem, "code_form": VerifyForm()},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


OFFER_SALT = "harbour.credential-offer"
OFFER_SECONDS = 15 * 60


def offer_token(certificate: Certificate) -> str:
    """A short-lived signed link token a wallet uses to fetch one credential."""
    return signing.dumps(certificate.pk, salt=OFFER_SALT, compress=True)


def offer_url(certificate: Certificate) -> str:
    return openbadge.keys.base_url() + reverse(
        "certificates:credential_offer", args=[offer_token(certificate)]
    )


def offer_qr(certificate: Certificate) -> str:
    """The offer link as an SVG QR code (a data: URI for an <img>)."""
    return segno.make(offer_url(certificate), error="m").svg_data_uri(scale=4)


@require_safe
def credential_offer(request, token: str):
    """The credential for a wallet that scanned the holder's QR (15 minutes)."""
    try:
        pk = signing.loads(token, salt=OFFER_SALT, max_age=OFFER_SECONDS)
    except signing.BadSignature:
        raise Http404("This link has expired. Show the QR code again.") from None
    certificate = Certificate.objects.filter(pk=pk).first()
    if certificate is None or not certificate.credential or certificate.is_revoked:
        raise Http404("No such credential.")
    response = HttpResponse(
        issuing.credential_bytes(certificate.credential), content_type=LD_JSON
    )
    response["Cache-Control"] = "no-store"
    return response
