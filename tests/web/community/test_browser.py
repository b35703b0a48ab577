"""The community layer in real Chromium: moderation round trip, reporting, rating, axe-core, XSS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from alsnav_web.catalog.models import Treatment
from alsnav_web.community.models import Comment, CommentStatus, PageFeedback
from alsnav_web.community.selectors import COMMENTS_PER_PAGE
from tests.web.browser.conftest import axe_violations, small_targets
from tests.web.community.helpers import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    line
    for line in (Path(__file__).resolve().parents[2] / "fixtures" / "xss-payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
# Buttons and button-like links. Links inside a sentence are exempt from target size (WCAG 2.5.8).
COMMUNITY_CONTROLS = "main a.button, main button, main .link-list a, footer button"


def post_guest_comment(page: Page, site: str, name: str, text: str) -> None:
    page.goto(f"{site}/treatments/riluzole/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name="Post comment").click()


def test_guest_comment_is_moderated_published_and_reported_without_javascript(
    browser: Browser, site: str
) -> None:
    make_user("maria", moderator=True)
    text = "Taking it at the same time each day helped me remember it."

    guest = browser.new_context(java_script_enabled=False).new_page()
    post_guest_comment(guest, site, "Sam", text)
    expect(guest.locator(".messages")).to_contain_text("awaiting moderation")
    own = guest.locator(".comment", has_text=text)
    expect(own).to_contain_text("Only you can see this until a moderator approves it")

    stranger = browser.new_context(java_script_enabled=False).new_page()
    stranger.goto(f"{site}/treatments/riluzole/")
    expect(stranger.get_by_text(text)).to_have_count(0)

    moderator = browser.new_context(java_script_enabled=False).new_page()
    sign_in(moderator, site, "maria", next_path="/community/moderation/")
    expect(moderator.locator("h1")).to_have_text("Moderation queue")
    item = moderator.locator(".queue-item", has_text=text)
    expect(item).to_contain_text("Sam (guest) on Riluzole")
    item.get_by_role("button", name="Approve and publish").click()
    expect(moderator.locator(".messages")).to_contain_text("was approved and published")
    expect(moderator.get_by_text("Nothing is waiting")).to_be_visible()

    stranger.goto(f"{site}/treatments/riluzole/")
    published = stranger.locator(".comment", has_text=text)
    expect(published).to_contain_text("Sam (guest)")

    published.get_by_role("link", name="Report the comment by Sam").click()
    expect(stranger.locator("h1")).to_have_text("Report a comment")
    stranger.get_by_label("It is spam or advertising").check()
    stranger.get_by_role("button", name="Send report").click()
    # One report alone never takes a comment off the page; a moderator sees it at once.
    expect(stranger.locator(".messages")).to_contain_text("A moderator will look at this comment")
    expect(stranger.get_by_text(text)).to_have_count(1)

    moderator.goto(f"{site}/community/moderation/")
    reported = moderator.locator(".queue-item", has_text=text)
    expect(reported).to_contain_text("Reported 1 time")
    expect(reported).to_contain_text("It is spam or advertising")
    assert Comment.objects.get().status == CommentStatus.PUBLISHED


def test_signed_in_member_rates_a_treatment(page: Page, site: str) -> None:
    make_user("alex")
    sign_in(page, site, "alex", next_path="/treatments/riluzole/")
    expect(page.locator("header")).to_contain_text("Signed in as alex")
    page.get_by_role("link", name="Rate Riluzole").click()
    expect(page.locator("h1")).to_have_text("Rate Riluzole")
    assert axe_violations(page) == []
    page.get_by_role("group", name="How much did it help?").get_by_label("4").check()
    page.get_by_role("group", name="How bad were the side effects?").get_by_label("2").check()
    page.get_by_role("group", name="How hard was it to fit into daily life?").get_by_label("3").check()
    page.get_by_label("A note for our content team").fill("Tiredness in the first weeks.")
    page.get_by_role("button", name="Save my rating").click()
    expect(page.locator(".messages")).to_contain_text("Your rating of Riluzole is saved")
    expect(page.locator("#experiences").locator("..")).to_contain_text(
        "Your rating: helped 4, side effects 2, daily life 3"
    )
    expect(page.locator(".community").first).to_contain_text("1 person has rated Riluzole so far")


def test_rating_errors_are_summarised_focused_and_linked(page: Page, site: str) -> None:
    make_user("alex")
    sign_in(page, site, "alex", next_path="/community/treatments/riluzole/experience/")
    page.get_by_label("A note for our content team").fill("My words stay")
    page.get_by_role("button", name="Save my rating").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There are problems")
    assert axe_violations(page) == []
    summary.get_by_role("link", name=re.compile("How bad were the side effects")).click()
    expect(page.locator("#id_side_effects_0")).to_be_focused()
    expect(page.get_by_label("A note for our content team")).to_have_value("My words stay")


def test_comment_section_and_forms_have_no_axe_violations_and_large_targets(page: Page, site: str) -> None:
    author = make_user("alex")
    treatment = Treatment.objects.get(pk="riluzole")
    top = Comment.objects.create(
        treatment=treatment,
        author=author,
        body="**Helpful** for me, see [NICE](https://www.nice.org.uk/)",
        body_fingerprint="a",
        status=CommentStatus.PUBLISHED,
    )
    Comment.objects.create(
        treatment=treatment,
        parent=top,
        guest_name="Kim",
        body="Same here.",
        body_fingerprint="b",
        status=CommentStatus.PUBLISHED,
    )
    gone = Comment.objects.create(
        treatment=treatment, guest_name="Lee", body="", body_fingerprint="c", status=CommentStatus.DELETED
    )
    Comment.objects.create(
        treatment=treatment,
        parent=gone,
        guest_name="Ash",
        body="A reply to a deleted comment.",
        body_fingerprint="d",
        status=CommentStatus.PUBLISHED,
    )
    page.goto(f"{site}/treatments/riluzole/")
    expect(page.get_by_text("This comment was deleted by its author.")).to_be_visible()
    assert axe_violations(page) == []
    assert small_targets(page, COMMUNITY_CONTROLS) == []

    # The guest form, sent empty: the error page keeps focus order and links each problem.
    page.get_by_role("button", name="Post comment").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert axe_violations(page) == []
    summary.get_by_role("link", name=re.compile("Your name")).click()
    expect(page.get_by_label("Your name")).to_be_focused()

    for path in (
        f"/community/comments/{top.pk}/reply/",
        f"/community/comments/{top.pk}/report/",
        "/community/ask/?q=hand splints",
    ):
        page.goto(site + path)
        assert axe_violations(page) == [], path
        assert small_targets(page, COMMUNITY_CONTROLS) == [], path

    sign_in(page, site, "alex", next_path="/treatments/riluzole/")
    assert axe_violations(page) == []
    assert small_targets(page, COMMUNITY_CONTROLS + ", header a, header button") == []
    page.goto(f"{site}/community/comments/{top.pk}/delete/")
    assert axe_violations(page) == []


def test_moderation_pages_have_no_axe_violations(page: Page, site: str) -> None:
    make_user("maria", moderator=True)
    treatment = Treatment.objects.get(pk="riluzole")
    waiting = Comment.objects.create(
        treatment=treatment,
        guest_name="Sam",
        body="Waiting for a moderator",
        body_fingerprint="a",
        status=CommentStatus.PENDING,
    )
    sign_in(page, site, "maria", next_path="/community/moderation/")
    expect(page.locator(".queue-item")).to_have_count(1)
    assert axe_violations(page) == []
    assert small_targets(page, "main button, main a.button, header a, header button") == []
    page.locator(".queue-item").get_by_role("button", name="Reject").click()
    expect(page.locator("h1")).to_have_text("Moderate a comment")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Give a reason to reject or hide a comment")
    assert axe_violations(page) == []
    page.get_by_label("Reason").fill("Not about this treatment")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messages")).to_contain_text("was rejected")
    waiting.refresh_from_db()
    assert waiting.status == CommentStatus.REJECTED
    page.goto(f"{site}/community/reviews/")
    assert axe_violations(page) == []


def test_stored_xss_payloads_do_nothing_in_a_real_browser(page: Page, site: str) -> None:
    author = make_user("attacker")
    treatment = Treatment.objects.get(pk="riluzole")
    for n, payload in enumerate(PAYLOADS):
        Comment.objects.create(
            treatment=treatment,
            author=author,
            body=payload,
            body_fingerprint=str(n),
            status=CommentStatus.PUBLISHED,
        )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    shown = 0
    pages = -(-len(PAYLOADS) // COMMENTS_PER_PAGE)  # comments come a page at a time
    for number in range(1, pages + 1):
        page.goto(f"{site}/treatments/riluzole/?comments={number}")
        page.mouse.move(200, 200)
        page.wait_for_timeout(300)
        assert dialogs == []
        shown += page.locator(".comment").count()
        active = page.eval_on_selector_all(
            "#comments ~ * .comment-body *, .comment-body *",
            """els => els.filter(e => ['SCRIPT','IFRAME','OBJECT','EMBED','SVG','svg','IMG','STYLE','FORM',
                                       'INPUT','BASE','META','LINK','MATH','math','VIDEO','DETAILS'].includes(e.tagName)
                            || [...e.attributes].some(a => a.name.startsWith('on') || a.name === 'style'
                                                        || /^\\s*(javascript|data|vbscript):/i.test(a.value)))
                       .map(e => e.outerHTML.slice(0, 80))""",
        )
        assert active == []
    assert shown == len(PAYLOADS)


def test_page_feedback_works_with_and_without_javascript(browser: Browser, site: str) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{site}/treatments/riluzole/")
    feedback = page.locator("#page-feedback")
    feedback.get_by_role("button", name="No this page was not helpful").click()
    details = page.get_by_label("What were you looking for, or what could be better?")
    expect(details).to_be_visible()
    assert page.url.endswith("/treatments/riluzole/")  # answered in place by HTMX
    details.fill("Whether it can be crushed")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#page-feedback")).to_contain_text("Our content team will read this.")
    assert PageFeedback.objects.get().details == "Whether it can be crushed"

    no_js = browser.new_context(java_script_enabled=False).new_page()
    no_js.goto(f"{site}/about/")
    no_js.get_by_role("button", name="Yes this page was helpful").click()
    expect(no_js.locator(".messages")).to_contain_text("Thank you for your feedback.")
    assert no_js.url.endswith("/about/")
    no_js.get_by_role("button", name="No this page was not helpful").click()
    expect(no_js.locator("h1")).to_have_text("Thank you for telling us")
    assert PageFeedback.objects.count() == 3
    # axe-core needs JavaScript: check the same follow-up page in a normal context.
    page.goto(no_js.url)  # another person's feedback: not found
    expect(page.locator("h1")).to_have_text("We could not find that page")
    page.goto(f"{site}/about/")
    page.locator("#page-feedback").get_by_role("button", name="No this page was not helpful").click()
    # Focus moves to the new question, so screen readers announce it.
    expect(page.locator("#page-feedback [role=status]")).to_be_focused()
    page.goto(f"{site}/community/feedback/{PageFeedback.objects.latest('id').pk}/more/")
    expect(page.locator("h1")).to_have_text("Thank you for telling us")
    assert axe_violations(page) == []


def test_comment_form_reflows_at_400_percent_zoom(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/treatments/riluzole/", "/community/treatments/riluzole/comments/", "/accounts/sign-up/"):
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()


def test_pages_of_comments_work_without_javascript_with_large_targets(
    browser: Browser, page: Page, site: str
) -> None:
    author = make_user("writer")
    treatment = Treatment.objects.get(pk="riluzole")
    for n in range(COMMENTS_PER_PAGE + 5):
        Comment.objects.create(
            treatment=treatment,
            author=author,
            body=f"Conversation number {n} about riluzole.",
            body_fingerprint=f"page-{n}",
            status=CommentStatus.PUBLISHED,
        )
    no_js = browser.new_context(java_script_enabled=False).new_page()
    no_js.goto(f"{site}/treatments/riluzole/")
    nav = no_js.get_by_role("navigation", name="Pages of comments")
    expect(nav.locator('[aria-current="page"]')).to_have_text("Page 1")
    nav.get_by_role("link", name="Next page of comments").click()
    expect(no_js.get_by_text("Conversation number 24 about riluzole.")).to_be_visible()
    expect(no_js.get_by_text("Conversation number 0 about riluzole.")).to_have_count(0)
    current = no_js.get_by_role("navigation", name="Pages of comments").locator('[aria-current="page"]')
    expect(current).to_have_text("Page 2")

    page.goto(f"{site}/treatments/riluzole/?comments=2")
    assert small_targets(page, ".pagination a") == []
    assert axe_violations(page) == []
