"""Security headers every response carries (CSP, permissions policy), the one place where the
core's "not found" and "not allowed" errors become 404 and 403 pages, and the one place where a
database that cannot be reached becomes a calm 503 page (or a JSON 503 under /api/)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.defaults import server_error

from alsnav.errors import AccessDenied, NotFoundError

# Only our own scripts and styles; no inline script. HTMX and our JS are served from /static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


#: Paths that carry a person's health data (and, below, the trial screener's eligibility pages).
PRIVATE_PREFIXES = ("/patients/", "/api/patients/", "/trials/record/", "/clinic/")


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES) or (path.startswith("/trials/") and "/eligibility" in path)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(request.path):
            # Health data: never kept by a browser or a shared cache (pages and API alike).
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class NulInPathMiddleware:
    """An address with a NUL character (``%00``) names nothing: answer "not found" before any view
    puts it into a query, which PostgreSQL refuses with an error (a 500) rather than no rows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Not Found"}, status=404)
            raise Http404("no such page")
        return self.get_response(request)


class CoreErrorsMiddleware:
    """Map the core's errors raised by selectors to Django's: ``NotFoundError`` → 404 and
    ``AccessDenied`` → 403, rendered by the site's own error pages. The empty 405 answer of a page
    that does not take the method (``require_safe``, ``require_POST``) gets the site's layout too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            raise Http404(str(exception)) from exception
        if isinstance(exception, AccessDenied):
            raise PermissionDenied(str(exception)) from exception
        return None


#: What a person sees while the database cannot be reached (the 503 page says the same).
UNAVAILABLE_DETAIL = "The service is briefly unavailable. Please try again in a minute."
#: Seconds a client is asked to wait before trying again (the ``Retry-After`` header).
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger("alsnav.availability")


def is_database_unavailable(exception: BaseException | None) -> bool:
    """Whether ``exception`` means the database could not be reached or the connection broke
    (``OperationalError``: server stopped, connection refused or lost, SQLite file unreadable;
    ``InterfaceError``: a connection already closed). Integrity and data errors are bugs, not this."""
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: the site's layout and a plain sentence, or for the API its error
    shape ``{"detail": ..., "problems": []}``. Rendered without the request's context processors,
    so nothing here touches the database (no session, no signed-in user, no messages)."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": UNAVAILABLE_DETAIL, "problems": []}, status=503)
    else:
        html = loader.get_template("503.html").render({})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view that fails because the database is down answers 503 (see :func:`unavailable_response`)
    instead of the generic 500. Only the exception's class is logged: never the request, its
    parameters or the database's message (which may quote a query with someone's data)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable (%s); answered 503", type(exception).__name__)
        return unavailable_response(request)


def server_error_or_unavailable(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database failure outside a view (in a middleware, e.g. loading or saving
    the session) is still a 503 with the plain message; anything else is the usual 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        logger.warning("database unavailable outside a view; answered 503")
        return unavailable_response(request)
    return server_error(request)
