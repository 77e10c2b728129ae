"""URLs of the courses app's site views."""

app_name = "courses"
urlpatterns: list = []
