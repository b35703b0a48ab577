"""The care plan: from a person's own data to cited next steps, missing data and a monitoring
schedule. Rules are data (``content/careplan/``); :mod:`alsnav.careplan.engine` evaluates them
over a :class:`~alsnav.facts.Facts` snapshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alsnav.careplan.engine import CarePlan, RuleSet, care_plan
from alsnav.careplan.load import load_rules
from alsnav.facts import facts_from_record
from alsnav.record import PatientRecord


def plan_for_record(
    record: PatientRecord, as_of: dt.date, *, rules: RuleSet | None = None, content_dir: Path | None = None
) -> CarePlan:
    """The care plan of ``record`` on ``as_of`` (nothing after it is used)."""
    return care_plan(facts_from_record(record, as_of), rules or load_rules(content_dir))


__all__ = ["CarePlan", "RuleSet", "care_plan", "load_rules", "plan_for_record"]
