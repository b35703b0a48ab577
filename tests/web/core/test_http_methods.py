"""Pages that only show something answer 405 to POST, PUT and DELETE (``require_safe``); pages with a
form take POST but still refuse PUT and DELETE. Every URL pattern of the site is walked, so a new
read-only page that forgets its decorator makes this fail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.web.community.helpers import client_for, html_of, make_user

pytestmark = pytest.mark.django_db

#: The pages that handle a form (POST). Every other page of the site only reads.
ACCEPTS_POST = frozenset(
    {
        "accounts:sign_up",
        "accounts:sign_in",
        "accounts:sign_out",
        "accounts:password_reset",
        "accounts:password_reset_confirm",
        "community:comment_create",
        "community:experience_edit",
        "community:experience_remove",
        "community:comment_reply",
        "community:comment_report",
        "community:comment_delete",
        "community:moderate",
        "community:page_feedback",
        "community:feedback_details",
        "community:ask",
        "patients:start",
        "patients:profile",
        "patients:profile_add",
        "patients:profile_remove",
        "patients:assessment_new",
        "patients:assessment_steps",
        "patients:assessment_edit",
        "patients:assessment_delete",
        "patients:measurement_new",
        "patients:measurement_delete",
        "patients:sharing",
        "patients:sharing_change",
        "patients:sharing_revoke",
        "patients:invitation_cancel",
        "patients:invitation",
        "patients:settings",
        "patients:import",
        "patients:delete",
        "careplan:reminders",
    }
)
#: Django's admin and the JSON API (django-ninja answers wrong methods itself, tested with the API).
NOT_WALKED = ("admin/", "api/")

_SAMPLES = {"int": "1", "uuid": "00000000-0000-4000-8000-000000000001", "slug": "x", "str": "x", "path": "x"}
_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _site_patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, sample path) for every page of the site."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _site_patterns(
                entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith(NOT_WALKED):
                continue
            path = "/" + _PARAM.sub(lambda m: _SAMPLES[m.group("converter") or "str"], route)
            yield (f"{namespace}:{entry.name}" if namespace else str(entry.name)), path


PAGES = sorted(_site_patterns())
READ_ONLY = [(name, path) for name, path in PAGES if name not in ACCEPTS_POST]


def test_the_walk_finds_the_pages_and_the_form_list_names_only_real_pages() -> None:
    names = {name for name, _ in PAGES}
    assert names >= ACCEPTS_POST, ACCEPTS_POST - names
    assert {"catalog:home", "catalog:glossary", "search:results", "trials:list", "catalog:about"} <= {
        name for name, _ in READ_ONLY
    }


@pytest.fixture
def member() -> Client:
    """Signed in, so that sign-in redirects do not hide what a page does with the method."""
    return client_for(make_user("reader"))


@pytest.mark.parametrize(("name", "path"), READ_ONLY, ids=[name for name, _ in READ_ONLY])
def test_read_only_pages_refuse_post_put_and_delete(member: Client, name: str, path: str) -> None:
    for method in ("post", "put", "delete"):
        response = getattr(member, method)(path)
        assert response.status_code == 405, f"{method.upper()} {path} ({name}): {response.status_code}"
        assert "GET" in response["Allow"]
    for anonymous in (Client().post(path), Client().delete(path)):
        assert anonymous.status_code == 405, f"{path} ({name}) without signing in"


@pytest.mark.parametrize("name", sorted(ACCEPTS_POST))
def test_form_pages_still_refuse_put_and_delete(member: Client, name: str) -> None:
    path = dict(PAGES)[name]
    for method in ("put", "delete"):
        assert getattr(member, method)(path).status_code == 405, f"{method.upper()} {path}"


def test_the_405_page_uses_the_site_layout_and_says_what_to_do(client: Client) -> None:
    response = client.post("/glossary/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    html = html_of(response)
    assert 'class="site-header"' in html and '<main id="main"' in html
    assert "This page cannot do that" in html and "Nothing was changed" in html
    assert 'href="/search/"' in html
