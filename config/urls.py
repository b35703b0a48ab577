from django.contrib import admin
from django.urls import include, path

from alsnav_web.api.api import api

# A database failure outside a view (e.g. the session middleware) is a 503, not a bare 500.
handler500 = "alsnav_web.core.middleware.server_error_or_unavailable"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("alsnav_web.accounts.urls")),
    path("community/", include("alsnav_web.community.urls")),
    path("search/", include("alsnav_web.search.urls")),
    path("patients/", include("alsnav_web.patients.urls")),
    path("trials/", include("alsnav_web.trials.urls")),
    path("", include("alsnav_web.careplan.urls")),  # /patients/<id>/care-plan/, /clinic/
    path("", include("alsnav_web.catalog.urls")),
]
