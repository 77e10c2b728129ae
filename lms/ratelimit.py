"""Fixed-window rate limits kept in the shared cache, so every process counts together.

Counters are atomic: Redis and the local memory cache increment in one step. When
the cache is the database (whose own ``incr`` is a read followed by a write, a
dozen queries in all), counters live in their own table instead and are
incremented by one upsert, so thirty people trying at the same instant are
counted as thirty at the cost of one query each. Expired counters are deleted now
and then by the requests themselves (PURGE_CHANCE), as Django's database cache
culls its own table.
"""

import datetime as dt
import hashlib
import ipaddress
import random
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.shortcuts import render
from django.utils import timezone

# One request in this many also deletes the expired counters.
PURGE_CHANCE = 1 / 200


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


def _counted_in_database() -> bool:
    return isinstance(caches["default"], DatabaseCache)


def _incr_database(full_key: str, timeout: int) -> int:
    """Add one to a counter in RateLimitCounter and return its new value.

    One statement, so it is atomic without a transaction around it: PostgreSQL
    locks the conflicting row, SQLite holds the write lock for the statement.
    """
    from .models import RateLimitCounter

    now = timezone.now()
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, hits, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 "
            "RETURNING hits",
            [full_key, now + dt.timedelta(seconds=timeout)],
        )
        value = cursor.fetchone()[0]
    if random.random() < PURGE_CHANCE:  # noqa: S311 - not a secret
        RateLimitCounter.objects.filter(expires_at__lt=now).delete()
    return value


def _count_database(full_key: str) -> int:
    from .models import RateLimitCounter

    row = (
        RateLimitCounter.objects.filter(key=full_key, expires_at__gte=timezone.now())
        .values_list("hits", flat=True)
        .first()
    )
    return row or 0


def _incr(full_key: str, timeout: int) -> int:
    if _counted_in_database():
        return _incr_database(full_key, timeout)
    backend = caches["default"]
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
    full_key = _full_key(key, window)
    if _counted_in_database():
        return _count_database(full_key)
    return int(cache.get(full_key, 0))


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
