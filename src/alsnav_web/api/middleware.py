"""Errors under /api/ answer in JSON, in the API's one error shape, never as an HTML page.

- A body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` gets 413 with a sentence naming the limit (the
  request is refused before its body is read, or when reading it fails for a body sent without a
  length);
- any other 4xx or 5xx answer that is not JSON already (Django's 404 for an unknown address, 405,
  a CSRF refusal, the 500 page) becomes ``{"detail": ...}`` with the same status and headers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"

_DETAILS = {
    400: "The request could not be read. Nothing was changed.",
    401: "Sign in first: this needs a signed-in session.",
    403: "This request was refused. If you use a session, send the CSRF token. Nothing was changed.",
    404: "There is nothing at this address in the API. See /api/docs for the addresses.",
    405: "This address does not accept this method. See /api/docs for the methods it accepts.",
    413: "The request is too large. Nothing was changed.",
    415: "Send the body as JSON (Content-Type: application/json).",
    429: "Too many requests. Please wait a little and try again.",
}
_DETAIL_5XX = "Something went wrong on our side. Nothing you sent caused this; please try again later."


def upload_limit_bytes() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def _size_phrase(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.1f} MB ({size:,} bytes)".replace(".0 MB", " MB")


def too_large_body() -> dict[str, object]:
    """The 413 answer, in the same shape as every refused request (``ProblemsOut``)."""
    limit = upload_limit_bytes()
    return {
        "detail": (
            f"The request body is too large: the limit is {_size_phrase(limit)}. "
            "Nothing was changed. Check: request."
        ),
        "problems": [{"path": "request", "message": f"the body must be at most {limit:,} bytes"}],
    }


def too_large_response() -> JsonResponse:
    return JsonResponse(too_large_body(), status=413)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        limit = upload_limit_bytes()
        if limit and _declared_length(request) > limit:
            return too_large_response()
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return self._as_json(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith(API_PREFIX) and isinstance(exception, RequestDataTooBig):
            return too_large_response()
        return None

    @staticmethod
    def _as_json(response: HttpResponse) -> HttpResponse:
        status = response.status_code
        if status == 413:
            replacement = too_large_response()
        else:
            detail = _DETAILS.get(status, _DETAIL_5XX if status >= 500 else "The request was refused.")
            replacement = JsonResponse({"detail": detail}, status=status)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement
