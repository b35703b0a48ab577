"""What each measurement type means, its unit and the range the entry form accepts.

The ranges only catch typing and unit mistakes (a weight of 6.5 meant as 65, a percentage typed as a
fraction); they are not clinical thresholds and are never used to judge a result. Values outside
them are refused with a message that names the range, and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from alsnav.record import MEASUREMENT_TYPES


@dataclass(frozen=True)
class MeasurementSpec:
    type: str
    label: str  # plain name shown on forms and tables
    short: str  # column heading
    unit: str
    minimum: float
    maximum: float
    hint: str
    step: str = "any"
    has_position: bool = False


SPECS: tuple[MeasurementSpec, ...] = (
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

SPEC_BY_TYPE: dict[str, MeasurementSpec] = {spec.type: spec for spec in SPECS}

assert set(SPEC_BY_TYPE) == set(MEASUREMENT_TYPES), "every measurement type of the format has a spec"  # noqa: S101


def value_text(kind: str, value: float) -> str:
    """A value with its unit, e.g. ``84 % predicted`` or ``62.5 kg``."""
    spec = SPEC_BY_TYPE.get(kind)
    number = f"{value:g}"
    return f"{number} {spec.unit}" if spec else number
