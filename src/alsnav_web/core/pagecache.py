"""Rendered public pages, kept in each app process's memory for visitors who are not signed in.

Most visits are to the same public pages (treatments, symptoms, search, urgent help), which change
only when the content is loaded again or someone posts a comment. Rendering them costs far more
than serving them, so :func:`public_page` keeps the rendered bytes and serves them again while
nothing has changed. Signed-in people, and anyone with a session or a pending message, always get a
fresh render: their pages show their own name, comments and messages.

What keeps a kept page correct:

* **Changes.** :func:`public_pages_changed` (called on every save or delete of a catalogue,
  community or trials row, and by the content loader) writes a new version to the shared cache
  (the database cache or Redis, so every app process sees it). Each process reads that version at
  most once per :data:`VERSION_CHECK_SECONDS`, so another process's change shows within about a
  second; its own changes show at once.
* **Age.** A kept page is rendered again after :data:`MAX_AGE_SECONDS` whatever happens, and pages
  are kept per day (dates such as "review overdue" move on at midnight).
* **Per-visitor values.** Values that must differ for each visitor (the CSRF token, the comment
  form's signed token) are rendered as placeholders, see :func:`fresh_value`, and filled in for
  each response.
* **Size.** At most :data:`MAX_PAGES` pages per process, least recently used dropped first, and
  only addresses with a short query string are kept.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "alsnav:public-pages:version"
VERSION_CHECK_SECONDS = 1.0
MAX_AGE_SECONDS = 300.0
MAX_PAGES = 400
MAX_QUERY_LENGTH = 200
#: Cookies that mean the page may be personal (a session, queued messages).
_PERSONAL_COOKIES = ("sessionid", "messages")

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])
_Maker = Callable[[HttpRequest], str]


@dataclass
class _Kept:
    content: bytes
    status: int
    headers: list[tuple[str, str]]
    fresh: dict[str, _Maker]
    version: str
    day: date
    stored_at: float = field(default_factory=time.monotonic)


class _Pages:
    """A bounded, least-recently-used store of rendered pages (one per app process)."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()
        self._version: tuple[str, float] | None = None
        # Moves on with every change made in this process, before the shared version does (on commit).
        self._generation = 0

    def version(self) -> str:
        """The version of everything public pages show (shared by every process, plus this
        process's own changes not yet committed)."""
        with self._lock:
            known, generation = self._version, self._generation
        now = time.monotonic()
        if known is not None and now - known[1] < VERSION_CHECK_SECONDS:
            return f"{known[0]}.{generation}"
        value = cache.get(VERSION_KEY)
        if value is None:
            value = secrets.token_hex(8)
            if not cache.add(VERSION_KEY, value, timeout=None):
                value = cache.get(VERSION_KEY) or value
        with self._lock:
            self._version = (str(value), now)
        return f"{value}.{generation}"

    def changed(self) -> None:
        self.clear()
        try:
            cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
        except Exception:  # a cache outage must not fail the write that was just made
            # Other processes show the change when their kept pages expire (MAX_AGE_SECONDS).
            logger.warning(
                "shared cache unavailable: other app processes may show pages up to %d s old", MAX_AGE_SECONDS
            )

    def fragment_version(self) -> str:
        """:meth:`version`, or a value never seen before when the shared cache cannot be read (so
        nothing kept is reused while changes cannot be known)."""
        try:
            return self.version()
        except Exception:  # render as if nothing were kept
            return "unknown-" + secrets.token_hex(8)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._version = None
            self._generation += 1

    def get(self, key: str, version: str, day: date) -> _Kept | None:
        with self._lock:
            kept = self._pages.get(key)
            if kept is None:
                return None
            if (
                kept.version != version
                or kept.day != day
                or time.monotonic() - kept.stored_at > MAX_AGE_SECONDS
            ):
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return kept

    def put(self, key: str, kept: _Kept) -> None:
        with self._lock:
            self._pages[key] = kept
            self._pages.move_to_end(key)
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


pages = _Pages()


def public_pages_changed() -> None:
    """Something shown on public pages changed: every process renders them again.

    This process forgets its pages at once; the shared version moves on when the change is
    committed (so no process can keep a page rendered from data that is not committed yet)."""
    pages.clear()
    transaction.on_commit(pages.changed)


#: Rows shown on public pages: saving or deleting one renders public pages again.
PUBLIC_MODELS = (
    "catalog.Treatment",
    "catalog.SymptomVocabulary",
    "community.Comment",
    "community.Experience",
    "trials.Study",
)


def _on_change(sender: object, **kwargs: object) -> None:
    public_pages_changed()


def _on_account_change(sender: object, update_fields: frozenset[str] | None = None, **kwargs: object) -> None:
    """Account names are shown beside comments; signing in (which saves only ``last_login``) is not
    a change anyone sees."""
    if update_fields is None or set(update_fields) - {"last_login", "password"}:
        public_pages_changed()


def connect_signals() -> None:
    """Called once when the app starts (``CoreConfig.ready``)."""
    for model in PUBLIC_MODELS:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"pagecache-delete-{model}")
    user_model = settings.AUTH_USER_MODEL
    post_save.connect(_on_account_change, sender=user_model, dispatch_uid="pagecache-save-account")
    post_delete.connect(_on_change, sender=user_model, dispatch_uid="pagecache-delete-account")


def _enabled() -> bool:
    return bool(getattr(settings, "ALSNAV_PUBLIC_PAGE_CACHE", True))


def _keepable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not _enabled():
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *_PERSONAL_COOKIES)):
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH


def _key(request: HttpRequest) -> str:
    htmx = "htmx" if request.headers.get("HX-Request") else "page"
    return f"{htmx} {request.path}?{request.META.get('QUERY_STRING', '')}"


def _placeholder(name: str) -> str:
    return f"alsnav-fresh-{name}-value"


def fresh_value(request: HttpRequest, name: str, make: _Maker) -> str:
    """A value that must differ for each visitor (``make(request)`` gives it).

    While a page is being rendered to be kept, this returns a placeholder instead, and the kept
    page is given a new value from ``make`` each time it is served."""
    makers: dict[str, _Maker] | None = getattr(request, "_alsnav_fresh", None)
    if makers is None:
        return make(request)
    makers[name] = make
    return _placeholder(name)


def csrf_token(request: HttpRequest) -> str:
    return get_token(request)


def _serve(request: HttpRequest, kept: _Kept) -> HttpResponse:
    content = kept.content
    for name, make in kept.fresh.items():
        content = content.replace(_placeholder(name).encode(), make(request).encode())
    response = HttpResponse(content, status=kept.status)
    for header, value in kept.headers:
        response[header] = value
    return response


def _can_keep(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return "no-store" not in control and "private" not in control


def public_page(view: _View) -> _View:
    """Keep this view's rendered page for visitors who are not signed in (see the module notes)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _keepable(request):
            return view(request, *args, **kwargs)
        try:
            version = pages.version()
        except Exception:
            return view(request, *args, **kwargs)
        key, day = _key(request), timezone.localdate()
        kept = pages.get(key, version, day)
        if kept is not None:
            return _serve(request, kept)
        makers: dict[str, _Maker] = {}
        request._alsnav_fresh = makers  # type: ignore[attr-defined]  # read by fresh_value
        try:
            response = view(request, *args, **kwargs)
        finally:
            del request._alsnav_fresh  # type: ignore[attr-defined]
        if not isinstance(response, HttpResponse) or not _can_keep(response):
            return _fill(request, response, makers)
        kept = _Kept(
            content=response.content,
            status=response.status_code,
            headers=[(h, v) for h, v in response.items() if h.lower() != "content-length"],
            fresh=makers,
            version=version,
            day=day,
        )
        pages.put(key, kept)
        return _serve(request, kept)

    return cast(_View, wrapper)


def _fill(request: HttpRequest, response: HttpResponseBase, makers: dict[str, _Maker]) -> HttpResponseBase:
    """A response rendered with placeholders that will not be kept: put the real values in."""
    if makers and isinstance(response, HttpResponse) and not response.streaming:
        content = response.content
        for name, make in makers.items():
            content = content.replace(_placeholder(name).encode(), make(request).encode())
        response.content = content
    return response
