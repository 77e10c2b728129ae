"""Fixed-window rate limits kept in the shared cache, so every process counts together."""

import hashlib
import time

from django.core.cache import cache


def client_key(request) -> str:
    """A hash of the client's address as the proxy in front of Harbour reports it."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one try for key in the current window; False once past the limit."""
    bucket = int(time.time() // window)
    full_key = f"harbour:rate:{key}:{bucket}"
    if cache.add(full_key, 1, timeout=window + 5):
        return limit >= 1
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add() and incr()
        cache.set(full_key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def seconds_left(window: int) -> int:
    """Seconds until the current window ends (for a Retry-After header)."""
    return max(1, int(window - time.time() % window))
