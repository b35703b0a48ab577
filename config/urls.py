from django.contrib import admin
from django.urls import include, path

from alsnav_web.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("alsnav_web.catalog.urls")),
]
