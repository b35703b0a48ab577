"""The patient pages in real Chromium: keyboard-only entry, WCAG 2.2 AA (axe), access, import/export.

Each test signs a person in by putting a Django session cookie into the browser context, so they do
not depend on the sign-in pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from playwright.sync_api import BrowserContext, Page, expect

from alsnav_web.patients import services
from alsnav_web.patients.models import AccessGrant, Assessment, Measurement, PatientRecord
from tests.web.browser.conftest import axe_violations, small_targets
from tests.web.patients.conftest import FIXTURES, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Controls that must be at least 44×44 px. Radio buttons and check boxes are measured by their
# .choice label, which is the clickable target; links inside running text are exempt (WCAG 2.5.8).
CONTROLS = (
    "main button, main .choice, main .record-nav a, main .card > a, main .link-list a, main .breadcrumbs a,"
    " main select, main input[type=date], main input[type=text], main input[type=number],"
    " main p > a:only-child"
)


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)




@pytest.fixture
def people() -> dict[str, Any]:
    owner = make_user("pat")
    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=(FIXTURES / "limb-onset.json").read_bytes())
    return {"owner": owner, "record": record, "stranger": make_user("stranger")}


def _url(site: str, record: PatientRecord, path: str = "") -> str:
    return f"{site}/patients/{record.public_id}/{path}"


def tab_to(page: Page, test: str, limit: int = 80) -> None:
    """Press Tab until the JavaScript expression ``test`` (about ``document.activeElement``) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({test}); }})()"):
            return
    raise AssertionError(f"keyboard focus never reached: {test}")


def test_enter_an_alsfrs_r_by_keyboard_only_then_see_the_chart_and_stages(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    record = people["record"]
    page = sign_in(people["owner"]).new_page()
    page.goto(_url(site, record, "alsfrs-r/step/"))
    # Date (today), who answered (self) and the feeding-tube answer (no) are filled in already.
    tab_to(page, "el.tagName === 'BUTTON' && el.value === 'start'")
    page.keyboard.press("Enter")
    for number in range(1, 13):
        expect(page.locator(".step-count")).to_have_text(f"Question {number} of 12")
        tab_to(page, "el.type === 'radio' && el.name === 'answer'")
        page.keyboard.press("ArrowDown")  # from the first answer (4) to the second (3), choosing it
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.value") == "next"
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.locator(".big-number")).to_contain_text("36 out of 48")
    tab_to(page, "el.tagName === 'BUTTON' && el.value === 'save'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    expect(page.locator(".big-number").first).to_contain_text("36 out of 48")
    chart = page.get_by_role("img", name="ALSFRS-R total over time")
    expect(chart).to_be_visible()
    expect(page.locator("#total-chart-desc")).to_contain_text("The total went from 45 to 36")
    # Item 12 (respiratory insufficiency) answered 3, "intermittent use of BiPAP": King's stage 4B.
    expect(page.get_by_role("heading", name="King's stage")).to_contain_text("4B")
    expect(page.get_by_text("Breathing support (such as BiPAP) is used or needed (4B).")).to_be_visible()
    expect(page.get_by_role("heading", name="MiToS stage")).to_contain_text("0")
    table = page.get_by_role("table", name="ALSFRS-R totals, domain scores and stages, newest first")
    expect(table.locator("tbody tr").first).to_contain_text("36")
    stored = Assessment.objects.get(record=record, date__gt="2026-01-12")
    assert stored.answered_by == "self" and stored.item_5a == 3


def test_the_whole_form_works_by_keyboard_too(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    record = people["record"]
    page = sign_in(people["owner"]).new_page()
    page.goto(_url(site, record, "alsfrs-r/new/"))
    for key in ["1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12"]:
        tab_to(page, f"el.type === 'radio' && el.name === 'item_{key}'")
        page.keyboard.press("Space")  # choose the focused first answer: 4, normal
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit' && el.closest('main')")
    page.keyboard.press("Enter")
    expect(page.locator(".big-number").first).to_contain_text("48 out of 48")


def _with_everything(record: PatientRecord, owner: Any) -> None:
    """Warnings, NIV and an opt-in, so the pages show all their parts."""
    services.settings_update(record=record, actor=owner, prognosis_opt_in=True)
    services.symptom_add(record=record, actor=owner, code="cramps", since=None)


PAGES = ["", "alsfrs-r/new/", "alsfrs-r/step/", "measurements/new/", "progress/", "profile/", "summary/",
         "entries/", "sharing/", "activity/", "data/", "delete/"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_owner_pages_have_no_axe_violations_and_large_targets(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any], path: str
) -> None:
    _with_everything(people["record"], people["owner"])
    page = sign_in(people["owner"]).new_page()
    page.goto(_url(site, people["record"], path))
    assert axe_violations(page) == []
    assert small_targets(page, CONTROLS) == []


def test_one_question_screen_and_clinician_progress_have_no_axe_violations(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    record, owner = people["record"], people["owner"]
    _with_everything(record, owner)
    doctor = make_user("doctor")
    services.access_grant(record=record, actor=owner, grantee=doctor, role="clinician")
    page = sign_in(doctor).new_page()
    page.goto(_url(site, record, "progress/"))
    expect(page.get_by_role("heading", name="ENCALS survival estimate (for clinicians)")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(_url(site, record, "alsfrs-r/step/"))
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".step-count")).to_have_text("Question 1 of 12")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Next question").click()  # no answer: an error
    expect(page.locator(".error-summary")).to_be_focused()
    assert axe_violations(page) == []


def test_error_pages_have_no_axe_violations(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    page = sign_in(people["owner"]).new_page()
    page.goto(_url(site, people["record"], "measurements/new/"))
    page.get_by_label("Weight (kg)").fill("6.2")
    page.get_by_role("button", name="Save measurements").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_text("Enter 20 kg or more. Check the unit.").first).to_be_visible()
    assert axe_violations(page) == []
    page.goto(_url(site, people["record"], "alsfrs-r/new/"))
    page.get_by_role("button", name="Save ALSFRS-R").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert axe_violations(page) == []


def test_a_second_account_cannot_open_the_pages_or_the_api(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    record = people["record"]
    page = sign_in(people["stranger"]).new_page()
    for path in PAGES:
        response = page.goto(_url(site, record, path))
        assert response is not None and response.status == 404, path
        assert "riluzole" not in page.content()
    for api in ("", "/assess"):
        assert page.request.get(f"{site}/api/patients/records/{record.public_id}{api}").status == 404
    assert page.request.get(f"{site}/api/patients/records").json() == []


def test_caregiver_can_enter_and_read_until_access_is_revoked(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    record, owner = people["record"], people["owner"]
    carer = make_user("carer")
    services.access_grant(record=record, actor=owner, grantee=carer, role="caregiver")
    page = sign_in(carer).new_page()
    page.goto(_url(site, record, "measurements/new/"))
    page.get_by_label("Weight (kg)").fill("60.5")
    page.get_by_role("button", name="Save measurements").click()
    expect(page.get_by_text("1 measurement saved.")).to_be_visible()
    assert Measurement.objects.filter(record=record, value=60.5).exists()
    response = page.goto(_url(site, record, "progress/"))
    assert response is not None and response.status == 200
    expect(page.get_by_text("60.5 kg").first).to_be_visible()
    response = page.goto(_url(site, record, "sharing/"))
    assert response is not None and response.status == 403

    owner_page = sign_in(owner).new_page()
    owner_page.goto(_url(site, record, "sharing/"))
    owner_page.get_by_role("button", name="Remove access for carer").click()
    expect(owner_page.get_by_text("Access removed.")).to_be_visible()
    assert not AccessGrant.objects.filter(record=record, revoked_at__isnull=True).exists()
    response = page.goto(_url(site, record, "measurements/new/"))
    assert response is not None and response.status == 404


def test_audit_log_rows_appear_for_reads_and_writes(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    record, owner = people["record"], people["owner"]
    doctor = make_user("doctor")
    services.access_grant(record=record, actor=owner, grantee=doctor, role="clinician")
    doctor_page = sign_in(doctor).new_page()
    doctor_page.goto(_url(site, record, "profile/"))
    expect(doctor_page.get_by_text("riluzole").first).to_be_visible()
    doctor_page.goto(_url(site, record, "measurements/new/"))
    doctor_page.get_by_label("Weight (kg)").fill("60.5")
    doctor_page.get_by_role("button", name="Save measurements").click()
    expect(doctor_page.get_by_text("1 measurement saved.")).to_be_visible()

    page = sign_in(owner).new_page()
    page.goto(_url(site, record, "activity/"))
    rows = page.get_by_role("table", name="Activity, newest first").locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Viewed this log")
    texts = rows.all_inner_texts()
    assert any("doctor" in t and "Added measurements" in t for t in texts)
    assert any("doctor" in t and "Viewed the profile" in t for t in texts)
    assert any("You" in t and "Gave someone access" in t for t in texts)


def test_import_refuses_a_bad_record_listing_json_paths_and_stores_nothing(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any], tmp_path: Path
) -> None:
    record = people["record"]
    data = json.loads((FIXTURES / "limb-onset.json").read_text())
    data["assessments"][1]["alsfrs_r"]["5b"] = 2
    data["measurements"][0]["type"] = "fvc_litres"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    page = sign_in(people["owner"]).new_page()
    page.goto(_url(site, record, "data/"))
    page.get_by_label("Patient record file (JSON)").set_input_files(str(bad))
    page.get_by_label("I understand this replaces everything").check()
    page.get_by_role("button", name="Import file").click()
    expect(page.locator(".error-summary")).to_be_focused()
    problems = page.locator(".problem-list li")
    expect(problems.filter(has_text="assessments[1].alsfrs_r.5a: both 5a and 5b given")).to_have_count(1)
    expect(problems.filter(has_text="measurements[0].type: unknown measurement type")).to_have_count(1)
    assert axe_violations(page) == []
    assert Assessment.objects.filter(record=record).count() == 2
    assert not Measurement.objects.filter(record=record, type="fvc_litres").exists()


def test_fhir_export_downloads_and_validates(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    page = sign_in(people["owner"], accept_downloads=True).new_page()
    page.goto(_url(site, people["record"], "data/"))
    with page.expect_download() as info:
        page.get_by_role("link", name="FHIR R4 bundle (JSON)").click()
    bundle = json.loads(Path(info.value.path()).read_text())
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert {e["resource"]["resourceType"] for e in bundle["entry"]} == {
        "Patient",
        "QuestionnaireResponse",
        "Observation",
    }


def test_one_question_at_a_time_works_without_javascript(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    page = sign_in(people["owner"], java_script_enabled=False).new_page()
    page.goto(_url(site, people["record"], "alsfrs-r/step/"))
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Intelligible with repeating").check()
    page.get_by_role("button", name="Next question").click()
    expect(page.locator(".step-count")).to_have_text("Question 2 of 12")
    page.get_by_role("button", name="Save and stop for now").click()
    expect(page.get_by_role("heading", name="You have an ALSFRS-R in progress")).to_be_visible()


def test_progress_reflows_at_320_px_and_the_summary_prints_without_navigation(
    sign_in: Callable[..., BrowserContext], site: str, people: dict[str, Any]
) -> None:
    page = sign_in(people["owner"], viewport={"width": 320, "height": 640}).new_page()
    page.goto(_url(site, people["record"], "progress/"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.goto(_url(site, people["record"], "summary/"))
    page.emulate_media(media="print")
    assert not page.locator(".record-nav-wide").is_visible()
    assert not page.locator(".record-menu").is_visible()
    assert not page.locator(".site-header nav").is_visible()
    expect(page.get_by_role("heading", name="ALS summary: pat")).to_be_visible()
