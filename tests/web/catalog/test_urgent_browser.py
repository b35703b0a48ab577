"""The urgent-help page, the glossary, a new entry and a symptom page in real Chromium:
axe-core (WCAG 2.2 AA), no sideways scrolling at 320 and 375 px, and the "Urgent help" link by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.conftest import axe_violations, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/urgent/",
    "/urgent/?country=GB",
    "/glossary/",
    "/treatments/genetic-testing/",
    "/treatments/neck-support/",
    "/symptoms/dyspnea/",
    "/symptoms/head-drop/",
    "/search/?q=he+is+choking+and+cant+stop",
]
# Inline links in sentences are exempt from the target-size rule (WCAG 2.5.8); these are not.
CONTROLS = "header a, .toc a, .country-form select, .country-form button, .link-list a"


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", PAGES)
def test_page_is_axe_clean_and_reflows(browser: Browser, site: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    try:
        page.goto(f"{site}{path}")
        assert axe_violations(page) == []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert small_targets(page, CONTROLS) == []
    finally:
        context.close()


def test_keyboard_reaches_urgent_help_from_any_page(page: Page, site: str) -> None:
    page.goto(f"{site}/treatments/riluzole/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Urgent help":
            break
    else:
        pytest.fail("the Urgent help link is not reachable within 15 tabs")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/urgent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Urgent help")


def test_country_choice_works_by_keyboard(page: Page, site: str) -> None:
    page.goto(f"{site}/urgent/")
    page.get_by_label("Show the numbers for").select_option("AU")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{site}/urgent/?country=AU")
    expect(page.locator(".numbers-list")).to_contain_text("13 11 14")
