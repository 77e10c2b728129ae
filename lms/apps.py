from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Harbour"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .languages import install as install_languages
        from .services import roles_grant_after_last_app_migrates

        # Papiamentu's names and its fallback to Dutch, before any translation.
        install_languages()

        # Permissions of every app exist only after all migrations ran, so the
        # Administrators group is completed here rather than in a migration.
        post_migrate.connect(
            roles_grant_after_last_app_migrates,
            dispatch_uid="harbour_administrator_permissions",
        )
