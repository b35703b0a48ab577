"""The patient record: valid records round-trip; bad ones are refused whole, each problem by JSON path."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from alsnav.errors import InputError
from alsnav.record import (
    ITEM_KEYS,
    MEASUREMENT_TYPES,
    REQUIRED_ITEM_KEYS,
    Cognition,
    OnsetRegion,
    PatientRecord,
    Sex,
    parse_record,
    record_json_schema,
    record_to_json,
)
from alsnav.scales import alsfrs
from alsnav.symptoms import SYMPTOM_CODES

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "tests" / "fixtures" / "records"
FIXTURES = sorted(RECORDS.glob("*.json"))
OWN_FIXTURES = {"bulbar-onset.json", "limb-onset.json", "encals-definite.json", "deceased-ventilated.json"}


def _fixture(name: str = "bulbar-onset.json") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RECORDS / name).read_text(encoding="utf-8"))
    return data


def _problems(source: Any) -> list[str]:
    with pytest.raises(InputError) as raised:
        parse_record(source)
    return [str(problem) for problem in raised.value.problems]


# --- Valid records ----------------------------------------------------------------------------


def test_there_are_fixtures() -> None:
    assert {path.name for path in FIXTURES} >= OWN_FIXTURES


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_parses_and_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    record = parse_record(text)
    exported = record_to_json(record)
    if path.name in OWN_FIXTURES:  # fixtures with no unknown (ignored) keys
        assert exported == json.loads(text)  # nothing added, nothing lost
    assert parse_record(exported) == record
    assert parse_record(json.dumps(exported).encode()) == record


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_is_valid_against_the_json_schema(path: Path) -> None:
    jsonschema.Draft202012Validator(record_json_schema()).validate(
        json.loads(path.read_text(encoding="utf-8"))
    )


def test_the_packaged_schema_is_the_contract() -> None:
    contract = json.loads(
        (ROOT / "docs" / "contracts" / "patient-record.schema.json").read_text(encoding="utf-8")
    )
    assert record_json_schema() == contract


@pytest.mark.parametrize(
    ("schema_path", "values"),
    [
        (("symptoms", "items", "properties", "code", "enum"), SYMPTOM_CODES),
        (("measurements", "items", "properties", "type", "enum"), MEASUREMENT_TYPES),
        (("sex", "enum"), get_args(Sex)),
        (("onset_region", "enum"), get_args(OnsetRegion)),
        (("cognition", "enum"), get_args(Cognition)),
    ],
)
def test_the_models_allow_exactly_the_schema_values(
    schema_path: tuple[str, ...], values: tuple[str, ...]
) -> None:
    node: Any = record_json_schema()["properties"]
    for key in schema_path:
        node = node[key]
    assert tuple(node) == tuple(values)


def test_the_alsfrs_r_keys_are_the_schema_keys() -> None:
    alsfrs_r = record_json_schema()["properties"]["assessments"]["items"]["properties"]["alsfrs_r"]
    assert tuple(alsfrs_r["properties"]) == ITEM_KEYS
    assert tuple(alsfrs_r["required"]) == REQUIRED_ITEM_KEYS
    assert tuple(alsfrs.ITEM_BY_KEY) == ITEM_KEYS
    assert alsfrs.REQUIRED_KEYS == REQUIRED_ITEM_KEYS


def test_reading_the_record() -> None:
    record = parse_record(_fixture())
    assert record.id == "example-bulbar-onset"
    assert str(record.onset_date) == "2024-08-01"
    assert record.assessments[1].alsfrs_r.item5_key == "5b"
    assert record.assessments[1].alsfrs_r.scores()["5b"] == 3
    assert [m.value for m in record.measurements_of("weight_kg")] == [81.0, 71.0]
    assert record.deceased is False  # no vital status: not read as dead
    assert record.vital_status is None  # ... and not invented either


def test_absent_fields_stay_absent() -> None:
    record = parse_record({"id": "p"})
    assert record.onset_date is None
    assert record.sex is None
    assert record.assessments == []
    assert "assessments" not in record.model_fields_set
    assert record_to_json(record) == {"id": "p"}


def test_unknown_keys_are_ignored_outside_alsfrs_r() -> None:
    data = _fixture()
    data["favourite_colour"] = "blue"
    data["assessments"][0]["rater"] = "nurse"
    data["measurements"][0]["device"] = "spirometer"
    assert parse_record(data) == parse_record(_fixture())


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert parse_record(b"\xef\xbb\xbf" + json.dumps(_fixture()).encode()).id == "example-bulbar-onset"


# --- Bad records: one problem each, named by JSON path --------------------------------------


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``assessments.0.alsfrs_r.5a`` style paths; ``value`` ``...`` deletes."""
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    key: Any = int(last) if isinstance(target, list) else last
    if value is ...:
        del target[key]
    else:
        target[key] = value


BAD = [
    # (what is changed, the new value, the one problem expected)
    ("assessments.1.alsfrs_r.5a", 3, "assessments[1].alsfrs_r.5a: both 5a and 5b given"),
    (
        "assessments.0.alsfrs_r.5a",
        ...,
        "assessments[0].alsfrs_r.5a: item 5 missing: give 5a (without gastrostomy) or 5b (with gastrostomy)",
    ),
    ("assessments.0.alsfrs_r.7", ..., "assessments[0].alsfrs_r.7: item 7 missing"),
    ("assessments.0.alsfrs_r.3", 5, "assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got 5"),
    ("assessments.0.alsfrs_r.3", -1, "assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got -1"),
    ("assessments.0.alsfrs_r.3", True, "assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got true"),
    ("assessments.0.alsfrs_r.3", 3.0, "assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got 3.0"),
    ("assessments.0.alsfrs_r.3", 2.5, "assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got 2.5"),
    ("assessments.0.alsfrs_r.3", "3", 'assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got "3"'),
    ("assessments.0.alsfrs_r.3", None, "assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got null"),
    (
        "assessments.0.alsfrs_r.5a",
        None,
        "assessments[0].alsfrs_r.5a: must be an integer from 0 to 4, got null",
    ),
    (
        "assessments.0.alsfrs_r.13",
        4,
        'assessments[0].alsfrs_r.13: unknown item "13"; items are 1 to 12, with 5a or 5b for item 5',
    ),
    ("assessments.0.date", "2025-02-30", 'assessments[0].date: not a real calendar date: "2025-02-30"'),
    (
        "assessments.0.date",
        "20/01/2025",
        'assessments[0].date: must be a date written YYYY-MM-DD, got "20/01/2025"',
    ),
    ("assessments.0.date", "2025-01-20T10:00", "assessments[0].date: must be a date written YYYY-MM-DD"),
    ("assessments.0.date", 20250120, "assessments[0].date: must be a date written YYYY-MM-DD, got 20250120"),
    ("assessments.0.date", ..., "assessments[0].date: required, but missing"),
    ("assessments.0.alsfrs_r", [], "assessments[0].alsfrs_r: must be an object, got a list"),
    ("assessments.0.date", "2024-07-31", "assessments[0].date: 2024-07-31 is before onset_date 2024-08-01"),
    (
        "assessments.1.date",
        "2025-01-20",
        "assessments[1].date: 2025-01-20 is also the date of assessments[0]",
    ),
    ("measurements.2.date", "2024-06-01", "measurements[2].date: 2024-06-01 is before onset_date 2024-08-01"),
    ("onset_date", "2024-13-01", 'onset_date: not a real calendar date: "2024-13-01"'),
    ("diagnosis_date", "2024-07-01", "diagnosis_date: 2024-07-01 is before onset_date 2024-08-01"),
    ("birth_date", "2024-09-01", "onset_date: 2024-08-01 is before birth_date 2024-09-01"),
    (
        "symptoms.1.code",
        "drooling",
        'symptoms[1].code: unknown symptom code "drooling"; expected one of ' + ", ".join(SYMPTOM_CODES),
    ),
    ("measurements.0.type", "fvc", 'measurements[0].type: unknown measurement type "fvc"; expected one of'),
    ("measurements.0.value", "58", 'measurements[0].value: must be a number, got "58"'),
    ("measurements.0.value", True, "measurements[0].value: must be a number, got true"),
    ("measurements.0.position", "sitting", 'measurements[0].position: unknown position "sitting"'),
    ("measurements.2.value", 0, "measurements[2].value: weight_kg must be greater than 0, got 0"),
    ("measurements.2.value", -70, "measurements[2].value: weight_kg must be greater than 0, got -70"),
    ("measurements.0.value", 0, "measurements[0].value: fvc_percent must be greater than 0, got 0"),
    ("premorbid_weight_kg", 0, "premorbid_weight_kg: must be greater than 0, got 0"),
    ("height_cm", -178, "height_cm: must be greater than 0, got -178"),
    ("sex", "m", "sex: unknown sex \"m\"; expected one of 'female', 'male', 'other' or 'unknown'"),
    ("onset_region", "arm", 'onset_region: unknown onset region "arm"'),
    ("cognition", "dementia", 'cognition: unknown cognition status "dementia"'),
    ("genetics.C9orf72", "pos", 'genetics.C9orf72: unknown genetic result "pos"'),
    ("diagnosis.criteria", "ee", 'diagnosis.criteria: unknown diagnostic criteria "ee"'),
    ("diagnosis.category", "likely", 'diagnosis.category: unknown diagnostic category "likely"'),
    (
        "diagnosis.category",
        "met",
        'diagnosis.category: "met" is a Gold Coast result, not a el_escorial_revised category',
    ),
    ("id", 17, "id: must be a string, got 17"),
    ("country", "gb", 'country: must be an ISO 3166-1 alpha-2 code in capitals (e.g. GB), got "gb"'),
    ("in_multidisciplinary_clinic", "yes", 'in_multidisciplinary_clinic: must be true or false, got "yes"'),
    ("assessments", {}, "assessments: must be a list, got an object"),
    ("medications.0.name", "", "medications[0].name: must not be empty"),
    (
        "medications.0.stop_date",
        "2025-01-01",
        "medications[0].stop_date: 2025-01-01 is before start_date 2025-02-01",
    ),
    ("interventions.0.refused", "no", 'interventions[0].refused: must be true or false, got "no"'),
    ("interventions.0.type", ..., "interventions[0].type: required, but missing"),
    (
        "vital_status",
        {"deceased": True, "date": "2024-01-01"},
        "vital_status.date: 2024-01-01 is before onset_date",
    ),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD, ids=[f"{p}={v!r}" for p, v, _ in BAD])
def test_a_bad_record_is_refused_naming_the_json_path(path: str, value: Any, expected: str) -> None:
    data = _fixture()
    _set(data, path, value)
    problems = _problems(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected)


def test_every_problem_is_reported_at_once() -> None:
    data = _fixture()
    _set(data, "assessments.1.alsfrs_r.5a", 3)  # both 5a and 5b
    _set(data, "assessments.0.alsfrs_r.9", 7)  # out of range
    _set(data, "symptoms.0.code", "itch")  # unknown code
    _set(data, "measurements.1.date", "2024-01-01")  # before onset
    assert [p.split(":")[0] for p in _problems(data)] == [
        "symptoms[0].code",
        "assessments[0].alsfrs_r.9",
        "assessments[1].alsfrs_r.5a",
        "measurements[1].date",
    ]


def test_an_item_5_problem_is_found_even_when_other_items_are_bad() -> None:
    data = _fixture()
    _set(data, "assessments.0.alsfrs_r.5b", 1)
    _set(data, "assessments.0.alsfrs_r.1", 9)
    assert _problems(data) == [
        "assessments[0].alsfrs_r.1: must be an integer from 0 to 4, got 9",
        "assessments[0].alsfrs_r.5a: both 5a and 5b given",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "id": "p1",\n}', "record: invalid JSON at line 3, column 1: Expecting property name"),
        ("", "record: invalid JSON at line 1, column 1: Expecting value"),
        ('{"id": "p1"', "record: invalid JSON at line 1, column 12"),
        ("[]", "record: must be a JSON object, got a list"),
        ('"p1"', 'record: must be a JSON object, got "p1"'),
        (
            '{"measurements": [{"date": "2025-01-01", "type": "weight_kg", "value": NaN}]}',
            "measurements[0].value: must be a number, got NaN",
        ),
        (
            '{"assessments": [{"date": "2025-01-01", "alsfrs_r": {"1": 4, "1": 3}}]}',
            "assessments[0].alsfrs_r.1: key given more than once",
        ),
    ],
)
def test_text_that_is_not_a_record(text: str, expected: str) -> None:
    assert _problems(text)[0].startswith(expected)


def test_bytes_that_are_not_utf8() -> None:
    assert _problems(b'{"id": "\xff"}') == ["record: not UTF-8 text (byte 8)"]


def test_validating_the_model_directly_applies_the_same_checks() -> None:
    data = _fixture()
    _set(data, "assessments.1.date", "2025-01-20")
    with pytest.raises(ValidationError) as raised:
        PatientRecord.model_validate(data)
    (error,) = raised.value.errors()
    assert error["loc"] == ("assessments", 1, "date")
    assert error["msg"] == "2025-01-20 is also the date of assessments[0]"


def test_a_refused_record_leaves_its_input_alone() -> None:
    data = _fixture()
    _set(data, "assessments.0.alsfrs_r.1", 8)
    before = copy.deepcopy(data)
    with pytest.raises(InputError):
        parse_record(data)
    assert data == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=2) | st.dictionaries(st.text(max_size=3), children, max_size=2)
    ),
    max_leaves=4,
)


@given(st.sampled_from(["1", "4", "5a", "9", "12"]), json_values)
def test_any_item_value_is_either_a_valid_score_or_refused_by_path(key: str, value: object) -> None:
    data = _fixture()
    data["assessments"][0]["alsfrs_r"][key] = value
    try:
        record = parse_record(data)
    except InputError as error:
        assert [p.where for p in error.problems] == [f"assessments[0].alsfrs_r.{key}"]
        assert error.problems[0].message.startswith("must be an integer from 0 to 4, got ")
    else:
        assert type(value) is int
        assert 0 <= value <= 4
        assert record.assessments[0].alsfrs_r.scores()[key] == value


# --- Input that once crashed or slipped through (found by probing) -------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{"premorbid_weight_kg": ' + "9" * 5000 + "}", "premorbid_weight_kg", "too long to be a real value"),
        ('{"id": "\\ud800"}', "id", "unpaired surrogate"),
        ('{"id": "ok", "onset_date": "\\udfff"}', "onset_date", "unpaired surrogate"),
        ('{"id": "a\\u0000b"}', "id", "control character"),
        ('{"onset_date": "2999-01-01"}', "onset_date", "between 1900-01-01 and 2100-12-31"),
        ('{"birth_date": "0206-05-01"}', "birth_date", "between 1900-01-01 and 2100-12-31"),
        (
            '{"measurements": [{"date": "2026-01-01", "type": "weight_kg", "value": 1e308}]}',
            "measurements[0].value",
            "weight_kg must be between 20 and 300 kg",
        ),
        ('{"height_cm": 1780}', "height_cm", "between 50 and 250 cm"),
    ],
)
def test_probing_input_is_refused_by_json_path(text: str, where: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_record(text)
    problems = caught.value.problems
    assert [p.where for p in problems] == [where]
    assert message in problems[0].message


def test_the_command_line_refuses_probing_input_with_status_2_and_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "huge.json"
    bad.write_text('{"id": "x", "premorbid_weight_kg": ' + "9" * 5000 + "}")
    alsnav = Path(sys.executable).parent / "alsnav"
    done = subprocess.run(
        [str(alsnav), "assess", str(bad), "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and "premorbid_weight_kg" in done.stderr


def test_a_record_is_bounded_so_its_exports_are_too() -> None:
    items = {
        "1": 4,
        "2": 4,
        "3": 4,
        "4": 4,
        "5a": 4,
        "6": 4,
        "7": 4,
        "8": 4,
        "9": 4,
        "10": 4,
        "11": 4,
        "12": 4,
    }
    start = dt.date(2001, 1, 1)
    assessments = [
        {"date": (start + dt.timedelta(days=i)).isoformat(), "alsfrs_r": items} for i in range(1_001)
    ]
    with pytest.raises(InputError) as caught:
        parse_record({"assessments": assessments})
    assert [str(p) for p in caught.value.problems] == ["assessments: at most 1000 entries, got 1001"]
    assert len(parse_record({"assessments": assessments[:1_000]}).assessments) == 1_000
