"""Database tuning and production settings."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite pragmas apply to SQLite only"
)


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert (
            cursor.fetchone()[0] == 20000
        )  # longer than the longest write (a roster import)
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


@sqlite_only
def test_sqlite_opens_immediate_transactions():
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def _run_production_check(extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_production_check({"DJANGO_ALLOWED_HOSTS": "harbour.example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run_production_check({"DJANGO_SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_key_and_hosts():
    from certificates.credentials.keys import keyring_new

    result = _run_production_check(
        {
            "DJANGO_SECRET_KEY": "k" * 60,
            "DJANGO_ALLOWED_HOSTS": "harbour.example.org",
            "HARBOUR_CREDENTIAL_KEYRING_JSON": json.dumps(keyring_new()),
        }
    )
    assert result.returncode == 0, result.stderr


def _postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2
        ).close()
    except Exception:  # noqa: BLE001 - any failure means: skip
        return False
    return True


@pytest.mark.skipif(
    not _postgres_reachable(), reason="PostgreSQL is not running on :5432"
)
def test_production_wsgi_starts_with_a_warm_postgresql_pool():
    from certificates.credentials.keys import keyring_new

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "DJANGO_SECRET_KEY": "k" * 60,
            "DJANGO_ALLOWED_HOSTS": "harbour.example.org",
            "HARBOUR_CREDENTIAL_KEYRING_JSON": json.dumps(keyring_new()),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
            "DATABASE_POOL_MIN": "2",
            "DATABASE_POOL_MAX": "5",
        }
    )
    script = (
        "import lms.wsgi\n"
        "from django.db import connections\n"
        "pool = connections['default'].pool\n"
        "stats = pool.get_stats()\n"
        "print(pool.min_size, pool.max_size, stats['pool_size'])\n"
    )
    result = subprocess.run(  # noqa: S603 - our own fixed script
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # Two connections are open before the first request arrives.
    assert result.stdout.split() == ["2", "5", "2"]


@pytest.mark.django_db
def test_warming_up_a_process_reads_nothing_from_the_database(
    django_assert_num_queries,
):
    from lms.warmup import warm_up

    with django_assert_num_queries(0):
        warm_up()
