"""The care-plan pages in real Chromium: a person enters data and sees the plan change, a
clinician's list orders people by need, reminders are opted into without JavaScript and sent
once; every page axe-clean, 44 px targets, and no sideways scroll at 320 and 375 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from alsnav_web.careplan.services import send_reminders
from alsnav_web.patients import services
from alsnav_web.patients.selectors import ROLE_PERMISSIONS, Permission
from alsnav_web.patients.services import NewMeasurement
from tests.web.browser.conftest import axe_violations, small_targets
from tests.web.patients.conftest import FIXTURES, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROLS = (
    "main button, main .choice, main .record-nav a, main .link-list a, main .breadcrumbs a, main summary"
)
WIDTHS = (320, 375)


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)




@pytest.fixture
def people() -> dict[str, Any]:
    """A person with months of data (the limb-onset fixture), their clinician and caregiver."""
    owner = make_user("pat")
    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=(FIXTURES / "limb-onset.json").read_bytes())
    clinician, caregiver = make_user("doctor"), make_user("carer")
    services.access_grant(record=record, actor=owner, grantee=clinician, role="clinician")
    services.access_grant(record=record, actor=owner, grantee=caregiver, role="caregiver")
    return {"owner": owner, "record": record, "clinician": clinician, "caregiver": caregiver}


def plan_url(site: str, record: Any) -> str:
    return f"{site}/patients/{record.public_id}/care-plan/"


def assert_accessible(page: Page) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert small_targets(page, CONTROLS) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_owner_plan_is_accessible_at_small_widths(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any], width: int
) -> None:
    page = sign_in(people["owner"], viewport={"width": width, "height": 740}).new_page()
    page.goto(plan_url(site, people["record"]))
    expect(page.get_by_role("heading", name="Care plan", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Questions to bring to the clinic")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Why this is suggested, and the sources").first.click()  # one click away
    expect(page.get_by_text("Sources:").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_clinician_sees_the_plan_and_the_list_accessibly(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any], width: int
) -> None:
    page = sign_in(people["clinician"], viewport={"width": width, "height": 740}).new_page()
    page.goto(f"{site}/clinic/")
    expect(page.get_by_role("table")).to_contain_text("pat")
    assert_accessible(page)
    page.get_by_role("link", name="pat").click()
    expect(page.get_by_role("heading", name="Care plan", level=1)).to_be_visible()
    assert_accessible(page)


def test_a_person_enters_a_breathing_test_and_sees_the_plan_change(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    record = people["record"]
    page = sign_in(people["owner"], java_script_enabled=False).new_page()
    page.goto(plan_url(site, record))
    expect(page.locator("#rec-noninvasive-ventilation")).to_have_count(0)
    page.goto(f"{site}/patients/{record.public_id}/measurements/new/")
    page.locator("#id_fvc_percent").fill("42")
    page.locator("main form button[type=submit]").first.click()
    page.goto(plan_url(site, record))
    heading = page.locator("#rec-noninvasive-ventilation")
    expect(heading).to_be_visible()
    act_soon = page.locator("section[aria-labelledby=priority-high]")
    expect(act_soon).to_contain_text("Breathing support (non-invasive ventilation)")
    act_soon.get_by_text("Why this is suggested, and the sources").first.click()
    expect(act_soon).to_contain_text("42% predicted")
    expect(page.locator("#changes-heading + *")).to_be_visible()


def test_a_clinician_list_puts_the_person_most_in_need_first(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    today = timezone.localdate()
    services.measurements_add(
        record=people["record"],
        actor=people["owner"],
        when=today,
        values=[NewMeasurement("fvc_percent", 40.0)],
        today=today,
    )
    for name in ("amy", "zed"):
        other = make_user(name)
        other_record = services.record_create(owner=other)
        services.record_import(
            record=other_record,
            actor=other,
            source=b'{"id": "x", "genetics": {"SOD1": "negative", "C9orf72": "negative"},'
            b' "in_multidisciplinary_clinic": true}',
        )
        services.access_grant(record=other_record, actor=other, grantee=people["clinician"], role="clinician")
    page = sign_in(people["clinician"], java_script_enabled=False).new_page()
    page.goto(f"{site}/clinic/")
    names = page.locator("tbody th").all_inner_texts()
    assert names[0].startswith("pat"), names
    page.get_by_role("link", name="Name").click()
    assert page.locator("tbody th").all_inner_texts()[0].startswith("amy")


def test_the_owner_opts_into_reminders_without_javascript_and_gets_one_email(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    page = sign_in(people["owner"], java_script_enabled=False).new_page()
    page.goto(plan_url(site, people["record"]))
    page.get_by_label("E-mail me when a test is due").check()
    page.get_by_label("4 weeks").check()
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Reminders are on.")).to_be_visible()
    checked = sign_in(people["owner"]).new_page()  # axe needs JavaScript
    checked.goto(plan_url(site, people["record"]) + "#reminders-heading")
    expect(checked.get_by_label("4 weeks")).to_be_checked()
    assert_accessible(checked)
    today = timezone.localdate()
    assert send_reminders(today=today) == 1
    assert send_reminders(today=today) == 0
    assert len(mail.outbox) == 1


def test_a_caregiver_sees_the_plan(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    assert Permission.VIEW in ROLE_PERMISSIONS["caregiver"]
    page = sign_in(people["caregiver"]).new_page()
    response = page.goto(plan_url(site, people["record"]))
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name="Care plan", level=1)).to_be_visible()
    assert_accessible(page)
