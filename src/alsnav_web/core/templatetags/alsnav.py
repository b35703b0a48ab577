from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from alsnav_web.core import rendering
from alsnav_web.core.rendering import render_markdown, render_text

register = template.Library()


@register.filter
def content_text(value: str) -> SafeString:
    """Escape content text and show its [M] markers as 'unverified' badges."""
    return render_text(value or "")


@register.filter
def markdown(value: str) -> SafeString:
    return render_markdown(value or "")


@register.filter
def lowerfirst(value: object) -> str:
    """Lower-case only the first letter, for a label used inside a sentence: "The person with ALS"
    becomes "the person with ALS" (``|lower`` would give "als"); an acronym ("ALSFRS-R") is kept."""
    text = str(value or "")
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@register.filter
def bdi(value: object) -> SafeString:
    """Text a person typed (a name, a user name), isolated in <bdi> so that direction controls in
    it cannot flip the text around it."""
    return rendering.bdi("" if value is None else value)

