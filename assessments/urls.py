"""URLs of the assessments app's site views."""

from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("quizzes/my-results/", views.my_results, name="my_results"),
    path("quizzes/<int:quiz_id>/start/", views.attempt_start, name="start"),
    path("quizzes/attempts/<int:attempt_id>/", views.attempt_detail, name="attempt"),
    path(
        "quizzes/attempts/<int:attempt_id>/answers/",
        views.attempt_autosave,
        name="autosave",
    ),
    path(
        "quizzes/attempts/<int:attempt_id>/review/",
        views.attempt_review_view,
        name="review",
    ),
]
