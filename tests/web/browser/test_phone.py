"""Every page type at phone widths (320 and 375 px), signed out and signed in as owner, caregiver
and clinician, over a record with a year of data: nothing scrolls sideways, no word is split inside
a table, chart labels are at least 12 px, every aria reference resolves, and axe finds nothing.
Plus: the first ALSFRS-R answer is on the first screen, and a whole ALSFRS-R takes at most 40 key
presses from page load."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, expect

from alsnav_web.patients import services
from alsnav_web.patients.models import Assessment
from tests.web.browser.conftest import axe_violations
from tests.web.browser.phone import (
    first_answer_top,
    months_of_data,
    page_width,
    smallest_chart_text,
    split_words,
    window_width,
)
from tests.web.core.test_references import broken_references
from tests.web.patients.conftest import FIXTURES, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 375)
RECORD_PAGES = ["", "progress/", "summary/", "profile/", "entries/", "alsfrs-r/new/", "alsfrs-r/step/",
                "measurements/new/", "data/", "sharing/", "activity/", "delete/"]  # fmt: skip
PUBLIC_PAGES = ["/", "/treatments/", "/treatments/riluzole/", "/symptoms/", "/search/?q=drooling",
                "/about/", "/accounts/sign-in/", "/accounts/sign-up/", "/community/ask/",
                "/no-such-page/"]  # fmt: skip


@pytest.fixture
def people(content: None) -> dict[str, Any]:
    owner = make_user("pat")
    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=(FIXTURES / "limb-onset.json").read_bytes())
    months_of_data(record, owner)
    services.settings_update(record=record, actor=owner, prognosis_opt_in=True)
    people = {"owner": owner, "record": record}
    for role in ("caregiver", "clinician"):
        people[role] = make_user(role)
        services.access_grant(record=record, actor=owner, grantee=people[role], role=role)
    return people


@pytest.fixture
def context_for(browser: Browser, live_server: Any) -> Iterator[Callable[..., BrowserContext]]:
    contexts: list[BrowserContext] = []

    def make(user: Any | None, width: int, height: int = 667) -> BrowserContext:
        context = browser.new_context(viewport={"width": width, "height": height})
        if user is not None:
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _problems(page: Any, with_axe: bool) -> list[str]:
    problems = []
    if page_width(page) > window_width(page):
        problems.append(f"{page.url}: page is {page_width(page)} px wide in a {window_width(page)} px window")
    if words := split_words(page):
        problems.append(f"{page.url}: words split inside a table: {words[:5]}")
    size = smallest_chart_text(page)
    if size is not None and size < 12:
        problems.append(f"{page.url}: chart labels are {size:.1f} px")
    if missing := broken_references(page.content()):
        problems.append(f"{page.url}: {missing[:3]}")
    if with_axe and (violations := axe_violations(page)):
        problems.append(f"{page.url}: axe {violations}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", ["owner", "caregiver", "clinician"])
def test_record_pages_fit_a_phone(
    context_for: Callable[..., BrowserContext], live_server: Any, people: dict[str, Any], who: str, width: int
) -> None:
    page = context_for(people[who], width).new_page()
    problems = []
    first = Assessment.objects.filter(record=people["record"]).order_by("date").first()
    assert first is not None
    for path in [*RECORD_PAGES, f"alsfrs-r/{first.pk}/edit/"]:
        response = page.goto(f"{live_server.url}/patients/{people['record'].public_id}/{path}")
        assert response is not None
        if response.status == 403:
            continue
        problems += _problems(page, with_axe=width == 320)
    assert problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_a_phone(
    context_for: Callable[..., BrowserContext], live_server: Any, content: None, width: int
) -> None:
    page = context_for(None, width).new_page()
    problems = []
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path}")
        problems += _problems(page, with_axe=width == 320)
    assert problems == []


def test_wide_screen_tables_keep_their_words_and_columns(
    context_for: Callable[..., BrowserContext], live_server: Any, people: dict[str, Any]
) -> None:
    page = context_for(people["clinician"], 1280, 800).new_page()
    for path in ("progress/", "summary/"):
        page.goto(f"{live_server.url}/patients/{people['record'].public_id}/{path}")
        assert _problems(page, with_axe=False) == []
        for box in page.query_selector_all(".table-scroll"):
            widths = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert widths[0] <= widths[1], (path, widths)  # every column (ΔFRS too) shows
    page.goto(f"{live_server.url}/treatments/riluzole/")
    assert split_words(page) == []


@pytest.mark.parametrize(("width", "height"), [(320, 568), (375, 667)])
@pytest.mark.parametrize("who", ["owner", "caregiver", "clinician"])
def test_first_alsfrs_r_answer_is_on_the_first_screen(
    context_for: Callable[..., BrowserContext],
    live_server: Any,
    people: dict[str, Any],
    who: str,
    width: int,
    height: int,
) -> None:
    page = context_for(people[who], width, height).new_page()
    page.goto(f"{live_server.url}/patients/{people['record'].public_id}/alsfrs-r/new/")
    assert first_answer_top(page) + 48 <= height  # the whole first answer card shows
    # The skip link lands on the questions.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "item_1"
    # The whole answer card shows the focus, not only the radio circle.
    card = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement.closest('label'));"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert card[0] != "none" and float(card[1].removesuffix("px")) >= 2


def test_a_whole_alsfrs_r_by_keyboard_in_at_most_40_key_presses(
    context_for: Callable[..., BrowserContext], live_server: Any, people: dict[str, Any]
) -> None:
    record = people["record"]
    page = context_for(people["owner"], 375, 667).new_page()
    page.goto(f"{live_server.url}/patients/{record.public_id}/alsfrs-r/new/")
    presses = 0

    def press(key: str) -> None:
        nonlocal presses
        presses += 1
        page.keyboard.press(key)

    press("Tab")  # the skip link
    press("Enter")  # to the questions
    press("Tab")  # the first answer of question 1
    for number in range(12):
        press("ArrowDown" if number == 11 else "Space")  # 4 (normal) for all, 3 for breathing support
        press("Tab")  # on to the next question (after the last: the date)
        if page.evaluate("document.activeElement.value") == "switch-item5":
            press("Tab")  # past "use the other question 5"
    # The date (today) and who answered (pre-filled) are kept: Tab past them to "Save".
    while page.evaluate("document.activeElement.value") != "save" and presses < 60:
        press("Tab")
    press("Enter")
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    saved = Assessment.objects.filter(record=record).order_by("-created_at").first()
    assert saved is not None and saved.item_12 == 3 and saved.item_1 == 4
    print(f"\nALSFRS-R by keyboard: {presses} key presses")
    assert presses <= 40
