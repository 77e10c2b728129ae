"""Walk-ins, merging, enrolment status and join codes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..exceptions import MergeRefused
from ..forms import MergeForm, WalkInForm
from ..models import (
    Enrolment,
    EnrolmentStatus,
)
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
