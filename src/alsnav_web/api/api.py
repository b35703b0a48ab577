"""The JSON API (django-ninja). OpenAPI description at /api/docs and /api/openapi.json."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Status, Swagger
from ninja.errors import HttpError
from ninja.openapi.docs import _csrf_needed

from alsnav.errors import AccessDenied, NotFoundError
from alsnav.kb import catalog as kb_catalog
from alsnav_web.api.schemas import ErrorOut, TreatmentListItem, TreatmentOut
from alsnav_web.catalog.selectors import catalog_current, treatment_get

NOT_FOUND_DETAIL = "No record with this id, or you have no access to it."
DENIED_DETAIL = "Your access to this record does not allow this."

class LocalSwagger(Swagger):
    """Swagger UI from the project's own static files (``api/static/api/swagger-ui``), never a CDN:
    the viewer works offline and runs no third-party code on the patient-data origin, under the
    site's normal Content-Security-Policy."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1).replace("</", "<\\/"),
            "api": api,
            "add_csrf": _csrf_needed(api),
            "openapi_url": self.settings["url"],
        }
        return render(request, "api/docs.html", context)


api = NinjaAPI(
    docs=LocalSwagger(),
    title="ALS Navigator API",
    version="1",
    description=(
        "Reviewed, referenced information about ALS treatments. "
        "JSON shapes match the `alsnav` command line."
    ),
    urls_namespace="api",
)


@api.get("/treatments", response=list[TreatmentListItem], tags=["knowledge base"])
def treatments_list(request: HttpRequest, category: str | None = None) -> list[dict[str, Any]]:
    """Every treatment, sorted by title; `category` narrows the list."""
    entries = catalog_current().treatments
    if category is not None:
        if category not in kb_catalog.category_values():
            raise HttpError(
                422,
                f"category: unknown value '{category}'; expected one of "
                + ", ".join(kb_catalog.category_values()),
            )
        entries = [t for t in entries if t.meta.category.value == category]
    return [kb_catalog.list_item(t) for t in entries]


@api.get(
    "/treatments/{treatment_id}",
    response={200: TreatmentOut, 404: ErrorOut},
    tags=["knowledge base"],
)
def treatment_detail(request: HttpRequest, treatment_id: str) -> Status[dict[str, Any]]:
    """One whole entry: summary, evidence, regulatory status, references and review dates."""
    try:
        entry = treatment_get(treatment_id=treatment_id)
    except NotFoundError as exc:
        return Status(404, {"detail": str(exc)})
    return Status(200, kb_catalog.full_entry(entry))


@api.exception_handler(NotFoundError)
def _not_found(request: HttpRequest, exc: NotFoundError) -> HttpResponse:
    """A record or entry that does not exist, or is not the caller's to know of."""
    return api.create_response(request, {"detail": NOT_FOUND_DETAIL}, status=404)


@api.exception_handler(AccessDenied)
def _denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
    return api.create_response(request, {"detail": DENIED_DETAIL}, status=403)


def _mount_feature_routers() -> None:
    from alsnav_web.community.api import router as community_router
    from alsnav_web.patients.api import router as patients_router
    from alsnav_web.search.api import router as search_router

    api.add_router("/search", search_router)
    api.add_router("/community", community_router)
    api.add_router("/patients", patients_router)


_mount_feature_routers()
