"""The JSON API: same shapes as the command line, OpenAPI at /api/docs."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_list_matches_the_cli_contract(client: Client) -> None:
    response = client.get("/api/treatments")
    assert response.status_code == 200
    items = response.json()
    assert len(items) >= 42
    assert set(items[0]) >= {"id", "title", "category", "symptoms", "last_reviewed"}


def test_list_filters_by_category_and_rejects_unknown_ones(client: Client) -> None:
    items = client.get("/api/treatments?category=breathing-support").json()
    assert {i["id"] for i in items} >= {"noninvasive-ventilation", "cough-assist"}
    bad = client.get("/api/treatments?category=magic")
    assert bad.status_code == 422 and "category" in bad.json()["detail"]


def test_detail_is_the_whole_entry(client: Client) -> None:
    entry = client.get("/api/treatments/tofersen").json()
    assert entry["id"] == "tofersen"
    assert "SOD1" in entry["summary"]["who_it_may_help"]
    assert {r["region"]: r["status"] for r in entry["regulatory"]}["US"] == "accelerated_approval"
    assert entry["references"] and entry["body"]


def test_unknown_id_is_a_json_404(client: Client) -> None:
    response = client.get("/api/treatments/not-a-thing")
    assert response.status_code == 404
    assert "not-a-thing" in response.json()["detail"]


def test_openapi_description_is_served(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/treatments/{treatment_id}" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_every_refused_request_has_the_same_shape(client: Client) -> None:
    for url in ("/api/treatments?category=magic", "/api/search?q=x&limit=0", "/api/search?q=x&limit=abc"):
        body = client.get(url).json()
        assert set(body) == {"detail", "problems"}, url
        assert body["problems"] and {"path", "message"} <= set(body["problems"][0]), url
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "422" in paths["/api/treatments"]["get"]["responses"]
