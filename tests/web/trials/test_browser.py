"""The trial pages in real Chromium at 320 and 375 px, signed in as the owner and a clinician:
WCAG 2.2 AA (axe), 44 px targets, no sideways scroll, every aria-describedby resolves, and the
filters work with JavaScript off."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from alsnav_web.patients import services
from tests.web.browser.conftest import axe_violations, small_targets
from tests.web.patients.conftest import make_user
from tests.web.trials.conftest import CTGOV, TODAY, extra_studies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROLS = (
    "main button, main .choice, main select, main .record-nav a, main .trial-card > a, main .link-list a"
)
RECORDS = Path(__file__).resolve().parents[2] / "fixtures" / "records"


@pytest.fixture
def site(live_server: Any, content: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    from alsnav_web.trials.services import trials_import

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    now = timezone.now()
    trials_import(path=CTGOV / "als-trials-sample.json", now=now)
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps(extra_studies()), encoding="utf-8")
    trials_import(path=extra, now=now)
    return str(live_server.url)


@pytest.fixture
def people(site: str) -> dict[str, Any]:
    owner = make_user("pat")
    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=(RECORDS / "limb-onset.json").read_bytes())
    clinician = make_user("doctor")
    services.access_grant(record=record, actor=owner, grantee=clinician, role="clinician")
    return {"owner": owner, "clinician": clinician, "record": record}




def check_page(page: Page) -> None:
    assert axe_violations(page) == []
    assert small_targets(page, CONTROLS) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"sideways scroll of {overflow} px"
    dangling = page.evaluate(
        """[...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
             el.getAttribute('aria-describedby').split(/\\s+/).filter(id => !document.getElementById(id)))"""
    )
    assert dangling == []
    broken = page.evaluate(
        """[...document.querySelectorAll('.checklist li')].filter(li => {
             const style = getComputedStyle(li);
             return style.hyphens === 'auto' || style.wordBreak === 'break-all'; }).length"""
    )
    assert broken == 0


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("who", ["owner", "clinician"])
def test_list_trial_and_eligibility_pages_are_accessible_on_small_screens(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any], width: int, who: str
) -> None:
    record = people["record"]
    page = sign_in(people[who], viewport={"width": width, "height": 700}).new_page()
    page.goto(f"{site}/trials/")
    expect(page.get_by_role("heading", name="Clinical trials", exact=True)).to_be_visible()
    check_page(page)
    page.goto(f"{site}/trials/NCT04297683/")
    expect(page.get_by_role("heading", name="Who can take part")).to_be_visible()
    check_page(page)
    page.goto(f"{site}/trials/NCT04297683/eligibility/?record={record.public_id}")
    expect(page.locator(".verdict")).to_contain_text("You might be able to join")
    check_page(page)
    page.goto(f"{site}/trials/NCT02623699/eligibility/?record={record.public_id}")
    expect(page.get_by_role("heading", name="Other options")).to_be_visible()
    check_page(page)
    page.goto(f"{site}/trials/record/{record.public_id}/")
    expect(page.locator(".verdict")).to_contain_text("you may be able to join")
    check_page(page)


def test_filters_work_with_javascript_off_and_lead_to_the_eligibility_check(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    page = sign_in(people["owner"], java_script_enabled=False).new_page()
    page.goto(f"{site}/trials/")
    page.get_by_label("Country").select_option("Netherlands")
    page.get_by_role("button", name="Show trials").click()
    expect(page.get_by_role("heading", name="2 of 10 trials")).to_be_visible()
    page.goto(f"{site}/trials/")
    page.get_by_text("Only studies taking people now").click()
    page.get_by_role("button", name="Show trials").click()
    expect(page.get_by_role("link", name="HEALEY ALS Platform Trial - master protocol")).to_be_visible()
    page.get_by_role("link", name="HEALEY ALS Platform Trial - master protocol").click()
    page.get_by_role("link", name="Check my record").click()
    expect(page.get_by_role("heading", name="Rule by rule")).to_be_visible()
    assert dt.date(2028, 2, 29).strftime("%-d %B %Y") in page.content()
