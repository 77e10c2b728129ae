"""A fresh database needs only `migrate`; management commands start without WeasyPrint."""

import os
import sqlite3
import subprocess
import sys

from django.conf import settings


def _env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings.dev", **extra})
    return env


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_migrate_alone_creates_the_database_cache_table(tmp_path):
    env = _env(SQLITE_PATH=str(tmp_path / "fresh.sqlite3"))
    migrated = _manage("migrate", "--noinput", "--verbosity", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr

    with sqlite3.connect(tmp_path / "fresh.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "harbour_cache" in tables

    used = _manage(
        "shell",
        "-c",
        "from django.core.cache import cache; cache.set('probe', 'kept', 60); "
        "print(cache.get('probe'))",
        env=env,
    )
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip().splitlines()[-1] == "kept"


def test_loading_every_app_does_not_import_weasyprint():
    script = (
        "import sys, django; django.setup(); "
        "from django.urls import resolve; resolve('/'); "
        "import certificates.services, certificates.views, cohorts.views, "
        "cohorts.pdf, certificates.rendering; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
