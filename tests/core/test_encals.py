"""ENCALS survival model (Westeneng 2018): linear predictor, survival curve, median, record inputs."""

from __future__ import annotations

import copy
import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alsnav.record import parse_record
from alsnav.scales import encals

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"

# Clinical reference §4, worked examples: inputs, LP (published), LP (TRICALS), median from onset
# (months, given to 1 decimal), S(24 months). The last column is this implementation's median to
# 0.01, kept as a regression value.
WORKED_EXAMPLES = [
    ((60, 0.5, 12, 90, 0, 0, 0, 0), -4.679, -4.683, 38.1, 0.841, 38.11),
    ((70, 1.2, 6, 70, 1, 1, 0, 0), -2.254, -2.253, 19.4, 0.319, 19.41),
    ((50, 0.2, 24, 100, 0, 0, 0, 0), -7.077, -7.079, 81.7, 0.983, 81.67),
    ((55, 0.8, 10, 85, 0, 1, 1, 1), -3.236, -3.462, 25.5, 0.556, 25.54),
]


def _inputs(values: tuple[float, ...]) -> dict[str, Any]:
    age, frs, delay, fvc, bulbar, definite, ftd, c9 = values
    return {
        "age_at_onset_years": age,
        "diagnostic_delay_months": delay,
        "delta_frs": frs,
        "fvc_percent": fvc,
        "bulbar_onset": bool(bulbar),
        "definite_el_escorial": bool(definite),
        "ftd": bool(ftd),
        "c9orf72": bool(c9),
    }


@pytest.mark.parametrize(("values", "lp", "lp_tricals", "median", "s24", "median_exact"), WORKED_EXAMPLES)
def test_worked_examples(
    values: tuple[float, ...], lp: float, lp_tricals: float, median: float, s24: float, median_exact: float
) -> None:
    inputs = _inputs(values)
    predicted = encals.linear_predictor(**inputs)
    assert predicted == pytest.approx(lp, abs=0.01)
    tricals = {k: v for k, v in inputs.items() if k != "c9orf72"}
    assert encals.tricals_linear_predictor(**tricals) == pytest.approx(lp_tricals, abs=0.01)
    months = encals.median_survival_months(predicted)
    assert months is not None
    assert round(months, 1) == median
    assert months == pytest.approx(median_exact, abs=0.01)
    assert encals.survival_probability(24, predicted) == pytest.approx(s24, abs=0.001)


@pytest.mark.parametrize("lp", [-12.0, -9.0, -7.077, -4.679, -2.254, 0.0, 2.0, 5.0])
def test_half_survive_to_the_median(lp: float) -> None:
    months = encals.median_survival_months(lp)
    assert months is not None
    assert encals.survival_probability(months, lp) == pytest.approx(0.5, abs=1e-9)


def test_lambdas_follow_from_the_knots() -> None:
    # The constants in the source code, recovered from the knots: the restricted cubic spline form.
    assert round(encals.LAMBDA_1, 6) == 0.481323
    assert round(encals.LAMBDA_2, 6) == 0.390507


@pytest.mark.parametrize("start", [encals.KNOT_MAX + 0.01, 6.5, 8.0])
def test_spline_is_linear_beyond_the_last_knot(start: float) -> None:
    # With the cube on the (x - kmax) term the cubic parts cancel beyond kmax; without it they do not.
    step = 0.25
    values = [encals.baseline_spline(start + i * step) for i in range(4)]
    differences = [b - a for a, b in itertools.pairwise(values)]
    assert differences[0] == pytest.approx(differences[1], abs=1e-9)
    assert differences[1] == pytest.approx(differences[2], abs=1e-9)


def test_spline_is_the_line_before_the_first_knot() -> None:
    gamma0, gamma1 = encals.GAMMA[:2]
    for x in (-2.0, 0.0, encals.KNOT_MIN):
        assert encals.baseline_spline(x) == pytest.approx(gamma0 + gamma1 * x)


def test_the_kmax_term_is_cubed() -> None:
    # 500 months is beyond e^5.917 ≈ 371: with a linear (x - kmax) term S(500) would differ.
    x = math.log(500)
    lam1, lam2 = encals.LAMBDA_1, encals.LAMBDA_2
    k = (encals.KNOT_MIN, encals.KNOT_1, encals.KNOT_2, encals.KNOT_MAX)
    g = encals.GAMMA
    cubed = (
        g[0]
        + g[1] * x
        + g[2] * ((x - k[1]) ** 3 - lam1 * (x - k[0]) ** 3 - (1 - lam1) * (x - k[3]) ** 3)
        + g[3] * ((x - k[2]) ** 3 - lam2 * (x - k[0]) ** 3 - (1 - lam2) * (x - k[3]) ** 3)
    )
    assert encals.baseline_spline(x) == pytest.approx(cubed)


@given(st.floats(min_value=-12, max_value=4), st.floats(min_value=1, max_value=300), st.floats(0.5, 60))
def test_survival_falls_with_time_and_with_risk(lp: float, months: float, later: float) -> None:
    assert encals.survival_probability(months + later, lp) <= encals.survival_probability(months, lp)
    assert encals.survival_probability(months, lp + 0.5) <= encals.survival_probability(months, lp)
    assert 0.0 <= encals.survival_probability(months, lp) <= 1.0


def test_survival_at_onset_is_one() -> None:
    assert encals.survival_probability(0, -4.0) == 1.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fvc_percent": 0}, "fvc_percent must be greater than 0"),
        ({"diagnostic_delay_months": 0}, "diagnostic_delay_months must be greater than 0"),
        ({"delta_frs": -0.2}, "delta_frs must be 0 or more"),
    ],
)
def test_inputs_outside_the_model_are_refused(change: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        encals.linear_predictor(**{**_inputs(WORKED_EXAMPLES[0][0]), **change})


# --- From a record ----------------------------------------------------------------------------


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RECORDS / name).read_text(encoding="utf-8"))
    return data


def test_record_with_every_input_gives_a_prediction_and_says_which_dates_it_used() -> None:
    # Built to match worked example 4 (age 55, ΔFRS 0.8, delay 10, FVC 85, definite, FTD, C9).
    result = encals.encals_from_record(parse_record(_fixture("encals-definite.json")))
    assert result.missing == ()
    assert result.linear_predictor == pytest.approx(-3.236, abs=0.01)
    assert result.median_survival_months == pytest.approx(25.5, abs=0.2)
    inputs = result.inputs
    assert inputs.age_at_onset_years == pytest.approx(55.0, abs=0.01)
    assert inputs.diagnostic_delay_months == pytest.approx(304 / 30.4375)
    assert inputs.delta_frs == pytest.approx(8 / (304 / 30.4375))
    assert inputs.fvc_percent == 85  # the upright FVC nearest the first ALSFRS-R, not the supine one
    assert (inputs.bulbar_onset, inputs.definite_el_escorial, inputs.ftd, inputs.c9orf72) == (
        False,
        True,
        True,
        True,
    )
    assert str(result.alsfrs_r_date) == "2021-12-30"
    assert str(result.fvc_date) == "2022-01-04"
    assert result.linear_predictor == pytest.approx(
        encals.linear_predictor(**{k: getattr(inputs, k) for k in _inputs(WORKED_EXAMPLES[0][0])})
    )


def _without(data: dict[str, Any], *paths: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for path in paths:
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[part]
        del target[last]
    return data


@pytest.mark.parametrize(
    ("remove", "change", "missing"),
    [
        (["birth_date"], {}, ("birth_date",)),
        (["onset_date"], {}, ("onset_date",)),
        (["diagnosis_date"], {}, ("diagnosis_date",)),
        (["genetics.C9orf72"], {}, ("genetics.C9orf72",)),
        ([], {"genetics": {"C9orf72": "unknown"}}, ("genetics.C9orf72",)),
        ([], {"cognition": "unknown"}, ("cognition",)),
        ([], {"onset_region": "unknown"}, ("onset_region",)),
        (["diagnosis"], {}, ("diagnosis",)),
        ([], {"diagnosis": {"criteria": "gold_coast", "category": "met"}}, ("diagnosis",)),
        ([], {"assessments": []}, ("assessments",)),
        ([], {"measurements": []}, ("fvc_percent",)),
        ([], {"diagnosis_date": "2021-03-01"}, ("diagnosis_date",)),  # delay 0: outside the model
        (["birth_date", "cognition"], {}, ("birth_date", "cognition")),
    ],
)
def test_missing_inputs_are_listed_never_guessed(
    remove: list[str], change: dict[str, Any], missing: tuple[str, ...]
) -> None:
    data = {**_without(_fixture("encals-definite.json"), *remove), **change}
    result = encals.encals_from_record(parse_record(data))
    assert result.missing == missing
    assert result.linear_predictor is None
    assert result.median_survival_months is None


def test_only_supine_fvc_is_not_used() -> None:
    data = _fixture("encals-definite.json")
    data["measurements"] = [m for m in data["measurements"] if m.get("position") == "supine"]
    result = encals.encals_from_record(parse_record(data))
    assert result.missing == ("fvc_percent",)
    assert any("supine" in note for note in result.notes)


def test_a_far_away_fvc_is_used_but_flagged() -> None:
    data = _fixture("encals-definite.json")
    data["measurements"] = [{"date": "2022-12-01", "type": "fvc_percent", "value": 60}]
    result = encals.encals_from_record(parse_record(data))
    assert result.fvc_date is not None
    assert str(result.fvc_date) == "2022-12-01"
    assert result.inputs.fvc_percent == 60
    assert any("more than 3 months" in note for note in result.notes)


def test_encals_json_rounds_and_names_its_inputs() -> None:
    document = encals.encals_json(encals.encals_from_record(parse_record(_fixture("encals-definite.json"))))
    assert document["linear_predictor"] == round(document["linear_predictor"], 3)
    assert document["median_survival_months"] == round(document["median_survival_months"], 1)
    assert document["missing"] == []
    assert document["dates_used"] == {"alsfrs_r": "2021-12-30", "fvc_percent": "2022-01-04"}
    assert document["inputs"]["c9orf72"] is True
    assert "Westeneng" in document["model"]


@given(st.floats(min_value=-15, max_value=8))
def test_the_median_is_where_the_curve_crosses_one_half(lp: float) -> None:
    months = encals.median_survival_months(lp)
    assert months is not None
    assert encals.survival_probability(months, lp) == pytest.approx(0.5, abs=1e-9)
