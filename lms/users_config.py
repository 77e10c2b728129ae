"""Wagtail's users app under Harbour's own configuration.

Listed in INSTALLED_APPS in place of "wagtail.users" (Wagtail's documented way
to give the admin's user screens other forms); kept apart from lms/apps.py so
that "lms" still finds its one AppConfig there.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class HarbourUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with Harbour's user forms (organisation and sector)."""

    user_viewset = "lms.viewsets.UserViewSet"
