"""The one place Harbour reads its environment. Every variable is listed in .env.example."""

import os

from django.core.exceptions import ImproperlyConfigured


def get(name: str, default: str = "") -> str:
    """Return an environment variable as text, or the default."""
    return os.environ.get(name, default).strip()


def get_bool(name: str, default: bool = False) -> bool:
    """Return an environment variable as a boolean (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def get_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated environment variable as a list."""
    return [item.strip() for item in get(name, default).split(",") if item.strip()]


def require(name: str) -> str:
    """Return a variable that production cannot run without, or refuse to start."""
    value = get(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment for production (see .env.example)."
        )
    return value
