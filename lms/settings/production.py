"""Production: refuses to start without a secret key and allowed hosts."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env.require("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Certificates are signed: production refuses to start without the issuer's keys.
if not env.get("HARBOUR_CREDENTIAL_KEYRING_JSON"):
    env.require("HARBOUR_CREDENTIAL_KEYRING")

# PostgreSQL: one pool of connections per process, shared by its threads and
# opened when the process starts (lms.warmup), so a room arriving at once finds
# connections ready instead of opening thirty at the same instant.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - the pool keeps them
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": int(env.get("DATABASE_POOL_MIN", "4")),
        "max_size": int(env.get("DATABASE_POOL_MAX", "8")),
        "timeout": 20,
    }
