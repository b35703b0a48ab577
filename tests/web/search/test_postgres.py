"""The PostgreSQL full-text backend answers like the SQLite FTS5 one (runs when DATABASE_URL is PostgreSQL).

`make test-postgres` runs tests/web against a throwaway cluster (scripts/with-postgres.sh).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from alsnav_web.search.backends import CoreSearchBackend, PostgresSearchBackend, search_backend

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL, or run `make test-postgres`)")


def top(query: str, n: int = 3) -> list[str]:
    return [hit.id for hit in PostgresSearchBackend().search(query, limit=10).results[:n]]


def test_postgresql_is_the_backend_on_postgresql() -> None:
    assert isinstance(search_backend(), PostgresSearchBackend)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rilutek", {"riluzole"}),
        (
            "my husband drools all the time",
            {"glycopyrrolate", "trihexyphenidyl", "amitriptyline", "botulinum-toxin"},
        ),
        ("stiff legs", {"baclofen", "tizanidine", "diazepam", "physical-therapy"}),
        ("baclofem", {"baclofen"}),
        ("feeding tube", {"feeding-tube"}),
        ("cough machine", {"cough-assist"}),
        ("vitamin e capsules", {"vitamin-e"}),
    ],
)
def test_postgresql_ranking_finds_the_same_treatments(query: str, expected: set[str]) -> None:
    assert expected & set(top(query)), top(query, 5)


def test_postgresql_and_sqlite_agree_on_the_first_result() -> None:
    core = CoreSearchBackend()
    for query in ("rilutek", "cough machine", "peg tube", "save my voice", "tofersen sod1"):
        assert top(query, 1) == [core.search(query, limit=1).results[0].id], query


@pytest.mark.parametrize("query", ["", '" OR 1=1 --', "NEAR(", "*", "&|!:*", "\x00drop", "x" * 10_000])
def test_odd_queries_never_reach_postgresql_as_syntax(client: Client, query: str) -> None:
    PostgresSearchBackend().search(query, limit=10)
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200 and isinstance(response.json()["results"], list)
    assert client.get("/search/", {"q": query}).status_code == 200
