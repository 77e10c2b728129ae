"""Administrators' erasure of a participant, inside the Wagtail admin."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import roles, selectors, services
from .exceptions import ErasureRefused


class EraseForm(forms.Form):
    """The administrator confirms that the erasure cannot be undone."""

    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."),
        error_messages={
            "required": gettext_lazy("Tick the box to confirm the erasure.")
        },
    )


# The sections of personal_data_for() as the confirmation page names them.
SECTION_LABELS = {
    "enrolments": gettext_lazy("Enrolments"),
    "join_codes": gettext_lazy("Join codes"),
    "attempts": gettext_lazy("Quiz attempts"),
    "certificates": gettext_lazy("Certificates"),
}


def _summary(user) -> list[tuple[str, int]]:
    """How many records of each kind Harbour holds about the person."""
    data = selectors.personal_data_for(user)
    return [
        (SECTION_LABELS.get(key) or key.replace("_", " ").capitalize(), len(value))
        for key, value in data.items()
        if isinstance(value, list) and key != "consents"
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def user_erase_view(request, user_id: int):
    """Confirm, then erase a participant's personal data in one action."""
    if not roles.is_administrator(request.user):
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=user_id)
    form = EraseForm(request.POST) if request.method == "POST" else EraseForm()
    if request.method == "POST" and form.is_valid():
        name = person.display_name
        try:
            services.user_erase(user=person, erased_by=request.user)
        except ErasureRefused as error:
            messages.error(request, str(error))
            return redirect(reverse("lms_erase", args=[person.pk]))
        messages.success(
            request,
            _("%(name)s's personal details were erased.") % {"name": name},
        )
        return redirect(reverse("wagtailusers_users:index"))
    return render(
        request,
        "lms/erase_confirm.html",
        {
            "page_title": _("Erase a participant's details"),
            "header_icon": "bin",
            "person": person,
            "erased": selectors.user_is_erased(person),
            "summary": _summary(person),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
