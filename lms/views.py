"""Site-wide views: health check, the privacy notice, Wagtail image files, error pages."""

import mimetypes

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model

from . import heartbeat, roles
from .forms import SignInForm


@never_cache
@require_safe
def healthz(request):
    """200 with the database's and the task worker's state; 503 without a database.

    ``worker`` is "ok", "late" or "missing" (no heartbeat for a minute); a missing
    worker does not make the site unhealthy, since pages are still served.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok", "worker": heartbeat.worker_status()})


@require_safe
def privacy_notice(request):
    """What Harbour keeps about participants, who sees it, and what they can ask for;
    the version is the one participants consent to when they join."""
    return render(
        request,
        "lms/privacy.html",
        {
            "version": settings.PRIVACY_NOTICE_VERSION,
            "contact": settings.PRIVACY_CONTACT_EMAIL,
        },
    )


def bad_request(request, exception=None):
    """The product's own 400 page."""
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    """The product's own 403 page; the exception's message is the one users read."""
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"exception": message}, status=403)


def page_not_found(request, exception=None):
    """The product's own 404 page."""
    return render(request, "404.html", status=404)


def server_error(request):
    """The product's own 500 page, rendered without a database or context processors."""
    from django.template import loader

    template = loader.get_template("500.html")
    from django.http import HttpResponseServerError

    return HttpResponseServerError(template.render())


@require_safe
def media_image(request, name: str):
    """Stream a Wagtail image file from storage: a rendition (course covers, lesson
    images) to anyone, an original only to people who may open the admin; any other
    stored file (certificates, rosters) is never served from here."""
    image_model = get_image_model()
    if name.startswith("images/"):
        known = image_model.get_rendition_model().objects.filter(file=name).exists()
        public = True
    elif name.startswith("original_images/"):
        known = image_model.objects.filter(file=name).exists()
        public = False
        if known and not request.user.has_perm("wagtailadmin.access_admin"):
            raise Http404
    else:
        known = False
    if not known or not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    if public:
        # Rendition names change whenever the image or its crop does.
        patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    else:
        patch_cache_control(response, private=True)
    return response


def landing_url(user) -> str:
    """Where a person starts after signing in: the admin for administrators, their
    cohorts for facilitators, My learning for participants."""
    if roles.is_administrator(user):
        return reverse("wagtailadmin_home")
    if roles.is_facilitator(user):
        return reverse("cohorts:facilitator_home")
    if roles.user_has_role(user, roles.PARTICIPANTS):
        return reverse("courses:my_learning")
    return "/"


class SignInView(LoginView):
    """Sign in by email or username; without a ?next= each role lands on its own start."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)
