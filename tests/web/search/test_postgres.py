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


def _vector_matches(treatment_id: str, word: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector @@ plainto_tsquery('english', %s) FROM catalog_treatment WHERE id = %s",
            [word, treatment_id],
        )
        return bool(cursor.fetchone()[0])


def test_the_stored_search_vector_follows_the_content(parsed_content: object) -> None:
    """PostgreSQL rewrites the generated column whenever a row is written, content loads included."""
    from alsnav_web.catalog.models import Treatment
    from alsnav_web.catalog.services import content_load
    from tests.web.conftest import CONTENT_DIR

    assert _vector_matches("riluzole", "glutamate") and not _vector_matches("riluzole", "quixotically")
    row = Treatment.objects.get(id="riluzole")
    row.body += "\n\nQuixotically added."
    row.content_hash = "edited"
    row.save()
    assert _vector_matches("riluzole", "quixotically")
    report = content_load(content_dir=CONTENT_DIR, catalog=parsed_content)  # type: ignore[arg-type]
    assert report.updated == 1
    assert not _vector_matches("riluzole", "quixotically") and _vector_matches("riluzole", "glutamate")


def test_the_search_vector_has_a_gin_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'catalog_treatment'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gin (search_vector)" in d for d in definitions), definitions


def test_text_relevance_reads_the_stored_column_not_the_fields() -> None:
    from django.test.utils import CaptureQueriesContext

    from alsnav_web.search.backends import postgres_text_scores, search_index_current

    analysis = search_index_current().analyze("my husband drools all the time")
    with CaptureQueriesContext(connection) as queries:
        scores = postgres_text_scores(analysis)
    assert scores and "glycopyrrolate" in scores
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "search_vector" in sql
    assert "to_tsvector" not in sql and "setweight" not in sql
