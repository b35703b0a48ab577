"""Turning reviewed content and user text into safe HTML.

Markdown is rendered with raw HTML disabled, then every fragment passes through nh3 (the Ammonia
sanitiser) with a small allow-list, so no script or event handler can reach a page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}, "span": {"class"}, "th": {"scope"}}

UNVERIFIED_BADGE = (
    '<a class="unverified" href="/about/#unverified">unverified'
    '<span class="visually-hidden">: not yet checked against the original source</span></a>'
)
_MARK = re.compile(r"\s?\[M\]")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _badge(html: str) -> str:
    return _MARK.sub(" " + UNVERIFIED_BADGE, html)


def render_markdown(text: str) -> SafeString:
    """Content Markdown -> sanitised HTML with [M] markers shown as 'unverified' badges."""
    html = _markdown().render(text)
    return mark_safe(_badge(sanitise(html)))  # noqa: S308 - sanitised by nh3 just above


def render_text(text: str) -> SafeString:
    """Plain content text -> escaped HTML with [M] markers shown as badges."""
    return mark_safe(_badge(str(escape(text))))  # noqa: S308 - escaped just above


# Text people typed (names, comments, notes) can carry Unicode direction controls such as U+202E
# (right-to-left override), which would flip the text around it: "gnp.exe" shown as "exe.png",
# or a name that makes the rest of a sentence read backwards. Such text is isolated: inside a
# <bdi> element in page text, a block with dir="auto", or, where no element can go (a page title,
# an attribute, a plain-text message), between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate(value: object) -> str:
    """Plain text with its direction isolated from the text around it (for titles, attributes and
    messages; in page text, prefer :func:`bdi`)."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def bdi(value: object) -> SafeString:
    """``value`` escaped and wrapped in <bdi>, so its direction cannot spill into the page."""
    return mark_safe(f"<bdi>{escape(str(value))}</bdi>")  # noqa: S308 - escaped just above
