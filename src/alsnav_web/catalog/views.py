"""Catalogue pages: thin views that call selectors and render."""

from __future__ import annotations

import difflib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from alsnav.errors import NotFoundError
from alsnav.fields import Reference
from alsnav.kb.models import CATEGORY_LABELS, TreatmentMeta
from alsnav.kb.urgent import LEVELS, CountryNumbers, UrgentHelp
from alsnav_web.catalog.selectors import catalog_current, glossary_current, urgent_help_current
from alsnav_web.core.pagecache import public_page


def _country(request: HttpRequest, urgent: UrgentHelp | None) -> str | None:
    """The reader's chosen country (``?country=GB``), if we have numbers for it."""
    code = request.GET.get("country", "").strip().upper()[:2]
    if urgent is not None and any(n.country == code for n in urgent.numbers):
        return code
    return None


def _numbers(request: HttpRequest, urgent: UrgentHelp | None) -> list[CountryNumbers]:
    return urgent.numbers_for(_country(request, urgent)) if urgent is not None else []


def _glossary_terms(texts: list[str]) -> list[tuple[str, str]]:
    glossary = glossary_current()
    if glossary is None:
        return []
    return [(t.term, t.id) for t in glossary.terms_in(texts)]


def _page_texts(meta: TreatmentMeta, body: str) -> list[str]:
    texts = [meta.evidence.bottom_line, body, *(r.note or "" for r in meta.regulatory)]
    texts += [t.result + " " + t.design for t in meta.evidence.trials]
    texts += [g.statement + " " + g.level for g in meta.evidence.guideline_levels]
    return texts


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    return render(
        request,
        "catalog/home.html",
        {"groups": catalog.by_category(), "symptoms": catalog.symptoms_with_treatments()[:8]},
    )


@require_safe
@public_page
def treatment_list(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    return render(
        request,
        "catalog/treatment_list.html",
        {"groups": catalog.by_category(), "count": len(catalog.treatments), "crumbs": [("Treatments", None)]},
    )


@require_safe
@public_page
def treatment_detail(request: HttpRequest, treatment_id: str) -> HttpResponse:
    catalog = catalog_current()
    try:
        entry = catalog.get(treatment_id)
    except NotFoundError:
        return _treatment_not_found(request, treatment_id)
    today = timezone.localdate()
    related = [catalog.get(rid) for rid in entry.meta.related if rid in {t.id for t in catalog.treatments}]
    symptoms = []
    if catalog.vocabulary is not None:
        symptoms = [s for s in catalog.vocabulary.symptoms if s.code in entry.meta.symptoms]
    urgent = urgent_help_current()
    passed = [item for item in entry.meta.expected if item.date < today]
    return render(
        request,
        "catalog/treatment_detail.html",
        {
            "entry": entry,
            "meta": entry.meta,
            "category": entry.meta.category,
            "related": related,
            "symptoms": symptoms,
            "review_overdue": entry.meta.next_review < today,
            "has_unverified": "[M]" in entry.body or "[M]" in entry.meta.model_dump_json(),
            "crumbs": [("Treatments", reverse("catalog:treatment_list")), (entry.title, None)],
            "help_groups": urgent.for_treatment(entry.id) if urgent is not None else [],
            "numbers": _numbers(request, urgent),
            "expected_passed": passed,
            # Worked out only when the kept entry fragment is rendered again (templates call it).
            "glossary_terms": lambda: _glossary_terms(_page_texts(entry.meta, entry.body)),
        },
    )


def _treatment_not_found(request: HttpRequest, treatment_id: str) -> HttpResponse:
    catalog = catalog_current()
    titles = {t.title.casefold(): t for t in catalog.treatments}
    ids = {t.id: t for t in catalog.treatments}
    guess = treatment_id.replace("-", " ").casefold()
    close_ids = difflib.get_close_matches(treatment_id.casefold(), list(ids), n=3, cutoff=0.6)
    close_titles = difflib.get_close_matches(guess, list(titles), n=3, cutoff=0.6)
    suggestions = list(
        {t.id: t for t in [*(ids[i] for i in close_ids), *(titles[n] for n in close_titles)]}.values()
    )
    response = render(
        request,
        "catalog/treatment_not_found.html",
        {"requested": treatment_id, "suggestions": suggestions, "query": treatment_id.replace("-", " ")},
        status=404,
    )
    return response


@require_safe
@public_page
def symptom_index(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    return render(
        request,
        "catalog/symptom_index.html",
        {"symptoms": catalog.symptoms_with_treatments(), "crumbs": [("Symptoms", None)]},
    )


@require_safe
@public_page
def symptom_detail(request: HttpRequest, slug: str) -> HttpResponse:
    catalog = catalog_current()
    urgent = urgent_help_current()
    for symptom, treatments in catalog.symptoms_with_treatments():
        if symptom.slug == slug:
            groups = [
                (category, [t for t in treatments if t.meta.category is category])
                for category in CATEGORY_LABELS
            ]
            return render(
                request,
                "catalog/symptom_detail.html",
                {
                    "symptom": symptom,
                    "groups": [(c, ts) for c, ts in groups if ts],
                    "count": len(treatments),
                    "help_groups": urgent.for_symptom(symptom.code) if urgent is not None else [],
                    "numbers": _numbers(request, urgent),
                    "crumbs": [("Symptoms", reverse("catalog:symptom_index")), (symptom.label, None)],
                },
            )
    raise Http404("No such symptom page")


@require_safe
@public_page
def about(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    reviewed = [t.meta.last_reviewed for t in catalog.treatments]
    return render(
        request,
        "catalog/about.html",
        {
            "count": len(catalog.treatments),
            "oldest_review": min(reviewed) if reviewed else None,
            "reviewers": sorted({t.meta.reviewed_by for t in catalog.treatments}),
            "crumbs": [("About", None)],
        },
    )


def _sources(urgent: UrgentHelp) -> list[Reference]:
    """Every source of the urgent-help page, each once."""
    lists = [s.sources for s in urgent.situations] + [n.sources for n in urgent.numbers]
    return list({ref.citation: ref for refs in lists for ref in refs}.values())


@require_safe
@public_page
def urgent_help(request: HttpRequest) -> HttpResponse:
    """When to get help, how fast, and the numbers to call (``?country=XX`` picks a country)."""
    urgent = urgent_help_current()
    if urgent is None:
        raise Http404("No urgent-help content")
    requested = request.GET.get("country", "").strip().upper()[:2]
    country = _country(request, urgent)
    return render(
        request,
        "catalog/urgent_help.html",
        {
            "urgent": urgent,
            "country": country,
            "unknown_country": requested if requested and country is None else "",
            "numbers": urgent.numbers_for(country),
            "all_numbers": urgent.numbers,
            "levels": [(level, [s for s in urgent.situations if s.level is level]) for level in LEVELS],
            "sources": _sources(urgent),
            "crumbs": [("Urgent help", None)],
        },
    )


@require_safe
@public_page
def glossary(request: HttpRequest) -> HttpResponse:
    """Research and regulatory words in plain language."""
    content = glossary_current()
    if content is None:
        raise Http404("No glossary")
    return render(request, "catalog/glossary.html", {"glossary": content, "crumbs": [("Glossary", None)]})
