"""URLs of the courses app's site views."""

from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("search/", views.search, name="search"),
    path(
        "lessons/<int:lesson_id>/complete/",
        views.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "lessons/<int:lesson_id>/undo/",
        views.lesson_uncomplete,
        name="lesson_uncomplete",
    ),
]
