"""The patients JSON API: list my records, read the record and its assessment, post an ALSFRS-R."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from alsnav.record import parse_record
from alsnav_web.patients.models import Assessment, AuditAction, AuditEvent, PatientRecord

pytestmark = pytest.mark.django_db

SCORES = {"1": 4, "2": 4, "3": 4, "4": 2, "5a": 3, "6": 3, "7": 3, "8": 3, "9": 3, "10": 4, "11": 4, "12": 4}


def _base(record: PatientRecord) -> str:
    return f"/api/patients/records/{record.public_id}"


def test_list_my_records_with_my_role(
    owner_client: Client, clinician_client: Client, caregiver_client: Client, record: PatientRecord
) -> None:
    mine = owner_client.get("/api/patients/records").json()
    assert mine == [
        {
            "id": str(record.public_id),
            "role": "owner",
            "owner": "pat",
            "can_read": True,
            "can_view": True,
            "can_enter": True,
            "can_edit": True,
        }
    ]
    assert clinician_client.get("/api/patients/records").json()[0]["role"] == "clinician"
    carer = caregiver_client.get("/api/patients/records").json()[0]
    assert carer["role"] == "caregiver" and carer["can_view"] is True and carer["can_enter"] is True
    assert carer["can_edit"] is False


def test_record_json_is_the_exchange_format(
    owner_client: Client, record: PatientRecord, limb_onset_json: bytes
) -> None:
    document = owner_client.get(_base(record)).json()
    parsed = parse_record(document)
    assert parsed.assessments == parse_record(limb_onset_json).assessments
    assert document["id"] == "example-limb-onset"
    assert AuditEvent.objects.filter(record=record, action=AuditAction.VIEW_API).count() == 1


def test_assess_report_matches_the_cli_contract(owner_client: Client, record: PatientRecord) -> None:
    report = owner_client.get(f"{_base(record)}/assess").json()
    assert set(report) >= {"id", "assessments", "latest", "slope_per_month", "encals"}
    latest = report["latest"]
    assert latest["total"] == 41 and latest["kings_stage"] == 2 and latest["mitos_stage"] == 0
    assert set(latest["domains"]) == {"bulbar", "fine_motor", "gross_motor", "respiratory"}
    # The owner does not get the survival estimate; they are told why.
    assert report["encals"] is None and "clinicians" in report["encals_hidden"]


def test_post_an_assessment(owner_client: Client, record: PatientRecord) -> None:
    response = owner_client.post(
        f"{_base(record)}/assessments",
        {"date": "2026-01-20", "alsfrs_r": SCORES, "answered_by": "clinician"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["total"] == 41 and body["answered_by"] == "clinician"
    stored = Assessment.objects.get(record=record, date="2026-01-20")
    assert stored.entered_by == record.owner
    assert AuditEvent.objects.filter(record=record, action=AuditAction.ADD_ASSESSMENT).exists()


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"5b": 2}, "alsfrs_r.5a", "both 5a and 5b given"),
        ({"3": 7}, "alsfrs_r.3", "must be an integer from 0 to 4"),
        ({"3": True}, "alsfrs_r.3", "must be an integer from 0 to 4"),
        ({"13": 1}, "alsfrs_r.13", "unknown item"),
    ],
)
def test_a_bad_assessment_is_refused_with_paths_and_nothing_stored(
    owner_client: Client, record: PatientRecord, change: dict[str, Any], path: str, message: str
) -> None:
    response = owner_client.post(
        f"{_base(record)}/assessments",
        {"date": "2026-01-20", "alsfrs_r": {**SCORES, **change}},
        content_type="application/json",
    )
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert any(p["path"] == path and message in p["message"] for p in problems), problems
    assert Assessment.objects.filter(record=record).count() == 2


def test_who_answered_defaults_to_the_role_of_the_person_posting(
    clinician_client: Client, record: PatientRecord
) -> None:
    response = clinician_client.post(
        f"{_base(record)}/assessments",
        {"date": "2026-01-20", "alsfrs_r": SCORES},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["answered_by"] == "clinician"


def test_a_missing_item_and_a_duplicate_date_are_refused(owner_client: Client, record: PatientRecord) -> None:
    scores = dict(SCORES)
    del scores["7"]
    response = owner_client.post(
        f"{_base(record)}/assessments",
        {"date": "2026-01-12", "alsfrs_r": scores},
        content_type="application/json",
    )
    assert response.status_code == 422
    paths = {p["path"] for p in response.json()["problems"]}
    assert paths == {"date", "alsfrs_r.7"}


def test_clinician_sees_encals_only_after_the_person_opts_in(
    owner_client: Client, clinician_client: Client, record: PatientRecord
) -> None:
    hidden = clinician_client.get(f"{_base(record)}/assess").json()
    assert hidden["encals"] is None and "has not asked" in hidden["encals_hidden"]
    owner_client.post(f"/patients/{record.public_id}/settings/", {"prognosis_opt_in": "on"})
    shown = clinician_client.get(f"{_base(record)}/assess").json()
    assert shown["encals"] is not None and "missing" in shown["encals"]


def test_openapi_lists_the_patient_routes(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/patients/records",
        "/api/patients/records/{record_id}",
        "/api/patients/records/{record_id}/assess",
        "/api/patients/records/{record_id}/assessments",
    } <= set(paths)


def test_health_data_responses_are_never_cached(owner_client: Client, record: PatientRecord) -> None:
    for url in (
        _base(record),
        f"{_base(record)}/assess",
        "/api/patients/records",
        f"/patients/{record.public_id}/",
    ):
        cache_control = owner_client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url
