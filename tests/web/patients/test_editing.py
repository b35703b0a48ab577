"""Changing a saved ALSFRS-R (earlier answers kept in the activity log), the duplicate-date error
that offers to change the one on that date, "Start again" that asks first, and messages that do not
reveal the record to people who may enter but not view."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from alsnav_web.patients import services
from alsnav_web.patients.models import Assessment, AssessmentDraft, AuditAction, AuditEvent, PatientRecord
from tests.web.patients.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

KEYS = ["1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12"]


def _url(record: PatientRecord, path: str) -> str:
    return f"/patients/{record.public_id}/{path}"


def _answers(score: int, **extra: Any) -> dict[str, Any]:
    return {**{f"item_{k}": str(score) for k in KEYS}, **extra}


def test_owner_changes_a_saved_alsfrs_r_and_the_earlier_answers_are_kept(
    owner_client: Client, record: PatientRecord
) -> None:
    assessment = Assessment.objects.filter(record=record).order_by("date").first()
    assert assessment is not None
    before = assessment.scores()
    page = owner_client.get(_url(record, f"alsfrs-r/{assessment.pk}/edit/")).content.decode()
    assert "Change the ALSFRS-R of" in page and "checked" in page  # prefilled
    response = owner_client.post(
        _url(record, f"alsfrs-r/{assessment.pk}/edit/"),
        _answers(2, date=assessment.date.isoformat(), answered_by="caregiver", item5="5a"),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.item_1 == 2 and assessment.answered_by == "caregiver"
    event = AuditEvent.objects.get(record=record, action=AuditAction.CHANGE_ASSESSMENT)
    assert event.detail["before"]["alsfrs_r"] == before
    assert Assessment.objects.filter(record=record).count() == 2


def test_the_duplicate_date_error_links_to_the_one_on_that_date(
    owner_client: Client, record: PatientRecord
) -> None:
    taken = Assessment.objects.filter(record=record).order_by("date").last()
    assert taken is not None
    response = owner_client.post(
        _url(record, "alsfrs-r/new/"), _answers(3, date=taken.date.isoformat(), answered_by="self")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="/patients/{record.public_id}/alsfrs-r/{taken.pk}/edit/"' in html
    assert "change the one on that date" in html


def test_a_caregiver_changes_their_own_entry_but_not_the_owners(
    caregiver_client: Client, record: PatientRecord
) -> None:
    theirs = Assessment.objects.filter(record=record).first()
    assert theirs is not None
    assert caregiver_client.get(_url(record, f"alsfrs-r/{theirs.pk}/edit/")).status_code == 403
    caregiver_client.post(
        _url(record, "alsfrs-r/new/"), _answers(3, date="2026-02-02", answered_by="caregiver")
    )
    mine = Assessment.objects.get(record=record, date="2026-02-02")
    assert caregiver_client.get(_url(record, f"alsfrs-r/{mine.pk}/edit/")).status_code == 200
    entries = caregiver_client.get(_url(record, "entries/")).content.decode()
    assert f"/alsfrs-r/{mine.pk}/edit/" in entries and f"/alsfrs-r/{theirs.pk}/edit/" not in entries


def test_someone_who_may_enter_but_not_view_is_not_told_the_records_dates(
    record: PatientRecord, owner: Any
) -> None:
    helper = make_user("helper")
    services.access_grant(record=record, actor=owner, grantee=helper, role="caregiver", permissions=["enter"])
    client = client_for(helper)
    assert client.get(_url(record, "progress/")).status_code == 403
    taken = Assessment.objects.filter(record=record).first()
    assert taken is not None and record.onset_date is not None
    for when in (taken.date, record.onset_date - dt.timedelta(days=30)):
        html = client.post(
            _url(record, "alsfrs-r/new/"), _answers(3, date=when.isoformat(), answered_by="caregiver")
        )
        text = re.sub(r'value="[^"]*"', "", html.content.decode())  # not what they typed themselves
        assert html.status_code == 400
        for shown in (taken.date, record.onset_date):
            assert shown.isoformat() not in text and f"{shown.day} {shown:%b} {shown.year}" not in text
        assert "/edit/" not in text
    response = client.post(
        _url(record, "alsfrs-r/step/"),
        {"action": "start", "date": taken.date.isoformat(), "answered_by": "caregiver", "gastrostomy": "no"},
    )
    assert "already an ALSFRS-R" not in response.content.decode()


def test_start_again_asks_before_throwing_answers_away(owner_client: Client, record: PatientRecord) -> None:
    url = _url(record, "alsfrs-r/step/")
    owner_client.post(
        url, {"action": "start", "date": "2026-02-01", "answered_by": "self", "gastrostomy": "no"}
    )
    owner_client.post(url, {"action": "next", "answer": "3"})
    page = owner_client.post(url, {"action": "restart"}).content.decode()
    assert "Throw these answers away?" in page and "restart-confirmed" in page
    assert AssessmentDraft.objects.filter(record=record).exists()  # nothing lost yet
    owner_client.post(url, {"action": "restart-confirmed"})
    assert not AssessmentDraft.objects.filter(record=record).exists()


def test_who_answered_is_on_the_form_the_progress_page_and_the_export(
    owner_client: Client, record: PatientRecord
) -> None:
    form = owner_client.get(_url(record, "alsfrs-r/new/")).content.decode()
    assert "Who gave the answers?" in form
    owner_client.post(_url(record, "alsfrs-r/new/"), _answers(3, date="2026-02-03", answered_by="clinician"))
    assert "A clinician" in owner_client.get(_url(record, "progress/")).content.decode() or "Clinician" in (
        owner_client.get(_url(record, "progress/")).content.decode()
    )
    exported = owner_client.get(_url(record, "data/record.json")).json()
    assert any(a.get("answered_by") == "clinician" for a in exported["assessments"])


def test_someone_who_may_only_enter_sees_the_entries_they_made_and_nothing_else(
    record: PatientRecord, owner: Any
) -> None:
    helper = make_user("helper")
    services.access_grant(record=record, actor=owner, grantee=helper, role="caregiver", permissions=["enter"])
    client = client_for(helper)
    client.post(_url(record, "measurements/new/"), {"date": "2026-02-01", "weight_kg": "61.5"})
    page = client.get(_url(record, ""))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Entries you made" in html and "61.5" in html
    assert "Latest ALSFRS-R" not in html and "riluzole" not in html
    assert "/progress/" not in html  # no links to pages they cannot open
    listing = client.get("/patients/").content.decode()
    assert "You may enter ALSFRS-R answers and measurements" in listing  # ALS kept in capitals
