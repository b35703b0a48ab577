"""Reads for search: a query in, the core's answer out (through the database's backend)."""

from __future__ import annotations

from alsnav.search import MAX_LIMIT, SearchResponse, Suggestion
from alsnav_web.search.backends import search_backend

#: Results shown on the search page, and after "Show more results".
PAGE_LIMIT = 10
MORE_LIMIT = 30
#: Suggestions shown while typing.
SUGGEST_LIMIT = 8
#: Fewer characters than this are not worth suggesting for.
SUGGEST_MIN_CHARS = 2


def search_results(*, query: str, limit: int = PAGE_LIMIT) -> SearchResponse:
    """Search the catalogue; any string is a valid query (the answer may be empty)."""
    return search_backend().search(query, limit=max(1, min(limit, MAX_LIMIT)))


def search_suggestions(*, query: str, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    """Treatment and symptom pages to offer while the reader types."""
    if len(query.strip()) < SUGGEST_MIN_CHARS:
        return []
    return search_backend().suggest(query, limit=limit)
