"""The verification page's rate limit per client (lms.ratelimit does the counting)."""

from django.conf import settings

from lms.ratelimit import client_key, hit, seconds_left


def _rate() -> tuple[int, int]:
    return getattr(settings, "CERTIFICATES_VERIFY_RATE", (30, 60))


def allow(request, *, scope: str) -> bool:
    """Count one request for this client; False once it is over the limit."""
    limit, window = _rate()
    return hit(f"{scope}:{client_key(request)}", limit=limit, window=window)


def retry_after() -> int:
    """Seconds until the current window ends."""
    return seconds_left(_rate()[1])
