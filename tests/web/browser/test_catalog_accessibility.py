"""WCAG 2.2 AA in real Chromium: axe-core, keyboard, focus, target size, reflow, no-JS and print."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.conftest import axe_violations, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/treatments/",
    "/treatments/riluzole/",
    "/treatments/coenzyme-q10/",
    "/treatments/noninvasive-ventilation/",
    "/symptoms/",
    "/symptoms/sialorrhea/",
    "/about/",
    "/treatments/no-such-treatment/",
]

CONTROLS = (
    "header a, header button, header input, nav a, main button, .card > a, .toc a, .link-list a, footer a"
)


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations_and_large_targets(page: Page, site: str, path: str) -> None:
    page.goto(site + path)
    assert axe_violations(page) == []
    assert small_targets(page, CONTROLS) == []


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_main(page: Page, site: str) -> None:
    page.goto(site + "/treatments/riluzole/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is inside main (the breadcrumb), not the header navigation.
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_every_focusable_element_shows_a_visible_focus(page: Page, site: str) -> None:
    page.goto(site + "/treatments/")
    invisible = []
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
        )
        if style[1] == "none" and style[3] == "none":
            invisible.append(style[0])
    assert invisible == []


def test_keyboard_only_reader_can_open_a_treatment(page: Page, site: str) -> None:
    page.goto(site + "/treatments/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/treatments/baclofen/":
            break
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Baclofen")


@pytest.mark.parametrize("path", ["/", "/treatments/riluzole/", "/treatments/coenzyme-q10/", "/symptoms/"])
def test_text_reflows_at_400_percent_zoom_without_sideways_scrolling(
    browser: Browser, site: str, path: str
) -> None:
    # 320 CSS px wide is a 1280 px window at 400% zoom (WCAG 1.4.10), stricter than 200%.
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_pages_work_without_javascript(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/treatments/")
    page.get_by_role("link", name="Riluzole", exact=True).click()
    expect(page.locator("h1")).to_have_text("Riluzole")
    expect(page.get_by_role("heading", name="References")).to_be_visible()
    context.close()


def test_print_layout_hides_navigation_and_keeps_the_content(page: Page, site: str) -> None:
    page.goto(site + "/treatments/riluzole/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".search-form").is_visible()
    expect(page.get_by_role("heading", name="References")).to_be_visible()
