"""Who may open what: every page and API route of a record, for every kind of visitor.

Anyone without access gets 404 (the record's existence is not revealed), a caregiver or clinician
asking for more than their role allows gets 403, and a visitor who is not signed in is sent to sign
in (pages) or gets 401 (API). Nothing is read or changed by a refused request.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from alsnav_web.patients import services
from alsnav_web.patients.models import AccessGrant, Assessment, AuditEvent, PatientRecord

pytestmark = pytest.mark.django_db

# (method, path under /patients/<id>/, what the route needs: enter < read < manage)
ROUTES: list[tuple[str, str, str]] = [
    ("get", "", "enter"),
    ("get", "progress/", "read"),
    ("get", "summary/", "read"),
    ("get", "entries/", "read"),
    ("get", "profile/", "read"),
    ("post", "profile/", "read"),
    ("post", "profile/medication/add/", "read"),
    ("post", "profile/symptom/1/remove/", "read"),
    ("get", "alsfrs-r/new/", "enter"),
    ("post", "alsfrs-r/new/", "enter"),
    ("get", "alsfrs-r/step/", "enter"),
    ("post", "alsfrs-r/step/", "enter"),
    ("post", "alsfrs-r/1/delete/", "read"),
    ("get", "measurements/new/", "enter"),
    ("post", "measurements/new/", "enter"),
    ("post", "measurements/1/delete/", "read"),
    ("get", "data/", "read"),
    ("get", "data/record.json", "read"),
    ("get", "data/fhir.json", "read"),
    ("get", "sharing/", "manage"),
    ("post", "sharing/", "manage"),
    ("post", "sharing/1/revoke/", "manage"),
    ("post", "settings/", "manage"),
    ("get", "activity/", "manage"),
    ("get", "data/all.json", "manage"),
    ("post", "data/import/", "manage"),
    ("get", "delete/", "manage"),
    ("post", "delete/", "manage"),
]

API_ROUTES: list[tuple[str, str, str]] = [
    ("get", "", "read"),
    ("get", "/assess", "read"),
    ("post", "/assessments", "enter"),
]

ALLOWED = {
    "caregiver": {"enter"},
    "clinician": {"enter", "read"},
    "owner": {"enter", "read", "manage"},
}

ROUTE_IDS = [f"{m.upper()} {p or '/'}" for m, p, _ in ROUTES]


def _call(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    return client.post(url, {"confirm": "on", "who": "nobody", "role": "clinician", "action": "start"})


def _snapshot(record: PatientRecord) -> tuple[int, int, int]:
    return (
        Assessment.objects.filter(record=record).count(),
        AccessGrant.objects.filter(record=record).count(),
        PatientRecord.objects.filter(pk=record.pk).count(),
    )


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_another_account_gets_404_on_every_page_and_nothing_happens(
    stranger_client: Client, record: PatientRecord, method: str, path: str, need: str
) -> None:
    before, audit_before = _snapshot(record), AuditEvent.objects.filter(record=record).count()
    response = _call(stranger_client, method, f"/patients/{record.public_id}/{path}")
    assert response.status_code == 404
    assert _snapshot(record) == before
    assert AuditEvent.objects.filter(record=record).count() == audit_before
    assert b"Pat" not in response.content and b"riluzole" not in response.content


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(
    client: Client, record: PatientRecord, method: str, path: str, need: str
) -> None:
    response = _call(client, method, f"/patients/{record.public_id}/{path}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_a_caregiver_may_only_enter_data(
    caregiver_client: Client, record: PatientRecord, method: str, path: str, need: str
) -> None:
    response = _call(caregiver_client, method, f"/patients/{record.public_id}/{path}")
    if need in ALLOWED["caregiver"]:
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 403
        assert b"riluzole" not in response.content


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_a_clinician_may_read_and_enter_but_not_manage(
    clinician_client: Client, record: PatientRecord, method: str, path: str, need: str
) -> None:
    before = _snapshot(record)
    response = _call(clinician_client, method, f"/patients/{record.public_id}/{path}")
    if need in ALLOWED["clinician"]:
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 403
        assert _snapshot(record)[1:] == before[1:]


def test_a_record_id_that_does_not_exist_is_404(owner_client: Client, record: PatientRecord) -> None:
    assert owner_client.get("/patients/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_revoked_caregiver_loses_access_at_once(
    caregiver_client: Client, record: PatientRecord, owner: Any
) -> None:
    url = f"/patients/{record.public_id}/alsfrs-r/new/"
    assert caregiver_client.get(url).status_code == 200
    grant = AccessGrant.objects.get(record=record, revoked_at__isnull=True)
    assert services.access_revoke(record=record, actor=owner, grant_id=grant.pk)
    for method, path, _ in ROUTES:
        assert _call(caregiver_client, method, f"/patients/{record.public_id}/{path}").status_code == 404
    assert caregiver_client.get("/api/patients/records").json() == []


# --- API ---------------------------------------------------------------------------------------

ASSESSMENT = {
    "date": "2026-01-20",
    "alsfrs_r": {
        "1": 4,
        "2": 4,
        "3": 4,
        "4": 2,
        "5a": 3,
        "6": 3,
        "7": 3,
        "8": 3,
        "9": 3,
        "10": 4,
        "11": 4,
        "12": 4,
    },
}


def _api(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    return client.post(url, ASSESSMENT, content_type="application/json")


@pytest.mark.parametrize(("method", "path", "need"), API_ROUTES)
def test_api_refuses_another_account_with_404(
    stranger_client: Client, record: PatientRecord, method: str, path: str, need: str
) -> None:
    response = _api(stranger_client, method, f"/api/patients/records/{record.public_id}{path}")
    assert response.status_code == 404
    assert Assessment.objects.filter(record=record).count() == 2
    assert stranger_client.get("/api/patients/records").json() == []


@pytest.mark.parametrize(("method", "path", "need"), API_ROUTES)
def test_api_needs_a_signed_in_session(
    client: Client, record: PatientRecord, method: str, path: str, need: str
) -> None:
    assert _api(client, method, f"/api/patients/records/{record.public_id}{path}").status_code == 401
    assert client.get("/api/patients/records").status_code == 401


@pytest.mark.parametrize(("method", "path", "need"), API_ROUTES)
def test_api_caregiver_may_post_but_not_read(
    caregiver_client: Client, record: PatientRecord, method: str, path: str, need: str
) -> None:
    response = _api(caregiver_client, method, f"/api/patients/records/{record.public_id}{path}")
    if need == "enter":
        assert response.status_code == 201
    else:
        assert response.status_code == 403
        assert "riluzole" not in response.content.decode()


def test_api_revoked_caregiver_cannot_post(
    caregiver_client: Client, record: PatientRecord, owner: Any
) -> None:
    grant = AccessGrant.objects.get(record=record, revoked_at__isnull=True)
    services.access_revoke(record=record, actor=owner, grant_id=grant.pk)
    response = _api(caregiver_client, "post", f"/api/patients/records/{record.public_id}/assessments")
    assert response.status_code == 404
    assert Assessment.objects.filter(record=record).count() == 2
