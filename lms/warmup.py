"""Load, once per process at start-up, what the first requests would otherwise load.

A room of 30 arrives at a server whose processes have just started: without this,
the first sign-ins in every process each read the list of common passwords, load
the Argon2 library and compile the same templates at the same moment.
"""

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.template.loader import get_template
from django.urls import reverse

# The pages a room opens first.
TEMPLATES = (
    "base.html",
    "registration/login.html",
    "cohorts/join.html",
)


def warm_up() -> None:
    """Touch each lazily built piece once; nothing here reads the database."""
    password_validation.get_default_password_validators()
    make_password("warm-up")  # loads the hasher's library (Argon2)
    reverse("login")  # builds the URL resolver
    for name in TEMPLATES:
        get_template(name)


def open_database_pool(timeout: float = 10.0) -> None:
    """Open this process's PostgreSQL pool and wait for its first connections."""
    from django.db import connections

    pool = getattr(connections["default"], "pool", None)
    if pool is not None:
        pool.open(wait=True, timeout=timeout)
