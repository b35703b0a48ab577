"""A treatment's comments come 20 conversations to a page (``?comments=2``), with no query per comment."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alsnav_web.community.models import Comment, CommentStatus
from tests.web.community.helpers import (
    COMMENT_URL,
    TREATMENT_URL,
    client_for,
    elements_in,
    html_of,
    make_user,
    member_comment,
)

pytestmark = pytest.mark.django_db


def _threads(
    count: int, *, replies: bool = False, start: int = 0, members_reply: bool = False
) -> list[Comment]:
    """``count`` published comments, each by a different person, each with a reply if asked (by a
    guest, or by another member with ``members_reply``); numbered from ``start``."""
    made = []
    for n in range(start, start + count):
        author = make_user(f"writer{n}")
        top = Comment.objects.create(
            treatment_id="riluzole",
            author=author,
            body=f"Conversation {n:02d} opens here.",
            status=CommentStatus.PUBLISHED,
        )
        if replies:
            Comment.objects.create(
                treatment_id="riluzole",
                parent=top,
                author=make_user(f"answer{n}") if members_reply else None,
                guest_name="" if members_reply else f"Guest {n}",
                body=f"Answer to {n:02d}.",
                status=CommentStatus.PUBLISHED,
            )
        made.append(top)
    return made


def _shown(html: str) -> list[str]:
    return re.findall(r"Conversation (\d\d) opens here", html)


def _current_page_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav.group(0))


def test_comments_are_paged_twenty_conversations_at_a_time(client: Client) -> None:
    _threads(45, replies=True)
    first = html_of(client.get(TREATMENT_URL))
    assert _shown(first) == [f"{n:02d}" for n in range(20)]
    assert "Answer to 00." in first and "Answer to 20." not in first
    assert "Page 1 of 3 (45 conversations, oldest first)." in first

    nav = elements_in(first, root_id=None)
    navs = [dict(attrs) for tag, attrs in nav if tag == "nav" and dict(attrs).get("class") == "pagination"]
    assert navs == [{"class": "pagination", "aria-label": "Pages of comments"}]
    assert _current_page_links(first) == ["/treatments/riluzole/#comments"]
    assert 'href="/treatments/riluzole/?comments=2#comments" rel="next"' in first
    assert 'href="/treatments/riluzole/?comments=3#comments"' in first

    third = html_of(client.get(TREATMENT_URL + "?comments=3"))
    assert _shown(third) == [f"{n:02d}" for n in range(40, 45)]
    assert "Answer to 44." in third
    assert _current_page_links(third) == ["/treatments/riluzole/?comments=3#comments"]
    assert 'href="/treatments/riluzole/?comments=2#comments" rel="prev"' in third
    # Nonsense and out-of-range page numbers still show a page.
    assert _shown(html_of(client.get(TREATMENT_URL + "?comments=abc")))[0] == "00"
    assert _shown(html_of(client.get(TREATMENT_URL + "?comments=99")))[-1] == "44"


def test_one_page_of_comments_has_no_page_links(client: Client) -> None:
    _threads(20)
    html = html_of(client.get(TREATMENT_URL))
    assert len(_shown(html)) == 20
    assert 'class="pagination"' not in html and "Page 1 of" not in html


def _queries_for_page(client: Client) -> int:
    client.get(TREATMENT_URL)  # warm any per-process caches of the page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TREATMENT_URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "member"])
def test_the_number_of_queries_does_not_grow_with_the_comments(
    signed_in: bool, django_assert_max_num_queries: Any
) -> None:
    reader = client_for(make_user("reader")) if signed_in else Client()
    _threads(5, replies=True)
    with_5 = _queries_for_page(reader)
    _threads(45, replies=True, start=5, members_reply=True)  # replies by members: one author each
    reader.get(TREATMENT_URL)
    with django_assert_max_num_queries(with_5):
        page = reader.get(TREATMENT_URL)
    assert len(_shown(html_of(page))) == 20


def test_a_new_comment_leads_to_the_page_that_shows_it() -> None:
    _threads(25)
    member = client_for(make_user("alex"))
    response = member.post(COMMENT_URL, member_comment("A new thought at the end of the list."))
    comment = Comment.objects.get(body="A new thought at the end of the list.")
    assert response["Location"] == f"/treatments/riluzole/?comments=2#comment-{comment.pk}"
    assert "A new thought at the end" in html_of(member.get(response["Location"]))
