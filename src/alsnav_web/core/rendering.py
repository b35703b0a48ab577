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
