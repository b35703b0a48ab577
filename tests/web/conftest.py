"""Web tests: the real content loaded into the test database; Playwright on Debian's Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _no_kept_pages() -> Iterator[None]:
    """Each test starts with no kept public pages (rolled-back rows send no change signal)."""
    from alsnav_web.core import pagecache

    pagecache.pages.clear()
    yield
    pagecache.pages.clear()


@pytest.fixture(scope="session")
def parsed_content() -> object:
    """The content files, read and validated once per test session."""
    from alsnav.kb.catalog import load_catalog

    return load_catalog(CONTENT_DIR)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, parsed_content: object
) -> None:
    from alsnav_web.catalog.services import content_load

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        content_load(content_dir=CONTENT_DIR, catalog=parsed_content)  # type: ignore[arg-type]


@pytest.fixture
def content(transactional_db: None, parsed_content: object) -> Iterator[None]:
    """Store the content again for tests whose database is flushed between tests (live_server);
    the files were read once for the session."""
    from alsnav_web.catalog.services import content_load

    content_load(content_dir=CONTENT_DIR, catalog=parsed_content)  # type: ignore[arg-type]
    yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def sign_in(browser: Any, site: str) -> Iterator[Callable[..., Any]]:
    """Browser contexts signed in as a given user (``make(user, viewport=..., java_script_enabled=...)``);
    ``site`` is the live server's address, from the package's own fixture."""
    from django.test import Client

    contexts: list[Any] = []

    def make(user: Any, **options: Any) -> Any:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        context = browser.new_context(**options)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
