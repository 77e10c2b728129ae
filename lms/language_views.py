"""The language switch (Django's `set_language`, which also saves a signed-in
person's choice as their preferred language) and the JavaScript catalogue.

The catalogue (`/jsi18n/`, Django's `JavaScriptCatalog` over Harbour's
`djangojs` catalogues) is the same for everyone who reads a language, so it is
built once per language and kept in the shared cache under a key that names the
catalogues' version: a deploy with new translations starts afresh. Browsers keep
it too, but ask again each time (`no-cache` with an ETag of the version and the
language), since one address serves every language and a person can switch.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import cache_page
from django.views.decorators.http import condition, require_POST, require_safe

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


CATALOGUE_CACHE_SECONDS = 24 * 3600


@lru_cache(maxsize=1)
def catalogue_version() -> str:
    """A digest of every compiled catalogue in LOCALE_PATHS (both domains)."""
    digest = hashlib.sha256()
    for locale_dir in settings.LOCALE_PATHS:
        for mo in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.mo")):
            digest.update(str(mo.relative_to(locale_dir)).encode())
            digest.update(mo.read_bytes())
    return digest.hexdigest()[:16]


def _catalogue_etag(request, *args, **kwargs) -> str:
    return f"{catalogue_version()}-{translation.get_language()}"


_cached_catalogue = cache_page(
    CATALOGUE_CACHE_SECONDS, key_prefix=f"jsi18n-{catalogue_version()}"
)(i18n.JavaScriptCatalog.as_view())


@require_safe
@condition(etag_func=_catalogue_etag)
def javascript_catalog(request):
    """`gettext`, `ngettext` and `interpolate` for Harbour's scripts, in the
    request's language."""
    response = _cached_catalogue(request)
    patch_cache_control(response, no_cache=True)
    return response
