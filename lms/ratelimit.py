"""Fixed-window rate limits kept in the shared cache, so every process counts together.

Counters are atomic: Redis and the local memory cache increment in one step, and
the database cache (whose own ``incr`` is a read followed by a write) is
incremented inside a transaction holding the counter's row, so thirty people
trying at the same instant are counted as thirty.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str:
    """The client's address: the connection's, or the one the trusted proxies saw.

    With ``HARBOUR_TRUSTED_PROXIES = n`` each of the n proxies in front of Harbour
    appends the address it was reached from to X-Forwarded-For, so the client is the
    n-th entry from the right; anything further left was written by the client and
    is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = getattr(settings, "HARBOUR_TRUSTED_PROXIES", 0)
    if trusted <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if not hops:
        return remote
    candidate = hops[-trusted] if len(hops) >= trusted else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(request) -> str:
    """A hash of the client's address (see client_address)."""
    return hashlib.sha256(client_address(request).encode()).hexdigest()[:32]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def axes_client_address(request) -> str:
    """The address django-axes records a failed sign-in against."""
    return client_address(request)


def axes_username(request, credentials) -> str:
    """The account a sign-in was for, as the backend matches it (any case, trimmed)."""
    credentials = credentials or {}
    return (credentials.get("username") or "").strip().lower()


def _full_key(key: str, window: int) -> str:
    bucket = int(time.time() // window)
    return f"harbour:rate:{_digest(key)}:{bucket}"


def _incr_database(backend: DatabaseCache, full_key: str, timeout: int) -> int:
    """Increment a counter in the database cache atomically."""
    db = router.db_for_write(backend.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(backend._table)
    with transaction.atomic(using=db):
        created = backend.add(full_key, 0, timeout=timeout)
        # SQLite's IMMEDIATE transaction already holds the write lock; elsewhere
        # the counter's row is locked until this transaction ends.
        if not created and connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                    [backend.make_and_validate_key(full_key)],
                )
        value = int(backend.get(full_key, 0)) + 1
        backend.set(full_key, value, timeout=timeout)
    return value


def _incr(full_key: str, timeout: int) -> int:
    backend = caches["default"]
    if isinstance(backend, DatabaseCache):
        return _incr_database(backend, full_key, timeout)
    if backend.add(full_key, 1, timeout=timeout):
        return 1
    try:
        return backend.incr(full_key)
    except ValueError:  # expired between add() and incr()
        backend.add(full_key, 0, timeout=timeout)
        return backend.incr(full_key)


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one try for key in the current window; False once past the limit."""
    return _incr(_full_key(key, window), window + 5) <= limit


def count(key: str, *, window: int) -> int:
    """How many tries key has had in the current window, without counting one."""
    return int(cache.get(_full_key(key, window), 0))


def seconds_left(window: int) -> int:
    """Seconds until the current window ends (for a Retry-After header)."""
    return max(1, int(window - time.time() % window))


def axes_lockout_response(request, original_response=None, credentials=None):
    """The page shown to an account locked out at one address: when to try again."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60))
    response = render(
        request,
        "registration/lockout.html",
        {
            "minutes": minutes,
            "retry_at": timezone.localtime() + cool_off,
            "username": axes_username(request, credentials),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
