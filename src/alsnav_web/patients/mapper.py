"""The one mapping between stored rows and the core's patient record, both ways.

* :func:`stored_record` reads a record's rows once (one query per table) and gives the core's
  validated, immutable :class:`~alsnav.record.PatientRecord` together with what only the database
  knows: each assessment's and measurement's row id and who entered it. Pages, exports, the API,
  the care plan and the trial screener all read a record through it.
* :func:`record_json` is the stored record in the exchange format (export, and the would-be record
  that services validate before every write).
* :func:`write_record` stores a validated core record as rows (import).

The record's value sets and labels come from :mod:`alsnav.terms`; the profile fields' JSON paths
and model columns are listed once in :data:`PROFILE_COLUMNS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from alsnav.record import REQUIRED_ITEM_KEYS, parse_record
from alsnav.record import PatientRecord as CorePatientRecord
from alsnav_web.patients.models import (
    Assessment,
    Intervention,
    Measurement,
    Medication,
    PatientRecord,
    Symptom,
)

#: Profile facts: JSON path in the record format -> model column (text columns store "" for unknown).
PROFILE_COLUMNS: dict[str, str] = {
    "id": "external_id",
    "sex": "sex",
    "birth_date": "birth_date",
    "country": "country",
    "onset_date": "onset_date",
    "diagnosis_date": "diagnosis_date",
    "onset_region": "onset_region",
    "diagnosis.criteria": "diagnosis_criteria",
    "diagnosis.category": "diagnosis_category",
    "cognition": "cognition",
    "in_multidisciplinary_clinic": "in_multidisciplinary_clinic",
    "premorbid_weight_kg": "premorbid_weight_kg",
    "height_cm": "height_cm",
    "vital_status.deceased": "deceased",
    "vital_status.date": "death_date",
}
_TEXT_COLUMNS = frozenset(
    {"external_id", "sex", "country", "onset_region", "diagnosis_criteria", "diagnosis_category", "cognition"}
)
_ASSESSMENT_COLUMNS = (
    "id",
    "date",
    "answered_by",
    "entered_by_id",
    "item_5a",
    "item_5b",
    *(f"item_{k}" for k in REQUIRED_ITEM_KEYS),
)


@dataclass(frozen=True)
class StoredEntry:
    """What the database adds to an assessment or a measurement: its row id and who entered it."""

    id: int
    entered_by_id: int | None


@dataclass(frozen=True)
class StoredMeasurement:
    entry: StoredEntry
    date: dt.date
    type: str
    value: float
    position: str


@dataclass(frozen=True)
class StoredRecord:
    """A stored record read once: the core record plus the rows' ids and authors."""

    core: CorePatientRecord
    assessments: Mapping[dt.date, StoredEntry]
    measurements: tuple[StoredMeasurement, ...]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _known(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the known values: unknown ones are left out of the record, never guessed."""
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _profile(record: PatientRecord) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path, column in PROFILE_COLUMNS.items():
        value = getattr(record, column)
        if value is None or value == "":
            continue
        value = value.isoformat() if isinstance(value, dt.date) else value
        head, _, tail = path.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        else:
            data[head] = value
    if record.genetics:
        data["genetics"] = dict(record.genetics)
    return data


def _rows(record: PatientRecord, *, with_answered_by: bool) -> tuple[dict[str, Any], StoredRecordRows]:
    data = _profile(record)
    data["medications"] = [
        _known({"name": name, "start_date": _iso(start), "stop_date": _iso(stop)})
        for name, start, stop in record.medications.values_list("name", "start_date", "stop_date")
    ]
    data["interventions"] = [
        _known({"type": kind, "start_date": _iso(start), "stop_date": _iso(stop), "refused": refused})
        for kind, start, stop, refused in record.interventions.values_list(
            "type", "start_date", "stop_date", "refused"
        )
    ]
    data["symptoms"] = [
        _known({"code": code, "since": _iso(since)})
        for code, since in record.symptoms.values_list("code", "since")
    ]
    assessments: list[dict[str, Any]] = []
    assessment_entries: dict[dt.date, StoredEntry] = {}
    for row in record.assessments.order_by("date").values(*_ASSESSMENT_COLUMNS):
        scores = {key: row[f"item_{key}"] for key in REQUIRED_ITEM_KEYS}
        if row["item_5b"] is not None:
            scores["5b"] = row["item_5b"]
        else:
            scores["5a"] = row["item_5a"]
        entry: dict[str, Any] = {"date": row["date"].isoformat(), "alsfrs_r": scores}
        if with_answered_by and row["answered_by"]:
            entry["answered_by"] = row["answered_by"]
        assessments.append(entry)
        assessment_entries[row["date"]] = StoredEntry(row["id"], row["entered_by_id"])
    data["assessments"] = assessments
    measurements: list[StoredMeasurement] = []
    for pk, when, kind, value, position, author in record.measurements.order_by(
        "date", "type", "id"
    ).values_list("id", "date", "type", "value", "position", "entered_by_id"):
        measurements.append(StoredMeasurement(StoredEntry(pk, author), when, kind, value, position))
    data["measurements"] = [
        _known({"date": m.date.isoformat(), "type": m.type, "value": m.value, "position": m.position})
        for m in measurements
    ]
    return data, StoredRecordRows(assessment_entries, tuple(measurements))


@dataclass(frozen=True)
class StoredRecordRows:
    assessments: dict[dt.date, StoredEntry]
    measurements: tuple[StoredMeasurement, ...]


def record_json(*, record: PatientRecord, with_answered_by: bool = True) -> dict[str, Any]:
    """The stored record in the exchange format (docs/contracts/patient-record.md).

    Assessments carry ``answered_by`` (an optional field of the format) when ``with_answered_by``.
    """
    return _rows(record, with_answered_by=with_answered_by)[0]


def stored_record(*, record: PatientRecord) -> StoredRecord:
    """The stored record as the core's validated record, plus the rows' ids and authors."""
    data, rows = _rows(record, with_answered_by=True)
    return StoredRecord(parse_record(data), rows.assessments, rows.measurements)


def profile_column_value(parsed: CorePatientRecord, path: str) -> Any:
    """The validated value at ``path`` as its model column stores it ("" for unknown text)."""
    value: Any = parsed
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    if PROFILE_COLUMNS[path] in _TEXT_COLUMNS:
        return value or ""
    return value


def write_record(*, record: PatientRecord, parsed: CorePatientRecord, actor_id: int | None) -> None:
    """Replace every row of ``record`` with the contents of a validated core record (import)."""
    for related in (record.assessments, record.measurements, record.medications, record.interventions):
        related.all().delete()
    record.symptoms.all().delete()
    record.drafts.all().delete()
    for path, column in PROFILE_COLUMNS.items():
        setattr(record, column, profile_column_value(parsed, path))
    record.genetics = dict(parsed.genetics or {})
    record.save()
    Medication.objects.bulk_create(
        Medication(record=record, name=m.name, start_date=m.start_date, stop_date=m.stop_date)
        for m in parsed.medications
    )
    Intervention.objects.bulk_create(
        Intervention(
            record=record, type=i.type, start_date=i.start_date, stop_date=i.stop_date, refused=i.refused
        )
        for i in parsed.interventions
    )
    Symptom.objects.bulk_create(Symptom(record=record, code=s.code, since=s.since) for s in parsed.symptoms)
    Assessment.objects.bulk_create(_assessment_rows(record, parsed, actor_id))
    Measurement.objects.bulk_create(
        Measurement(
            record=record,
            date=m.date,
            type=m.type,
            value=m.value,
            position=m.position or "",
            entered_by_id=actor_id,
        )
        for m in parsed.measurements
    )


def assessment_columns(scores: Mapping[str, int]) -> dict[str, int]:
    """Item scores keyed as in the record -> the model's ``item_<key>`` columns."""
    return {f"item_{key}": int(value) for key, value in scores.items()}


def _assessment_rows(
    record: PatientRecord, parsed: CorePatientRecord, actor_id: int | None
) -> Iterable[Assessment]:
    for a in parsed.assessments:
        yield Assessment(
            record=record,
            date=a.date,
            answered_by=a.answered_by or "",
            entered_by_id=actor_id,
            **assessment_columns(a.alsfrs_r.scores()),
        )
