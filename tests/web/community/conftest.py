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
    """The live site for browser tests (there is no minimum time to post: see protection.py)."""
    return str(live_server.url)
