"""A person's own account: their profile, their password, and all their data."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import selectors
from .languages import language_choices


@login_required
@require_safe
def account(request):
    """The signed-in person's profile, with links to change the password and to
    download everything Harbour holds about them."""
    return render(
        request,
        "lms/account.html",
        {
            "person": request.user,
            "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
            "language_choices": language_choices(),
        },
    )


@never_cache
@login_required
@require_safe
def my_data_download(request):
    """Everything Harbour holds about the signed-in person, as one JSON file."""
    data = selectors.personal_data_for(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="harbour-my-data-{stamp}.json"'
    )
    return response
