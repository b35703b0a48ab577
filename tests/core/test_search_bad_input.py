"""Hostile and odd queries: the core always answers with a normal (maybe empty) result.

FTS5 and SQL syntax, HTML, control characters, very long and empty strings must never raise,
never reach SQLite as syntax, and come back cleaned and bounded.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alsnav.search import SearchIndex, load_index
from alsnav.search.text import MAX_QUERY_CHARS

HOSTILE = [
    "",
    "   ",
    '"',
    "'",
    '" OR 1=1 --',
    "'; DROP TABLE docs; --",
    "NEAR(",
    "NEAR(riluzole baclofen, 2)",
    "*",
    "riluzole*",
    "^baclofen",
    "title:riluzole",
    "{title names}: x",
    "a AND",
    "OR OR OR",
    "NOT",
    "(((",
    "-drooling",
    "+",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "&lt;b&gt;",
    "\x00",
    "drooling\x00\x01\x02\x1b[31m",
    "\u202eevil\u202c",
    "\ufeffdrooling",
    "🙂🙂🙂",
    "ǅ ß İ ﬁ",
    "σιελόρροια",
    "流口水",
    "x" * 10_000,
    "drooling " * 2_000,
    "a" * 41 + " drooling",
    "%00%27%22",
    "\\",
    "\n\n\n",
]


@pytest.fixture(scope="module")
def index(content_dir: Path) -> SearchIndex:
    return load_index(content_dir)


def _check(index: SearchIndex, query: str) -> None:
    response = index.search(query)
    document = json.loads(json.dumps(response.to_json()))
    assert len(document["query"]) <= MAX_QUERY_CHARS
    assert not any(unicodedata.category(ch).startswith("C") for ch in document["query"])
    for hit in response.results:
        assert "<script" not in hit.snippet.html and "<img" not in hit.snippet.html
        assert hit.snippet.html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    if not response.results:
        assert isinstance(document["suggestions"], list)
    index.suggest(query)
    index.analyze(query, prefix=True)


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:24]))
def test_hostile_query_gets_a_normal_answer(index: SearchIndex, query: str) -> None:
    _check(index, query)


def test_sql_in_a_query_changes_nothing(index: SearchIndex) -> None:
    before = [hit.id for hit in index.search("riluzole").results]
    index.search("'); DELETE FROM docs; --")
    index.search('" OR 1=1; DROP TABLE docs --')
    assert [hit.id for hit in index.search("riluzole").results] == before


def test_fts_operators_are_read_as_words(index: SearchIndex) -> None:
    # Typed as words, "NEAR", "AND" or "OR" are searched for like any word, never parsed.
    assert index.search("baclofen OR riluzole").results[0].id in {"baclofen", "riluzole"}
    assert index.search("riluzole*").results[0].id == "riluzole"


def test_a_very_long_query_is_cut_not_refused(index: SearchIndex) -> None:
    response = index.search("drooling " + "x" * 10_000)
    assert response.query == "drooling"
    assert response.results and response.results[0].matched_symptoms == ("sialorrhea",)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=300))
def test_any_text_at_all_is_a_valid_query(index: SearchIndex, query: str) -> None:
    _check(index, query)
