"""``assess``: score and stage every assessment of a record (contract: docs/contracts/cli.md).

:func:`assess` returns a typed :class:`AssessmentReport`; every reader (the command line, the
progress page, the API, the FHIR export, the care plan's facts) reads it, and
:meth:`AssessmentReport.to_json` gives the ``alsnav assess --json`` document. Keys required by the
contract: ``id``, ``assessments`` (each with ``date``, ``total``, ``domains``, ``kings_stage``,
``kings_4a``, ``kings_4b``, ``kings_regions``, ``mitos_stage``, ``delta_frs``), ``latest``,
``slope_per_month`` and ``encals`` (``linear_predictor``, ``median_survival_months``, ``missing``).
Added here: per assessment ``item5``, ``kings_label``, ``mitos_domains_lost`` and ``notes``; at the
top ``warnings`` (data-quality, never refusing), ``vital_status``, ``notes`` and ``sources``.

Rounding (JSON only; the typed report keeps full precision): ΔFRS and slope to 3 decimals, the
ENCALS linear predictor to 3, median survival to 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from alsnav.record import PatientRecord
from alsnav.scales import alsfrs, encals, kings, mitos, progression, quality
from alsnav.scales.kings import KingsStage
from alsnav.scales.mitos import MitosStage

#: The source of every number in the output, shown to the user beside it.
SOURCES = {
    "alsfrs_r": alsfrs.SOURCE,
    "kings_stage": kings.SOURCE,
    "mitos_stage": mitos.SOURCE,
    "delta_frs": "Kimura F et al. Neurology 2006;66:265-267; months = days / 30.4375",
    "slope_per_month": "least-squares slope of ALSFRS-R totals against time (points per month)",
    "encals": encals.SOURCE,
}


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class ScoredAssessment:
    """One ALSFRS-R, scored and staged: total, domains, King's, MiToS and ΔFRS (full precision)."""

    date: dt.date
    scores: Mapping[str, int]
    answered_by: str | None
    total: int
    domains: Mapping[str, int]
    kings: KingsStage
    mitos: MitosStage
    delta_frs: float | None
    notes: tuple[str, ...]

    @property
    def item5(self) -> str:
        """``"5b"`` when the gastrostomy version of item 5 was answered, else ``"5a"``."""
        return alsfrs.item5_key(self.scores)

    @property
    def mitos_stage(self) -> int:
        return self.mitos.stage

    @property
    def kings_label(self) -> str:
        """``"1"`` … ``"3"``, ``"4A"``, ``"4B"``, ``"4A+4B"`` or ``"5"``."""
        return self.kings.label

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "total": self.total,
            "domains": dict(self.domains),
            "item5": self.item5,
            "kings_stage": self.kings.stage,
            "kings_label": self.kings.label,
            "kings_4a": self.kings.four_a,
            "kings_4b": self.kings.four_b,
            "kings_regions": list(self.kings.regions),
            "mitos_stage": self.mitos.stage,
            "mitos_domains_lost": list(self.mitos.domains_lost),
            "delta_frs": _rounded(self.delta_frs, 3),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class AssessmentReport:
    """The ``assess`` result for one record: every assessment scored, the slope, ENCALS, warnings."""

    id: str | None
    assessments: tuple[ScoredAssessment, ...]
    slope_per_month: float | None
    encals: encals.EncalsResult
    deceased: bool | None
    death_date: dt.date | None
    notes: tuple[str, ...]
    record: PatientRecord = field(repr=False, compare=False)

    @cached_property
    def warnings(self) -> tuple[quality.QualityWarning, ...]:
        """Data-quality warnings (worked out when first asked for: the care plan never asks)."""
        return tuple(quality.quality_warnings(self.record))

    @property
    def latest(self) -> ScoredAssessment | None:
        return self.assessments[-1] if self.assessments else None

    def on_or_before(self, when: dt.date) -> tuple[ScoredAssessment, ...]:
        """The assessments dated on or before ``when``, oldest first."""
        return tuple(a for a in self.assessments if a.date <= when)

    def to_json(self) -> dict[str, Any]:
        """The ``alsnav assess --json`` document (docs/contracts/cli.md)."""
        entries = [a.to_json() for a in self.assessments]
        return {
            "id": self.id,
            "assessments": entries,
            "latest": entries[-1] if entries else None,
            "slope_per_month": _rounded(self.slope_per_month, 3),
            "encals": encals.encals_json(self.encals),
            "warnings": [warning.as_dict() for warning in self.warnings],
            "vital_status": {
                "deceased": self.deceased,
                "date": self.death_date.isoformat() if self.death_date is not None else None,
                "kings_stage": 5 if self.deceased else None,
                "mitos_stage": 5 if self.deceased else None,
            },
            "notes": list(self.notes),
            "sources": dict(SOURCES),
        }


def score_assessments(record: PatientRecord) -> tuple[ScoredAssessment, ...]:
    """Every assessment of ``record``, oldest first, scored and staged with its notes."""
    onset = record.onset_date
    died = record.death_date
    scored: list[ScoredAssessment] = []
    for assessment in record.assessments_by_date():
        scores = assessment.alsfrs_r.scores()
        domains = alsfrs.domains(scores)  # checks the scores once; the domains add up to the total
        total = sum(domains.values())
        after_death = died is not None and assessment.date > died
        reached = kings.milestones_on(record.interventions, assessment.date)
        king = kings.kings_stage(
            scores,
            gastrostomy=reached.gastrostomy,
            ventilation=reached.ventilation,
            deceased=after_death,
            notes=reached.notes,
        )
        mito = mitos.mitos_stage(scores, deceased=after_death)
        delta_frs = progression.delta_frs_at(total, onset, assessment.date)
        notes = list(king.notes)
        if delta_frs is None:
            notes.append(
                "ΔFRS not computed: the record has no onset_date"
                if onset is None
                else "ΔFRS not computed: the assessment is on the onset date"
            )
        if after_death:
            notes.append("dated after the recorded date of death: stage 5")
        scored.append(
            ScoredAssessment(
                date=assessment.date,
                scores=MappingProxyType(scores),
                answered_by=assessment.answered_by,
                total=total,
                domains=MappingProxyType(domains),
                kings=king,
                mitos=mito,
                delta_frs=delta_frs,
                notes=tuple(notes),
            )
        )
    return tuple(scored)


def assess(record: PatientRecord) -> AssessmentReport:
    """The typed ``assess`` report for one valid record (see the module docstring)."""
    scored = score_assessments(record)
    slope = progression.slope_per_month([(a.date, a.total) for a in scored])
    notes = kings.undated_milestones(record.interventions)
    if not scored:
        notes.append("the record has no ALSFRS-R assessments")
    vital = record.vital_status
    return AssessmentReport(
        id=record.id,
        assessments=scored,
        slope_per_month=slope,
        encals=encals.encals_from_record(record),
        deceased=vital.deceased if vital is not None else None,
        death_date=vital.date if vital is not None else None,
        notes=tuple(notes),
        record=record,
    )


def assess_record(record: PatientRecord) -> dict[str, Any]:
    """The ``alsnav assess --json`` document of one valid record: ``assess(record).to_json()``."""
    return assess(record).to_json()
