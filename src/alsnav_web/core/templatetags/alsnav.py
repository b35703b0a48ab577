from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from alsnav_web.core.rendering import render_markdown, render_text

register = template.Library()


@register.filter
def content_text(value: str) -> SafeString:
    """Escape content text and show its [M] markers as 'unverified' badges."""
    return render_text(value or "")


@register.filter
def markdown(value: str) -> SafeString:
    return render_markdown(value or "")
