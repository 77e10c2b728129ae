"""URLs of the certificates app's site views."""

app_name = "certificates"
urlpatterns: list = []
