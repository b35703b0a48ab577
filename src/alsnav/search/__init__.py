"""Search that understands how people describe ALS symptoms (issue 3).

Pure Python over the catalogue: SQLite FTS5 BM25 in memory, the reviewed symptom vocabulary,
brand and generic names, typo tolerance (rapidfuzz) and highlighted snippets. Never imports Django;
the web app keeps one index per content version and may rank with PostgreSQL instead.

    >>> from alsnav.search import load_index
    >>> index = load_index()
    >>> [hit.id for hit in index.search("drooling").results][:3]  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from alsnav.content import default_content_dir
from alsnav.kb.catalog import Catalog, load_catalog
from alsnav.search.index import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    QueryAnalysis,
    SearchDocument,
    SearchHit,
    SearchIndex,
    SearchResponse,
    Suggestion,
    SymptomInfo,
    build_index,
)
from alsnav.search.urgent import UrgentMatch, UrgentRecogniser
from alsnav.search.vocabulary import SYNONYMS_FILE, SearchSynonyms, load_search_synonyms

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "QueryAnalysis",
    "SearchDocument",
    "SearchHit",
    "SearchIndex",
    "SearchResponse",
    "SearchSynonyms",
    "Suggestion",
    "SymptomInfo",
    "UrgentMatch",
    "UrgentRecogniser",
    "build_index",
    "index_for_catalog",
    "load_index",
]


def index_for_catalog(catalog: Catalog, content_dir: Path | None = None) -> SearchIndex:
    """An index of ``catalog`` with the search synonyms of ``content_dir`` (if that file exists)."""
    from alsnav.kb.urgent import load_urgent_help

    root = content_dir or default_content_dir()
    help_content = load_urgent_help(root)
    urgent = UrgentRecogniser(help_content) if help_content is not None else None
    return build_index(catalog, load_search_synonyms(root / SYNONYMS_FILE), urgent)


_loaded: dict[Path, tuple[tuple[tuple[str, int, int], ...], SearchIndex]] = {}


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = [
        *sorted((root / "treatments").glob("*.md")),
        root / "symptoms.yaml",
        root / SYNONYMS_FILE,
        root / "urgent-help.yaml",
    ]
    stamps = []
    for file in files:
        try:
            info = file.stat()
        except OSError:
            continue
        stamps.append((file.name, info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def load_index(content_dir: Path | None = None) -> SearchIndex:
    """Load the content directory (default: the project's ``content/``) and index it.

    The index is kept and reused until a content file changes (one index per content version).
    """
    root = (content_dir or default_content_dir()).resolve()
    stamp = _fingerprint(root)
    cached = _loaded.get(root)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    index = index_for_catalog(load_catalog(root), root)
    _loaded[root] = (stamp, index)
    return index
