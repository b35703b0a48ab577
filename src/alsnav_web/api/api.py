"""The JSON API (django-ninja). OpenAPI description at /api/docs and /api/openapi.json."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Status, Swagger
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from ninja.openapi.docs import _csrf_needed

from alsnav.errors import AccessDenied, NotFoundError
from alsnav.kb import catalog as kb_catalog
from alsnav_web.api.middleware import too_large_body
from alsnav_web.api.schemas import ErrorOut, ProblemsOut, TreatmentListItem, TreatmentOut
from alsnav_web.catalog.selectors import catalog_current, treatment_get
from alsnav_web.core.pagecache import public_page

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
        "Reviewed, referenced information about ALS treatments. JSON shapes match the `alsnav` command line."
    ),
    urls_namespace="api",
)


def problems_response(request: HttpRequest, detail: str, problems: list[tuple[str, str]]) -> HttpResponse:
    """The one shape of a refused request (422): a sentence naming the fields, and every problem
    with its path."""
    fields = ", ".join(dict.fromkeys(path for path, _ in problems))
    body = {
        "detail": f"{detail} Check: {fields}." if fields else detail,
        "problems": [{"path": path, "message": message} for path, message in problems],
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Requests the schema refuses answer in the same shape as the ones the core refuses."""
    problems = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        problems.append((".".join(loc) or "request", str(error.get("msg", "invalid"))))
    return problems_response(request, "The request was not valid; nothing was changed.", problems)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE sent without a length (most are refused earlier, by
    ``ApiErrorsMiddleware``, before the body is read): 413 in the one shape of a refused request."""
    return api.create_response(request, too_large_body(), status=413)


@api.get(
    "/treatments",
    response={200: list[TreatmentListItem], 422: ProblemsOut},
    tags=["knowledge base"],
)
@decorate_view(public_page)
def treatments_list(request: HttpRequest, category: str | None = None) -> Any:
    """Every treatment, sorted by title; `category` narrows the list."""
    entries = catalog_current().treatments
    if category is not None:
        if category not in kb_catalog.category_values():
            expected = ", ".join(kb_catalog.category_values())
            message = f"unknown value '{category}'; expected one of {expected}"
            return problems_response(request, "The request was not valid.", [("category", message)])
        entries = [t for t in entries if t.meta.category.value == category]
    return [kb_catalog.list_item(t) for t in entries]


@api.get(
    "/treatments/{treatment_id}",
    response={200: TreatmentOut, 404: ErrorOut},
    tags=["knowledge base"],
)
@decorate_view(public_page)
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
