"""A fixed-window rate limit per client, kept in the shared cache."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_key(request) -> str:
    """The client's address as the proxy in front of Harbour reports it to Django."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def allow(request, *, scope: str) -> bool:
    """Count one request for this client; False once it is over the limit."""
    limit, window = getattr(settings, "CERTIFICATES_VERIFY_RATE", (30, 60))
    bucket = int(time.time() // window)
    key = f"harbour:rate:{scope}:{client_key(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def retry_after() -> int:
    """Seconds until the current window ends."""
    _, window = getattr(settings, "CERTIFICATES_VERIFY_RATE", (30, 60))
    return max(1, int(window - time.time() % window))
