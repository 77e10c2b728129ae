"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

application = get_wsgi_application()

# Ready for a room at once: lazily built pieces loaded, database connections open.
from lms.warmup import open_database_pool, warm_up  # noqa: E402

warm_up()
open_database_pool()
