"""Security headers every response carries (CSP, permissions policy), and the one place where
the core's "not found" and "not allowed" errors become 404 and 403 pages."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

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
