"""URLs of the assessments app's site views."""

from django.urls import path, register_converter

from . import views
from .converters import RowIdConverter

register_converter(RowIdConverter, "assessments_id")

app_name = "assessments"
urlpatterns = [
    path("quizzes/my-results/", views.my_results, name="my_results"),
    path("quizzes/<assessments_id:quiz_id>/start/", views.attempt_start, name="start"),
    path(
        "quizzes/attempts/<assessments_id:attempt_id>/",
        views.attempt_detail,
        name="attempt",
    ),
    path(
        "quizzes/attempts/<assessments_id:attempt_id>/confirm/",
        views.attempt_confirm,
        name="confirm",
    ),
    path(
        "quizzes/attempts/<assessments_id:attempt_id>/answers/",
        views.attempt_autosave,
        name="autosave",
    ),
    path(
        "quizzes/attempts/<assessments_id:attempt_id>/review/",
        views.attempt_review_view,
        name="review",
    ),
]
