"""ClinicalTrials.gov API v2 study JSON -> :class:`Study` (no network; see ``client.py`` for that).

Accepted shapes (one file or one decoded document):

* a single study: ``{"protocolSection": {...}, ...}``;
* a list response: ``{"studies": [{...}, ...], "nextPageToken": "..."}``;
* a bare JSON list of studies.

Only the modules the screener and the pages use are modelled (identification, status, conditions,
design, arms and interventions, eligibility, contacts and locations); unknown keys are ignored, as
the API grows. Every problem names the file and the JSON path, e.g.
``studies.json: studies[3].protocolSection.identificationModule.nctId: required``.
A study whose ``studyType`` is ``EXPANDED_ACCESS`` is an expanded-access programme.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alsnav.errors import InputError, Problem

NCT_ID = re.compile(r"^NCT\d{8}$")
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(years?|months?|weeks?|days?|hours?|minutes?)\s*$", re.IGNORECASE)
_UNIT_YEARS = {
    "year": 1.0,
    "month": 1 / 12,
    "week": 7 / 365.25,
    "day": 1 / 365.25,
    "hour": 1 / 8766,
    "minute": 1 / 525960,
}
RECRUITING_STATUSES = frozenset({"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"})


class _Loose(BaseModel):
    """API models: unknown keys ignored (the API adds fields), values immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class DateStruct(_Loose):
    date: str


class IdentificationModule(_Loose):
    nct_id: str = Field(alias="nctId", pattern=r"^NCT\d{8}$")
    brief_title: str | None = Field(None, alias="briefTitle")
    official_title: str | None = Field(None, alias="officialTitle")
    acronym: str | None = None


class StatusModule(_Loose):
    overall_status: str | None = Field(None, alias="overallStatus")
    last_update_post_date_struct: DateStruct | None = Field(None, alias="lastUpdatePostDateStruct")
    last_update_submit_date: str | None = Field(None, alias="lastUpdateSubmitDate")


class ConditionsModule(_Loose):
    conditions: list[str] = []
    keywords: list[str] = []


class DesignModule(_Loose):
    study_type: str | None = Field(None, alias="studyType")
    phases: list[str] = []


class Intervention(_Loose):
    type: str | None = None
    name: str


class ArmsInterventionsModule(_Loose):
    interventions: list[Intervention] = []


class EligibilityModule(_Loose):
    eligibility_criteria: str | None = Field(None, alias="eligibilityCriteria")
    healthy_volunteers: bool | None = Field(None, alias="healthyVolunteers")
    sex: str | None = None
    minimum_age: str | None = Field(None, alias="minimumAge")
    maximum_age: str | None = Field(None, alias="maximumAge")
    std_ages: list[str] = Field([], alias="stdAges")


class Location(_Loose):
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    status: str | None = None


class ContactsLocationsModule(_Loose):
    locations: list[Location] = []


class ProtocolSection(_Loose):
    identification_module: IdentificationModule = Field(alias="identificationModule")
    status_module: StatusModule = Field(StatusModule(), alias="statusModule")
    conditions_module: ConditionsModule = Field(ConditionsModule(), alias="conditionsModule")
    design_module: DesignModule = Field(DesignModule(), alias="designModule")
    arms_interventions_module: ArmsInterventionsModule = Field(
        ArmsInterventionsModule(), alias="armsInterventionsModule"
    )
    eligibility_module: EligibilityModule = Field(EligibilityModule(), alias="eligibilityModule")
    contacts_locations_module: ContactsLocationsModule = Field(
        ContactsLocationsModule(), alias="contactsLocationsModule"
    )


class StudyDocument(_Loose):
    protocol_section: ProtocolSection = Field(alias="protocolSection")


@dataclass(frozen=True)
class Study:
    """One imported study, flattened for the screener and the pages; ``raw`` is the JSON as given."""

    nct_id: str
    title: str
    status: str
    study_type: str
    phases: tuple[str, ...]
    conditions: tuple[str, ...]
    interventions: tuple[str, ...]
    criteria_text: str
    sex: str  # ALL, FEMALE or MALE
    minimum_age_years: float | None
    maximum_age_years: float | None
    healthy_volunteers: bool | None
    locations: tuple[Location, ...]
    last_update: dt.date | None
    raw: dict[str, Any]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({loc.country for loc in self.locations if loc.country}))

    @property
    def recruiting(self) -> bool:
        return self.status in RECRUITING_STATUSES

    @property
    def expanded_access(self) -> bool:
        return self.study_type == "EXPANDED_ACCESS"

    @property
    def observational(self) -> bool:
        return self.study_type == "OBSERVATIONAL"

    @property
    def phase_label(self) -> str:
        words = [
            p.replace("PHASE", "Phase ").replace("EARLY_", "Early ").replace("NA", "Not applicable")
            for p in self.phases
        ]
        return " / ".join(words) if words else "Not given"

    @property
    def status_label(self) -> str:
        return self.status.replace("_", " ").capitalize() if self.status else "Unknown"


# --- Parsing -----------------------------------------------------------------------------------


def _path(base: str, loc: Iterable[int | str]) -> str:
    out = base
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _pydantic_problems(error: ValidationError, source: str, base: str) -> list[Problem]:
    problems = []
    for item in error.errors():
        where = _path(base, item["loc"])
        message = "required" if item["type"] == "missing" else item["msg"]
        if item["type"] == "string_pattern_mismatch":
            message = f"expected an NCT number like NCT01234567, got {item.get('input')!r}"
        problems.append(Problem(source, f"{where}: {message}"))
    return problems


def parse_age(text: str | None) -> float | None:
    """``"18 Years"`` -> 18.0, ``"6 Months"`` -> 0.5; ``None``/``"N/A"`` -> ``None``."""
    if text is None or text.strip().upper() in ("", "N/A", "NA", "NONE"):
        return None
    match = _AGE.match(text)
    if match is None:
        raise ValueError(f"expected an age like '18 Years', got {text!r}")
    unit = match.group(2).lower().rstrip("s")
    return round(float(match.group(1)) * _UNIT_YEARS[unit], 4)


def parse_date(text: str | None) -> dt.date | None:
    """``"2025-03-14"`` or ``"2025-03"`` (first of the month)."""
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    return dt.date.fromisoformat(text)


def parse_study(data: Any, source: str, base: str = "") -> Study:
    """One study document -> :class:`Study`; raises :class:`InputError` naming file and JSON path."""
    if not isinstance(data, dict):
        raise InputError([Problem(source, f"{base or '(document)'}: expected a study object")])
    try:
        doc = StudyDocument.model_validate(data)
    except ValidationError as exc:
        raise InputError(_pydantic_problems(exc, source, base)) from None
    p = doc.protocol_section
    elig = p.eligibility_module
    problems = []
    ages: list[float | None] = []
    for key, value in (("minimumAge", elig.minimum_age), ("maximumAge", elig.maximum_age)):
        try:
            ages.append(parse_age(value))
        except ValueError as exc:
            where = _path(base, ["protocolSection", "eligibilityModule", key])
            problems.append(Problem(source, f"{where}: {exc}"))
            ages.append(None)
    last_update: dt.date | None = None
    struct = p.status_module.last_update_post_date_struct
    try:
        last_update = parse_date(struct.date if struct else p.status_module.last_update_submit_date)
    except ValueError:
        key = "lastUpdatePostDateStruct.date" if struct else "lastUpdateSubmitDate"
        where = _path(base, ["protocolSection", "statusModule", *key.split(".")])
        problems.append(Problem(source, f"{where}: expected a date written YYYY-MM-DD"))
    sex = (elig.sex or "ALL").upper()
    if sex not in ("ALL", "FEMALE", "MALE"):
        where = _path(base, ["protocolSection", "eligibilityModule", "sex"])
        problems.append(Problem(source, f"{where}: expected ALL, FEMALE or MALE, got {elig.sex!r}"))
    if problems:
        raise InputError(problems)
    ident = p.identification_module
    return Study(
        nct_id=ident.nct_id,
        title=ident.brief_title or ident.official_title or ident.nct_id,
        status=(p.status_module.overall_status or "UNKNOWN").upper(),
        study_type=(p.design_module.study_type or "UNKNOWN").upper(),
        phases=tuple(p.design_module.phases),
        conditions=tuple(p.conditions_module.conditions),
        interventions=tuple(i.name for i in p.arms_interventions_module.interventions),
        criteria_text=elig.eligibility_criteria or "",
        sex=sex,
        minimum_age_years=ages[0],
        maximum_age_years=ages[1],
        healthy_volunteers=elig.healthy_volunteers,
        locations=tuple(p.contacts_locations_module.locations),
        last_update=last_update,
        raw=data,
    )


def parse_document(data: Any, source: str) -> list[Study]:
    """Every study in one decoded document (single study, ``studies`` response or a list).

    All-or-nothing: if any study in the document is malformed, :class:`InputError` lists every
    problem and no study of this document is returned.
    """
    if isinstance(data, dict) and "protocolSection" in data:
        return [parse_study(data, source)]
    if isinstance(data, dict) and "studies" in data:
        items, base = data["studies"], "studies"
        if not isinstance(items, list):
            raise InputError([Problem(source, "studies: expected a list of studies")])
    elif isinstance(data, list):
        items, base = data, ""
    else:
        raise InputError(
            [
                Problem(
                    source,
                    '(document): expected a study (with protocolSection) or a {"studies": [...]} response',
                )
            ]
        )
    studies: list[Study] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        try:
            study = parse_study(item, source, f"{base}[{index}]")
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if study.nct_id in seen:
            studies[seen[study.nct_id]] = (
                study if _newer(study, studies[seen[study.nct_id]]) else studies[seen[study.nct_id]]
            )
            continue
        seen[study.nct_id] = len(studies)
        studies.append(study)
    if problems:
        raise InputError(problems)
    return studies


def _newer(a: Study, b: Study) -> bool:
    return (a.last_update or dt.date.min) >= (b.last_update or dt.date.min)


def parse_bytes(content: bytes, source: str) -> list[Study]:
    try:
        data = json.loads(content)
    except UnicodeDecodeError:
        raise InputError([Problem(source, "(file): not UTF-8 text")]) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(source, f"(file): not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")]
        ) from None
    return parse_document(data, source)


def parse_file(path: Path) -> list[Study]:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(str(path), f"cannot be read: {exc.strerror or exc}")]) from None
    return parse_bytes(content, str(path))


@dataclass(frozen=True)
class FileResult:
    path: Path
    studies: tuple[Study, ...]
    problems: tuple[Problem, ...]


def study_files(path: Path) -> list[Path]:
    """The JSON files an import of ``path`` reads: the file itself, or ``*.json`` in a folder."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    if path.exists():
        return [path]
    raise InputError([Problem(str(path), "no such file or folder")])


def read_path(path: Path) -> list[FileResult]:
    """Parse every file under ``path``; each file either parses whole or contributes no study."""
    results = []
    for file in study_files(path):
        try:
            results.append(FileResult(file, tuple(parse_file(file)), ()))
        except InputError as exc:
            results.append(FileResult(file, (), tuple(exc.problems)))
    return results


def load_studies(path: Path) -> list[Study]:
    """Every study under ``path``; any malformed file raises :class:`InputError` (for ``match``)."""
    studies: dict[str, Study] = {}
    problems: list[Problem] = []
    for result in read_path(path):
        problems.extend(result.problems)
        for study in result.studies:
            if study.nct_id not in studies or _newer(study, studies[study.nct_id]):
                studies[study.nct_id] = study
    if problems:
        raise InputError(problems)
    return sorted(studies.values(), key=lambda s: s.nct_id)
