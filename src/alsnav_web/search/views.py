"""The search page (/search/?q=) and the suggestions fragment used while typing (/search/suggest/)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from alsnav.kb.models import Category
from alsnav.kb.urgent import CountryNumbers
from alsnav.search import SearchHit, SearchIndex
from alsnav.search.snippets import Snippet
from alsnav.search.text import clean_query
from alsnav_web.catalog.selectors import urgent_help_current
from alsnav_web.core.pagecache import public_page
from alsnav_web.search.backends import search_index_current
from alsnav_web.search.selectors import MORE_LIMIT, PAGE_LIMIT, search_results, search_suggestions


@dataclass(frozen=True)
class ResultView:
    hit: SearchHit
    url: str
    category: str
    snippet: SafeString
    symptoms: list[tuple[str, str]]  # (label, url) of the symptoms the query named


def snippet_html(snippet: Snippet) -> SafeString:
    """Snippet text with the matching words in <mark>; the core escapes every segment (html.escape)."""
    return mark_safe(snippet.html)  # noqa: S308 - built from escaped segments only, see Snippet.html


@lru_cache(maxsize=4096)
def treatment_url(treatment_id: str) -> str:
    return reverse("catalog:treatment_detail", args=[treatment_id])


@lru_cache(maxsize=256)
def symptom_url(code: str) -> str:
    return reverse("catalog:symptom_detail", args=[code.replace("_", "-")])


@require_safe
@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    more = request.GET.get("more") == "1"
    page = results_body(index=search_index_current(), query=query, more=more)
    return render(
        request,
        "search/results.html",
        {
            "title": page.title,
            "body": page.html,
            "search_query": query,  # the header box shows the query as searched (cleaned)
            "crumbs": [("Search", None)],
        },
    )


@dataclass(frozen=True)
class ResultsPage:
    title: str
    html: SafeString


def _short_numbers() -> list[CountryNumbers]:
    urgent = urgent_help_current()
    return urgent.numbers_for(None) if urgent is not None else []


@lru_cache(maxsize=1024)
def results_body(*, index: SearchIndex, query: str, more: bool) -> ResultsPage:
    """The main part of the search page for one query, kept per content version (the index).

    It holds nothing about the reader (no form, no token), so the most frequent searches are
    rendered once per worker rather than on every request.
    """
    response = search_results(query=query, limit=MORE_LIMIT if more else PAGE_LIMIT)

    def symptom_link(code: str) -> tuple[str, str]:
        info = index.symptoms.get(code)
        label = info.label if info is not None else code.replace("_", " ")
        return label, symptom_url(code)

    results = [
        ResultView(
            hit=hit,
            url=treatment_url(hit.id),
            category=Category(hit.category).label,
            snippet=snippet_html(hit.snippet),
            symptoms=[symptom_link(code) for code in hit.matched_symptoms],
        )
        for hit in response.results
    ]
    named_symptoms = [
        (index.symptoms[code].question, symptom_link(code)[1])
        for code in response.symptoms
        if code in index.symptoms and any(code in r.hit.matched_symptoms for r in results)
    ]
    shown = query if len(query) <= 60 else query[:59] + "…"
    if not query:
        title = "Search"
    elif results:
        title = f"Search results for “{shown}”"
    else:
        title = f"No results for “{shown}”"
    html = render_to_string(
        "search/includes/results_body.html",
        {
            "query": query,
            "results": results,
            "named_symptoms": named_symptoms,
            "corrected_query": response.corrected_query,
            "did_you_mean": [s for s in response.suggestions if s.casefold() != query.casefold()],
            "can_show_more": not more and len(results) >= PAGE_LIMIT,
            "urgent": response.urgent,
            "numbers": _short_numbers(),
        },
    )
    return ResultsPage(title=title, html=mark_safe(html))  # noqa: S308 - a rendered (auto-escaped) template


@require_safe
@public_page
def suggest(request: HttpRequest) -> HttpResponse:
    """The options of the search box's list (an HTML fragment for HTMX)."""
    query = clean_query(request.GET.get("q", ""))
    options = []
    for suggestion in search_suggestions(query=query):
        if suggestion.kind == "symptom":
            url = symptom_url(suggestion.target)
            kind = "Symptom"
        else:
            url = treatment_url(suggestion.target)
            kind = "Treatment"
        options.append({"label": suggestion.label, "url": url, "kind": kind})
    return render(request, "search/includes/suggestions.html", {"query": query, "options": options})
