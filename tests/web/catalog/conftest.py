"""Fixtures for the catalogue tests (browser tests reuse the shared helpers)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def site(live_server: Any, content: None) -> str:
    return str(live_server.url)
