"""Account pages in real Chromium: axe-core, error summary focus, header targets, lockout page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.conftest import axe_violations, small_targets
from tests.web.community.helpers import PASSWORD, make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_CONTROLS = "header a, header button, header input"
FORM_CONTROLS = "main button, main a.button, main .link-list a, header a, header button"


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/sign-in/",
        "/accounts/sign-up/",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
    ],
)
def test_account_pages_have_no_axe_violations_and_large_targets(page: Page, site: str, path: str) -> None:
    page.goto(site + path)
    assert axe_violations(page) == []
    assert small_targets(page, FORM_CONTROLS) == []


def test_sign_up_errors_are_focused_linked_and_accessible(page: Page, site: str) -> None:
    page.goto(f"{site}/accounts/sign-up/")
    page.get_by_label("User name").fill("robin@example.org")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile("^Error: Create an account"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert axe_violations(page) == []
    summary.get_by_role("link", name=re.compile("^E-mail address")).click()
    expect(page.get_by_label("E-mail address")).to_be_focused()
    expect(page.get_by_label("User name")).to_have_value("robin@example.org")
    expect(page.get_by_label("User name")).to_have_attribute("aria-invalid", "true")


def test_create_an_account_then_sign_out_and_back_in(page: Page, site: str) -> None:
    page.goto(f"{site}/treatments/riluzole/")
    page.locator("header").get_by_role("link", name="Create account").click()
    page.get_by_label("User name").fill("robin")
    page.get_by_label("E-mail address").fill("robin@example.org")
    page.get_by_label("Password", exact=True).fill("quiet mornings with tea")
    page.get_by_label("Type the password again").fill("quiet mornings with tea")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("h1")).to_have_text("Riluzole")  # back where they started
    expect(page.locator(".messages")).to_contain_text("Welcome, robin")
    header = page.locator("header")
    expect(header).to_contain_text("Signed in as robin")
    assert small_targets(page, HEADER_CONTROLS) == []
    assert axe_violations(page) == []
    header.get_by_role("button", name="Sign out").click()
    expect(page.locator(".messages")).to_contain_text("You have signed out.")
    sign_in(page, site, "robin", "quiet mornings with tea")
    expect(page.locator("header")).to_contain_text("Signed in as robin")


def test_keyboard_user_can_sign_out(page: Page, site: str) -> None:
    make_user("kim")
    sign_in(page, site, "kim")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Sign out":
            break
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("You have signed out.")


def test_header_with_account_links_reflows_at_400_percent_zoom(browser: Browser, site: str) -> None:
    make_user("a-rather-long-user-name")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{site}/")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    sign_in(page, site, "a-rather-long-user-name")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert small_targets(page, HEADER_CONTROLS) == []
    context.close()


def test_lockout_page_is_kind_clear_and_accessible(page: Page, site: str) -> None:
    make_user("robin")
    for _ in range(5):
        page.goto(f"{site}/accounts/sign-in/")
        page.get_by_label("User name or e-mail address").fill("robin")
        page.get_by_label("Password").fill("not my password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Sign-in is paused for a while")
    expect(page.locator("main")).to_contain_text("You can try again in about 30 minutes")
    assert axe_violations(page) == []
    # The right password waits too; the page says so again rather than a bare error.
    sign_in(page, site, "robin", PASSWORD)
    expect(page.locator("h1")).to_have_text("Sign-in is paused for a while")
    page.get_by_role("link", name="set a new password").click()
    expect(page.locator("h1")).to_have_text("Set a new password")
