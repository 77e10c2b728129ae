"""The task worker's heartbeat, kept in the shared cache so every host sees it."""

import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

HEARTBEAT_KEY = "harbour:worker:heartbeat"
# A worker beats this often; seen within OK_SECONDS it is "ok", within
# MISSING_SECONDS "late", and after that (or never) "missing".
BEAT_SECONDS = 10
OK_SECONDS = 30
MISSING_SECONDS = 60
# Called by the worker on every beat: code in higher apps that keeps work alive
# (renewing leases, resuming abandoned runs) registers here with Wagtail hooks.
WORKER_TICK_HOOK = "harbour_worker_tick"

WORKER_COMMAND = "python manage.py db_worker"
WORKER_MISSING_MESSAGE = _(
    "No background worker has been seen for a minute, so nothing queued will run. "
    "On the server, start one with: %(command)s"
)


def _worker_key(worker_id: str) -> str:
    return f"{HEARTBEAT_KEY}:{worker_id}"


def worker_beat(*, worker_id: str, now: float | None = None) -> None:
    """Record that a worker is alive now (any worker, and this one)."""
    now = time.time() if now is None else now
    beat = {"at": now, "worker": worker_id}
    cache.set_many(
        {HEARTBEAT_KEY: beat, _worker_key(worker_id): beat}, timeout=24 * 3600
    )


def worker_alive(*, worker_id: str, now: float | None = None) -> bool:
    """Whether this worker has beaten within the last minute."""
    value = cache.get(_worker_key(worker_id))
    if not isinstance(value, dict):
        return False
    return (time.time() if now is None else now) - value.get("at", 0) <= MISSING_SECONDS


def worker_last_seen() -> float | None:
    """When any worker last beat (a Unix time), or None if none ever has."""
    value = cache.get(HEARTBEAT_KEY)
    if not isinstance(value, dict):
        return None
    return value.get("at")


def worker_status(*, now: float | None = None) -> str:
    """ "ok", "late" or "missing", from the age of the last heartbeat."""
    seen = worker_last_seen()
    if seen is None:
        return "missing"
    age = (time.time() if now is None else now) - seen
    if age <= OK_SECONDS:
        return "ok"
    if age <= MISSING_SECONDS:
        return "late"
    return "missing"
