"""Search backends: one interface, two rankers.

* :class:`CoreSearchBackend` — the core's in-memory SQLite FTS5 index (BM25). Used with SQLite.
* :class:`PostgresSearchBackend` — PostgreSQL full-text search (``ts_rank`` over the stored,
  GIN-indexed ``search_vector`` column of ``catalog.Treatment``) for the text relevance, with the
  core's query analysis (typo correction, symptom and name vocabulary) and re-ranking, so both
  backends answer the same way.

Both keep one core index per catalogue version (the catalogue is rebuilt only when the stored
content changes). Suggestions while typing always come from the core index: they are vocabulary
look-ups that must answer in a few milliseconds.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import connection

from alsnav.errors import ContentError
from alsnav.kb.catalog import Catalog
from alsnav.kb.urgent import UrgentHelp
from alsnav.search import (
    SearchIndex,
    SearchResponse,
    SearchSynonyms,
    Suggestion,
    UrgentRecogniser,
    build_index,
)
from alsnav.search.index import CANDIDATES, QueryAnalysis
from alsnav.search.vocabulary import SYNONYMS_FILE, load_search_synonyms
from alsnav_web.catalog.selectors import catalog_current, urgent_help_current

logger = logging.getLogger(__name__)


class SearchBackend(Protocol):
    name: str

    def search(self, query: str, *, limit: int) -> SearchResponse: ...

    def suggest(self, query: str, *, limit: int) -> list[Suggestion]: ...


_lock = threading.Lock()
_current: tuple[Catalog, UrgentHelp | None, SearchIndex] | None = None


def _urgent_content() -> UrgentHelp | None:
    """The urgent-help content; a broken file must not take search down (check-content catches it)."""
    try:
        return urgent_help_current()
    except ContentError as exc:
        logger.error("urgent help not loaded: %s", exc)
        return None


def _synonyms() -> SearchSynonyms | None:
    path = Path(settings.ALSNAV_CONTENT_DIR) / SYNONYMS_FILE
    try:
        return load_search_synonyms(path)
    except ContentError as exc:  # a broken file must not take search down; `make test` catches it
        logger.error("search synonyms not loaded: %s", exc)
        return None


#: How long the content version is trusted before it is checked again (three small queries).
CONTENT_CHECK_SECONDS = 2.0
_checked_at = 0.0


def search_index_current() -> SearchIndex:
    """The core index of the current catalogue, built once per content version.

    The version is checked at most every :data:`CONTENT_CHECK_SECONDS`, so a busy search page
    costs no database query; reloaded content is searched within that time.
    """
    global _current, _checked_at
    cached = _current
    if cached is not None and time.monotonic() - _checked_at < CONTENT_CHECK_SECONDS:
        return cached[2]
    catalog = catalog_current()
    urgent = _urgent_content()  # the same object until content/urgent-help.yaml changes
    if cached is None or cached[0] is not catalog or cached[1] is not urgent:
        with _lock:
            cached = _current
            if cached is None or cached[0] is not catalog or cached[1] is not urgent:
                recogniser = UrgentRecogniser(urgent) if urgent is not None else None
                cached = (catalog, urgent, build_index(catalog, _synonyms(), recogniser))
                _current = cached
                # The index lives as long as this content version: keep its objects out of the
                # garbage collector's full scans, which otherwise add pauses to busy workers.
                gc.freeze()
    _checked_at = time.monotonic()
    return cached[2]


class CoreSearchBackend:
    name = "sqlite-fts5"

    def search(self, query: str, *, limit: int) -> SearchResponse:
        return search_index_current().search(query, limit=limit)

    def suggest(self, query: str, *, limit: int) -> list[Suggestion]:
        return search_index_current().suggest(query, limit=limit)


class PostgresSearchBackend(CoreSearchBackend):
    name = "postgresql"

    def search(self, query: str, *, limit: int) -> SearchResponse:
        index = search_index_current()
        analysis = index.analyze(query)
        return index.rank(analysis, postgres_text_scores(analysis), limit)


#: The stored, GIN-indexed tsvector of each treatment (catalog migration 0002; PostgreSQL only).
SEARCH_VECTOR_COLUMN = "search_vector"

_TEXT_SCORES_SQL = """
WITH q AS (SELECT {query} AS query)
SELECT t.id, ts_rank(t.{column}, q.query) AS relevance
FROM {table} AS t, q
WHERE t.{column} @@ q.query
ORDER BY relevance DESC, t.title ASC
LIMIT %s
"""


def postgres_text_scores(analysis: QueryAnalysis, limit: int = CANDIDATES) -> dict[str, float]:
    """``ts_rank`` of the best-matching treatments for the analysed query's words (English stemming).

    Reads the stored ``search_vector`` column (weights: title A, other names and search terms B,
    summary and symptoms C, body D), kept current by PostgreSQL whenever a row is written; each
    word is a ``plainto_tsquery`` (quoted by PostgreSQL, never parsed) and any word may match.
    """
    from alsnav_web.catalog.models import Treatment

    if not analysis.words:
        return {}
    quote = connection.ops.quote_name
    sql = _TEXT_SCORES_SQL.format(
        query=" || ".join(["plainto_tsquery('english'::regconfig, %s)"] * len(analysis.words)),
        column=quote(SEARCH_VECTOR_COLUMN),
        table=quote(Treatment._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*analysis.words, limit])
        rows = cursor.fetchall()
    return {treatment_id: float(relevance) for treatment_id, relevance in rows}


def search_backend() -> SearchBackend:
    """PostgreSQL full-text search on PostgreSQL, the core's SQLite FTS5 index otherwise."""
    if connection.vendor == "postgresql":
        return PostgresSearchBackend()
    return CoreSearchBackend()
