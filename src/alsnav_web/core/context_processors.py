from __future__ import annotations

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"site_name": "ALS Navigator", "search_query": request.GET.get("q", "")[:200]}
