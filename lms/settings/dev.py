"""Local development: debug on, a fixed key that never reaches production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = (
    env.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
)
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS") or [
    "127.0.0.1",
    "localhost",
    "[::1]",
]

# runserver serves static files from the source folders: nothing to collect or
# post-process on each start (production collects them once, see README).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A development keyring is made on first use, outside version control.
HARBOUR_CREDENTIAL_KEYRING = env.get("HARBOUR_CREDENTIAL_KEYRING") or str(
    BASE_DIR / "var" / "credential-keyring.json"  # noqa: F405
)
HARBOUR_CREDENTIAL_KEYRING_CREATE = True
