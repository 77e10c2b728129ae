"""Helpers shared by Harbour's benchmarks: Django set-up on a throwaway database,
timing, peak memory and the one-JSON-object-a-line output."""

import contextlib
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(migrate: bool = True) -> None:
    """Configure Django with the bench settings and build the throwaway database."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.bench")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def drop_database() -> None:
    """Remove the throwaway SQLite file (PostgreSQL runs use a database of their own)."""
    from django.conf import settings
    from django.db import connection

    connection.close()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{db['NAME']}{suffix}")


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or of its largest finished child), in MB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KB


def timed(fn, *args, **kwargs):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def emit(**figures) -> None:
    """Print one benchmark result as a JSON line."""
    print(json.dumps(figures), flush=True)
