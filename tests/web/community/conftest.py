from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Rate limits and duplicate checks live in the cache: every test starts with a clean one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(live_server: Any, content: None, settings: Any) -> str:
    """The live site for browser tests. Playwright fills a form in milliseconds, faster than the
    minimum a person needs, so the minimum is lifted here (tests/web/community/test_comments.py
    checks it with real timings)."""
    settings.COMMUNITY_MIN_SECONDS_TO_POST = 0
    return str(live_server.url)
