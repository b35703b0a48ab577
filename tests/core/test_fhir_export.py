"""FHIR R4 export of a patient record: every resource validates with the fhir.resources library.

fhir.resources ships R5 (default), R4B and STU3 models; Bundle, Patient, QuestionnaireResponse and
Observation are unchanged between R4 and R4B, so the R4B models check the R4 structure.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from alsnav.errors import InputError
from alsnav.export import record_to_fhir_bundle
from alsnav.export.fhir import MEASUREMENT_CODES
from alsnav.progression.assess import assess_record
from alsnav.record import MEASUREMENT_TYPES, parse_record
from alsnav.scales.alsfrs import ITEM_BY_KEY
from alsnav.terms import MEASUREMENT_BY_TYPE

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"
STAMP = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)


def _validate(bundle: dict[str, Any]) -> None:
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _code(resource: dict[str, Any]) -> str:
    return str(resource["code"]["coding"][0]["code"])


@pytest.mark.parametrize("name", ["limb-onset.json", "bulbar-onset.json"])
def test_every_resource_of_the_example_records_validates(name: str) -> None:
    record = parse_record((RECORDS / name).read_bytes())
    bundle = record_to_fhir_bundle(record, timestamp=STAMP)
    _validate(bundle)
    assert bundle["type"] == "collection"
    assert bundle["timestamp"] == "2026-02-01T09:30:00+00:00"
    json.dumps(bundle)  # plain JSON, nothing exotic


def test_one_questionnaire_response_per_assessment_with_the_full_answer_wording() -> None:
    record = parse_record((RECORDS / "bulbar-onset.json").read_bytes())
    bundle = record_to_fhir_bundle(record)
    responses = _resources(bundle, "QuestionnaireResponse")
    assert [r["authored"] for r in responses] == [a.date.isoformat() for a in record.assessments_by_date()]
    for response, assessment in zip(responses, record.assessments_by_date(), strict=True):
        answers = {item["linkId"]: item["answer"][0]["valueCoding"] for item in response["item"]}
        assert answers.keys() == assessment.alsfrs_r.scores().keys()
        for key, score in assessment.alsfrs_r.scores().items():
            assert answers[key]["code"] == str(score)
            assert answers[key]["display"] == ITEM_BY_KEY[key].answers[score]
    # The gastrostomy version of item 5 is exported as 5b once the person answers it.
    assert any("5b" in {i["linkId"] for i in r["item"]} for r in responses) == any(
        a.alsfrs_r.item5_key == "5b" for a in record.assessments
    )


def test_observations_carry_the_same_scores_and_stages_as_assess() -> None:
    record = parse_record((RECORDS / "limb-onset.json").read_bytes())
    report = assess_record(record)
    bundle = record_to_fhir_bundle(record)
    observations = _resources(bundle, "Observation")
    by_code: dict[str, list[dict[str, Any]]] = {}
    for observation in observations:
        by_code.setdefault(_code(observation), []).append(observation)
    totals = [o["valueInteger"] for o in by_code["alsfrs-r-total"]]
    assert totals == [a["total"] for a in report["assessments"]]
    bulbar = [o["valueInteger"] for o in by_code["alsfrs-r-bulbar"]]
    assert bulbar == [a["domains"]["bulbar"] for a in report["assessments"]]
    kings = [o["valueCodeableConcept"]["coding"][0]["code"] for o in by_code["kings-stage"]]
    assert kings == [a["kings_label"] for a in report["assessments"]]
    mitos = [o["valueInteger"] for o in by_code["mitos-stage"]]
    assert mitos == [a["mitos_stage"] for a in report["assessments"]]
    # Every score observation points back at its questionnaire response.
    response_urls = {f"urn:uuid:{r['id']}" for r in _resources(bundle, "QuestionnaireResponse")}
    for observation in by_code["alsfrs-r-total"]:
        assert observation["derivedFrom"][0]["reference"] in response_urls


def test_fvc_and_weight_are_observations_with_ucum_units() -> None:
    record = parse_record((RECORDS / "limb-onset.json").read_bytes())
    bundle = record_to_fhir_bundle(record)
    observations = _resources(bundle, "Observation")
    weights = [o for o in observations if _code(o) == "29463-7"]
    assert [w["valueQuantity"]["value"] for w in weights] == [64, 62.5]
    assert {w["valueQuantity"]["code"] for w in weights} == {"kg"}
    assert weights[0]["category"][0]["coding"][0]["code"] == "vital-signs"
    fvcs = [o for o in observations if _code(o) == "fvc-percent-predicted"]
    assert [f["valueQuantity"]["value"] for f in fvcs] == [92, 84]
    assert {f["valueQuantity"]["system"] for f in fvcs} == {"http://unitsofmeasure.org"}


def test_every_measurement_type_and_position_exports_and_validates() -> None:
    record = parse_record(
        {
            "id": "all-measurements",
            "sex": "other",
            "vital_status": {"deceased": True, "date": "2026-01-05"},
            "onset_date": "2025-01-01",
            "measurements": [
                {"date": "2025-06-01", "type": kind, "value": MEASUREMENT_BY_TYPE[kind].minimum + 1.5}
                | ({"position": "supine"} if kind == "fvc_percent" else {})
                for kind in MEASUREMENT_TYPES
            ],
        }
    )
    assert set(MEASUREMENT_CODES) == set(MEASUREMENT_TYPES)
    bundle = record_to_fhir_bundle(record)
    _validate(bundle)
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds == {"Patient": 1, "Observation": len(MEASUREMENT_TYPES)}
    patient = _resources(bundle, "Patient")[0]
    assert patient["deceasedDateTime"] == "2026-01-05" and patient["gender"] == "other"
    supine = [o for o in _resources(bundle, "Observation") if "extension" in o]
    assert len(supine) == 1 and supine[0]["extension"][0]["valueCodeableConcept"]["text"] == "supine"


def test_an_empty_record_is_a_bundle_with_only_the_patient() -> None:
    bundle = record_to_fhir_bundle(parse_record("{}"))
    _validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_ids_are_stable_and_unique_per_subject() -> None:
    record = parse_record((RECORDS / "limb-onset.json").read_bytes())
    first = record_to_fhir_bundle(record, subject_key="a")
    again = record_to_fhir_bundle(record, subject_key="a")
    other = record_to_fhir_bundle(record, subject_key="b")
    ids = [e["resource"]["id"] for e in first["entry"]]
    assert ids == [e["resource"]["id"] for e in again["entry"]]
    assert len(set(ids)) == len(ids)
    assert not set(ids) & {e["resource"]["id"] for e in other["entry"]}


def test_a_naive_timestamp_is_refused() -> None:
    with pytest.raises(InputError, match="timestamp"):
        record_to_fhir_bundle(parse_record("{}"), timestamp=dt.datetime(2026, 1, 1))
