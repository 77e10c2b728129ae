"""Harbour's Content Security Policy: django-csp, with one policy per area.

The public site gets `CONTENT_SECURITY_POLICY` from settings. The Wagtail admin
gets `HARBOUR_ADMIN_CSP_DIRECTIVES`, which differs only where Wagtail's own
interface needs it. A preview (Wagtail renders the page or certificate through a
dummy request marked `is_preview`) keeps the site's policy but may be framed by
the admin on the same origin, so the editor's preview panel can show it; every
other response refuses to be framed at all.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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
