"""Shared helpers for the trial tests: a compact text form of conditions, records, fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from alsnav.conditions import AllOf, AnyOf, Condition, FactCondition, NotOf
from alsnav.facts import Facts, facts_from_record
from alsnav.record import parse_record

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ctgov"
D = dt.date.fromisoformat
FULL = {"1": 4, "2": 4, "3": 4, "4": 4, "5a": 4, "6": 4, "7": 4, "8": 4, "9": 4, "10": 4, "11": 4, "12": 4}


def compact(condition: Condition | None) -> str | None:
    """``fvc_percent ge 50``; ``a & b``; ``(a | b)``; ``not(a)``; keyed facts as ``fact[subject]``."""
    if condition is None:
        return None
    if isinstance(condition, FactCondition):
        value = condition.value
        if isinstance(value, list):
            shown = ",".join(str(v) for v in value)
        elif isinstance(value, float) and value.is_integer():
            shown = str(int(value))
        else:
            shown = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        name = condition.fact.value + (f"[{condition.subject}]" if condition.subject else "")
        return f"{name} {condition.op.value} {shown}".strip()
    if isinstance(condition, AllOf):
        return " & ".join(_group(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return "(" + " | ".join(_group(c) for c in condition.any) + ")"
    assert isinstance(condition, NotOf)
    return f"not({compact(condition.not_)})"


def _group(condition: Condition) -> str:
    text = compact(condition) or ""
    return f"({text})" if isinstance(condition, AllOf) else text


def items(**changes: int) -> dict[str, int]:
    scores = dict(FULL)
    for key, value in changes.items():
        scores[key.removeprefix("i")] = value
    return scores


def person(as_of: str = "2026-06-01", **fields: Any) -> Facts:
    return facts_from_record(parse_record({"id": "p1", **fields}), D(as_of))


def typical(**overrides: Any) -> dict[str, Any]:
    """A person 14 months after onset with most facts known (overrides replace fields)."""
    data: dict[str, Any] = {
        "birth_date": "1966-04-02",
        "sex": "female",
        "onset_date": "2025-04-01",
        "diagnosis_date": "2025-10-01",
        "onset_region": "upper_limb",
        "diagnosis": {"criteria": "el_escorial_revised", "category": "probable"},
        "genetics": {"SOD1": "negative", "C9orf72": "negative", "FUS": "negative"},
        "cognition": "normal",
        "assessments": [
            {"date": "2026-02-20", "alsfrs_r": items(i4=3, i8=3)},
            {"date": "2026-05-15", "alsfrs_r": items(i4=3, i8=2, i9=3)},
        ],
        "measurements": [
            {"date": "2026-05-15", "type": "fvc_percent", "value": 82},
            {"date": "2026-05-15", "type": "svc_percent", "value": 78},
        ],
        "medications": [{"name": "riluzole", "start_date": "2025-11-01"}],
        "interventions": [],
    }
    data.update(overrides)
    return data
