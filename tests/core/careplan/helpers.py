"""Shared helpers for the care-plan tests: small records written in a line or two."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alsnav.careplan import plan_for_record
from alsnav.careplan.engine import CarePlan, RuleSet
from alsnav.careplan.load import load_rules
from alsnav.record import parse_record

D = dt.date.fromisoformat
ALL_FOUR = {k: 4 for k in ("1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12")}


def items(date: str, **changes: int) -> dict[str, Any]:
    """An ALSFRS-R on ``date`` with every item 4 except ``i<n>=score`` (``i5b=`` for a tube)."""
    scores = dict(ALL_FOUR)
    for key, value in changes.items():
        name = key.removeprefix("i")
        if name == "5b":
            scores.pop("5a")
        scores[name] = value
    return {"date": date, "alsfrs_r": scores}


def measure(date: str, kind: str, value: float) -> dict[str, Any]:
    return {"date": date, "type": kind, "value": value}


def rules() -> RuleSet:
    return load_rules()


def plan(as_of: str, **fields: Any) -> CarePlan:
    record = parse_record({"id": "t", **fields})
    return plan_for_record(record, D(as_of), rules=rules())
