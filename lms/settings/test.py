"""Test settings: fast hashing, local cache, tasks run immediately."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import SQLITE_OPTIONS, env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="harbour-test-media-")
# Files written by tests and benchmarks go when the process ends.
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
WAGTAILADMIN_BASE_URL = "http://testserver"
# One test database per process, so two suites on one machine never collide.
_TEST_DB = f"harbour_test_{os.getpid()}"
if env.get("DATABASE_URL"):
    DATABASES["default"]["TEST"] = {"NAME": _TEST_DB}  # noqa: F405
else:
    # A file, not memory, so the WAL pragma is really in force during tests.
    _path = os.path.join(tempfile.gettempdir(), f"{_TEST_DB}.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _path,
            "OPTIONS": SQLITE_OPTIONS,
            "TEST": {"NAME": _path},
        }
    }
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The test client's login() passes no request, which Axes needs; lock-out tests
# turn it back on.
AXES_ENABLED = False
# A fixed test-only signing key (never used outside tests).
HARBOUR_CREDENTIAL_KEYRING = ""
HARBOUR_CREDENTIAL_KEYRING_JSON = (
    '{"current": "key-test", "keys": [{"id": "key-test", "created": "2026-01-01",'
    ' "private_key": "dGVzdC1vbmx5LWVkMjU1MTktc2VlZC0zMi1ieXRlcyE"}]}'
)
