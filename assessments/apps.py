from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Quizzes"
    default_auto_field = "django.db.models.BigAutoField"
