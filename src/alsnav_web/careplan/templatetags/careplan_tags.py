"""Template filters of the care-plan pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_MARK = "[M]"


@register.filter
def unverified(text: str) -> SafeString:
    """Escape ``text`` and show each ``[M]`` marker as "(unverified)"."""
    parts = [str(conditional_escape(part)) for part in str(text).split(_MARK)]
    marker = str(format_html('<span class="unverified">{}</span>', "(unverified)"))
    return mark_safe(marker.join(parts))  # noqa: S308 - every part was escaped above


@register.inclusion_tag("careplan/includes/summary_careplan.html")
def careplan_summary(record: Any) -> dict[str, Any]:
    """The care plan and the questions for the printable clinic summary of ``record``."""
    from django.utils import timezone

    from alsnav_web.careplan.selectors import care_plan_of

    return {"careplan": care_plan_of(record=record, as_of=timezone.localdate()).plan}
