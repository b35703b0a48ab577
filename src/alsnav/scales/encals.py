"""The ENCALS survival prediction model (Westeneng et al. 2018) and the TRICALS risk profile.

Source and version: Westeneng H-J, Debray TPA, Visser AE, van Eijk RPA, Rooney JPK, et al.
"Prognosis for patients with amyotrophic lateral sclerosis: development and validation of a
personalised prediction model." *Lancet Neurol* 2018;17(5):423-433. doi:10.1016/S1474-4422(18)30089-9.

The outcome is the composite of death, tracheostomy or non-invasive ventilation for more than 23
hours a day, counted from **symptom onset**. The model is a Royston-Parmar flexible parametric
proportional-odds model with eight predictors. The coefficients, the transformations and the
baseline spline below are the "published version" as coded by R. van Eijk (a co-author) in
``rpavaneijk/Precision-ALS``, file ``ENCALS risk modelling.R`` (commit 7e0c4b2); the paper's
appendix table was not available to us. That code leaves the cube off the ``(x − kmax)`` term of the
spline basis; the restricted cubic spline needs it, and it is applied here (the two agree for
t < e^5.917 ≈ 371 months).

Linear predictor (published version, with C9orf72)::

    LP = −1.837·(ΔFRS + 0.1)^−0.5
         −2.373·[(delay/10)^−0.5 + ln(delay/10)]
         −0.267·(age/100)^−2
         +0.477·[(FVC/100)^−1 + (FVC/100)^−0.5]
         +0.269·bulbar onset + 0.233·definite El Escorial + 0.388·FTD + 0.256·C9orf72

with ΔFRS in points per month (positive), the diagnostic delay (onset → diagnosis) in months, age at
onset in years, FVC in % predicted, and 0/1 for the four binary predictors.

Survival from onset: S(t) = 1 / (1 + exp(s(ln t) + LP)), t in months, with the baseline spline
s(x) = γ0 + γ1·x + γ2·v1(x) + γ3·v2(x), v_j(x) = (x−k_j)³₊ − λ_j·(x−kmin)³₊ − (1−λ_j)·(x−kmax)³₊,
λ_j = (kmax−k_j)/(kmax−kmin). The median survival is the t at which S(t) = 0.5, found numerically.

The TRICALS risk profile (same code file, "the code we use for selection in clinical trials") has
slightly different coefficients and no C9orf72 term: :func:`tricals_linear_predictor`.

Nothing is guessed: :func:`encals_from_record` lists the record facts it lacks instead of
assuming defaults, and says which dates its ALSFRS-R and FVC came from.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from alsnav.record import PatientRecord
from alsnav.scales import alsfrs
from alsnav.scales.progression import DAYS_PER_MONTH, delta_frs, months_between

SOURCE = "ENCALS model, Westeneng et al. Lancet Neurol 2018;17:423-433 (published coefficients)"

DAYS_PER_YEAR = 365.25

# Published-version coefficients (Precision-ALS ``encals_beta_function``).
_PUBLISHED = {
    "slope": -1.837,
    "delay": -2.373,
    "age": -0.267,
    "fvc": 0.477,
    "bulbar": 0.269,
    "definite": 0.233,
    "ftd": 0.388,
    "c9orf72": 0.256,
}
# TRICALS risk profile coefficients (same file, no C9orf72).
_TRICALS = {
    "slope": -1.839,
    "delay": -2.376,
    "age": -0.264,
    "fvc": 0.474,
    "bulbar": 0.271,
    "definite": 0.238,
    "ftd": 0.415,
}

# Baseline log cumulative odds spline (Precision-ALS ``encals_survival_function``).
GAMMA = (-6.409, 2.643, -0.546, 0.585)
KNOT_MIN, KNOT_1, KNOT_2, KNOT_MAX = 0.081, 3.108, 3.638, 5.917
LAMBDA_1 = (KNOT_MAX - KNOT_1) / (KNOT_MAX - KNOT_MIN)  # 0.481323
LAMBDA_2 = (KNOT_MAX - KNOT_2) / (KNOT_MAX - KNOT_MIN)  # 0.390507

#: FVC or ALSFRS-R dates further than this from the reference date are still used but flagged.
FAR_APART_DAYS = 91


def _transforms(
    age_at_onset_years: float, diagnostic_delay_months: float, delta_frs: float, fvc_percent: float
) -> tuple[float, float, float, float]:
    for name, value in (
        ("age_at_onset_years", age_at_onset_years),
        ("diagnostic_delay_months", diagnostic_delay_months),
        ("fvc_percent", fvc_percent),
    ):
        if not value > 0:
            raise ValueError(f"{name} must be greater than 0, got {value}")
    if not delta_frs >= 0:
        raise ValueError(f"delta_frs must be 0 or more (points lost per month), got {delta_frs}")
    t_slope = (delta_frs + 0.1) ** -0.5
    t_delay = (diagnostic_delay_months / 10) ** -0.5 + math.log(diagnostic_delay_months / 10)
    t_age = (age_at_onset_years / 100) ** -2
    t_fvc = (fvc_percent / 100) ** -1 + (fvc_percent / 100) ** -0.5
    return t_slope, t_delay, t_age, t_fvc


def _weighted_sum(
    betas: dict[str, float],
    transformed: tuple[float, float, float, float],
    flags: tuple[bool, bool, bool, bool],
) -> float:
    """The linear predictor: betas times the transformed continuous inputs and the 0/1 flags."""
    t_slope, t_delay, t_age, t_fvc = transformed
    bulbar, definite, ftd, c9orf72 = flags
    return (
        betas["slope"] * t_slope
        + betas["delay"] * t_delay
        + betas["age"] * t_age
        + betas["fvc"] * t_fvc
        + betas["bulbar"] * bulbar
        + betas["definite"] * definite
        + betas["ftd"] * ftd
        + betas.get("c9orf72", 0.0) * c9orf72
    )


def linear_predictor(
    *,
    age_at_onset_years: float,
    diagnostic_delay_months: float,
    delta_frs: float,
    fvc_percent: float,
    bulbar_onset: bool,
    definite_el_escorial: bool,
    ftd: bool,
    c9orf72: bool,
) -> float:
    """ENCALS linear predictor, published version with C9orf72 (Westeneng 2018). Higher = worse.

    Raises ``ValueError`` for inputs outside the model's domain (age, delay or FVC not above 0,
    negative ΔFRS).
    """
    return _weighted_sum(
        _PUBLISHED,
        _transforms(age_at_onset_years, diagnostic_delay_months, delta_frs, fvc_percent),
        (bulbar_onset, definite_el_escorial, ftd, c9orf72),
    )


def tricals_linear_predictor(
    *,
    age_at_onset_years: float,
    diagnostic_delay_months: float,
    delta_frs: float,
    fvc_percent: float,
    bulbar_onset: bool,
    definite_el_escorial: bool,
    ftd: bool,
) -> float:
    """TRICALS risk profile: the ENCALS linear predictor without C9orf72, as used to select trial
    participants (Precision-ALS ``ENCALS risk modelling.R``; example eligibility window −6 to −2).

    There ΔFRS and FVC are taken at screening rather than at diagnosis.
    """
    return _weighted_sum(
        _TRICALS,
        _transforms(age_at_onset_years, diagnostic_delay_months, delta_frs, fvc_percent),
        (bulbar_onset, definite_el_escorial, ftd, False),
    )


def _cube(value: float) -> float:
    return value * value * value if value > 0 else 0.0


def _square(value: float) -> float:
    return value * value if value > 0 else 0.0


def baseline_spline(log_months: float) -> float:
    """s(x): the baseline log cumulative odds at x = ln(months since onset), restricted cubic spline."""
    x = log_months
    tail_min, tail_max = _cube(x - KNOT_MIN), _cube(x - KNOT_MAX)
    v1 = _cube(x - KNOT_1) - LAMBDA_1 * tail_min - (1 - LAMBDA_1) * tail_max
    v2 = _cube(x - KNOT_2) - LAMBDA_2 * tail_min - (1 - LAMBDA_2) * tail_max
    return GAMMA[0] + GAMMA[1] * x + GAMMA[2] * v1 + GAMMA[3] * v2


def _baseline_spline_slope(log_months: float) -> float:
    """ds/dx, used by the root finder."""
    x = log_months
    tail_min, tail_max = 3 * _square(x - KNOT_MIN), 3 * _square(x - KNOT_MAX)
    d1 = 3 * _square(x - KNOT_1) - LAMBDA_1 * tail_min - (1 - LAMBDA_1) * tail_max
    d2 = 3 * _square(x - KNOT_2) - LAMBDA_2 * tail_min - (1 - LAMBDA_2) * tail_max
    return GAMMA[1] + GAMMA[2] * d1 + GAMMA[3] * d2


def survival_probability(months_since_onset: float, linear_predictor: float) -> float:
    """S(t): the probability of being free of the composite outcome ``t`` months after onset."""
    if months_since_onset < 0:
        raise ValueError(f"months_since_onset must be 0 or more, got {months_since_onset}")
    if months_since_onset == 0:
        return 1.0
    exponent = baseline_spline(math.log(months_since_onset)) + linear_predictor
    if exponent > 700:  # exp would overflow; S is 0 to double precision
        return 0.0
    return 1.0 / (1.0 + math.exp(exponent))


def median_survival_months(linear_predictor: float) -> float | None:
    """Median survival from onset in months: the t with S(t) = 0.5, i.e. s(ln t) = −LP.

    Safeguarded Newton iteration on x = ln t within [ln 1e-4, ln 1e6] months; ``None`` if the
    median falls outside that range.
    """
    target = -linear_predictor
    low, high = math.log(1e-4), math.log(1e6)
    if baseline_spline(low) > target or baseline_spline(high) < target:
        return None
    x = min(max((target - GAMMA[0]) / GAMMA[1], low), high)  # the linear part's root as a start
    for _ in range(200):
        gap = baseline_spline(x) - target
        if abs(gap) < 1e-12 or high - low < 1e-12:
            break
        if gap > 0:
            high = x
        else:
            low = x
        slope = _baseline_spline_slope(x)
        step = x - gap / slope if slope > 0 else math.nan
        x = step if low < step < high else (low + high) / 2  # Newton, or bisection when it strays
    return math.exp(x)


# --- From a patient record ------------------------------------------------------------------


@dataclass(frozen=True)
class EncalsInputs:
    """The eight model inputs at diagnosis; ``None`` where the record does not give them."""

    age_at_onset_years: float | None = None
    diagnostic_delay_months: float | None = None
    delta_frs: float | None = None
    fvc_percent: float | None = None
    bulbar_onset: bool | None = None
    definite_el_escorial: bool | None = None
    ftd: bool | None = None
    c9orf72: bool | None = None


@dataclass(frozen=True)
class EncalsResult:
    """A prediction (or the reasons there is none), with the inputs and dates it used."""

    linear_predictor: float | None
    median_survival_months: float | None
    inputs: EncalsInputs
    missing: tuple[str, ...]
    alsfrs_r_date: dt.date | None = None
    fvc_date: dt.date | None = None
    notes: tuple[str, ...] = field(default=())


def _genetic_result(record: PatientRecord, gene: str) -> str | None:
    for name, result in (record.genetics or {}).items():
        if name.casefold() == gene.casefold():
            return result
    return None


def encals_from_record(record: PatientRecord) -> EncalsResult:
    """The ENCALS prediction at diagnosis from a record, or the list of record facts it lacks.

    Inputs: age at onset (``birth_date``, ``onset_date``); diagnostic delay (``onset_date`` →
    ``diagnosis_date``); ΔFRS of the **first** assessment; the ``fvc_percent`` measurement nearest
    to that assessment (supine values are not used); bulbar onset (``onset_region``); definite ALS
    by the revised El Escorial criteria (``diagnosis``); FTD (``cognition == "ftd"``); C9orf72
    repeat expansion (``genetics.C9orf72``). ``missing`` names the record fields to fill in.
    """
    missing: list[str] = []
    notes: list[str] = []

    def lacks(fact: str, note: str | None = None) -> None:
        if fact not in missing:
            missing.append(fact)
        if note:
            notes.append(note)

    onset = record.onset_date
    age: float | None = None
    if record.birth_date is None:
        lacks("birth_date")
    if onset is None:
        lacks("onset_date")
    if record.birth_date is not None and onset is not None:
        age = (onset - record.birth_date).days / DAYS_PER_YEAR
        if age <= 0:
            age = None
            lacks("birth_date", "age at onset is 0; check birth_date and onset_date")

    delay: float | None = None
    if record.diagnosis_date is None:
        lacks("diagnosis_date")
    elif onset is not None:
        delay = (record.diagnosis_date - onset).days / DAYS_PER_MONTH
        if delay <= 0:
            delay = None
            lacks("diagnosis_date", "diagnosis_date is the onset date; the model needs a diagnostic delay")

    frs: float | None = None
    first = min(record.assessments, key=lambda a: a.date) if record.assessments else None
    if first is None:
        lacks("assessments", "no ALSFRS-R assessment for ΔFRS at diagnosis")
    elif onset is not None:
        frs = delta_frs(alsfrs.total(first.alsfrs_r.scores()), months_between(onset, first.date))
        if frs is None:
            lacks("assessments", "the first ALSFRS-R is on the onset date; ΔFRS needs time since onset")
        diagnosed = record.diagnosis_date
        if diagnosed is not None and abs((first.date - diagnosed).days) > FAR_APART_DAYS:
            notes.append(
                f"the first ALSFRS-R ({first.date.isoformat()}) is more than 3 months from the "
                f"diagnosis date ({diagnosed.isoformat()}); the model expects the score at diagnosis"
            )

    fvc: float | None = None
    fvc_date: dt.date | None = None
    fvcs = [m for m in record.measurements if m.type == "fvc_percent" and m.position != "supine"]
    if not fvcs:
        supine_only = any(m.type == "fvc_percent" for m in record.measurements)
        lacks("fvc_percent", "only supine FVC is recorded; the model uses upright" if supine_only else None)
    else:
        reference = first.date if first is not None else record.diagnosis_date
        reference_name = "the first ALSFRS-R" if first is not None else "the diagnosis date"
        if reference is None:
            lacks("assessments", "no date at diagnosis to pick the FVC measurement nearest to it")
        else:
            nearest = min(fvcs, key=lambda m: (abs((m.date - reference).days), m.date))
            fvc, fvc_date = nearest.value, nearest.date
            if abs((nearest.date - reference).days) > FAR_APART_DAYS:
                notes.append(
                    f"the FVC used ({nearest.date.isoformat()}) is more than 3 months from "
                    f"{reference_name} ({reference.isoformat()})"
                )

    bulbar: bool | None = None
    if record.onset_region is None or record.onset_region == "unknown":
        lacks("onset_region")
    else:
        bulbar = record.onset_region == "bulbar"

    definite: bool | None = None
    diagnosis = record.diagnosis
    if diagnosis is None or diagnosis.criteria is None or diagnosis.category is None:
        lacks("diagnosis", "the model needs the revised El Escorial category (criteria and category)")
    elif diagnosis.criteria != "el_escorial_revised":
        given = diagnosis.criteria
        lacks("diagnosis", f"the model uses the revised El Escorial category; the record gives {given}")
    else:
        definite = diagnosis.category == "definite"

    ftd: bool | None = None
    if record.cognition is None or record.cognition == "unknown":
        lacks("cognition")
    else:
        ftd = record.cognition == "ftd"

    c9: bool | None = None
    c9_result = _genetic_result(record, "C9orf72")
    if c9_result is None or c9_result == "unknown":
        lacks("genetics.C9orf72")
    else:
        c9 = c9_result == "positive"

    inputs = EncalsInputs(age, delay, frs, fvc, bulbar, definite, ftd, c9)
    lp: float | None = None
    median: float | None = None
    if not missing:
        assert age is not None and delay is not None and frs is not None and fvc is not None  # noqa: S101
        assert bulbar is not None and definite is not None and ftd is not None and c9 is not None  # noqa: S101
        lp = linear_predictor(
            age_at_onset_years=age,
            diagnostic_delay_months=delay,
            delta_frs=frs,
            fvc_percent=fvc,
            bulbar_onset=bulbar,
            definite_el_escorial=definite,
            ftd=ftd,
            c9orf72=c9,
        )
        median = median_survival_months(lp)
    return EncalsResult(
        linear_predictor=lp,
        median_survival_months=median,
        inputs=inputs,
        missing=tuple(missing),
        alsfrs_r_date=first.date if first is not None else None,
        fvc_date=fvc_date,
        notes=tuple(notes),
    )


def encals_json(result: EncalsResult) -> dict[str, Any]:
    """The ``encals`` object of the ``assess`` output (rounded: LP 3 decimals, median 1 decimal)."""
    inputs = result.inputs

    def rounded(value: float | None, digits: int) -> float | None:
        return None if value is None else round(value, digits)

    return {
        "model": SOURCE,
        "linear_predictor": rounded(result.linear_predictor, 3),
        "median_survival_months": rounded(result.median_survival_months, 1),
        "median_survival_from": "symptom onset",
        "outcome": "death, tracheostomy or non-invasive ventilation for more than 23 hours a day",
        "missing": list(result.missing),
        "inputs": {
            "age_at_onset_years": rounded(inputs.age_at_onset_years, 1),
            "diagnostic_delay_months": rounded(inputs.diagnostic_delay_months, 1),
            "delta_frs": rounded(inputs.delta_frs, 3),
            "fvc_percent": inputs.fvc_percent,
            "bulbar_onset": inputs.bulbar_onset,
            "definite_el_escorial": inputs.definite_el_escorial,
            "ftd": inputs.ftd,
            "c9orf72": inputs.c9orf72,
        },
        "dates_used": {
            "alsfrs_r": result.alsfrs_r_date.isoformat() if result.alsfrs_r_date else None,
            "fvc_percent": result.fvc_date.isoformat() if result.fvc_date else None,
        },
        "notes": list(result.notes),
    }
