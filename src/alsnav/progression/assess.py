"""``assess``: score and stage every assessment of a record (contract: docs/contracts/cli.md).

The output is a JSON-ready dict. Keys required by the contract: ``id``, ``assessments`` (each with
``date``, ``total``, ``domains``, ``kings_stage``, ``kings_4a``, ``kings_4b``, ``kings_regions``,
``mitos_stage``, ``delta_frs``), ``latest``, ``slope_per_month`` and ``encals``
(``linear_predictor``, ``median_survival_months``, ``missing``). Added here: per assessment
``item5``, ``kings_label``, ``mitos_domains_lost`` and ``notes``; at the top ``warnings``
(data-quality, never refusing), ``vital_status``, ``notes`` and ``sources``.

Rounding: ΔFRS and slope to 3 decimals, the ENCALS linear predictor to 3, median survival to 1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from alsnav.record import PatientRecord
from alsnav.scales import alsfrs, encals, kings, mitos, progression, quality

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


def assess_assessments(record: PatientRecord) -> list[dict[str, Any]]:
    """One entry per assessment, oldest first: total, domains, stages and ΔFRS with notes."""
    onset = record.onset_date
    died = record.death_date
    entries: list[dict[str, Any]] = []
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
        entries.append(
            {
                "date": assessment.date.isoformat(),
                "total": total,
                "domains": domains,
                "item5": alsfrs.item5_key(scores),
                "kings_stage": king.stage,
                "kings_label": king.label,
                "kings_4a": king.four_a,
                "kings_4b": king.four_b,
                "kings_regions": list(king.regions),
                "mitos_stage": mito.stage,
                "mitos_domains_lost": list(mito.domains_lost),
                "delta_frs": _rounded(delta_frs, 3),
                "notes": notes,
            }
        )
    return entries


def assess_record(record: PatientRecord) -> dict[str, Any]:
    """The ``assess`` JSON document for one valid record (see the module docstring)."""
    entries = assess_assessments(record)
    slope = progression.slope_per_month([(dt.date.fromisoformat(e["date"]), e["total"]) for e in entries])
    notes = kings.undated_milestones(record.interventions)
    if not entries:
        notes.append("the record has no ALSFRS-R assessments")
    vital = record.vital_status
    deceased = vital.deceased if vital is not None else None
    return {
        "id": record.id,
        "assessments": entries,
        "latest": entries[-1] if entries else None,
        "slope_per_month": _rounded(slope, 3),
        "encals": encals.encals_json(encals.encals_from_record(record)),
        "warnings": [warning.as_dict() for warning in quality.quality_warnings(record)],
        "vital_status": {
            "deceased": deceased,
            "date": vital.date.isoformat() if vital is not None and vital.date is not None else None,
            "kings_stage": 5 if deceased else None,
            "mitos_stage": 5 if deceased else None,
        },
        "notes": notes,
        "sources": dict(SOURCES),
    }
