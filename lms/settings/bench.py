"""Benchmark settings: like tests (immediate tasks, local cache), a throwaway database."""

import os
import tempfile

from .test import *  # noqa: F403
from .test import SQLITE_OPTIONS, env

if not env.get("DATABASE_URL"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(
                tempfile.gettempdir(), f"harbour_bench_{os.getpid()}.sqlite3"
            ),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
