"""URLs of the cohorts app's site views."""

app_name = "cohorts"
urlpatterns: list = []
