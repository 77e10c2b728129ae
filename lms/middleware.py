"""Response headers Harbour sets on every page."""

from django.conf import settings

# Everything is served by the app itself: no CDN, no inline script or style.
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'; "
    "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com"
)


class ContentSecurityPolicyMiddleware:
    """Add a Content Security Policy to the public site (not to the Wagtail admin)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(("/admin/", "/django-admin/")) and not getattr(
            settings, "CSP_ON_ADMIN", False
        ):
            return response
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response
