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


class ProblemOut(Schema):
    path: str
    message: str


class ProblemsOut(Schema):
    """Every refused request (413, 422) has this one shape: a sentence and each problem by its path."""

    detail: str
    problems: list[ProblemOut]


class TreatmentOut(TreatmentMeta):
    """A whole entry: the validated front matter plus its Markdown body."""

    body: str
    unverified_facts: bool
