"""The API viewer renders offline from our own static files under the site's CSP."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_with_no_third_party_requests(page: Page, live_server: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("ALS Navigator API")
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests
    assert violations == []
