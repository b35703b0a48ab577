"""Conditions over facts: met / not met / unknown, three-valued logic, reasons in words, and
condition files refused with a message naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from alsnav.conditions import Outcome, condition_problems, describe, evaluate, facts_in, parse_condition
from alsnav.facts import Fact, facts_from_record
from alsnav.record import parse_record

D = dt.date.fromisoformat
AS_OF = D("2026-02-01")
ITEMS = {"1": 4, "2": 2, "3": 4, "4": 4, "5a": 4, "6": 4, "7": 4, "8": 4, "9": 4, "10": 3, "11": 4, "12": 4}

RECORD = parse_record(
    {
        "id": "c",
        "onset_date": "2024-08-01",
        "symptoms": [{"code": "sialorrhea"}],
        "genetics": {"C9orf72": "negative"},
        "medications": [{"name": "riluzole", "start_date": "2026-01-01"}],
        "assessments": [{"date": "2026-01-10", "alsfrs_r": ITEMS}],
        "measurements": [
            {"date": "2026-01-10", "type": "fvc_percent", "value": 45},
            {"date": "2025-06-01", "type": "snip_cmh2o", "value": -35},
        ],
    }
)
FACTS = facts_from_record(RECORD, AS_OF)


@pytest.mark.parametrize(
    ("condition", "outcome", "because"),
    [
        (
            {"fact": "fvc_percent", "op": "lt", "value": 50},
            "met",
            "FVC 45% predicted on 2026-01-10 is below 50% predicted",
        ),
        (
            {"fact": "fvc_percent", "op": "lt", "value": 45},
            "not_met",
            "FVC 45% predicted on 2026-01-10 is not below 45% predicted",
        ),
        ({"fact": "fvc_percent", "op": "le", "value": 45}, "met", "is at or below 45%"),
        ({"fact": "fvc_percent", "op": "ge", "value": 45}, "met", "is at least 45%"),
        ({"fact": "fvc_percent", "op": "gt", "value": 45}, "not_met", "is not above 45%"),
        ({"fact": "svc_percent", "op": "lt", "value": 50}, "unknown", "no SVC on record"),
        (
            {"fact": "snip_cmh2o", "op": "lt", "value": 40},
            "met",
            "SNIP 35 cmH2O on 2025-06-01 is below 40 cmH2O",
        ),
        (
            {"fact": "snip_cmh2o", "op": "lt", "value": 40, "within_days": 92},
            "unknown",
            "older than 3 months",
        ),
        ({"fact": "fvc_percent", "op": "lt", "value": 50, "within_days": 92}, "met", "below 50%"),
        ({"fact": "symptoms", "op": "contains", "value": "sialorrhea"}, "met", "Symptoms include sialorrhea"),
        ({"fact": "symptoms", "op": "contains", "value": "cramps"}, "not_met", "do not include cramps"),
        ({"fact": "symptoms", "op": "not_contains", "value": "cramps"}, "met", "do not include cramps"),
        ({"fact": "gene_sod1", "op": "eq", "value": "positive"}, "unknown", "no SOD1 gene test result"),
        ({"fact": "gene_sod1", "op": "unknown"}, "met", "no SOD1 gene test result"),
        ({"fact": "gene_c9orf72", "op": "known"}, "met", "C9orf72 gene test negative"),
        ({"fact": "gene_c9orf72", "op": "in", "value": ["positive"]}, "not_met", "is none of positive"),
        ({"fact": "days_on_medication", "subject": "riluzole", "op": "ge", "value": 30}, "met", "31 days"),
        (
            {"fact": "days_on_medication", "subject": "riluzole", "op": "ge", "value": 60},
            "not_met",
            "is below 60",
        ),
        (
            {"fact": "days_on_medication", "subject": "edaravone", "op": "ge", "value": 1},
            "unknown",
            "not recorded",
        ),
        (
            {"fact": "onset_date", "op": "ge", "value": "2024-09-01"},
            "not_met",
            "2024-08-01 is below 2024-09-01",
        ),
        ({"fact": "uses_ventilation", "op": "eq", "value": False}, "met", "no"),
    ],
)
def test_one_fact(condition: dict[str, Any], outcome: str, because: str) -> None:
    result = evaluate(parse_condition(condition), FACTS)
    assert result.outcome is Outcome(outcome)
    assert any(because in line for line in result.because), result.because
    if outcome == "unknown":
        assert result.missing and result.missing[0].fact is Fact(condition["fact"])
    else:
        assert not result.missing


MET = {"fact": "fvc_percent", "op": "lt", "value": 50}
NOT_MET = {"fact": "fvc_percent", "op": "gt", "value": 50}
UNKNOWN = {"fact": "svc_percent", "op": "lt", "value": 50}


@pytest.mark.parametrize(
    ("condition", "outcome"),
    [
        ({"all": [MET, MET]}, "met"),
        ({"all": [MET, NOT_MET]}, "not_met"),
        ({"all": [MET, UNKNOWN]}, "unknown"),
        ({"all": [NOT_MET, UNKNOWN]}, "not_met"),
        ({"any": [NOT_MET, NOT_MET]}, "not_met"),
        ({"any": [NOT_MET, MET]}, "met"),
        ({"any": [NOT_MET, UNKNOWN]}, "unknown"),
        ({"any": [MET, UNKNOWN]}, "met"),
        ({"not": MET}, "not_met"),
        ({"not": NOT_MET}, "met"),
        ({"not": UNKNOWN}, "unknown"),
        ({"all": [{"any": [UNKNOWN, MET]}, {"not": NOT_MET}]}, "met"),
    ],
)
def test_three_valued_logic(condition: dict[str, Any], outcome: str) -> None:
    assert evaluate(parse_condition(condition), FACTS).outcome is Outcome(outcome)


def test_unknown_lists_only_the_missing_facts_that_matter() -> None:
    result = evaluate(
        parse_condition({"all": [MET, UNKNOWN, {"fact": "pcf_l_min", "op": "lt", "value": 270}]}), FACTS
    )
    assert [m.fact for m in result.missing] == [Fact.SVC_PERCENT, Fact.PCF_L_MIN]
    assert not any("FVC" in line for line in result.because)
    settled = evaluate(parse_condition({"any": [MET, UNKNOWN]}), FACTS)
    assert settled.missing == ()


def test_describe_reads_as_a_sentence_without_data() -> None:
    text = describe(
        parse_condition({"any": [MET, {"fact": "snip_cmh2o", "op": "lt", "value": 40, "within_days": 92}]})
    )
    assert text == "FVC is below 50% predicted or SNIP is below 40 cmH2O (measured in the last 3 months)"
    assert facts_in(parse_condition({"all": [MET, {"not": UNKNOWN}]})) == [Fact.FVC_PERCENT, Fact.SVC_PERCENT]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"fact": "fvc", "op": "lt", "value": 50}, "fact"),
        ({"fact": "fvc_percent", "op": "below", "value": 50}, "op"),
        ({"fact": "fvc_percent", "op": "lt"}, "needs a value"),
        ({"fact": "fvc_percent", "op": "lt", "value": "fifty"}, "compare it with a number"),
        ({"fact": "fvc_percent", "op": "contains", "value": "x"}, "set facts"),
        ({"fact": "symptoms", "op": "eq", "value": "cramps"}, "use contains"),
        ({"fact": "gene_sod1", "op": "known", "value": "x"}, "takes no value"),
        ({"fact": "days_on_medication", "op": "ge", "value": 30}, "needs a subject"),
        ({"fact": "fvc_percent", "subject": "x", "op": "ge", "value": 30}, "takes no subject"),
        ({"fact": "fvc_percent", "op": "in", "value": 30}, "needs a list"),
        ({"fact": "fvc_percent", "op": "lt", "value": 50, "code": "x"}, "code"),
        ({"all": []}, "all"),
        ({"fact": "onset_date", "op": "lt", "value": "last year"}, "YYYY-MM-DD"),
        ({"fact": "fvc_percent", "op": "lt", "value": 50, "within_days": 0}, "within_days"),
    ],
)
def test_bad_conditions_are_refused_naming_the_field(condition: dict[str, Any], message: str) -> None:
    problems = condition_problems(condition)
    assert problems
    assert any(message in problem for problem in problems), problems
