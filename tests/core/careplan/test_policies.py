"""The policies every plan keeps, whatever the rules say: nothing for a person who has died, never
an unauthorised or withdrawn drug in the person's country, never a supplement, never what the person
already has, and never a rule fired on unknown data."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from alsnav.careplan import plan_for_record
from alsnav.careplan.engine import care_plan
from alsnav.facts import Fact, facts_from_record
from alsnav.record import parse_record
from tests.core.careplan.helpers import D, items, measure, plan, random_record, rules

RULES = rules()
RANDOM = [random_record(random.Random(seed), seed) for seed in range(300)]
AS_OF = D("2026-03-01")
EU_AND_GB = ("DE", "FR", "IT", "NL", "ES", "PL", "IE", "GB")
INTERVENTION_FOR = {
    "noninvasive-ventilation": {"niv", "tracheostomy_ventilation"},
    "feeding-tube": {"gastrostomy"},
    "cough-assist": {"cough_assist"},
    "communication-devices": {"aac_device"},
    "tracheostomy-ventilation": {"tracheostomy_ventilation"},
}


def test_nothing_is_recommended_for_a_person_who_has_died() -> None:
    care = plan(
        "2026-02-01",
        vital_status={"deceased": True, "date": "2026-01-15"},
        genetics={"SOD1": "positive"},
        symptoms=[{"code": "sialorrhea"}],
        measurements=[measure("2026-01-10", "fvc_percent", 30)],
    )
    assert care.deceased
    assert (care.recommendations, care.missing_data, care.monitoring) == ((), (), ())
    assert care.to_json()["recommendations"] == []


def test_a_death_after_the_as_of_date_is_not_known_yet() -> None:
    care = plan("2026-01-01", vital_status={"deceased": True, "date": "2026-01-15"})
    assert not care.deceased and care.recommendations


@pytest.mark.parametrize("country", EU_AND_GB)
def test_edaravone_and_dextromethorphan_quinidine_are_never_recommended_in_the_eu_or_gb(country: str) -> None:
    care = plan(
        "2026-02-01",
        country=country,
        onset_date="2025-10-01",
        medications=[],
        symptoms=[{"code": "pseudobulbar_affect"}],
        assessments=[items("2026-01-10")],
        measurements=[measure("2026-01-10", "fvc_percent", 95)],
    )
    ids = {r.id for r in care.recommendations}
    assert not ids & {"edaravone", "dextromethorphan-quinidine"}
    said = {u.id: u.text for u in care.unavailable}
    assert "ask your team" in said["dextromethorphan-quinidine"]
    assert f"in {country}" in said["edaravone"]


def test_the_same_person_in_the_us_is_offered_both() -> None:
    care = plan(
        "2026-02-01",
        country="US",
        onset_date="2025-10-01",
        medications=[],
        symptoms=[{"code": "pseudobulbar_affect"}],
        assessments=[items("2026-01-10")],
        measurements=[measure("2026-01-10", "fvc_percent", 95)],
    )
    assert {"edaravone", "dextromethorphan-quinidine"} <= {r.id for r in care.recommendations}


def test_the_availability_table_says_the_drug_statuses_of_the_rules() -> None:
    table = RULES.availability
    for country in ("DE", "FR", "GB", "US", "JP", "CA", "BR", None):
        status = table.status_in("sodium-phenylbutyrate-taurursodiol", country)
        assert status is not None and not status.status.available
    assert not table.status_in("edaravone", "AT").status.available  # type: ignore[union-attr]
    assert table.status_in("tofersen", "SE").status.available  # type: ignore[union-attr]
    assert table.status_in("tofersen", "BR") is None  # not known: never recommended


@pytest.mark.parametrize("record", RANDOM, ids=[r["id"] for r in RANDOM])
def test_random_records_keep_every_policy(record: dict[str, Any]) -> None:
    parsed = parse_record(record)
    facts = facts_from_record(parsed, AS_OF)
    care = care_plan(facts, RULES)
    ids = [r.id for r in care.recommendations]
    assert len(ids) == len(set(ids)), "one recommendation per id"
    if not facts.alive:
        assert care.recommendations == ()
        return
    current = facts.value(Fact.MEDICATIONS_CURRENT) or frozenset()
    in_use = facts.value(Fact.INTERVENTIONS_CURRENT) or frozenset()
    country = facts.value(Fact.COUNTRY)
    for rec in care.recommendations:
        assert rec.id not in RULES.supplement_ids, "never a supplement"
        assert rec.id != "sodium-phenylbutyrate-taurursodiol"
        assert rec.id not in current, f"{rec.id} is already taken"
        assert not INTERVENTION_FOR.get(rec.id, set()) & set(in_use), f"{rec.id} is already in use"
        if rec.id in RULES.availability.drugs:
            status = RULES.availability.status_in(rec.id, country if isinstance(country, str) else None)
            assert status is not None and status.status.available, (rec.id, country)
        assert rec.because and rec.sources
    for gap in care.missing_data:
        assert gap.why and gap.for_recommendations


def test_an_unknown_condition_never_fires_and_names_the_missing_fact() -> None:
    care = plan("2026-02-01")  # an empty record
    fired = {r.id for r in care.recommendations}
    assert not fired & {"noninvasive-ventilation", "feeding-tube", "tofersen", "edaravone", "riluzole"}
    gaps = {g.fact.value for g in care.missing_data}
    assert {"gene_sod1", "vital_capacity_percent", "als_diagnosed", "in_multidisciplinary_clinic"} <= gaps
    # Always-on steps still appear: they need no data.
    assert {
        "psychological-social-support",
        "advance-care-planning",
        "clinical-trials",
        "genetic-testing",
    } <= fired


def test_the_plan_uses_nothing_after_the_as_of_date() -> None:
    record = parse_record(
        {
            "id": "t",
            "interventions": [],
            "medications": [],
            "assessments": [items("2026-01-10"), items("2026-04-01", i1=2, i11=2)],
            "measurements": [
                measure("2026-01-10", "fvc_percent", 90),
                measure("2026-04-01", "fvc_percent", 40),
            ],
        }
    )
    before = plan_for_record(record, D("2026-02-01"), rules=RULES)
    after = plan_for_record(record, D("2026-04-02"), rules=RULES)
    assert before.recommendation("noninvasive-ventilation") is None
    assert before.recommendation("communication-devices") is None
    assert after.recommendation("noninvasive-ventilation") is not None
    assert after.recommendation("communication-devices") is not None


def test_high_priority_comes_first() -> None:
    care = plan("2026-02-01", interventions=[], measurements=[measure("2026-01-10", "fvc_percent", 40)])
    ranks = [r.priority.rank for r in care.recommendations]
    assert ranks == sorted(ranks)


def test_the_json_has_the_contract_keys() -> None:
    document = plan(
        "2026-02-01", interventions=[], measurements=[measure("2026-01-10", "fvc_percent", 40)]
    ).to_json()
    assert {"id", "as_of", "recommendations", "missing_data", "monitoring"} <= set(document)
    for rec in document["recommendations"]:
        assert {"id", "title", "priority", "because", "sources"} <= set(rec)
        assert all(isinstance(s, str) for s in rec["sources"])
    for gap in document["missing_data"]:
        assert {"fact", "why"} <= set(gap)
    for entry in document["monitoring"]:
        assert {"what", "next_due", "source"} <= set(entry)
        dt.date.fromisoformat(entry["next_due"])
