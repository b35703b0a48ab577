"""JSON API routes of the community app (mounted by alsnav_web.api.api at /api/community).

Read-only: published comments (never an e-mail address or moderation data) and the experience
aggregates, which are null until at least 5 people have rated a treatment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from alsnav_web.catalog.models import Treatment
from alsnav_web.community import selectors
from alsnav_web.community.markdown import render_comment
from alsnav_web.community.models import EXPERIENCE_MIN_PEOPLE

router = Router(tags=["community"])


class CommentOut(Schema):
    id: int
    reply_to: int | None
    author_name: str
    is_guest: bool
    created_at: datetime
    body_markdown: str
    body_html: str


class ExperienceOut(Schema):
    treatment_id: str
    people: int
    shown: bool
    minimum_people: int
    effect: float | None
    side_effects: float | None
    burden: float | None


class MessageOut(Schema):
    detail: str


def _missing(treatment_id: str) -> Status[dict[str, str]] | None:
    if not Treatment.objects.filter(pk=treatment_id).exists():
        return Status(404, {"detail": f"treatment_id: no treatment '{treatment_id}'"})
    return None


@router.get("/treatments/{treatment_id}/comments", response={200: list[CommentOut], 404: MessageOut})
def comments_list(request: HttpRequest, treatment_id: str) -> Status[Any]:
    """Published comments and replies on one treatment page, oldest first."""
    missing = _missing(treatment_id)
    if missing is not None:
        return missing
    return Status(
        200,
        [
            {
                "id": c.pk,
                "reply_to": c.parent_id,
                "author_name": c.display_name,
                "is_guest": c.is_guest,
                "created_at": c.created_at,
                "body_markdown": c.body,
                "body_html": str(render_comment(c.body)),
            }
            for c in selectors.comments_public(treatment_id=treatment_id)
        ],
    )


@router.get("/treatments/{treatment_id}/experiences", response={200: ExperienceOut, 404: MessageOut})
def experiences_summary(request: HttpRequest, treatment_id: str) -> Status[Any]:
    """Average ratings (1–5), only when at least 5 people rated; otherwise just the count."""
    missing = _missing(treatment_id)
    if missing is not None:
        return missing
    summary = selectors.experience_summary(treatment_id=treatment_id)
    return Status(
        200,
        {
            "treatment_id": treatment_id,
            "people": summary.people,
            "shown": summary.shown,
            "minimum_people": EXPERIENCE_MIN_PEOPLE,
            "effect": summary.effect,
            "side_effects": summary.side_effects,
            "burden": summary.burden,
        },
    )
