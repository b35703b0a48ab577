"""Security: stored XSS payloads stay inert, CSRF is enforced, a guest's e-mail goes nowhere."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.test import Client

from alsnav_web.community.markdown import render_comment
from alsnav_web.community.models import Comment
from tests.web.community.helpers import (
    COMMENT_URL,
    TREATMENT_URL,
    client_for,
    elements_in,
    guest_comment,
    html_of,
    make_user,
    member_comment,
)

pytestmark = pytest.mark.django_db

PAYLOADS_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "xss-payloads.txt"
PAYLOADS = [line for line in PAYLOADS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]

# What a comment may contain once rendered: the Markdown subset, nothing else.
SAFE_TAGS = {"p", "br", "strong", "em", "code", "ul", "ol", "li", "blockquote", "a"}
SAFE_ATTRIBUTES = {"a": {"href", "rel"}}
SAFE_SCHEMES = {"http", "https", "mailto"}


def assert_inert(fragment: str) -> None:
    """Only allowed tags and attributes; links only to http(s)/mailto; no handlers, no scripts."""
    for tag, attrs in elements_in(f'<div id="fragment">{fragment}</div>', "fragment")[1:]:
        assert tag in SAFE_TAGS, f"<{tag}> reached the page"
        for name, value in attrs:
            assert name in SAFE_ATTRIBUTES.get(tag, set()), f"<{tag} {name}=...> reached the page"
            if name == "href":
                scheme = urlparse((value or "").strip()).scheme.lower()
                assert scheme in SAFE_SCHEMES | {""}, f"link with scheme {scheme!r} reached the page"


def test_there_are_at_least_30_payloads_of_every_kind() -> None:
    text = "\n".join(PAYLOADS).lower()
    assert len(PAYLOADS) >= 30
    for kind in ("<script", "onerror=", "onload=", "javascript:", "<svg", "&#", "%3c", "data:"):
        assert kind in text, kind


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload-{i:02d}" for i in range(len(PAYLOADS))])
def test_stored_payload_is_rendered_inert_on_the_page_and_in_the_api(payload: str) -> None:
    member = client_for(make_user("attacker"))
    response = member.post(COMMENT_URL, member_comment(payload + " (test)"))
    assert response.status_code == 302, html_of(response)[:500]
    comment = Comment.objects.get()

    page = html_of(Client().get(TREATMENT_URL))
    body_start = page.index(f'id="comment-{comment.pk}"')
    opening = '<div class="comment-body" dir="auto">'
    body_html = page[page.index(opening, body_start) :]
    body_html = body_html[len(opening) : body_html.index("</div>")]
    assert_inert(body_html)

    api = Client().get("/api/community/treatments/riluzole/comments").json()
    assert api[0]["body_markdown"] == payload + " (test)"  # JSON carries the text; consumers must escape it
    assert_inert(api[0]["body_html"])


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload-{i:02d}" for i in range(len(PAYLOADS))])
def test_renderer_alone_never_emits_active_content(payload: str) -> None:
    assert_inert(str(render_comment(payload)))


def test_payload_in_a_guest_name_and_a_refused_form_is_escaped(client: Client) -> None:
    name = '<img src=x onerror=alert(1)>"'
    refused = client.post(COMMENT_URL, guest_comment("<script>alert(1)</script>", guest_name=name * 10))
    assert refused.status_code == 400
    html = html_of(refused)
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # kept for the author, as text
    client.post(COMMENT_URL, guest_comment("Hello", guest_name=name))
    comment = Comment.objects.get()
    moderator = client_for(make_user("mod", moderator=True))
    moderator.post(f"/community/moderation/{comment.pk}/", {f"c{comment.pk}-action": "approve"})
    for page in (Client().get(TREATMENT_URL), moderator.get(f"/community/moderation/{comment.pk}/")):
        assert "<img src=x onerror" not in html_of(page)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (COMMENT_URL, guest_comment("No token here")),
        ("/community/feedback/", {"path": "/", "helpful": "yes"}),
        ("/community/ask/", {"text": "A question"}),
        ("/accounts/sign-in/", {"username": "someone", "password": "secret"}),
        ("/accounts/sign-up/", {"username": "someone"}),
        ("/accounts/sign-out/", {}),
    ],
)
def test_post_without_csrf_token_is_refused(url: str, data: dict[str, str]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, data)
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_report_and_moderation_need_a_csrf_token_too() -> None:
    member = client_for(make_user("alex"))
    member.post(COMMENT_URL, member_comment("Something"))
    comment = Comment.objects.get()
    assert (
        Client(enforce_csrf_checks=True)
        .post(f"/community/comments/{comment.pk}/report/", {"reason": "spam"})
        .status_code
        == 403
    )
    moderator = client_for(make_user("mod", moderator=True), enforce_csrf_checks=True)
    response = moderator.post(
        f"/community/moderation/{comment.pk}/",
        {f"c{comment.pk}-action": "hide", f"c{comment.pk}-reason": "x"},
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "published" and not comment.reports.exists()


GUEST_EMAIL = "sam.private.address@example.net"


def test_guest_email_appears_on_no_page_in_no_api_response_and_in_no_log(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []

    def look(response: object) -> None:
        seen.append(html_of(response) if hasattr(response, "content") else str(response))

    posted = client.post(
        COMMENT_URL, guest_comment("I would like to know when this is published.", guest_email=GUEST_EMAIL)
    )
    look(posted)
    look(client.get(TREATMENT_URL))  # the guest's own view, with the comment waiting
    look(client.get(posted["Location"]))
    comment = Comment.objects.get()
    assert comment.guest_email == GUEST_EMAIL  # stored, to tell them of the decision

    superuser = make_user("admin", moderator=True)
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    staff = client_for(superuser)
    look(staff.get("/community/moderation/"))
    look(staff.get(f"/community/moderation/{comment.pk}/"))
    look(staff.get("/admin/community/comment/"))
    look(staff.get(f"/admin/community/comment/{comment.pk}/change/"))
    look(staff.get(f"/admin/community/comment/?q={comment.guest_name}"))
    look(staff.get("/api/community/treatments/riluzole/comments"))

    # A refused form keeps the comment but never writes the address back into the page.
    refused = client.post(COMMENT_URL, guest_comment("", guest_email=GUEST_EMAIL))
    assert refused.status_code == 400 and "For your privacy we do not show it again" in html_of(refused)
    look(refused)
    cache.clear()
    look(client.post(COMMENT_URL, guest_comment("A" * 6000, guest_email=GUEST_EMAIL)))

    staff.post(f"/community/moderation/{comment.pk}/", {f"c{comment.pk}-action": "approve"})
    look(Client().get(TREATMENT_URL))
    look(Client().get("/api/community/treatments/riluzole/comments"))
    look(staff.get("/admin/community/comment/"))

    for text in seen:
        assert GUEST_EMAIL not in text
        assert "sam.private.address" not in text
    assert GUEST_EMAIL not in caplog.text
    assert all(GUEST_EMAIL not in str(r.args) for r in caplog.records)
    assert caplog.records, "the logs were captured"


def test_no_network_address_or_comment_text_is_logged(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR="203.0.113.77")
    for n in range(6):
        client.post(COMMENT_URL, guest_comment(f"Secret health detail number {n}", guest_name="Private Name"))
    assert "203.0.113.77" not in caplog.text
    assert "Secret health detail" not in caplog.text
    assert "Private Name" not in caplog.text
