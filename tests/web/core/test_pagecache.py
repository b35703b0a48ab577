"""Public pages kept for visitors who are not signed in (alsnav_web.core.pagecache).

What a person would notice if keeping pages went wrong: a form refused because another visitor's
token was served, a comment that does not appear, someone else's name in the header, a stale page
long after a change. Each test checks one of those.
"""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from alsnav_web.community import protection
from alsnav_web.community.models import Comment, CommentStatus
from alsnav_web.core import pagecache
from tests.web.community.helpers import client_for, make_user

pytestmark = pytest.mark.django_db

TREATMENT_URL = "/treatments/riluzole/"
PUBLIC_PAGES = [
    "/",
    "/treatments/",
    TREATMENT_URL,
    "/symptoms/",
    "/search/?q=drooling",
    "/urgent/",
    "/glossary/",
    "/trials/",
    "/about/",
]


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    """Rate limits and the shared version live in the cache: each test starts with a clean one."""
    cache.clear()
    yield
    cache.clear()


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} field on the page"
    return found.group(1)


def _page(client: Client, url: str = TREATMENT_URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_kept_page_is_the_same_page_with_no_placeholder_left(url: str) -> None:
    first = _page(Client(), url)
    second = _page(Client(), url)
    assert len(pagecache.pages) == 1, "the page should be kept after the first visit"
    assert "alsnav-fresh-" not in first + second
    strip = re.compile(r'value="[^"]*"')
    # Only the per-visitor token values may differ.
    assert strip.sub("", first) == strip.sub("", second)


def test_every_visitor_gets_their_own_working_csrf_token() -> None:
    visitors = [Client(enforce_csrf_checks=True) for _ in range(3)]
    tokens = [_field(_page(visitor), "csrfmiddlewaretoken") for visitor in visitors]
    assert len(set(tokens)) == 3
    for visitor, token in zip(visitors, tokens, strict=True):
        answer = visitor.post(
            "/community/feedback/",
            {"csrfmiddlewaretoken": token, "path": TREATMENT_URL, "helpful": "yes"},
        )
        assert answer.status_code in (200, 302), answer.status_code


def test_another_visitors_token_is_refused() -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = _field(_page(first), "csrfmiddlewaretoken")
    _page(second)
    answer = second.post(
        "/community/feedback/", {"csrfmiddlewaretoken": token, "path": TREATMENT_URL, "helpful": "yes"}
    )
    assert answer.status_code == 403


def test_every_visitor_gets_a_new_valid_comment_form_token() -> None:
    tokens = [_field(_page(Client()), protection.FORM_TOKEN_FIELD) for _ in range(3)]
    assert len(set(tokens)) == 3
    for token in tokens:
        protection.form_token_check(token)  # raises if forged or unreadable


def test_signed_in_people_never_get_a_kept_page_and_visitors_never_get_theirs() -> None:
    _page(Client())
    member = client_for(make_user("robin"))
    assert "Signed in as <bdi>robin</bdi>" in _page(member)
    assert "Signed in as" not in _page(Client())
    assert "Signed in as <bdi>robin</bdi>" in _page(member)


def test_a_new_published_comment_shows_to_the_next_visitor() -> None:
    assert "Cold drinks help me swallow the tablet." not in _page(Client())
    Comment.objects.create(
        treatment_id="riluzole",
        author=make_user("kim"),
        body="Cold drinks help me swallow the tablet.",
        body_fingerprint="x",
        status=CommentStatus.PUBLISHED,
    )
    assert "Cold drinks help me swallow the tablet." in _page(Client())


PUBLISHED = CommentStatus.PUBLISHED


def _stored_without_signals(author: Any, body: str) -> None:
    """A published comment written as another process would: no change signal reaches this one."""
    Comment.objects.bulk_create(
        [Comment(treatment_id="riluzole", author=author, body=body, body_fingerprint=body, status=PUBLISHED)]
    )


def test_a_change_made_by_another_app_process_shows_within_about_a_second() -> None:
    author = make_user("lee")
    _page(Client())
    # Another process stores a comment (no signal reaches this process) and moves the shared version on.
    _stored_without_signals(author, "Another process wrote this.")
    cache.set(pagecache.VERSION_KEY, "moved-on-by-another-process", timeout=None)
    assert "Another process wrote this." not in _page(Client()), "checked at most once a second"
    later = pagecache.time.monotonic() + pagecache.VERSION_CHECK_SECONDS + 0.1
    with mock.patch.object(pagecache.time, "monotonic", return_value=later):
        assert "Another process wrote this." in _page(Client())


def test_a_kept_page_is_rendered_again_after_its_maximum_age() -> None:
    author = make_user("max")
    _page(Client())
    _stored_without_signals(author, "Seen after the maximum age.")
    later = pagecache.time.monotonic() + pagecache.MAX_AGE_SECONDS + 1
    with mock.patch.object(pagecache.time, "monotonic", return_value=later):
        assert "Seen after the maximum age." in _page(Client())


def test_a_guest_with_a_session_sees_their_own_pending_comment() -> None:
    guest = Client()
    _page(guest)
    _page(Client())
    form = _page(guest)
    answer = guest.post(
        "/community/treatments/riluzole/comments/",
        {
            "guest_name": "Ana",
            "guest_email": "",
            "body": "Waiting for a moderator to read this.",
            "form_token": _field(form, protection.FORM_TOKEN_FIELD),
            "leave_this_empty": "",
        },
    )
    assert answer.status_code == 302
    assert "Waiting for a moderator to read this." in _page(guest)
    assert "Waiting for a moderator to read this." not in _page(Client())


def test_pages_are_kept_per_address_and_bounded(settings: Any) -> None:
    for number in range(pagecache.MAX_PAGES + 15):
        Client().get(f"/search/?q=walking+{number}")
    assert len(pagecache.pages) == pagecache.MAX_PAGES
    long_query = "/search/?q=" + "a" * (pagecache.MAX_QUERY_LENGTH + 1)
    pagecache.pages.clear()
    Client().get(long_query)
    assert len(pagecache.pages) == 0


def test_the_api_answers_the_same_json_from_a_kept_page() -> None:
    first = Client().get("/api/treatments/riluzole")
    second = Client().get("/api/treatments/riluzole")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == second["Content-Type"] == "application/json; charset=utf-8"
    assert first.json() == second.json()
    assert len(pagecache.pages) == 1


def test_keeping_pages_can_be_switched_off(settings: Any) -> None:
    settings.ALSNAV_PUBLIC_PAGE_CACHE = False
    _page(Client())
    assert len(pagecache.pages) == 0


def test_a_signed_in_reader_sees_a_content_change_at_once() -> None:
    """Parts of public pages are kept for signed-in readers too (rendered entries, the treatment
    list): a change to the content shows on the next visit."""
    from alsnav_web.catalog.models import Treatment

    reader = client_for(make_user("ola"))
    before = _page(reader)
    assert "glutamate gates in a new way" not in before
    row = Treatment.objects.get(id="riluzole")
    row.data = {**row.data, "how_it_works": "It is thought to work on the glutamate gates in a new way."}
    row.save()
    assert "glutamate gates in a new way" in _page(reader)
    assert "glutamate gates in a new way" in _page(Client())


def test_kept_entry_parts_follow_the_chosen_country() -> None:
    reader = client_for(make_user("noor"))
    british = _page(reader, "/urgent/?country=GB")
    american = _page(reader, "/urgent/?country=US")
    assert '<option value="GB" selected>' in british and '<option value="US" selected>' not in british
    assert '<option value="US" selected>' in american and '<option value="GB" selected>' not in american


def test_with_the_shared_cache_down_pages_render_and_writes_still_succeed(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core.cache import caches

    shared = caches["default"]

    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("cache server unreachable")

    with (
        mock.patch.object(shared, "get", broken),
        mock.patch.object(shared, "set", broken),
        mock.patch.object(shared, "add", broken),
    ):
        assert "Riluzole" in _page(Client())
        with django_capture_on_commit_callbacks(execute=True) as committed:
            member = make_user("sky")  # saving an account moves the shared version on commit
        assert committed, "the change should reach the shared cache on commit"
        assert "Signed in as <bdi>sky</bdi>" in _page(client_for(member))
        assert len(pagecache.pages) == 0, "nothing is kept while changes cannot be known"
