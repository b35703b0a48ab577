"""Fuzzing the patient-record parser and the command line that reads record files.

1. Any JSON-like value (huge integers, NaN and infinities, surrogates and control characters, deep
   nesting), given as a decoded value, as JSON text or as bytes, is either a record or refused with
   the documented :class:`~alsnav.errors.InputError`: never another exception.
2. Valid records built from the format's own rules round-trip: parse → JSON → parse is equal.
3. A valid record with one field made bad is refused, and a problem names that field's JSON path.
4. ``alsnav assess`` / ``alsnav validate`` on bad files exit 2 with one line per problem, never a
   traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alsnav.cli import main
from alsnav.errors import InputError
from alsnav.record import (
    EARLIEST_DATE,
    MEASUREMENT_TYPES,
    REQUIRED_ITEM_KEYS,
    AnsweredBy,
    Cognition,
    Criteria,
    OnsetRegion,
    PatientRecord,
    Sex,
    json_path,
    parse_record,
    record_to_json,
)
from alsnav.symptoms import SYMPTOM_CODES
from alsnav.terms import MEASUREMENT_BY_TYPE

ALSNAV = Path(sys.executable).parent / "alsnav"
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIELDS = sorted(PatientRecord.model_fields)

# --- 1. Anything at all ------------------------------------------------------------------------

#: Every character, surrogate halves and control characters included.
any_char = st.characters(codec=None, exclude_categories=())
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**17, max_value=10**40)
    | st.floats()  # NaN and ±inf included
    | st.text(any_char, max_size=12)
    | st.sampled_from(["2025-01-20", "2025-02-30", "0001-01-01", "9999-12-31", "5a", "5b", "GB", ""])
)
json_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(any_char, max_size=6) | st.sampled_from(FIELDS), children, max_size=4)
    ),
    max_leaves=20,
)
scores_like = st.dictionaries(
    st.sampled_from(["1", "2", "3", "4", "5a", "5b", "6", "7", "8", "9", "10", "11", "12", "13", "x"]),
    scalars,
    max_size=14,
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        **{name: json_like for name in FIELDS},
        "assessments": st.lists(
            st.fixed_dictionaries(
                {}, optional={"date": scalars, "alsfrs_r": scores_like | json_like, "answered_by": scalars}
            ),
            max_size=3,
        ),
        "measurements": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "date": scalars,
                    "type": st.sampled_from(MEASUREMENT_TYPES) | scalars,
                    "value": scalars,
                    "position": scalars,
                },
            ),
            max_size=3,
        ),
    },
)


def _parse_or_refuse(source: Any) -> PatientRecord | None:
    """Parse ``source``; the only exception allowed is InputError with well-formed problems."""
    try:
        return parse_record(source)
    except InputError as error:
        assert error.problems, "an InputError must say what is wrong"
        for problem in error.problems:
            assert isinstance(problem.where, str) and problem.where
            assert isinstance(problem.message, str) and problem.message
            str(problem).encode("utf-8")  # printable: no lone surrogate in a message
        return None


@FAST
@given(json_like | record_like)
@example({"id": "\ud800", "id ": 1})
@example({"assessments": [{"alsfrs_r": {"1": 10**40}}]})
@example({"premorbid_weight_kg": float("nan"), "height_cm": float("inf")})
def test_any_decoded_value_is_a_record_or_an_input_error(value: Any) -> None:
    _parse_or_refuse(value)


@FAST
@given(json_like | record_like)
def test_any_json_text_or_bytes_is_a_record_or_an_input_error(value: Any) -> None:
    text = json.dumps(value)  # NaN and Infinity as JavaScript writes them; surrogates as \\ud800
    _parse_or_refuse(text)
    _parse_or_refuse(text.encode("utf-8"))


@FAST
@given(st.binary(max_size=200) | st.text(any_char, max_size=200).map(lambda t: "{" + t))
@example(b'{"id": "a", "id": "b"}')
@example('{"\\ud800": 1, "\\ud800": 2}')
@example("[" * 100_000)
def test_any_bytes_or_broken_text_is_a_record_or_an_input_error(source: bytes | str) -> None:
    _parse_or_refuse(source)


# --- 2. Valid records round-trip -------------------------------------------------------------


def _dates(low: dt.date, high: dt.date = dt.date(2026, 12, 31)) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=low, max_value=max(low, high))


@st.composite
def valid_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record that follows every rule of the format (as JSON-ready data)."""
    record: dict[str, Any] = {}
    birth = draw(_dates(EARLIEST_DATE, dt.date(2000, 1, 1)))
    onset = draw(_dates(birth))
    diagnosed = draw(_dates(onset))
    optional: dict[str, Any] = {
        "id": st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
        "sex": st.sampled_from(get_args(Sex)),
        "country": st.from_regex(r"[A-Z]{2}", fullmatch=True),
        "onset_region": st.sampled_from(get_args(OnsetRegion)),
        "cognition": st.sampled_from(get_args(Cognition)),
        "in_multidisciplinary_clinic": st.booleans(),
        "premorbid_weight_kg": st.floats(20, 300),
        "height_cm": st.floats(50, 250) | st.integers(50, 250),
        "genetics": st.dictionaries(
            st.sampled_from(["C9orf72", "SOD1", "FUS", "TARDBP"]),
            st.sampled_from(["positive", "negative", "unknown"]),
        ),
        "diagnosis": st.sampled_from(get_args(Criteria)).flatmap(
            lambda c: st.fixed_dictionaries(
                {"criteria": st.just(c)},
                optional={
                    "category": st.sampled_from(
                        ["met", "not_met"] if c == "gold_coast" else ["definite", "probable", "possible"]
                    )
                },
            )
        ),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            record[name] = draw(strategy)
    if draw(st.booleans()):
        record["birth_date"] = birth.isoformat()
    if draw(st.booleans()):
        record["onset_date"] = onset.isoformat()
        if draw(st.booleans()):
            record["diagnosis_date"] = diagnosed.isoformat()
    dates = draw(st.lists(_dates(onset), max_size=4, unique=True))
    record["assessments"] = [
        {
            "date": when.isoformat(),
            "alsfrs_r": {
                **{key: draw(st.integers(0, 4)) for key in REQUIRED_ITEM_KEYS},
                draw(st.sampled_from(["5a", "5b"])): draw(st.integers(0, 4)),
            },
            **({"answered_by": draw(st.sampled_from(get_args(AnsweredBy)))} if draw(st.booleans()) else {}),
        }
        for when in dates
    ]
    measurements = []
    for _ in range(draw(st.integers(0, 4))):
        spec = MEASUREMENT_BY_TYPE[draw(st.sampled_from(MEASUREMENT_TYPES))]
        low = (
            max(spec.minimum, 0.1)
            if spec.minimum <= 0 < spec.maximum and spec.type.endswith(("_kg", "_percent"))
            else spec.minimum
        )
        measurements.append(
            {
                "date": draw(_dates(onset)).isoformat(),
                "type": spec.type,
                "value": draw(st.floats(low, spec.maximum) | st.integers(int(low) + 1, int(spec.maximum))),
            }
        )
    record["measurements"] = measurements
    start = draw(_dates(onset))
    record["medications"] = [
        {"name": "riluzole", "start_date": start.isoformat(), "stop_date": draw(_dates(start)).isoformat()}
    ]
    record["symptoms"] = [
        {"code": code} for code in draw(st.lists(st.sampled_from(SYMPTOM_CODES), max_size=3, unique=True))
    ]
    if draw(st.booleans()):
        record["vital_status"] = {"deceased": True, "date": draw(_dates(onset)).isoformat()}
    return record


@FAST
@given(valid_records())
def test_valid_records_round_trip(data: dict[str, Any]) -> None:
    record = parse_record(json.dumps(data))
    exported = record_to_json(record)
    again = parse_record(json.dumps(exported))
    assert again == record
    assert record_to_json(again) == exported


# --- 3. One bad field is named by its path ---------------------------------------------------

#: (path inside the record, a value that field must refuse).
BAD_FIELDS: list[tuple[tuple[str | int, ...], Any]] = [
    (("sex",), 5),
    (("sex",), "F"),
    (("birth_date",), "2020-13-45"),
    (("birth_date",), "1899-12-31"),
    (("onset_date",), 20250101),
    (("country",), "gb"),
    (("height_cm",), -1),
    (("premorbid_weight_kg",), float("nan")),
    (("premorbid_weight_kg",), 10**30),
    (("in_multidisciplinary_clinic",), "yes"),
    (("cognition",), ["normal"]),
    (("genetics", "SOD1"), "maybe"),
    (("diagnosis", "criteria"), "el escorial"),
    (("assessments", 0, "date"), "yesterday"),
    (("assessments", 0, "alsfrs_r", "3"), 7),
    (("assessments", 0, "alsfrs_r", "3"), True),
    (("assessments", 0, "alsfrs_r", "3"), 2.0),
    (("assessments", 0, "answered_by"), "neighbour"),
    (("measurements", 0, "type"), "bogus"),
    (("measurements", 0, "value"), "high"),
    (("measurements", 0, "value"), float("inf")),
    (("medications", 0, "name"), ""),
    (("medications", 0, "stop_date"), "1900-01-01"),
    (("symptoms", 0, "code"), "drool"),
    (("vital_status", "deceased"), "no"),
    (("id",), "a\x00b"),
]


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@FAST
@given(valid_records(), st.sampled_from(BAD_FIELDS))
def test_one_bad_field_is_refused_by_its_json_path(data: dict[str, Any], bad: tuple[Any, Any]) -> None:
    path, value = bad
    head = path[0]
    if head == "assessments" and not data["assessments"]:
        data["assessments"] = [
            {"date": "2026-01-01", "alsfrs_r": {**dict.fromkeys(REQUIRED_ITEM_KEYS, 4), "5a": 4}}
        ]
        data.pop("onset_date", None), data.pop("diagnosis_date", None)
    if head == "measurements" and not data["measurements"]:
        data["measurements"] = [{"date": "2026-01-01", "type": "weight_kg", "value": 70}]
        data.pop("onset_date", None), data.pop("diagnosis_date", None)
    if head == "symptoms" and not data["symptoms"]:
        data["symptoms"] = [{"code": SYMPTOM_CODES[0]}]
    if head in ("genetics", "diagnosis", "vital_status"):
        data.setdefault(head, {})
    _set(data, path, value)
    with pytest.raises(InputError) as refused:
        parse_record(json.dumps(data))
    where = [problem.where for problem in refused.value.problems]
    assert json_path(path) in where, (json_path(path), where)
    text = str(refused.value)
    assert "Traceback" not in text and "pydantic" not in text.lower()


# --- 4. The command line on bad files --------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(value=json_like | record_like, command=st.sampled_from(["assess", "validate"]))
@example(value={"\ud800": 1}, command="assess")
@example(value=r'{"\ud800": 1, "\ud800": 2}', command="assess")  # a duplicated surrogate key
def test_cli_on_a_generated_bad_file_exits_2_with_plain_lines(
    value: Any, command: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "record.json"
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    try:
        parse_record(path.read_bytes())
    except InputError:
        pass
    else:
        return  # by chance a valid record: nothing to refuse
    err = io.StringIO()
    saved, sys.stderr = sys.stderr, err
    try:
        status = main([command, str(path)], out=io.StringIO())
    finally:
        sys.stderr = saved
    assert status == 2
    lines = err.getvalue().split("\n")  # the contract: one line per problem, ended by "\n"
    assert lines[-1] == "" and all(": " in line for line in lines[:-1]), lines
    assert "Traceback" not in err.getvalue()


BAD_FILES: list[bytes] = [
    b"",
    b"\xff\xfe not utf-8",
    b"[1, 2, 3]",
    b'{"assessments": [{"date": "2025-02-30", "alsfrs_r": {"1": 9}}]}',
    b'{"id": "\\ud800", "id": "\\udfff"}',
    b'{"\\ud800": 1, "\\ud800": 2}',
    b'{"premorbid_weight_kg": ' + b"9" * 5000 + b"}",
    b'{"height_cm": NaN, "premorbid_weight_kg": -Infinity}',
    b"[" * 50_000,
]


def test_cli_process_on_bad_files_exits_2_without_a_traceback(tmp_path: Path) -> None:
    for number, content in enumerate(BAD_FILES):
        path = tmp_path / f"bad-{number}.json"
        path.write_bytes(content)
        command = ("assess", "validate")[number % 2]
        done = subprocess.run([str(ALSNAV), command, str(path)], capture_output=True, check=False, timeout=60)
        stderr = done.stderr.decode("utf-8", errors="replace")
        assert done.returncode == 2, (command, content[:60], stderr)
        assert stderr.strip() and "Traceback" not in stderr, (command, content[:60], stderr)


# --- Found by this fuzzing -------------------------------------------------------------------


def test_a_null_country_is_not_given_rather_than_a_crash() -> None:
    """``"country": null`` raised TypeError in the country check; null means "not given"."""
    record = parse_record('{"country": null}')
    assert record.country is None
    assert record_to_json(record) == {"country": None}
    with pytest.raises(InputError) as refused:
        parse_record('{"country": 44}')
    assert [p.where for p in refused.value.problems] == ["country"]


@pytest.mark.parametrize("text", ['{"\\ud800": 1, "\\ud800": 2}', '{"genetics": {"a\\nb": "maybe"}}'])
def test_a_path_with_an_unprintable_key_is_written_on_one_printable_line(text: str) -> None:
    """A duplicated surrogate key made the problem itself unprintable (UnicodeEncodeError in the
    command line); a key with a newline split one problem over two lines."""
    with pytest.raises(InputError) as refused:
        parse_record(text)
    for problem in refused.value.problems:
        line = str(problem)
        line.encode("utf-8")
        assert "\n" not in line
