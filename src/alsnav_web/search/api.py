"""JSON API routes of the search app (mounted by alsnav_web.api.api at /api/search).

``GET /api/search?q=&limit=`` returns the same JSON as ``alsnav search QUERY --json``
(docs/contracts/cli.md). Any query is valid: an empty or odd one gets an empty result list with
suggestions, never an error.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from alsnav.search import DEFAULT_LIMIT, MAX_LIMIT
from alsnav.search.text import clean_query
from alsnav_web.core.pagecache import public_page
from alsnav_web.search.selectors import search_results, search_suggestions

router = Router(tags=["search"])


class SearchResultOut(Schema):
    id: str
    title: str
    category: str
    score: float
    snippet: str = Field(description="the best-matching sentence, plain text")
    snippet_html: str = Field(description="the same sentence, HTML-escaped, matching words in <mark>")
    matched_symptoms: list[str] = Field(description="symptom codes of the query this entry is listed for")


class UrgentOut(Schema):
    id: str = Field(description="the situation's id on the urgent-help page")
    title: str
    level: str = Field(
        description='"emergency" (call emergency services now) or "today" (call your ALS team today)'
    )
    advice: list[str] = Field(description="what to do, in plain words ([M] marks an unverified fact)")
    url: str = Field(description="the urgent-help page, at this situation")


class SearchOut(Schema):
    query: str = Field(
        description="the query as searched (control characters removed, at most 200 characters)"
    )
    urgent: UrgentOut | None = Field(
        default=None, description="set when the query describes an emergency; shown above the results"
    )
    results: list[SearchResultOut] = Field(description="best first; may be empty")
    suggestions: list[str] = Field(description="other searches to try (spelling fixes, medical terms)")
    corrected_query: str | None = None
    symptoms: list[str] = Field(default=[], description="symptom codes the query names")


class SuggestionOut(Schema):
    kind: str = Field(description='"treatment" or "symptom"')
    target: str = Field(description="treatment id or symptom page slug")
    label: str


@router.get("", response=SearchOut, summary="Search treatments in everyday words")
@decorate_view(public_page)
def search(
    request: HttpRequest,
    q: str = "",
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),  # type: ignore[type-arg]  # ninja's Query is used as a default marker
) -> dict[str, Any]:
    """Treatments matching `q`: lay symptom words, brand and generic names and misspellings work."""
    return search_results(query=q, limit=limit).to_json()


@router.get("/suggest", response=list[SuggestionOut], summary="Suggestions while typing")
@decorate_view(public_page)
def suggest(request: HttpRequest, q: str = "") -> list[dict[str, str]]:
    """Treatment and symptom pages for a partly typed query (the last word may be unfinished)."""
    return [
        {"kind": s.kind, "target": s.target, "label": s.label}
        for s in search_suggestions(query=clean_query(q))
    ]
