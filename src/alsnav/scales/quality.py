"""Data-quality warnings for a patient record. They never refuse a record; they ask someone to look.

These are plausibility checks chosen by the project, not clinical thresholds from the literature:

* ``item_rise`` — an ALSFRS-R item rises by 2 or more between consecutive assessments. ALS is
  progressive and the scale is scored against the state before onset, so a large gain usually means
  an entry or scoring error (the PRECISION-ALS quality checks, ``src/qc/alsfrs-increases.R`` in
  ``rpavaneijk/Precision-ALS``, look for the same). Item 5 is compared only when the same version
  (5a or 5b) was answered both times.
* ``assessment_gap`` — more than 6 months between consecutive assessments: the slope and stages in
  between are poorly known.
* ``weight_change`` — body weight changing by more than 10% per month between consecutive weight
  measurements: the percentage change divided by the interval in months, counting intervals under
  one month as one month. Usually a unit or typing error.
* ``assessment_after_death`` — an assessment dated after the recorded date of death.

A month is 30.4375 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from alsnav.record import PatientRecord
from alsnav.scales.alsfrs import ITEM_BY_KEY
from alsnav.scales.progression import months_between

ITEM_RISE_POINTS = 2
MAX_GAP_MONTHS = 6.0
WEIGHT_CHANGE_PERCENT_PER_MONTH = 10.0
MIN_WEIGHT_INTERVAL_MONTHS = 1.0


@dataclass(frozen=True)
class QualityWarning:
    """One data-quality warning: a stable code, the JSON path it concerns, and a plain message."""

    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "where": self.where, "message": self.message}


def quality_warnings(record: PatientRecord) -> list[QualityWarning]:
    """Every data-quality warning for a (valid) record, in date order within each kind."""
    warnings: list[QualityWarning] = []
    indexed = sorted(enumerate(record.assessments), key=lambda pair: pair[1].date)
    for (_, before), (index, after) in pairwise(indexed):
        old, new = before.alsfrs_r.scores(), after.alsfrs_r.scores()
        for key, value in new.items():
            previous = old.get(key)
            if previous is not None and value - previous >= ITEM_RISE_POINTS:
                title = ITEM_BY_KEY[key].title
                warnings.append(
                    QualityWarning(
                        "item_rise",
                        f"assessments[{index}].alsfrs_r.{key}",
                        f"item {key} ({title}) rose from {previous} on {before.date.isoformat()} to "
                        f"{value} on {after.date.isoformat()}; a rise of 2 or more is unusual — please "
                        "check the entry",
                    )
                )
        gap = months_between(before.date, after.date)
        if gap > MAX_GAP_MONTHS:
            warnings.append(
                QualityWarning(
                    "assessment_gap",
                    f"assessments[{index}].date",
                    f"{gap:.1f} months since the previous assessment ({before.date.isoformat()}); "
                    f"more than {MAX_GAP_MONTHS:g} months between assessments",
                )
            )

    weights = sorted(
        ((i, m) for i, m in enumerate(record.measurements) if m.type == "weight_kg"), key=lambda p: p[1].date
    )
    for (_, weight_before), (index, weight_after) in pairwise(weights):
        before_kg, after_kg = weight_before.value, weight_after.value
        change = abs(after_kg - before_kg) / before_kg * 100
        months = months_between(weight_before.date, weight_after.date)
        rate = change / max(months, MIN_WEIGHT_INTERVAL_MONTHS)
        if rate > WEIGHT_CHANGE_PERCENT_PER_MONTH:
            warnings.append(
                QualityWarning(
                    "weight_change",
                    f"measurements[{index}].value",
                    f"weight went from {before_kg:g} kg on {weight_before.date.isoformat()} to "
                    f"{after_kg:g} kg on {weight_after.date.isoformat()} ({change:.1f}% in "
                    f"{months:.1f} months); more than "
                    f"{WEIGHT_CHANGE_PERCENT_PER_MONTH:g}% per month — please check the value and unit",
                )
            )

    died = record.death_date
    if died is not None:
        for index, assessment in indexed:
            if assessment.date > died:
                warnings.append(
                    QualityWarning(
                        "assessment_after_death",
                        f"assessments[{index}].date",
                        f"{assessment.date.isoformat()} is after the date of death ({died.isoformat()})",
                    )
                )
    return warnings
