"""Response shapes of the JSON API (the same shapes as the command line's JSON)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from alsnav.kb.models import TreatmentMeta


class TreatmentListItem(Schema):
    id: str
    title: str
    category: str
    symptoms: list[str]
    last_reviewed: dt.date
    next_review: dt.date


class ErrorOut(Schema):
    detail: str


class TreatmentOut(TreatmentMeta):
    """A whole entry: the validated front matter plus its Markdown body."""

    body: str
    unverified_facts: bool
