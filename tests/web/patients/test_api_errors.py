"""Refused API requests answer in JSON, in the API's one error shape, never with an HTML page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from alsnav_web.patients.models import Assessment, PatientRecord
from tests.web.patients.conftest import client_for

pytestmark = pytest.mark.django_db

LIMIT = 2_621_440  # Django's default DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)


def _too_big_assessment() -> str:
    return json.dumps({"date": "2024-05-01", "alsfrs_r": {"1": 4}, "padding": "x" * (LIMIT + 10)})


def _assert_413(response: Any) -> None:
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "problems"}
    assert "too large" in body["detail"] and "2.5 MB (2,621,440 bytes)" in body["detail"]
    assert body["problems"] == [{"path": "request", "message": "the body must be at most 2,621,440 bytes"}]


def test_an_over_size_json_body_gets_413_in_the_api_error_shape(
    owner_client: Client, record: PatientRecord
) -> None:
    url = f"/api/patients/records/{record.public_id}/assessments"
    before = Assessment.objects.count()
    _assert_413(owner_client.post(url, _too_big_assessment(), content_type="application/json"))
    # Refused before anything is read, so also without a session.
    _assert_413(Client().post(url, _too_big_assessment(), content_type="application/json"))
    assert Assessment.objects.count() == before


def test_the_api_itself_answers_413_if_the_body_turns_out_too_big(
    owner: Any, record: PatientRecord, settings: Any
) -> None:
    """Without the middleware's early check, reading the body in the API still gives the JSON 413."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("ApiErrorsMiddleware")]
    url = f"/api/patients/records/{record.public_id}/assessments"
    _assert_413(client_for(owner).post(url, _too_big_assessment(), content_type="application/json"))


def test_the_413_is_in_the_openapi_description(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    post = spec["paths"]["/api/patients/records/{record_id}/assessments"]["post"]
    assert "413" in post["responses"]
    assert post["responses"]["413"]["content"]["application/json"]["schema"] == (
        post["responses"]["422"]["content"]["application/json"]["schema"]
    )


def test_other_api_errors_are_json_too(owner: Any, record: PatientRecord) -> None:
    client = Client()
    missing = client.get("/api/no-such-thing")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")
    assert "nothing at this address" in missing.json()["detail"]

    wrong_method = client.delete("/api/treatments")
    assert wrong_method.status_code == 405 and "GET" in wrong_method["Allow"]
    assert "does not accept this method" in wrong_method.json()["detail"]

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    no_token = strict.post(
        f"/api/patients/records/{record.public_id}/assessments",
        json.dumps({"date": "2024-05-01", "alsfrs_r": {}}),
        content_type="application/json",
    )
    assert no_token.status_code == 403 and no_token["Content-Type"].startswith("application/json")
    assert "detail" in no_token.json()
