"""Settings shared by every environment. No secrets and no silent defaults here."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from . import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env.get("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms",
    "courses",
    "assessments",
    "cohorts",
    "certificates",
    "reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # Course content per language: wagtail-localize's translation editor, and
    # its locale management (in place of wagtail.locales). Decision 0010.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.users_config.HarbourUsersConfig",  # wagtail.users, with Harbour's forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware, after sign-in is known: a saved preference wins.
    "lms.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.middleware.HarbourCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite by default, tuned so a room of 30 people submitting at once
# is served (WAL, busy timeout, IMMEDIATE transactions); PostgreSQL when
# DATABASE_URL is set.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        # A writer waits up to 20 s for the lock, longer than the longest write
        # transaction (saving a 5,000-row roster import), so a room queues
        # behind it instead of seeing "database is locked".
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = env.get("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.get("SQLITE_PATH") or str(BASE_DIR / "db.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache shared by every process: the database cache by default, Redis when set.
REDIS_URL = env.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "harbour_cache",
            # Culling at Django's default 300 entries would drop live rate-limit
            # and lock-out counters in a busy room; expired rows still go.
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10},
        }
    }

# Background work through the django-tasks API; a worker runs `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = ["lms.backends.EmailOrUsernameBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Interface languages, each in its own name. Django knows no Papiamentu:
# lms.languages.install() (run from LmsConfig.ready) adds it to LANG_INFO and
# makes it fall back to Dutch, then English. Harbour's catalogues live in
# locale/; date formats Django lacks (pap) in lms/formats/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("pap", "Papiamentu"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["lms.formats"]
TIME_ZONE = env.get("TIME_ZONE", "America/St_Lucia")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if env.get("STORAGE_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.get("STORAGE_BUCKET"),
            "endpoint_url": env.get("STORAGE_ENDPOINT_URL") or None,
            "access_key": env.get("STORAGE_ACCESS_KEY") or None,
            "secret_key": env.get("STORAGE_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }

# Uploads: rosters and images stay small; a roster file has its own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = env.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Harbour <harbour@localhost>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the attendance script reads it to send taps
X_FRAME_OPTIONS = "DENY"  # Wagtail lets its own previews be framed by the admin

# Content Security Policy (django-csp, lms.middleware): every asset is served by
# Harbour itself; no inline script or style, no plugins, never framed. Videos
# play from the two privacy-friendly hosts, once the participant asks.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin: the same, except what Wagtail 8's interface itself needs:
# inline scripts (it starts its choosers, date pickers and inline panels with
# them, without a nonce), inline styles (its JavaScript sets them), blob: images
# (upload previews) and its preview panel framing the site's own pages. Still
# nothing from another host, no plugins, and the admin is never framed.
HARBOUR_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Wagtail
WAGTAIL_SITE_NAME = "Harbour"
# No avatars from Gravatar: the admin asks nothing of another host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env.get("HARBOUR_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "csv"]
# Upload limits for the image and document libraries (rosters and certificate
# files have their own, in their forms).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents go through Django (Wagtail's serve view checks collection privacy)
# as downloads, never as a redirect to a bare storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# Links in rich text: the schemes an editor may use (lms.wagtail_hooks applies it).
HARBOUR_RICH_TEXT_URL_SCHEMES = ["http", "https", "mailto"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Course content has one page tree per language (Wagtail's locales), translated
# with wagtail-localize; the content languages are the interface's five.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Privacy notice participants consent to; bump when the text changes.
PRIVACY_NOTICE_VERSION = env.get("PRIVACY_NOTICE_VERSION", "2026-11")
# Where participants write about their data; shown on /privacy/ when set.
PRIVACY_CONTACT_EMAIL = env.get("PRIVACY_CONTACT_EMAIL", "")
# Participants are pseudonymised (apply_retention) this many months after the end
# of their last cohort.
HARBOUR_RETENTION_MONTHS = int(env.get("HARBOUR_RETENTION_MONTHS", "36"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # qpdf's warnings still come through; its start-up notice does not.
        "pikepdf": {"level": "WARNING"},
        # Start-up notices that bury what `make run` prints.
        "axes.apps": {"level": "WARNING"},
        "django.utils.autoreload": {"level": "WARNING"},
    },
}

# Passwords, sign-in lockout and client addresses.
# Argon2 first (a room of 30 signing in at once stays quick); PBKDF2 kept so older
# hashes still verify, and are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "lms.hashers.HarbourArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
INSTALLED_APPS += ["axes"]
# Axes checks every sign-in before our backend; its middleware answers lock-outs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *[b for b in AUTHENTICATION_BACKENDS if b != "axes.backends.AxesStandaloneBackend"],
]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
# Wrong passwords count per account and address together: one person's mistakes
# never lock out the rest of a room that shares one address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(env.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lms.ratelimit.axes_lockout_response"
AXES_CLIENT_IP_CALLABLE = "lms.ratelimit.axes_client_address"
AXES_USERNAME_CALLABLE = "lms.ratelimit.axes_username"
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in forms' field, email or username
AXES_DISABLE_ACCESS_LOG = True  # no extra write on every successful sign-in
# How many proxies in front of Harbour append to X-Forwarded-For; 0 = none, the
# connection's address is the client's. Rate limits and lock-outs key on it.
HARBOUR_TRUSTED_PROXIES = int(env.get("HARBOUR_TRUSTED_PROXIES", "0"))

# Signed credentials (Open Badges 3.0): the issuer's keyring, a file made by
# `python manage.py credentials_keygen --output FILE` or the same JSON inline.
HARBOUR_CREDENTIAL_KEYRING = env.get("HARBOUR_CREDENTIAL_KEYRING")
HARBOUR_CREDENTIAL_KEYRING_JSON = env.get("HARBOUR_CREDENTIAL_KEYRING_JSON")
# The organisation named as the issuer in every credential.
HARBOUR_ISSUER_NAME = env.get("HARBOUR_ISSUER_NAME", "Harbour")
