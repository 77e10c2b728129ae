"""Site-wide views: health check and error pages."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """200 with {"database": "ok"} when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


def page_not_found(request, exception=None):
    """The product's own 404 page."""
    return render(request, "404.html", status=404)


def server_error(request):
    """The product's own 500 page, rendered without a database or context processors."""
    from django.template import loader

    template = loader.get_template("500.html")
    from django.http import HttpResponseServerError

    return HttpResponseServerError(template.render())
