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
