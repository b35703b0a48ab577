"""GET /api/search?q=&limit= returns the command line's JSON shape."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from alsnav.search import load_index
from tests.web.conftest import CONTENT_DIR

pytestmark = pytest.mark.django_db


def test_search_returns_the_cli_json_shape(client: Client) -> None:
    response = client.get("/api/search", {"q": "drooling", "limit": 3})
    assert response.status_code == 200
    document = response.json()
    cli = load_index(CONTENT_DIR).search("drooling", limit=3).to_json()
    if connection.vendor == "sqlite":  # same index, same answer; PostgreSQL ranks with its own scores
        assert document == cli
    assert set(document) == set(cli) and set(document["results"][0]) == set(cli["results"][0])
    assert set(document) >= {"query", "results", "suggestions"}
    assert len(document["results"]) == 3
    assert set(document["results"][0]) >= {"id", "title", "score", "snippet"}


def test_limit_defaults_to_ten_and_is_checked(client: Client) -> None:
    assert len(client.get("/api/search", {"q": "als medicine"}).json()["results"]) == 10
    bad = client.get("/api/search", {"q": "drooling", "limit": 0})
    assert bad.status_code == 422 and "limit" in str(bad.json()["detail"])


@pytest.mark.parametrize(
    "query", ["", '" OR 1=1 --', "NEAR(", "*", "<script>alert(1)</script>", "\x00\x07", "x" * 10_000]
)
def test_odd_queries_return_normal_json(client: Client, query: str) -> None:
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200
    document = response.json()
    assert isinstance(document["results"], list) and isinstance(document["suggestions"], list)
    assert len(document["query"]) <= 200 and "\x00" not in document["query"]
    for result in document["results"]:
        assert "<script" not in result["snippet_html"]


def test_nothing_found_comes_with_suggestions(client: Client) -> None:
    document = client.get("/api/search", {"q": "glycopiroleyt"}).json()
    assert document["results"] == [] and "Glycopyrrolate" in document["suggestions"]


def test_suggestions_while_typing(client: Client) -> None:
    items = client.get("/api/search/suggest", {"q": "rilu"}).json()
    assert items[0] == {"kind": "treatment", "target": "riluzole", "label": "Riluzole"}


def test_search_is_described_in_openapi(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/search" in paths and "/api/search/suggest" in paths
