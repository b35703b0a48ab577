"""The record's vocabulary in one place: every closed set of values with its plain-language label.

The value sets themselves are the record format's (``alsnav.record``: ``Sex``, ``OnsetRegion`` …,
``ITEM_KEYS``, ``MEASUREMENT_TYPES``); this module gives each value the words people read, the
unit of every measurement and the kinds of intervention the scales understand. Every other layer —
the Django model choices, the forms, the pages, the command line — takes them from here, and
:func:`_labelled` refuses at import time a label table that does not match its value set, so the
two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, get_args

from alsnav.record import (
    MEASUREMENT_TYPES,
    AnsweredBy,
    Cognition,
    Criteria,
    DiagnosticCategory,
    GeneResult,
    OnsetRegion,
    Position,
    Sex,
)

Choices = tuple[tuple[str, str], ...]


def _labelled(literal: Any, labels: Mapping[str, str]) -> Choices:
    """``(value, label)`` pairs in the format's order; fails at import if the table drifts."""
    values = get_args(literal)
    if set(values) != set(labels):  # pragma: no cover - caught by every test run
        raise AssertionError(f"labels {sorted(labels)} do not match the record values {sorted(values)}")
    return tuple((value, labels[value]) for value in values)


SEX: Choices = _labelled(
    Sex,
    {"female": "Female", "male": "Male", "other": "Other", "unknown": "Prefer not to say or not known"},
)
ONSET_REGION: Choices = _labelled(
    OnsetRegion,
    {
        "bulbar": "Speech or swallowing (bulbar)",
        "upper_limb": "Arm or hand",
        "lower_limb": "Leg or foot",
        "respiratory": "Breathing",
        "generalized": "Several places at once",
        "unknown": "Not known",
    },
)
CRITERIA: Choices = _labelled(
    Criteria, {"el_escorial_revised": "Revised El Escorial", "gold_coast": "Gold Coast", "awaji": "Awaji"}
)
DIAGNOSTIC_CATEGORY: Choices = _labelled(
    DiagnosticCategory,
    {
        "definite": "Definite",
        "probable": "Probable",
        "probable_laboratory_supported": "Probable, laboratory-supported",
        "possible": "Possible",
        "met": "Criteria met",
        "not_met": "Criteria not met",
    },
)
COGNITION: Choices = _labelled(
    Cognition,
    {
        "normal": "No change in thinking or behaviour",
        "als_ci": "Changes in thinking (ALSci)",
        "als_bi": "Changes in behaviour (ALSbi)",
        "als_cbi": "Changes in thinking and behaviour (ALScbi)",
        "ftd": "Frontotemporal dementia (FTD)",
        "unknown": "Not assessed or not known",
    },
)
GENE_RESULT: Choices = _labelled(
    GeneResult,
    {
        "positive": "Positive (a change was found)",
        "negative": "Negative (no change found)",
        "unknown": "Not tested or not known",
    },
)
POSITION: Choices = _labelled(Position, {"upright": "Sitting or standing", "supine": "Lying down"})
ANSWERED_BY: Choices = _labelled(
    AnsweredBy,
    {"self": "The person with ALS", "caregiver": "A caregiver", "clinician": "A clinician"},
)

ANSWERED_BY_VALUES: tuple[str, ...] = tuple(value for value, _ in ANSWERED_BY)
ANSWERED_BY_LABELS: dict[str, str] = dict(ANSWERED_BY)

#: Genes the profile asks about (the record allows others).
GENES: tuple[str, ...] = ("SOD1", "C9orf72", "FUS", "TARDBP")

#: Cognitive or behavioural statuses that count as impairment (Strong criteria).
COGNITIVE_IMPAIRMENT: frozenset[str] = frozenset({"als_ci", "als_bi", "als_cbi", "ftd"})


class InterventionKind(StrEnum):
    """Interventions the scales and rules understand. The record format allows other types too."""

    GASTROSTOMY = "gastrostomy"
    NIV = "niv"
    TRACHEOSTOMY_VENTILATION = "tracheostomy_ventilation"
    COUGH_ASSIST = "cough_assist"
    AAC_DEVICE = "aac_device"
    WHEELCHAIR = "wheelchair"
    WALKER = "walker"


INTERVENTION: Choices = (
    (InterventionKind.GASTROSTOMY.value, "Feeding tube (gastrostomy)"),
    (InterventionKind.NIV.value, "Breathing support by mask (non-invasive ventilation, NIV or BiPAP)"),
    (InterventionKind.TRACHEOSTOMY_VENTILATION.value, "Breathing support through a tracheostomy"),
    (InterventionKind.COUGH_ASSIST.value, "Cough assist machine"),
    (InterventionKind.AAC_DEVICE.value, "Communication aid (AAC device)"),
    (InterventionKind.WHEELCHAIR.value, "Wheelchair"),
    (InterventionKind.WALKER.value, "Walking frame or walker"),
)
INTERVENTION_LABELS: dict[str, str] = dict(INTERVENTION)

#: King's stage 4A (nutrition) and 4B (respiratory) milestones (Roche 2012).
GASTROSTOMY_KINDS: frozenset[str] = frozenset({InterventionKind.GASTROSTOMY.value})
VENTILATION_KINDS: frozenset[str] = frozenset(
    {InterventionKind.NIV.value, InterventionKind.TRACHEOSTOMY_VENTILATION.value}
)


@dataclass(frozen=True)
class MeasurementSpec:
    """What a measurement type means, its unit and the range an entry form accepts.

    The ranges only catch typing and unit mistakes (a weight of 6.5 meant as 65, a percentage
    typed as a fraction); they are not clinical thresholds and never judge a result.
    """

    type: str
    label: str  # plain name shown on forms and tables
    short: str  # column heading
    unit: str
    minimum: float
    maximum: float
    hint: str
    step: str = "any"
    has_position: bool = False


MEASUREMENTS: tuple[MeasurementSpec, ...] = (
    MeasurementSpec(
        "fvc_percent", "Forced vital capacity (FVC)", "FVC", "% predicted", 5, 200,
        "How much air you can blow out after a deep breath, as a percentage of what is expected.",
        has_position=True,
    ),
    MeasurementSpec(
        "svc_percent", "Slow vital capacity (SVC)", "SVC", "% predicted", 5, 200,
        "Like FVC, but breathing out slowly. A percentage of what is expected.",
        has_position=True,
    ),
    MeasurementSpec(
        "snip_cmh2o", "Sniff pressure (SNIP)", "SNIP", "cmH2O", -250, 250,
        "The pressure of a strong sniff through the nose. A minus sign is fine.",
    ),
    MeasurementSpec(
        "mip_cmh2o", "Maximal inspiratory pressure (MIP)", "MIP", "cmH2O", -250, 250,
        "The pressure of the strongest breath in. A minus sign is fine.",
    ),
    MeasurementSpec(
        "pcf_l_min", "Peak cough flow", "Peak cough flow", "L/min", 0, 1000,
        "How fast air leaves the lungs during a strong cough.",
    ),
    MeasurementSpec(
        "paco2_mmhg", "Carbon dioxide in the blood (PaCO2)", "PaCO2", "mmHg", 10, 150,
        "From a blood gas test. Enter mmHg (1 kPa is 7.5 mmHg).",
    ),
    MeasurementSpec(
        "spo2_nadir_percent", "Lowest oxygen level overnight (SpO2 nadir)", "SpO2 nadir", "%", 20, 100,
        "The lowest oxygen saturation in an overnight oximetry test.",
    ),
    MeasurementSpec(
        "spo2_below_88_minutes", "Minutes overnight with oxygen below 88%", "Minutes SpO2 < 88%", "minutes",
        0, 1440,
        "From an overnight oximetry test.",
    ),
    MeasurementSpec(
        "weight_kg", "Weight", "Weight", "kg", 20, 300,
        "Your body weight in kilograms (1 stone is 6.35 kg; 1 pound is 0.45 kg).",
    ),
    MeasurementSpec(
        "alt_uln_ratio", "ALT liver test (times the upper limit of normal)", "ALT × ULN", "× ULN", 0, 50,
        "The ALT result divided by the lab's upper limit of normal, for example 1.5.",
    ),
    MeasurementSpec(
        "nfl_pg_ml", "Neurofilament light chain (NfL)", "NfL", "pg/mL", 0, 10000,
        "A blood or spinal fluid test result, in picograms per millilitre.",
    ),
)  # fmt: skip

MEASUREMENT_BY_TYPE: dict[str, MeasurementSpec] = {spec.type: spec for spec in MEASUREMENTS}
if set(MEASUREMENT_BY_TYPE) != set(MEASUREMENT_TYPES):  # pragma: no cover - caught by every test run
    raise AssertionError("every measurement type of the record format needs exactly one spec")
