"""Comments on treatment pages, as readers, authors and moderators meet them (no JavaScript)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from alsnav_web.community.models import Comment, CommentStatus, Report
from tests.web.community.helpers import (
    COMMENT_URL,
    TREATMENT_URL,
    client_for,
    guest_comment,
    html_of,
    make_user,
    member_comment,
)

pytestmark = pytest.mark.django_db


def test_treatment_page_has_the_comment_box_with_labelled_fields(client: Client) -> None:
    html = html_of(client.get(TREATMENT_URL))
    assert "Your thoughts on this" in html
    assert 'action="/community/treatments/riluzole/comments/"' in html
    for field_id, label in (
        ("new-comment-guest_name", "Your name"),
        ("new-comment-guest_email", "Your e-mail address"),
        ("new-comment-body", "Your comment"),
    ):
        assert f'<label for="{field_id}">{label}' in html
        assert f'aria-describedby="{field_id}_helptext"' in html
    assert "A moderator checks comments from guests before they appear" in html


def test_guest_comment_waits_for_a_moderator_then_is_published(client: Client) -> None:
    response = client.post(COMMENT_URL, guest_comment("The tiredness wore off after a month for me."))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{TREATMENT_URL}#comment-{comment.pk}"
    assert comment.status == CommentStatus.PENDING

    own_view = html_of(client.get(TREATMENT_URL))
    assert "awaiting moderation" in own_view
    assert "The tiredness wore off after a month for me." in own_view
    assert "Only you can see this" in own_view

    stranger = html_of(Client().get(TREATMENT_URL))
    assert "The tiredness wore off" not in stranger

    moderator = client_for(make_user("mod", moderator=True))
    queue = html_of(moderator.get("/community/moderation/"))
    assert "The tiredness wore off" in queue and "<bdi>Sam</bdi> (guest)" in queue
    done = moderator.post(f"/community/moderation/{comment.pk}/", {f"c{comment.pk}-action": "approve"})
    assert done.status_code == 302

    published = html_of(Client().get(TREATMENT_URL))
    assert "The tiredness wore off after a month for me." in published
    assert "Sam" in published and "(guest)" in published
    assert "The tiredness wore off" not in html_of(moderator.get("/community/moderation/"))


def test_signed_in_comment_appears_at_once(client: Client) -> None:
    member = client_for(make_user("alex"))
    response = member.post(COMMENT_URL, member_comment("I take it with breakfast and it suits me."))
    assert response.status_code == 302
    assert Comment.objects.get().status == CommentStatus.PUBLISHED
    html = html_of(Client().get(TREATMENT_URL))
    assert "I take it with breakfast" in html and "alex" in html


def test_replies_go_one_level_deep(client: Client) -> None:
    member = client_for(make_user("alex"))
    member.post(COMMENT_URL, member_comment("Has anyone had liver tests changed?"))
    top = Comment.objects.get()
    reply_page = html_of(member.get(f"/community/comments/{top.pk}/reply/"))
    assert "Reply to <bdi>alex</bdi>" in reply_page and "Has anyone had liver tests changed?" in reply_page
    other = client_for(make_user("bea"))
    other.post(f"/community/comments/{top.pk}/reply/", member_comment("Mine went up a little at first."))
    reply = Comment.objects.get(parent=top)
    member.post(f"/community/comments/{reply.pk}/reply/", member_comment("Thank you, that helps."))
    second = Comment.objects.get(body="Thank you, that helps.")
    assert second.parent_id == top.pk  # a reply to a reply joins the same thread

    html = html_of(Client().get(TREATMENT_URL))
    replies = re.search(r'aria-label="Replies to alex">(.*?)</ol>', html, re.S)
    assert replies is not None
    assert "Mine went up a little" in replies.group(1) and "Thank you, that helps." in replies.group(1)


def test_a_refused_comment_keeps_the_typed_text_and_links_to_the_problem(client: Client) -> None:
    text = "My speech got clearer with a different routine, which I will describe."
    response = client.post(COMMENT_URL, guest_comment(text, guest_name=""))
    assert response.status_code == 400
    html = html_of(response)
    assert "There is a problem" in html
    assert '<a href="#id_guest_name">Your name: Enter the name to show with your comment</a>' in html
    assert text in html  # nothing is lost
    assert 'aria-invalid="true"' in html
    assert html.count("<title>Error:") == 1
    assert Comment.objects.count() == 0


def test_too_many_links_is_refused_and_the_text_kept(client: Client) -> None:
    text = "Cheap pills https://a.example https://b.example and www.c.example"
    response = client.post(COMMENT_URL, guest_comment(text))
    assert response.status_code == 400
    html = html_of(response)
    assert "Your comment has 3 links" in html and "no more than 2" in html
    assert text in html
    assert Comment.objects.count() == 0


def test_a_comment_pasted_from_a_communication_aid_at_once_is_accepted(client: Client) -> None:
    """Text written in a communication aid is pasted and sent within a second: no minimum time."""
    page = html_of(client.get(f"{COMMENT_URL}"))
    fresh_token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert fresh_token is not None
    text = "I found the tablets easier to swallow when crushed, after asking the pharmacist."
    response = client.post(COMMENT_URL, guest_comment(text, form_token=fresh_token.group(1)))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_a_forged_or_missing_token_is_refused(client: Client) -> None:
    response = client.post(COMMENT_URL, guest_comment("Hello from a script", form_token="forged"))
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_a_form_token_works_for_one_post_only(client: Client) -> None:
    page = html_of(client.get(COMMENT_URL))
    shown = re.search(r'name="form_token" value="([^"]+)"', page)
    assert shown is not None
    token = shown.group(1)
    first = client.post(COMMENT_URL, guest_comment("My first thought on this.", form_token=token))
    assert first.status_code == 302
    for n in range(8):  # a script replaying the token from one loaded form
        again = Client(REMOTE_ADDR=f"10.2.0.{n}").post(
            COMMENT_URL, guest_comment(f"Replayed post number {n}.", form_token=token)
        )
        assert again.status_code == 400
        html = html_of(again)
        assert "This form was already sent once, so we have not sent it again." in html
        assert "Replayed post number" in html  # what was typed is kept
        fresh = re.search(r'name="form_token" value="([^"]+)"', html)
        assert fresh is not None and fresh.group(1) != token
    assert Comment.objects.count() == 1


def test_the_honeypot_stores_nothing_but_tells_the_bot_nothing(client: Client) -> None:
    response = client.post(
        COMMENT_URL, guest_comment("Buy now", leave_this_empty="http://spam.example"), follow=True
    )
    assert "awaiting moderation" in html_of(response)
    assert Comment.objects.count() == 0


def test_the_honeypot_is_hidden_from_people_and_keyboards(client: Client) -> None:
    html = html_of(client.get(TREATMENT_URL))
    honeypot = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S)
    assert honeypot is not None
    assert 'name="leave_this_empty"' in honeypot.group(1) and 'tabindex="-1"' in honeypot.group(1)


def test_duplicate_comments_are_refused(client: Client) -> None:
    text = "Exactly the same words posted twice by the same person."
    assert client.post(COMMENT_URL, guest_comment(text)).status_code == 302
    again = client.post(COMMENT_URL, guest_comment(text))
    assert again.status_code == 400
    assert "already posted this comment" in html_of(again)
    assert text in html_of(again)
    # The same long text from someone else, on another page, looks like copy-paste spam.
    spam = "Visit our shop for the miracle cure that doctors do not want you to know about today"
    assert client.post(COMMENT_URL, guest_comment(spam)).status_code == 302
    other = Client(REMOTE_ADDR="10.0.0.9")
    copied = other.post("/community/treatments/edaravone/comments/", guest_comment(spam.upper()))
    assert copied.status_code == 400
    assert "same as one already posted" in html_of(copied)


def test_per_address_rate_limit_says_when_to_try_again(client: Client) -> None:
    for n in range(5):
        assert (
            client.post(COMMENT_URL, guest_comment(f"Comment number {n} about my own experience")).status_code
            == 302
        )
    text = "One comment too many, but still worth keeping"
    limited = client.post(COMMENT_URL, guest_comment(text))
    assert limited.status_code == 429
    html = html_of(limited)
    assert "we allow 5 comments in 10 minutes" in html
    assert re.search(r"You can try again in about (9|10) minutes \(at \d\d:\d\d UTC\)", html)
    assert text in html
    assert 540 <= int(limited["Retry-After"]) <= 600
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert (
        other.post(COMMENT_URL, guest_comment("A different person, a different address")).status_code == 302
    )


def test_per_account_rate_limit_follows_the_account_across_addresses() -> None:
    user = make_user("busy")
    for n in range(10):
        member = client_for(user, REMOTE_ADDR=f"10.1.0.{n}")
        assert member.post(COMMENT_URL, member_comment(f"Thought {n} on this treatment")).status_code == 302
    limited = client_for(user, REMOTE_ADDR="10.1.0.99").post(COMMENT_URL, member_comment("Eleventh thought"))
    assert limited.status_code == 429
    assert "we allow 10 comments in 60 minutes" in html_of(limited)
    assert "You can try again in about" in html_of(limited)


def _report(client: Client, comment: Comment, reason: str = "harmful") -> str:
    return html_of(client.post(f"/community/comments/{comment.pk}/report/", {"reason": reason}, follow=True))


def test_any_reader_can_report_and_reports_from_several_people_take_it_off_the_page(
    client: Client,
) -> None:
    author = client_for(make_user("alex"))
    author.post(COMMENT_URL, member_comment("Stop taking it and use my herbal mix instead."))
    comment = Comment.objects.get()
    reader = Client()
    form = html_of(reader.get(f"/community/comments/{comment.pk}/report/"))
    assert "What is wrong with this comment?" in form and "<legend>" in form
    done = _report(reader, comment)
    # One report alone leaves it on the page, but a moderator sees it at once.
    assert "A moderator will look at this comment" in done
    assert "herbal mix" in html_of(Client().get(TREATMENT_URL))
    moderator = client_for(make_user("mod", moderator=True))
    queue = html_of(moderator.get("/community/moderation/"))
    assert "herbal mix" in queue and "Reported 1 time" in queue and "harm someone" in queue

    _report(client_for(make_user("kim"), REMOTE_ADDR="10.3.0.1"), comment)
    assert "herbal mix" in html_of(Client().get(TREATMENT_URL))
    third = _report(Client(REMOTE_ADDR="10.3.0.2"), comment, reason="abuse")
    assert "hidden until a moderator has looked at it" in third
    assert "herbal mix" not in html_of(Client().get(TREATMENT_URL))
    # The author still sees it, with an explanation.
    assert "Readers have reported this comment" in html_of(author.get(TREATMENT_URL))

    queue = html_of(moderator.get("/community/moderation/"))
    assert "Reported 3 times" in queue and "rude, hateful" in queue
    moderator.post(
        f"/community/moderation/{comment.pk}/",
        {
            f"c{comment.pk}-action": "hide",
            f"c{comment.pk}-reason": "Advice to stop a medicine can be dangerous.",
        },
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert "A moderator hid this comment. Reason: Advice to stop a medicine" in html_of(
        author.get(TREATMENT_URL)
    )


def _published_comments(count: int, text: str) -> list[Comment]:
    author = make_user("alex")
    return [
        Comment.objects.create(
            treatment_id="riluzole", author=author, body=text.format(n=n), status=CommentStatus.PUBLISHED
        )
        for n in range(count)
    ]


def test_one_reporter_alone_cannot_hide_comments() -> None:
    comments = _published_comments(10, "Comment number {n} about riluzole and tiredness.")
    # One account reports every comment, each from a new network address and a new session.
    troll = make_user("troll")
    for n, comment in enumerate(comments):
        _report(client_for(troll, REMOTE_ADDR=f"10.4.0.{n}"), comment)
    # A guest reports the first one again and again, with a new session each time.
    for _ in range(3):
        _report(Client(REMOTE_ADDR="10.4.2.1"), comments[0])
    # Several accounts on one connection are still one network.
    for name in ("sock1", "sock2", "sock3"):
        _report(client_for(make_user(name), REMOTE_ADDR="10.4.3.1"), comments[1])
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PUBLISHED}
    page = html_of(Client().get(TREATMENT_URL))
    assert all(f"Comment number {n} " in page for n in range(10))
    # Moderators still see every report.
    queue = html_of(client_for(make_user("mod", moderator=True)).get("/community/moderation/"))
    assert queue.count("Reported 1 time") == 8
    assert queue.count("Reported 4 times") == 2
    assert Report.objects.count() == 16


def test_reports_are_rate_limited_per_account_across_addresses() -> None:
    _published_comments(11, "Thought {n} about getting a wheelchair early.")
    troll = make_user("troll")
    for n, comment in enumerate(Comment.objects.order_by("pk")[:10]):
        assert client_for(troll, REMOTE_ADDR=f"10.5.0.{n}").post(
            f"/community/comments/{comment.pk}/report/", {"reason": "spam"}
        ).status_code == 302
    last = Comment.objects.order_by("pk").last()
    assert last is not None
    limited = client_for(troll, REMOTE_ADDR="10.5.1.1").post(
        f"/community/comments/{last.pk}/report/", {"reason": "spam"}
    )
    assert limited.status_code == 429
    assert "we allow 10 reports in 60 minutes" in html_of(limited)
    assert Report.objects.count() == 10


def test_a_kept_comment_stays_visible_when_reported_again() -> None:
    author = client_for(make_user("alex"))
    author.post(COMMENT_URL, member_comment("It is worth asking for a dietitian early."))
    comment = Comment.objects.get()
    Client().post(f"/community/comments/{comment.pk}/report/", {"reason": "spam"})
    moderator = client_for(make_user("mod", moderator=True))
    moderator.post(f"/community/moderation/{comment.pk}/", {f"c{comment.pk}-action": "approve"})
    Client(REMOTE_ADDR="10.0.0.5").post(f"/community/comments/{comment.pk}/report/", {"reason": "spam"})
    assert "dietitian early" in html_of(Client().get(TREATMENT_URL))
    assert "dietitian early" in html_of(moderator.get("/community/moderation/"))


def test_reporting_needs_a_reason_and_keeps_the_details(client: Client) -> None:
    member = client_for(make_user("alex"))
    member.post(COMMENT_URL, member_comment("Something to report"))
    comment = Comment.objects.get()
    response = client.post(f"/community/comments/{comment.pk}/report/", {"details": "It names my neighbour"})
    assert response.status_code == 400
    html = html_of(response)
    assert '<a href="#id_reason_0">' in html and "It names my neighbour" in html


def test_moderation_needs_a_reason_to_reject_or_hide(client: Client) -> None:
    client.post(COMMENT_URL, guest_comment("A comment a moderator will reject"))
    comment = Comment.objects.get()
    moderator = client_for(make_user("mod", moderator=True))
    refused = moderator.post(f"/community/moderation/{comment.pk}/", {f"c{comment.pk}-action": "reject"})
    assert refused.status_code == 400
    html = html_of(refused)
    assert (
        f'<a href="#id_c{comment.pk}-reason">Reason (needed to reject or hide): '
        "Give a reason to reject or hide a comment</a>" in html
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    moderator.post(
        f"/community/moderation/{comment.pk}/",
        {f"c{comment.pk}-action": "reject", f"c{comment.pk}-reason": "Off topic"},
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED and comment.moderation_reason == "Off topic"


def test_only_moderators_reach_the_queue(client: Client) -> None:
    anonymous = client.get("/community/moderation/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/sign-in/?next=")
    member = client_for(make_user("alex"))
    forbidden = member.get("/community/moderation/")
    assert forbidden.status_code == 403
    assert "Only moderators" in html_of(forbidden)
    client.post(COMMENT_URL, guest_comment("Pending comment"))
    comment = Comment.objects.get()
    attempt = member.post(f"/community/moderation/{comment.pk}/", {f"c{comment.pk}-action": "approve"})
    assert attempt.status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_moderators_see_a_queue_link_and_a_moderate_button() -> None:
    author = client_for(make_user("alex"))
    author.post(COMMENT_URL, member_comment("A published comment"))
    comment = Comment.objects.get()
    moderator = client_for(make_user("mod", moderator=True))
    html = html_of(moderator.get(TREATMENT_URL))
    assert 'href="/community/moderation/">Moderation</a>' in html
    assert f'href="/community/moderation/{comment.pk}/?next=/treatments/riluzole/"' in html
    assert "/community/moderation/" not in html_of(author.get(TREATMENT_URL))


def test_authors_delete_their_own_comments_and_replies_stay(client: Client) -> None:
    author = client_for(make_user("alex"))
    author.post(COMMENT_URL, member_comment("My first comment, which I regret"))
    comment = Comment.objects.get()
    client_for(make_user("bea")).post(
        f"/community/comments/{comment.pk}/reply/", member_comment("A kind reply")
    )
    confirm = html_of(author.get(f"/community/comments/{comment.pk}/delete/"))
    assert "Delete your comment?" in confirm and "Yes, delete my comment" in confirm
    done = author.post(f"/community/comments/{comment.pk}/delete/", follow=True)
    assert "Your comment has been deleted." in html_of(done)
    html = html_of(Client().get(TREATMENT_URL))
    assert "which I regret" not in html
    assert "This comment was deleted by its author." in html and "A kind reply" in html
    comment.refresh_from_db()
    assert comment.body == "" and comment.status == CommentStatus.DELETED


def test_others_cannot_delete_someones_comment(client: Client) -> None:
    author = client_for(make_user("alex"))
    author.post(COMMENT_URL, member_comment("Mine to keep"))
    comment = Comment.objects.get()
    for other in (Client(), client_for(make_user("bea")), client_for(make_user("mod", moderator=True))):
        assert other.get(f"/community/comments/{comment.pk}/delete/").status_code in (403, 404)
        assert other.post(f"/community/comments/{comment.pk}/delete/").status_code in (403, 404)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.body == "Mine to keep"
    assert f"/community/comments/{comment.pk}/delete/" not in html_of(Client().get(TREATMENT_URL))


def test_a_guest_can_delete_their_own_comment_in_the_same_session(client: Client) -> None:
    client.post(COMMENT_URL, guest_comment("Posted by mistake"))
    comment = Comment.objects.get()
    assert Client().post(f"/community/comments/{comment.pk}/delete/").status_code == 404
    assert client.post(f"/community/comments/{comment.pk}/delete/").status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED


def test_markdown_subset_is_rendered_and_raw_html_is_not(client: Client) -> None:
    member = client_for(make_user("alex"))
    nice = "https://www.nice.org.uk/guidance/ng42"
    body = f"**Bold** and *soft*\n\n- one\n- two\n\n[NICE guideline]({nice})\n\n# Not a heading"
    member.post(COMMENT_URL, member_comment(body))
    html = html_of(Client().get(TREATMENT_URL))
    assert "<strong>Bold</strong>" in html and "<em>soft</em>" in html and "<li>one</li>" in html
    assert f'<a href="{nice}" rel="noopener noreferrer nofollow">NICE guideline</a>' in html
    assert "<p># Not a heading</p>" in html


def test_the_guest_is_told_of_the_decision_once_and_the_address_is_erased(client: Client) -> None:
    client.post(COMMENT_URL, guest_comment("Please tell me when this is live", guest_email="sam@example.net"))
    comment = Comment.objects.get()
    assert comment.guest_email == "sam@example.net"
    moderator = client_for(make_user("mod", moderator=True))
    moderator.post(f"/community/moderation/{comment.pk}/", {f"c{comment.pk}-action": "approve"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.net"]
    assert "now published" in mail.outbox[0].body and "deleted your e-mail address" in mail.outbox[0].body
    comment.refresh_from_db()
    assert comment.guest_email == ""


def test_unknown_treatment_or_comment_is_not_found(client: Client) -> None:
    assert client.post("/community/treatments/no-such-thing/comments/", guest_comment()).status_code == 404
    assert client.get("/community/comments/999999/report/").status_code == 404
    assert client.get("/community/comments/999999/reply/").status_code == 404
