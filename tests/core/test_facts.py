"""Facts: the typed snapshot of a record on a date. Nothing after the date is used; unknown is a
value with a reason, never a missing key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from alsnav.facts import FACT_SPECS, Fact, FactType, facts_from_record
from alsnav.record import parse_record

D = dt.date.fromisoformat
ITEMS = {"1": 4, "2": 4, "3": 4, "4": 4, "5a": 4, "6": 4, "7": 4, "8": 4, "9": 4, "10": 4, "11": 4, "12": 4}


def record(**fields: Any) -> Any:
    return parse_record({"id": "t", **fields})


def items(**changes: int) -> dict[str, int]:
    scores = dict(ITEMS)
    for key, value in changes.items():
        scores[key.removeprefix("i")] = value
    return scores


def test_every_fact_has_a_type_a_label_and_is_always_answered() -> None:
    facts = facts_from_record(record(), D("2026-01-01"))
    for fact in Fact:
        assert FACT_SPECS[fact].label
        if not FACT_SPECS[fact].keyed:
            value = facts.get(fact)
            assert value.fact is fact
            assert value.known or value.why, f"{fact} unknown without a reason"


def test_an_empty_record_says_why_each_fact_is_unknown() -> None:
    facts = facts_from_record(record(), D("2026-01-01"))
    assert facts[Fact.FVC_PERCENT].why == "no FVC on record"
    assert facts[Fact.ONSET_DATE].why == "no date of first symptoms on record"
    assert facts[Fact.ALSFRS_TOTAL].why == "no ALSFRS-R on record"
    assert "SOD1" in facts[Fact.GENE_SOD1].why
    assert facts[Fact.SYMPTOMS].why == "no symptoms are recorded"


@pytest.mark.parametrize(
    ("as_of", "total", "fvc", "taking", "symptoms", "deceased"),
    [
        ("2025-12-31", None, None, frozenset(), frozenset({"fatigue"}), False),
        ("2026-01-10", 47.0, 81.0, frozenset({"riluzole"}), frozenset({"fatigue"}), False),
        ("2026-03-01", 38.0, 61.0, frozenset({"riluzole"}), frozenset({"fatigue", "cramps"}), False),
        ("2026-06-01", 38.0, 61.0, frozenset(), frozenset({"fatigue", "cramps"}), True),
    ],
)
def test_nothing_after_the_as_of_date_is_used(
    as_of: str,
    total: float | None,
    fvc: float | None,
    taking: frozenset[str],
    symptoms: frozenset[str],
    deceased: bool,
) -> None:
    rec = record(
        onset_date="2025-06-01",
        assessments=[
            {"date": "2026-01-10", "alsfrs_r": items(i1=3)},
            {"date": "2026-02-20", "alsfrs_r": items(i1=2, i2=2, i3=2, i8=2, i9=2, i4=4)},
        ],
        measurements=[
            {"date": "2026-01-10", "type": "fvc_percent", "value": 81},
            {"date": "2026-02-20", "type": "fvc_percent", "value": 61},
        ],
        medications=[{"name": "Riluzole", "start_date": "2026-01-05", "stop_date": "2026-05-01"}],
        symptoms=[{"code": "fatigue"}, {"code": "cramps", "since": "2026-02-01"}],
        vital_status={"deceased": True, "date": "2026-05-20"},
    )
    facts = facts_from_record(rec, D(as_of))
    assert facts.value(Fact.ALSFRS_TOTAL) == total
    assert facts.value(Fact.FVC_PERCENT) == fvc
    assert facts.value(Fact.MEDICATIONS_CURRENT) == taking
    assert facts.value(Fact.SYMPTOMS) == symptoms
    assert facts.value(Fact.DECEASED) is deceased
    assert all(a.date <= D(as_of) for a in facts.assessments)


def test_values_carry_their_date_and_unit_in_words() -> None:
    rec = record(measurements=[{"date": "2026-01-10", "type": "fvc_percent", "value": 45}])
    fvc = facts_from_record(rec, D("2026-02-01"))[Fact.FVC_PERCENT]
    assert fvc.on == D("2026-01-10")
    assert fvc.show() == "FVC 45% predicted on 2026-01-10"


def test_pressures_are_magnitudes_and_supine_fvc_is_kept_apart() -> None:
    rec = record(
        measurements=[
            {"date": "2026-01-10", "type": "mip_cmh2o", "value": -55},
            {"date": "2026-01-10", "type": "fvc_percent", "value": 70, "position": "upright"},
            {"date": "2026-01-11", "type": "fvc_percent", "value": 52, "position": "supine"},
        ]
    )
    facts = facts_from_record(rec, D("2026-02-01"))
    assert facts.value(Fact.MIP_CMH2O) == 55
    assert facts.value(Fact.FVC_PERCENT) == 70
    assert facts.value(Fact.FVC_SUPINE_PERCENT) == 52


def test_latest_alsfrs_items_domains_stages_and_rates() -> None:
    rec = record(
        onset_date="2025-01-01",
        assessments=[
            {"date": "2025-10-01", "alsfrs_r": items(i1=3)},
            {"date": "2026-01-01", "alsfrs_r": items(i1=2, i2=3, i8=3, i4=3)},
        ],
    )
    facts = facts_from_record(rec, D("2026-01-15"))
    assert facts.value(Fact.ALSFRS_ITEM_1) == 2
    assert facts.value(Fact.ALSFRS_TOTAL) == 48 - 2 - 1 - 1 - 1
    assert facts.value(Fact.ALSFRS_BULBAR) == 9
    assert facts.value(Fact.ALSFRS_LOWEST_BULBAR_ITEM) == 2
    assert facts.value(Fact.KINGS_STAGE) == 3
    assert facts.value(Fact.MITOS_STAGE) == 0
    assert facts.value(Fact.ALSFRS_POINTS_LOST_12_WEEKS) == 4  # 47 -> 43 over 92 days
    assert facts.value(Fact.DELTA_FRS) == pytest.approx(5 / (365 / 30.4375), abs=0.001)
    assert facts[Fact.ALSFRS_TOTAL].on == D("2026-01-01")


def test_derived_weight_loss_and_bmi() -> None:
    rec = record(
        premorbid_weight_kg=80,
        height_cm=180,
        measurements=[{"date": "2026-01-10", "type": "weight_kg", "value": 70}],
    )
    facts = facts_from_record(rec, D("2026-02-01"))
    assert facts.value(Fact.WEIGHT_LOSS_PERCENT) == 12.5
    assert facts.value(Fact.BMI) == 21.6


def test_medicines_current_stopped_and_days_on_them() -> None:
    rec = record(
        medications=[
            {"name": "riluzole", "start_date": "2026-01-01"},
            {"name": "baclofen", "start_date": "2025-06-01", "stop_date": "2025-09-01"},
        ]
    )
    facts = facts_from_record(rec, D("2026-01-31"))
    assert facts.value(Fact.MEDICATIONS_CURRENT) == frozenset({"riluzole"})
    assert facts.value(Fact.MEDICATIONS_STOPPED) == frozenset({"baclofen"})
    assert facts.get(Fact.DAYS_ON_MEDICATION, "Riluzole").value == 30
    edaravone = facts.get(Fact.DAYS_ON_MEDICATION, "edaravone")
    assert not edaravone.known and "not recorded" in edaravone.why
    with pytest.raises(KeyError):
        facts.get(Fact.DAYS_ON_MEDICATION)


@pytest.mark.parametrize(
    ("interventions", "item12", "item5", "gastrostomy", "ventilation", "tracheostomy"),
    [
        ([], 4, "5a", False, False, False),
        ([{"type": "niv", "start_date": "2025-06-01"}], 4, "5a", False, True, False),
        ([{"type": "niv", "start_date": "2025-06-01", "refused": True}], 4, "5a", False, False, False),
        ([{"type": "niv", "start_date": "2025-06-01", "stop_date": "2025-07-01"}], 4, "5a", False, False, False),  # noqa: E501
        ([], 2, "5a", False, True, False),
        ([], 0, "5b", True, True, True),
        ([{"type": "gastrostomy", "start_date": "2026-03-01"}], 4, "5a", False, False, False),  # later
    ],
)
def test_breathing_support_and_feeding_tube_from_interventions_and_items(
    interventions: list[dict[str, Any]],
    item12: int,
    item5: str,
    gastrostomy: bool,
    ventilation: bool,
    tracheostomy: bool,
) -> None:
    scores = items(i12=item12)
    if item5 == "5b":
        scores["5b"] = scores.pop("5a")
    rec = record(interventions=interventions, assessments=[{"date": "2026-01-01", "alsfrs_r": scores}])
    facts = facts_from_record(rec, D("2026-02-01"))
    assert facts.value(Fact.HAS_GASTROSTOMY) is gastrostomy
    assert facts.value(Fact.USES_VENTILATION) is ventilation
    assert facts.value(Fact.HAS_TRACHEOSTOMY) is tracheostomy


def test_gene_results_recorded_as_unknown_are_unknown_with_a_reason() -> None:
    facts = facts_from_record(record(genetics={"SOD1": "unknown", "C9orf72": "negative"}), D("2026-01-01"))
    assert not facts[Fact.GENE_SOD1].known
    assert "recorded as unknown" in facts[Fact.GENE_SOD1].why
    assert facts.value(Fact.GENE_C9ORF72) == "negative"


def test_a_diagnosis_dated_after_the_as_of_date_is_not_yet_known() -> None:
    rec = record(diagnosis_date="2026-03-01", diagnosis={"criteria": "gold_coast", "category": "met"})
    assert facts_from_record(rec, D("2026-04-01")).value(Fact.ALS_DIAGNOSED) is True
    early = facts_from_record(rec, D("2026-02-01"))
    assert early.value(Fact.ALS_DIAGNOSED) is None
    assert "after" in early[Fact.ALS_DIAGNOSED].why


def test_fact_types_match_the_values() -> None:
    rec = parse_record(
        (__import__("pathlib").Path(__file__).parents[1] / "fixtures/records/bulbar-onset.json").read_text()
    )
    facts = facts_from_record(rec, D("2026-11-30"))
    kinds = {
        FactType.NUMBER: float,
        FactType.BOOL: bool,
        FactType.TEXT: str,
        FactType.DATE: dt.date,
        FactType.SET: frozenset,
    }
    for fact, value in facts.values.items():
        if value.known:
            assert isinstance(value.value, kinds[FACT_SPECS[fact].type]), fact
