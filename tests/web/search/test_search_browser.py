"""Search in real Chromium: axe-core (WCAG 2.2 AA), the combobox by keyboard, and no JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.conftest import axe_violations, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROLS = "header a, header button, header input, main a, main button, [role=option]"


@pytest.mark.parametrize(
    "query",
    ["drooling", "baclofem", "glycopiroleyt", "", "<script>alert(1)</script>"],
    ids=["results", "corrected", "zero-results", "empty", "html"],
)
def test_search_pages_have_no_axe_violations_and_large_targets(page: Page, site: str, query: str) -> None:
    page.goto(f"{site}/search/?q={query}")
    assert axe_violations(page) == []
    assert small_targets(page, CONTROLS) == []


def test_zero_results_page_offers_ways_forward(page: Page, site: str) -> None:
    page.goto(f"{site}/search/?q=glycopiroleyt")
    expect(page.get_by_role("heading", level=1)).to_have_text("No results for “glycopiroleyt”")
    expect(page.get_by_role("link", name="Glycopyrrolate")).to_be_visible()
    expect(page.get_by_role("link", name="Find help by symptom").last).to_be_visible()
    expect(page.get_by_role("link", name="Ask the community about “glycopiroleyt”")).to_have_attribute(
        "href", "/community/ask/?q=glycopiroleyt"
    )


def _open_suggestions(page: Page, site: str, text: str) -> None:
    page.goto(f"{site}/treatments/")
    box = page.get_by_role("combobox", name="Search treatments and symptoms")
    box.click()
    box.press_sequentially(text, delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()


def test_suggestion_list_is_an_accessible_combobox_with_no_axe_violations(page: Page, site: str) -> None:
    _open_suggestions(page, site, "drool")
    box = page.get_by_role("combobox", name="Search treatments and symptoms")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "site-search-listbox")
    expect(page.get_by_role("option").first).to_have_text("What helps with drooling? Symptom")
    expect(page.locator("#site-search-status")).to_contain_text("suggestions")
    box.press("ArrowDown")
    assert axe_violations(page) == []
    assert small_targets(page, "[role=option]") == []


def test_keyboard_moves_through_suggestions_and_enter_opens_one(page: Page, site: str) -> None:
    _open_suggestions(page, site, "drool")
    box = page.get_by_role("combobox", name="Search treatments and symptoms")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-option-1")
    expect(page.locator("#site-search-option-1")).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-option-2")
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-option-1")
    assert page.evaluate("document.activeElement.id") == "site-search"  # focus stays in the box
    box.press("Enter")
    expect(page).to_have_url(f"{site}/symptoms/sialorrhea/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("drool", ignore_case=True)


def test_escape_closes_the_list_then_clears_the_box(page: Page, site: str) -> None:
    _open_suggestions(page, site, "rilu")
    box = page.get_by_role("combobox", name="Search treatments and symptoms")
    box.press("ArrowDown")
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    box.press("Escape")
    expect(box).to_have_value("")


def test_enter_without_choosing_a_suggestion_searches(page: Page, site: str) -> None:
    _open_suggestions(page, site, "stiff legs")
    page.get_by_role("combobox", name="Search treatments and symptoms").press("Enter")
    expect(page).to_have_url(f"{site}/search/?q=stiff+legs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for “stiff legs”")


def test_clicking_a_suggestion_opens_it(page: Page, site: str) -> None:
    _open_suggestions(page, site, "rilu")
    page.get_by_role("option", name="Riluzole Treatment").click()
    expect(page).to_have_url(f"{site}/treatments/riluzole/")


def test_search_works_without_javascript(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/")
    box = page.get_by_role("searchbox", name="Search treatments and symptoms")
    box.fill("my husband drools all the time")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Search results for “my husband drools all the time”"
    )
    expect(page.locator(".search-results mark").first).to_be_visible()
    page.locator(".search-results .card > a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/treatments/" in page.url
    context.close()


def test_results_reflow_at_400_percent_zoom(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{site}/search/?q=drooling")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0
