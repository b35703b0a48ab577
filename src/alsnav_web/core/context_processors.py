from __future__ import annotations

from django.http import HttpRequest

from alsnav_web.core import pagecache


def site(request: HttpRequest) -> dict[str, object]:
    values: dict[str, object] = {
        "site_name": "ALS Navigator",
        "search_query": request.GET.get("q", "")[:200],
        # For {% cache %} keys of public fragments; called (once) only by templates that use it.
        "page_version": pagecache.pages.fragment_version,
    }
    if getattr(request, "_alsnav_fresh", None) is not None:
        # The page is being kept for other visitors: each gets their own CSRF token when served.
        values["csrf_token"] = pagecache.fresh_value(request, "csrf", pagecache.csrf_token)
    return values
