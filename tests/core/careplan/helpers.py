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


SYMPTOM_CODES = (
    "sialorrhea",
    "thick_secretions",
    "spasticity",
    "cramps",
    "pain",
    "pseudobulbar_affect",
    "depression",
    "anxiety",
    "dysphagia",
    "dysarthria",
    "dyspnea",
    "orthopnea",
    "weak_cough",
    "falls",
    "cognitive_change",
    "head_drop",
    "fatigue",
)
MEDICINES = (
    "riluzole",
    "edaravone",
    "tofersen",
    "baclofen",
    "tizanidine",
    "glycopyrrolate",
    "amitriptyline",
    "trihexyphenidyl",
    "hyoscine",
    "atropine",
    "diazepam",
    "mexiletine",
    "gabapentin",
    "dextromethorphan-quinidine",
    "vitamin-e",
    "sodium-phenylbutyrate-taurursodiol",
)
INTERVENTIONS = (
    "niv",
    "gastrostomy",
    "cough_assist",
    "aac_device",
    "wheelchair",
    "walker",
    "tracheostomy_ventilation",
)
COUNTRIES = ("US", "GB", "DE", "FR", "IT", "CA", "JP", "NL", "BR", None)


def random_record(rng: Any, index: int = 0) -> dict[str, Any]:
    """A plausible, valid record with months of data (for property tests and benchmarks)."""
    start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 600))
    record: dict[str, Any] = {"id": f"r{index}", "onset_date": start.isoformat()}
    if rng.random() < 0.9:
        record["country"] = rng.choice(COUNTRIES) or "US"
    record["birth_date"] = (start - dt.timedelta(days=rng.randrange(30 * 365, 80 * 365))).isoformat()
    diagnosed = start + dt.timedelta(days=rng.randrange(60, 400))
    record["diagnosis_date"] = diagnosed.isoformat()
    record["diagnosis"] = {"criteria": "gold_coast", "category": rng.choice(["met", "met", "not_met"])}
    record["onset_region"] = rng.choice(["bulbar", "upper_limb", "lower_limb", "unknown"])
    if rng.random() < 0.7:
        record["genetics"] = {"SOD1": rng.choice(["positive", "negative", "unknown"]), "C9orf72": "negative"}
    if rng.random() < 0.7:
        record["cognition"] = rng.choice(["normal", "als_ci", "ftd", "unknown"])
    if rng.random() < 0.7:
        record["in_multidisciplinary_clinic"] = rng.random() < 0.5
    record["premorbid_weight_kg"] = rng.randrange(50, 100)
    record["height_cm"] = rng.randrange(150, 195)
    record["symptoms"] = [{"code": c} for c in rng.sample(SYMPTOM_CODES, rng.randrange(0, 5))]
    record["medications"] = [
        {"name": m, "start_date": diagnosed.isoformat()} for m in rng.sample(MEDICINES, rng.randrange(0, 4))
    ]
    record["interventions"] = [
        {"type": t, "start_date": diagnosed.isoformat(), "refused": rng.random() < 0.2}
        for t in rng.sample(INTERVENTIONS, rng.randrange(0, 3))
    ]
    assessments, measurements = [], []
    scores = dict(ALL_FOUR)
    if any(i["type"] == "gastrostomy" and not i["refused"] for i in record["interventions"]):
        scores.pop("5a")
        scores["5b"] = 3
    when = diagnosed
    for _ in range(rng.randrange(0, 6)):
        key = rng.choice([k for k in scores if k != "12"])
        scores[key] = max(0, scores[key] - rng.randrange(0, 3))
        assessments.append({"date": when.isoformat(), "alsfrs_r": dict(scores)})
        measurements.append(
            {"date": when.isoformat(), "type": "fvc_percent", "value": rng.randrange(25, 110)}
        )
        measurements.append({"date": when.isoformat(), "type": "weight_kg", "value": rng.randrange(45, 100)})
        if rng.random() < 0.3:
            measurements.append(
                {"date": when.isoformat(), "type": "alt_uln_ratio", "value": rng.random() * 7}
            )
        if rng.random() < 0.3:
            measurements.append(
                {"date": when.isoformat(), "type": "pcf_l_min", "value": rng.randrange(100, 400)}
            )
        when += dt.timedelta(days=rng.randrange(30, 120))
    record["assessments"] = assessments
    record["measurements"] = measurements
    if rng.random() < 0.05:
        record["vital_status"] = {"deceased": True, "date": when.isoformat()}
    return record
