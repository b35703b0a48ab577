"""Helpers for the browser tests (real Chromium through Playwright, axe-core for WCAG checks)."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page; return violations of WCAG 2.2 A/AA rules (with their targets)."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


def small_targets(page: Page, selector: str) -> list[str]:
    """Visible interactive elements under ``selector`` smaller than 44×44 CSS px."""
    return page.eval_on_selector_all(
        selector,
        """els => els.filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44); })
                 .map(e => (e.textContent || e.value || e.name || e.tagName).trim().slice(0, 40)
                      + ' ' + Math.round(e.getBoundingClientRect().width) + 'x'
                      + Math.round(e.getBoundingClientRect().height))""",
    )


@pytest.fixture
def site(live_server: Any, content: None) -> str:
    return str(live_server.url)
