from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def _grant_administrators_after_last_app(sender=None, **kwargs) -> None:
    """Complete the Administrators group once every app's permissions exist.

    lms grants them when its own post_migrate runs, which on a fresh database is
    before the permissions of the apps after it (cohorts, certificates…) exist.
    """
    configs = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender is None or sender is not configs[-1]:
        return
    from django.contrib.auth.management import create_permissions

    from lms.services import roles_grant_administrator_permissions

    for config in configs:
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    roles_grant_administrator_permissions(sender=None)


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(
            _grant_administrators_after_last_app,
            dispatch_uid="cohorts_grant_administrators_after_last_app",
        )
