"""The patient record: pydantic models of the exchange format and the one parser that refuses bad ones.

Contract: ``docs/contracts/patient-record.md`` and ``patient-record.schema.json`` (JSON Schema draft
2020-12, shipped in the package as ``alsnav/schemas/patient-record.schema.json``; see
:func:`record_json_schema`).

A record that breaks the format is refused *as a whole*: :func:`parse_record` raises
:class:`~alsnav.errors.InputError` whose ``problems`` hold one :class:`~alsnav.errors.Problem` per
problem, each naming the JSON path, e.g. ``assessments[2].alsfrs_r.5a: both 5a and 5b given``.
Validating the models directly (``PatientRecord.model_validate``) applies the same checks and raises a
pydantic ``ValidationError`` whose messages are the same sentences.

Unknown keys are ignored everywhere except inside ``alsfrs_r``, which allows only the item keys.
Nothing is defaulted: a field that is absent (or ``null``) stays ``None``; lists default to empty,
and ``"interventions" in record.model_fields_set`` tells whether a list was given at all.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Container, Mapping, Sequence
from importlib import resources
from typing import Annotated, Any, Literal, cast, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PlainSerializer,
    PlainValidator,
    RootModel,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from alsnav.errors import InputError, Problem
from alsnav.symptoms import SYMPTOM_CODES

__all__ = [
    "ITEM_KEYS",
    "MEASUREMENT_TYPES",
    "REQUIRED_ITEM_KEYS",
    "AlsfrsR",
    "Assessment",
    "Diagnosis",
    "Intervention",
    "Measurement",
    "Medication",
    "PatientRecord",
    "SymptomEntry",
    "VitalStatus",
    "parse_record",
    "questionnaire_keys",
    "record_json_schema",
    "record_to_json",
]

#: Path of the root of the record in problem messages.
ROOT = "record"

Sex = Literal["female", "male", "other", "unknown"]
OnsetRegion = Literal["bulbar", "upper_limb", "lower_limb", "respiratory", "generalized", "unknown"]
Criteria = Literal["el_escorial_revised", "gold_coast", "awaji"]
DiagnosticCategory = Literal[
    "definite", "probable", "probable_laboratory_supported", "possible", "met", "not_met"
]
GeneResult = Literal["positive", "negative", "unknown"]
Cognition = Literal["normal", "als_ci", "als_bi", "als_cbi", "ftd", "unknown"]
MeasurementType = Literal[
    "fvc_percent",
    "svc_percent",
    "snip_cmh2o",
    "mip_cmh2o",
    "pcf_l_min",
    "paco2_mmhg",
    "spo2_nadir_percent",
    "spo2_below_88_minutes",
    "weight_kg",
    "alt_uln_ratio",
    "nfl_pg_ml",
]
Position = Literal["upright", "supine"]
AnsweredBy = Literal["self", "caregiver", "clinician"]

#: Every measurement type of the contract, in its order.
MEASUREMENT_TYPES: tuple[str, ...] = get_args(MeasurementType)

#: Measurement types whose value must be greater than zero (a zero or negative value is a typo, not
#: a measurement). Pressures such as MIP or SNIP are left alone: they are often written as negative.
POSITIVE_MEASUREMENTS: frozenset[str] = frozenset({"weight_kg", "fvc_percent", "svc_percent"})

_EL_ESCORIAL_GRADES = frozenset({"definite", "probable", "probable_laboratory_supported", "possible"})
_GOLD_COAST_RESULTS = frozenset({"met", "not_met"})

# --- Field types ----------------------------------------------------------------------------

_DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: Dates outside this range are typing mistakes (a year 2999, a year 0206), refused by name.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

#: Most entries a record may hold: a weekly ALSFRS-R for 20 years, ten measurements a week for
#: 20 years. Beyond that a file is not one person's record, and its exports would not be bounded.
MAX_ASSESSMENTS = 1_000
MAX_MEASUREMENTS = 10_000
MAX_LIST_ENTRIES = 500

#: Longest integer the parser reads (a 5,000-digit number is refused by its JSON path, not crashed on).
MAX_INTEGER_DIGITS = 18


def _show(value: object) -> str:
    """A JSON-flavoured rendering of a bad input value for a message (``true``, ``"3"``, ``2.5``)."""
    if isinstance(value, dict | Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_date(value: object) -> dt.date:
    """An ISO ``YYYY-MM-DD`` string (or a ``date``, not a ``datetime``) as a date, 1900–2100."""
    parsed: dt.date | None = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-" and value.isascii():
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            if _DATE_PATTERN.fullmatch(value):
                raise PydanticCustomError(
                    "iso_date", "not a real calendar date: {got}", {"got": _show(value)}
                ) from None
    if parsed is None:
        raise PydanticCustomError(
            "iso_date", "must be a date written YYYY-MM-DD, got {got}", {"got": _show(value)}
        )
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise PydanticCustomError(
            "iso_date",
            "must be a date between {earliest} and {latest}, got {got}",
            {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat(), "got": _show(value)},
        )
    return parsed


def _date_or_none(value: object) -> dt.date | None:
    """The date in ``value`` if it is one, else ``None`` (used by the tolerant cross-field checks)."""
    if value is None:
        return None
    try:
        return _parse_date(value)
    except PydanticCustomError:
        return None


def _date_text(value: dt.date) -> str:
    return value.isoformat()


IsoDate = Annotated[
    dt.date,
    PlainValidator(_parse_date, json_schema_input_type=str),
    PlainSerializer(_date_text, return_type=str, when_used="json"),
]
ItemScore = Annotated[int, Field(strict=True, ge=0, le=4)]
NonEmptyText = Annotated[str, Field(strict=True, min_length=1)]


class _Model(BaseModel):
    """Base of every record model: strict JSON types, unknown keys ignored, immutable."""

    model_config = ConfigDict(
        strict=True,
        extra="ignore",
        frozen=True,
        allow_inf_nan=False,
    )


# --- Models ---------------------------------------------------------------------------------


ItemKey = Literal["1", "2", "3", "4", "5a", "5b", "6", "7", "8", "9", "10", "11", "12"]

#: The ALSFRS-R item keys of the record, in questionnaire order (item 5 is ``5a`` or ``5b``).
ITEM_KEYS: tuple[str, ...] = get_args(ItemKey)

#: Items every assessment must have besides one of ``"5a"`` / ``"5b"``.
REQUIRED_ITEM_KEYS: tuple[str, ...] = tuple(key for key in ITEM_KEYS if key not in ("5a", "5b"))


def questionnaire_keys(*, gastrostomy: bool) -> list[str]:
    """The twelve questions in order, item 5 asked as ``5b`` with a gastrostomy, else ``5a``."""
    item5 = "5b" if gastrostomy else "5a"
    return [item5 if key == "5a" else key for key in ITEM_KEYS if key != "5b"]


class AlsfrsR(RootModel[dict[ItemKey, ItemScore]]):
    """The twelve ALSFRS-R item scores of one assessment (Cedarbaum et al. 1999), as given.

    Keys ``"1"`` … ``"12"``; item 5 is ``"5a"`` (no gastrostomy) or ``"5b"`` (with gastrostomy), never
    both. Every value is an integer 0–4. No other keys are allowed. The scores are kept as the
    mapping the record gives, so the scales read them without conversion.
    """

    model_config = ConfigDict(strict=True, frozen=True)

    @model_validator(mode="after")
    def _complete(self) -> AlsfrsR:
        message = _alsfrs_keys_problem(self.root.keys())
        if message is not None:
            raise PydanticCustomError("alsfrs_keys", message)
        return self

    @property
    def item5_key(self) -> Literal["5a", "5b"]:
        """Which version of item 5 was answered: ``"5b"`` means the person has a gastrostomy."""
        return "5b" if "5b" in self.root else "5a"

    def scores(self) -> dict[str, int]:
        """A copy of the item scores keyed as in the record (``"1"``, …, ``"5a"`` or ``"5b"``, …)."""
        return cast("dict[str, int]", self.root.copy())

    def __getitem__(self, key: str) -> int:
        return self.root[key]  # type: ignore[index]  # a plain str key: KeyError if not an item


class Assessment(_Model):
    """One ALSFRS-R assessment on one date; ``answered_by`` says who gave the answers, if known."""

    date: IsoDate
    alsfrs_r: AlsfrsR
    answered_by: AnsweredBy | None = None


class Measurement(_Model):
    """One measurement: ``type`` fixes the unit (``fvc_percent`` is % predicted, ``weight_kg`` kg …)."""

    date: IsoDate
    type: MeasurementType
    value: float
    position: Position | None = None


class Medication(_Model):
    """A medication; ``name`` is a knowledge-base treatment id where one exists."""

    name: NonEmptyText
    start_date: IsoDate | None = None
    stop_date: IsoDate | None = None


class Intervention(_Model):
    """An intervention (``niv``, ``gastrostomy`` …); ``refused`` marks one that was offered and declined."""

    type: NonEmptyText
    start_date: IsoDate | None = None
    stop_date: IsoDate | None = None
    refused: bool | None = None


class SymptomEntry(_Model):
    """A symptom by its contract code (``alsnav.symptoms.SYMPTOM_CODES``)."""

    code: str
    since: IsoDate | None = None

    @field_validator("code")
    @classmethod
    def _known_code(cls, value: str) -> str:
        if value not in SYMPTOM_CODES:
            raise PydanticCustomError(
                "symptom_code",
                "unknown symptom code {got}; expected one of {expected}",
                {"got": _show(value), "expected": ", ".join(SYMPTOM_CODES)},
            )
        return value


class Diagnosis(_Model):
    """Diagnostic criteria and the category reached under them."""

    criteria: Criteria | None = None
    category: DiagnosticCategory | None = None


class VitalStatus(_Model):
    """Whether the person has died and, if known, the date."""

    deceased: bool | None = None
    date: IsoDate | None = None


class PatientRecord(_Model):
    """One person with ALS: who they are, how the disease started, and every assessment over time."""

    id: str | None = None
    sex: Sex | None = None
    birth_date: IsoDate | None = None
    country: str | None = None
    onset_date: IsoDate | None = None
    diagnosis_date: IsoDate | None = None
    onset_region: OnsetRegion | None = None
    diagnosis: Diagnosis | None = None
    genetics: dict[str, GeneResult] | None = None
    cognition: Cognition | None = None
    in_multidisciplinary_clinic: bool | None = None
    medications: list[Medication] = Field(default_factory=list, max_length=MAX_LIST_ENTRIES)
    interventions: list[Intervention] = Field(default_factory=list, max_length=MAX_LIST_ENTRIES)
    symptoms: list[SymptomEntry] = Field(default_factory=list, max_length=MAX_LIST_ENTRIES)
    assessments: list[Assessment] = Field(default_factory=list, max_length=MAX_ASSESSMENTS)
    measurements: list[Measurement] = Field(default_factory=list, max_length=MAX_MEASUREMENTS)
    premorbid_weight_kg: Annotated[float, Field(gt=0)] | None = None
    height_cm: Annotated[float, Field(gt=0)] | None = None
    vital_status: VitalStatus | None = None

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str | None) -> str | None:
        if value is None:  # null is "not given", like every other field (it used to crash here)
            return None
        if not re.fullmatch(r"[A-Z]{2}", value):
            raise PydanticCustomError(
                "country_code",
                "must be an ISO 3166-1 alpha-2 code in capitals (e.g. GB), got {got}",
                {"got": _show(value)},
            )
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _whole_record(cls, data: Any, handler: ModelWrapValidatorHandler[PatientRecord]) -> PatientRecord:
        """Collect every problem: field problems from pydantic, then the cross-field checks."""
        problems: list[tuple[tuple[int | str, ...], str]] = []
        record: PatientRecord | None = None
        try:
            record = handler(data)
        except ValidationError as exc:
            problems.extend(
                (_clean_loc(error["loc"]), _message(error))
                for error in exc.errors()
                if error["type"] != "alsfrs_keys"  # reported one by one by the cross-field checks below
            )
        if isinstance(data, Mapping) or record is not None:
            # On a valid record the checks read the parsed model (dates already parsed).
            problems.extend(_cross_field_problems(record if record is not None else data))
        if problems:
            details: list[InitErrorDetails] = [
                {
                    "type": PydanticCustomError("patient_record", "{message}", {"message": message}),
                    "loc": loc,
                    "input": None,
                }
                for loc, message in problems
            ]
            raise ValidationError.from_exception_data(cls.__name__, details)
        assert record is not None  # noqa: S101 - handler either returned or raised
        return record

    # -- Convenience views (no defaults are invented) -----------------------------------------

    def assessments_by_date(self) -> list[Assessment]:
        """The assessments sorted by date (dates are unique in a valid record)."""
        return sorted(self.assessments, key=lambda a: a.date)

    def measurements_of(self, kind: str) -> list[Measurement]:
        """Measurements of one type, sorted by date."""
        return sorted((m for m in self.measurements if m.type == kind), key=lambda m: m.date)

    @property
    def deceased(self) -> bool:
        """True only when the record says so; an absent vital status is not read as alive or dead."""
        return self.vital_status is not None and self.vital_status.deceased is True

    @property
    def death_date(self) -> dt.date | None:
        return self.vital_status.date if self.vital_status is not None and self.deceased else None


# --- Messages -------------------------------------------------------------------------------

#: What an enum-valued field holds, for "unknown …" messages; keyed by the field name.
_ENUM_NOUNS = {
    "sex": "sex",
    "onset_region": "onset region",
    "criteria": "diagnostic criteria",
    "category": "diagnostic category",
    "cognition": "cognition status",
    "type": "measurement type",
    "position": "position",
    "answered_by": "answered_by value",
}


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop pydantic's ``[key]`` marker (a bad key of a mapping is reported at the key)."""
    return loc[:-1] if loc and loc[-1] == "[key]" else loc


def _message(error: ErrorDetails) -> str:
    """A plain sentence for one pydantic error, naming what was expected and what was given."""
    kind = error["type"]
    loc = error["loc"]
    if loc and loc[-1] == "[key]" and len(loc) >= 3 and loc[-3] == "alsfrs_r":
        return f"unknown item {_show(loc[-2])}; items are 1 to 12, with 5a or 5b for item 5"
    ctx = error.get("ctx") or {}
    if isinstance(error.get("input"), _HugeNumber):
        return f"{error.get('input')!r} is too long to be a real value"
    got = _show(error.get("input"))
    last = loc[-1] if loc else None
    parent = loc[-2] if len(loc) >= 2 else None
    in_alsfrs = parent == "alsfrs_r"
    if in_alsfrs and kind in {"int_type", "greater_than_equal", "less_than_equal"}:
        return f"must be an integer from 0 to 4, got {got}"
    if kind == "missing":
        return "required, but missing"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        if not isinstance(error.get("input"), str):
            return f"must be one of {expected}, got {got}"
        noun = "genetic result" if parent == "genetics" else _ENUM_NOUNS.get(str(last), "value")
        return f"unknown {noun} {got}; expected one of {expected}"
    simple = {
        "int_type": "must be an integer",
        "float_type": "must be a number",
        "finite_number": "must be a finite number",
        "bool_type": "must be true or false",
        "string_type": "must be a string",
        "list_type": "must be a list",
        "dict_type": "must be an object",
        "model_type": "must be an object",
        "model_attributes_type": "must be an object",
    }
    if kind in simple:
        return f"{simple[kind]}, got {got}"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} entries, got {ctx.get('actual_length')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "greater_than":
        return f"must be greater than {_show(ctx.get('gt')).removesuffix('.0')}, got {got}"
    return str(error["msg"])


def _alsfrs_keys_problem(scores: Container[str]) -> str | None:
    """Missing items or a wrong item 5, as one sentence (the record checks report them one by one)."""
    missing = [key for key in REQUIRED_ITEM_KEYS if key not in scores]
    item5 = item5_problem("5a" in scores, "5b" in scores)
    parts = [f"item {key} missing" for key in missing] + ([item5] if item5 else [])
    return "; ".join(parts) if parts else None


def item5_problem(has_5a: bool, has_5b: bool) -> str | None:
    """Why item 5 is wrong (both or neither of 5a/5b given), or ``None``."""
    if has_5a and has_5b:
        return "both 5a and 5b given"
    if not has_5a and not has_5b:
        return "item 5 missing: give 5a (without gastrostomy) or 5b (with gastrostomy)"
    return None


def _field(obj: object, key: str) -> object:
    """``obj[key]`` for a mapping, the attribute for a model (the checks accept either)."""
    if isinstance(obj, dict):
        return obj.get(key)
    if isinstance(obj, BaseModel):
        return getattr(obj, key, None)
    if isinstance(obj, Mapping):
        return obj.get(key)
    return None


def _number(value: object) -> float | None:
    """``value`` as a finite number, or ``None`` when it is not one (reported by the field checks)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


#: Body measures outside these ranges are typing or unit mistakes (the profile form's ranges).
BODY_RANGES = {"premorbid_weight_kg": (20.0, 300.0, "kg"), "height_cm": (50.0, 250.0, "cm")}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _items(value: object) -> list[tuple[int, object]]:
    return list(enumerate(value)) if isinstance(value, list | tuple) else []


def _cross_field_problems(data: object) -> list[tuple[tuple[int | str, ...], str]]:
    """Checks across fields, on the raw input (a mapping) or the parsed record.

    Tolerant: a part that is itself malformed is skipped (it is reported by the field checks).
    """
    found: list[tuple[tuple[int | str, ...], str]] = []

    def add(loc: tuple[int | str, ...], message: str) -> None:
        found.append((loc, message))

    birth = _date_or_none(_field(data, "birth_date"))
    onset = _date_or_none(_field(data, "onset_date"))
    diagnosed = _date_or_none(_field(data, "diagnosis_date"))
    if birth and onset and onset < birth:
        add(("onset_date",), f"{onset} is before birth_date {birth}")
    if onset and diagnosed and diagnosed < onset:
        add(("diagnosis_date",), f"{diagnosed} is before onset_date {onset}")
    elif birth and diagnosed and diagnosed < birth:
        add(("diagnosis_date",), f"{diagnosed} is before birth_date {birth}")

    diagnosis = _field(data, "diagnosis")
    criteria, category = _text(_field(diagnosis, "criteria")), _text(_field(diagnosis, "category"))
    if criteria == "gold_coast" and category in _EL_ESCORIAL_GRADES:
        add(("diagnosis", "category"), f"{_show(category)} is not a Gold Coast result (met or not_met)")
    if criteria in {"el_escorial_revised", "awaji"} and category in _GOLD_COAST_RESULTS:
        add(("diagnosis", "category"), f"{_show(category)} is a Gold Coast result, not a {criteria} category")

    seen_dates: dict[dt.date, int] = {}
    for index, assessment in _items(_field(data, "assessments")):
        scores = _field(assessment, "alsfrs_r")
        if isinstance(scores, Mapping):
            for key in REQUIRED_ITEM_KEYS:
                if key not in scores:
                    add(("assessments", index, "alsfrs_r", key), f"item {key} missing")
            message = item5_problem("5a" in scores, "5b" in scores)
            if message is not None:
                add(("assessments", index, "alsfrs_r", "5a"), message)
        when = _date_or_none(_field(assessment, "date"))
        if when is None:
            continue
        if onset and when < onset:
            add(("assessments", index, "date"), f"{when} is before onset_date {onset}")
        if when in seen_dates:
            add(("assessments", index, "date"), f"{when} is also the date of assessments[{seen_dates[when]}]")
        else:
            seen_dates[when] = index

    from alsnav.terms import MEASUREMENT_BY_TYPE  # the entry forms' ranges (terms imports this module)

    for index, measurement in _items(_field(data, "measurements")):
        when = _date_or_none(_field(measurement, "date"))
        if onset and when and when < onset:
            add(("measurements", index, "date"), f"{when} is before onset_date {onset}")
        kind, value = _text(_field(measurement, "type")), _field(measurement, "value")
        spec, number = MEASUREMENT_BY_TYPE.get(kind or ""), _number(value)
        if kind in POSITIVE_MEASUREMENTS and number is not None and number <= 0:
            add(("measurements", index, "value"), f"{kind} must be greater than 0, got {_show(value)}")
        elif spec is not None and number is not None and not spec.minimum <= number <= spec.maximum:
            limits = f"{spec.minimum:g} and {spec.maximum:g} {spec.unit}"
            add(("measurements", index, "value"), f"{kind} must be between {limits}, got {_show(value)}")

    for section in ("medications", "interventions"):
        for index, entry in _items(_field(data, section)):
            start = _date_or_none(_field(entry, "start_date"))
            stop = _date_or_none(_field(entry, "stop_date"))
            if start and stop and stop < start:
                add((section, index, "stop_date"), f"{stop} is before start_date {start}")

    for name, (low, high, unit) in BODY_RANGES.items():
        value = _field(data, name)
        number = _number(value)
        if number is not None and number > 0 and not low <= number <= high:  # <= 0: refused by the field
            add((name,), f"must be between {low:g} and {high:g} {unit}, got {_show(value)}")

    died = _date_or_none(_field(_field(data, "vital_status"), "date"))
    if died and onset and died < onset:
        add(("vital_status", "date"), f"{died} is before onset_date {onset}")
    return found


# --- Parsing and export ---------------------------------------------------------------------


def json_path(loc: Sequence[int | str]) -> str:
    """``("assessments", 2, "alsfrs_r", "5a")`` → ``assessments[2].alsfrs_r.5a`` (``record`` for the root)."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            part = _printable(str(part))
            path += f".{part}" if path else part
    return path or ROOT


def _printable(key: str) -> str:
    """A key as it can be printed on one line: a surrogate half or a control character written as
    ``\\uXXXX`` (a duplicated key ``"\\ud800"`` once made the message itself unprintable)."""
    return "".join(
        f"\\u{ord(char):04x}" if 0xD800 <= ord(char) <= 0xDFFF or ord(char) < 0x20 else char for char in key
    )


class _NonStandardNumber:
    """``NaN``/``Infinity`` in the JSON text: kept as a marker so the field refuses it by name."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


class _HugeNumber:
    """An integer with too many digits in the JSON text: kept as a marker the field refuses."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"a number {len(self.text)} digits long"


def _parse_int(text: str) -> int | _HugeNumber:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return _HugeNumber(text)
    return int(text)


def _bad_text(value: str) -> str | None:
    """Why a string cannot be stored: a NUL or control character, or half of a surrogate pair."""
    for char in value:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return f"contains a broken character (an unpaired surrogate, U+{code:04X})"
        if code < 0x20 and char not in "\t\n\r":
            return f"contains a control character (U+{code:04X})"
    return None


def _text_problems(value: object, loc: tuple[int | str, ...] = ()) -> list[Problem]:
    """Every string (and key) in decoded JSON that cannot be stored or shown safely."""
    problems: list[Problem] = []
    if isinstance(value, str):
        reason = _bad_text(value)
        if reason:
            problems.append(Problem(json_path(loc), reason))
    elif isinstance(value, dict):
        for key, child in value.items():
            reason = _bad_text(key) if isinstance(key, str) else None
            if reason:
                problems.append(Problem(json_path(loc), f"a key {reason}"))
                continue
            problems.extend(_text_problems(child, (*loc, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            problems.extend(_text_problems(child, (*loc, index)))
    return problems


class _KeyedObject(dict[str, Any]):
    """A JSON object that had keys given more than once (the last value wins in ``json``)."""

    duplicates: tuple[str, ...] = ()


def _duplicate_key_problems(value: object, loc: tuple[int | str, ...] = ()) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            problems.append(Problem(json_path((*loc, key)), "key given more than once"))
        for key, child in value.items():
            problems.extend(_duplicate_key_problems(child, (*loc, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            problems.extend(_duplicate_key_problems(child, (*loc, index)))
    return problems


def _load_json(source: str | bytes) -> tuple[object, bool]:
    """Decode JSON text; also say whether any object repeated a key."""
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError.single(ROOT, f"not UTF-8 text (byte {exc.start})") from None
    repeated = False

    def object_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        repeated = True
        keyed = _KeyedObject(obj)
        seen: set[str] = set()
        duplicates: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                duplicates[key] = None
            seen.add(key)
        keyed.duplicates = tuple(duplicates)
        return keyed

    try:
        data = json.loads(
            source, object_pairs_hook=object_hook, parse_constant=_NonStandardNumber, parse_int=_parse_int
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InputError.single(ROOT, f"invalid JSON at {where}: {exc.msg}") from None
    except RecursionError:
        raise InputError.single(ROOT, "invalid JSON: nested too deeply") from None
    return data, repeated


def parse_record(source: str | bytes | Mapping[str, Any]) -> PatientRecord:
    """Parse and validate a patient record given as JSON text, JSON bytes or an already-decoded dict.

    Raises :class:`~alsnav.errors.InputError` listing every problem (one per problem, each naming its
    JSON path) if anything is wrong; nothing of a refused record is returned.
    """
    repeated = False
    if isinstance(source, str | bytes):
        data, repeated = _load_json(source)
    else:
        data = source
    problems = _duplicate_key_problems(data) if repeated else []
    text_problems = _text_problems(data)  # text that cannot be stored or shown safely
    if any("surrogate" in p.message for p in text_problems):  # cannot even be put in a message
        raise InputError([*problems, *text_problems])
    if not isinstance(data, Mapping):
        raise InputError([*problems, Problem(ROOT, f"must be a JSON object, got {_show(data)}")])
    try:
        record = PatientRecord.model_validate(data)
    except ValidationError as exc:
        found = [Problem(json_path(error["loc"]), _message(error)) for error in exc.errors()]
        problems.extend(found)
        problems.extend(p for p in text_problems if not any(_within(p.where, f.where) for f in found))
        raise InputError(problems) from None
    problems.extend(text_problems)
    if problems:
        raise InputError(problems)
    return record


def _within(path: str, parent: str) -> bool:
    """Whether JSON path ``path`` is ``parent`` or lies inside it."""
    return path == parent or path.startswith((parent + ".", parent + "["))


def record_to_json(record: PatientRecord) -> dict[str, Any]:
    """The record as a JSON-ready dict in the contract's format (export); ``parse_record`` reads it back.

    Fields the record did not give are left out, so an export says no more than the import did.
    """
    return record.model_dump(mode="json", exclude_unset=True)


def record_json_schema() -> dict[str, Any]:
    """The JSON Schema of the record format (``alsnav/schemas/patient-record.schema.json``)."""
    schema_file = resources.files("alsnav").joinpath("schemas", "patient-record.schema.json")
    text = schema_file.read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
