"""URLs of the assessments app's site views."""

app_name = "assessments"
urlpatterns: list = []
