"""Comment text -> safe HTML: a small Markdown subset, then the site's one nh3 sanitiser.

Allowed: paragraphs and line breaks, **bold**, *italic*, `code`, lists, > quotes and
[links](https://example.org). Everything else (raw HTML, headings, images, tables, code blocks,
rules) stays plain text. Raw HTML is never passed through: Markdown escapes it, and the result is
cleaned by :func:`alsnav_web.core.rendering.sanitise` all the same.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from alsnav_web.core.rendering import sanitise

_DISABLED_RULES = [
    "heading",
    "lheading",
    "image",
    "table",
    "code",
    "fence",
    "hr",
    "html_block",
    "html_inline",
]


@lru_cache(maxsize=1)
def _comment_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    md.disable(_DISABLED_RULES, ignoreInvalid=True)
    return md


def render_comment(text: str) -> SafeString:
    html = _comment_markdown().render(text or "")
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 just above
