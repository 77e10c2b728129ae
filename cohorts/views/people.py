"""Walk-ins, merging, enrolment status and join codes."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import services
from ..exceptions import (
    JoinCodeAlreadyWithdrawn,
    JoinCodeFormResubmitted,
    JoinCodeNotOffered,
    MergeRefused,
)
from ..forms import MergeForm, WalkInForm
from ..models import ATTENDED_STATUSES, Enrolment, EnrolmentStatus, JoinCode
from .common import _cohort, _enrolment, facilitator_area

# --- people in the cohort: walk-ins, merging, join codes --------------------


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
                _(
                    "%(name)s was added as a walk-in. Give them a join code so they "
                    "can sign in."
                )
                % {"name": enrolment.participant.display_name},
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
    """Fold a walk-in into the person of this cohort they really are, chosen from a list."""
    cohort = _cohort(request, pk)
    enrolment = _enrolment(cohort, enrolment_pk)
    form = MergeForm(request.POST or None, cohort=cohort, walk_in=enrolment)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        try:
            services.enrolment_merge_walk_in(
                enrolment=enrolment, into=into, merged_by=request.user
            )
        except MergeRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The walk-in record was merged into %(name)s.")
                % {"name": into.participant.display_name},
            )
            return redirect("cohorts:dashboard", pk=cohort.pk)
    return render(
        request,
        "cohorts/merge_form.html",
        {"cohort": cohort, "enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )


@facilitator_area
@require_http_methods(["GET", "POST"])
def enrolment_status(request, pk: int, enrolment_pk: int):
    """Withdraw a participant (after a confirmation step), or enrol them again."""
    cohort = _cohort(request, pk)
    enrolment = _enrolment(cohort, enrolment_pk)
    data = request.POST if request.method == "POST" else request.GET
    status = data.get("status")
    if status not in EnrolmentStatus.values:
        messages.error(request, _("That is not an enrolment status."))
        return redirect("cohorts:dashboard", pk=cohort.pk)
    withdrawing = (
        status == EnrolmentStatus.WITHDRAWN
        and enrolment.status != EnrolmentStatus.WITHDRAWN
    )
    if request.method == "GET" or (withdrawing and data.get("confirm") != "yes"):
        if not withdrawing:
            return redirect("cohorts:dashboard", pk=cohort.pk)
        return render(
            request,
            "cohorts/enrolment_withdraw_confirm.html",
            {
                "cohort": cohort,
                "enrolment": enrolment,
                "attended": enrolment.attendances.filter(
                    status__in=ATTENDED_STATUSES
                ).count(),
                "open_codes": enrolment.join_codes.filter(
                    used_at__isnull=True, revoked_at__isnull=True
                ).count(),
            },
        )
    services.enrolment_set_status(
        enrolment=enrolment, status=status, changed_by=request.user
    )
    messages.success(
        request,
        # Translators: e.g. "Ana Pérez: withdrawn." after a change of enrolment status.
        _("%(name)s: %(status)s.")
        % {
            "name": enrolment.participant.display_name,
            "status": enrolment.get_status_display().lower(),
        },
    )
    return redirect("cohorts:dashboard", pk=cohort.pk)


def _outstanding_codes(cohort) -> dict[int, JoinCode]:
    """The newest usable join code of each enrolment of the cohort."""
    now = timezone.now()
    outstanding: dict[int, JoinCode] = {}
    for code in (
        JoinCode.objects.filter(
            enrolment__cohort=cohort, used_at__isnull=True, revoked_at__isnull=True
        )
        .exclude(expires_at__lt=now)
        .select_related("created_by")
        .order_by("created_at", "pk")
    ):
        outstanding[code.enrolment_id] = code
    return outstanding


def _join_code_rows(cohort):
    enrolments = list(
        Enrolment.objects.active()
        .filter(cohort=cohort)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    outstanding = _outstanding_codes(cohort)
    rows, signed_in = [], []
    for e in enrolments:
        if services.join_code_offered(e.participant):
            rows.append({"enrolment": e, "code": outstanding.get(e.pk)})
        else:
            signed_in.append(e)
    return rows, signed_in


@facilitator_area
@never_cache
@require_http_methods(["GET", "POST"])
def join_codes(request, pk: int):
    """Outstanding join codes, and issuing new ones for the people chosen.

    Opening or reloading this page never makes or cancels a code; only its
    POST does, for the people ticked, and its one-time form token makes a
    resubmitted form (a reload of the printed sheet) issue nothing.
    """
    cohort = _cohort(request, pk)
    rows, signed_in = _join_code_rows(cohort)
    if request.method == "GET":
        return render(
            request,
            "cohorts/join_codes.html",
            {
                "cohort": cohort,
                "rows": rows,
                "signed_in": signed_in,
                "without_code": sum(1 for r in rows if r["code"] is None),
                "outstanding": [r for r in rows if r["code"] is not None],
                "token": uuid.uuid4(),
            },
        )
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        messages.error(request, _("This form is out of date. Choose the people again."))
        return redirect("cohorts:join_codes", pk=cohort.pk)
    if JoinCode.objects.filter(batch=token).exists():
        messages.error(request, JoinCodeFormResubmitted.message)
        return redirect("cohorts:join_codes", pk=cohort.pk)
    if request.POST.get("issue") == "without":
        picked = [r for r in rows if r["code"] is None]
    else:
        chosen = set(request.POST.getlist("enrolment"))
        picked = [r for r in rows if str(r["enrolment"].pk) in chosen]
    if not picked:
        messages.error(request, _("Tick at least one person who has never signed in."))
        return redirect("cohorts:join_codes", pk=cohort.pk)
    replacing = [r for r in picked if r["code"] is not None]
    if replacing and request.POST.get("replace") != "yes":
        return render(
            request,
            "cohorts/join_codes_replace_confirm.html",
            {
                "cohort": cohort,
                "picked": picked,
                "replacing": replacing,
                "token": token,
            },
        )
    try:
        issued = services.join_codes_issue(
            cohort=cohort,
            enrolments=[r["enrolment"] for r in picked],
            issued_by=request.user,
            batch=token,
        )
    except (JoinCodeFormResubmitted, JoinCodeNotOffered) as exc:
        messages.error(request, exc.message)
        return redirect("cohorts:join_codes", pk=cohort.pk)
    response = render(
        request,
        "cohorts/join_code_sheet.html",
        {
            "cohort": cohort,
            "issued": issued,
            "join_url": request.build_absolute_uri(reverse("cohorts:join")),
            "slip_language": cohort.language or settings.LANGUAGE_CODE,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@facilitator_area
@require_http_methods(["GET", "POST"])
def join_code_withdraw(request, pk: int, code_pk: int):
    """Withdraw one outstanding join code, after a confirmation page."""
    cohort = _cohort(request, pk)
    join_code = get_object_or_404(
        JoinCode.objects.select_related("enrolment__participant", "created_by"),
        pk=code_pk,
        enrolment__cohort=cohort,
    )
    if request.method == "POST":
        try:
            services.join_code_withdraw(join_code=join_code, withdrawn_by=request.user)
        except JoinCodeAlreadyWithdrawn as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "The join code of %(name)s was withdrawn; their slip no longer works."
                )
                % {"name": join_code.enrolment.participant.display_name},
            )
        return redirect("cohorts:join_codes", pk=cohort.pk)
    return render(
        request,
        "cohorts/join_code_withdraw_confirm.html",
        {"cohort": cohort, "join_code": join_code},
    )
