"""Harbour's middleware: the Content Security Policy and the interface language.

The Content Security Policy is django-csp's, with one policy per area.

The public site gets `CONTENT_SECURITY_POLICY` from settings. The Wagtail admin
gets `HARBOUR_ADMIN_CSP_DIRECTIVES`, which differs only where Wagtail's own
interface needs it. A preview (Wagtail renders the page or certificate through a
dummy request marked `is_preview`) keeps the site's policy but may be framed by
the admin on the same origin, so the editor's preview panel can show it; every
other response refuses to be framed at all.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .languages import is_interface_language

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class HarbourCSPMiddleware(CSPMiddleware):
    """Enforce the site's or the admin's policy; previews may be framed by the admin."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        elif parts.config is None and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = settings.HARBOUR_ADMIN_CSP_DIRECTIVES
        return parts


class PreferredLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but a signed-in person's saved language wins.

    Before sign-in (or with no saved preference) Django's own choice applies:
    the language cookie set by the switch, then the browser's Accept-Language.
    Placed after AuthenticationMiddleware, since it reads `request.user`.
    """

    def process_request(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if language and user.is_authenticated and is_interface_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
