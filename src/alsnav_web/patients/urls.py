from django.urls import path  # noqa: F401 - routes are added as the feature is built

app_name = "patients"
urlpatterns: list[object] = []
