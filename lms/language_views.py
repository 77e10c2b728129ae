"""The language switch: Django's `set_language`, which also saves a signed-in
person's choice as their preferred language."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from .languages import is_interface_language, user_set_preferred_language


def _back(request) -> HttpResponseRedirect:
    """Back to `next` (or the referring page) when it is on this site, else home."""
    url = request.POST.get("next") or request.META.get("HTTP_REFERER")
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = "/"
    return HttpResponseRedirect(url)


@require_POST
def set_language(request):
    """Switch the interface language (a cookie), and save it for a signed-in person;
    an empty choice goes back to following the browser."""
    language = request.POST.get("language", "")
    if language and not is_interface_language(language):
        # Django's view would take any language it has a catalogue for.
        messages.error(request, _("That language is not available."))
        return _back(request)
    if request.user.is_authenticated:
        user_set_preferred_language(user=request.user, language=language)
    response = i18n.set_language(request)
    if not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
