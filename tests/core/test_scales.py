"""ALSFRS-R scoring, King's and MiToS staging, ΔFRS, slope and data-quality warnings."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alsnav.errors import InputError
from alsnav.record import Intervention, PatientRecord, parse_record
from alsnav.scales import alsfrs, kings, mitos, progression, quality

D = dt.date
ALL_KEYS_5A = ("1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12")


def scores(item5: str = "5a", **changes: int) -> dict[str, int]:
    """All items 4 (normal) with item 5 as ``item5``; ``i8=1`` sets item 8 to 1."""
    result = dict.fromkeys(ALL_KEYS_5A, 4)
    if item5 == "5b":
        result["5b"] = result.pop("5a")
    for name, value in changes.items():
        result[name.removeprefix("i")] = value
    return result


# --- Sources are named ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "must_name"),
    [
        ("alsnav.scales.alsfrs", ["Cedarbaum", "1999"]),
        ("alsnav.scales.kings", ["Balendra", "2014", "Roche", "2012"]),
        ("alsnav.scales.mitos", ["Chiò", "2015"]),
        ("alsnav.scales.progression", ["Kimura", "2006", "30.4375"]),
        ("alsnav.scales.encals", ["Westeneng", "2018"]),
    ],
)
def test_every_scale_names_its_source_and_version(module: str, must_name: list[str]) -> None:
    doc = importlib.import_module(module).__doc__ or ""
    for text in must_name:
        assert text in doc


# --- ALSFRS-R items ---------------------------------------------------------------------------


def test_the_form_has_twelve_items_with_both_versions_of_item_5() -> None:
    assert [item.key for item in alsfrs.ITEMS] == ["1", "2", "3", "4", "5a", "5b", *map(str, range(6, 13))]
    for item in alsfrs.ITEMS:
        assert len(item.answers) == 5
        assert all(answer.strip() for answer in item.answers)
        assert len(set(item.answers)) == 5  # every answer is worded differently


@pytest.mark.parametrize(
    ("key", "score", "wording"),
    [
        ("1", 4, "Normal speech processes"),
        ("1", 0, "Loss of useful speech"),
        ("3", 1, "Needs supplemental tube feeding"),
        ("4", 1, "Able to grip pen but unable to write"),
        ("5a", 1, "Food must be cut by someone, but can still feed slowly"),
        ("5b", 1, "Provides minimal assistance to caregiver"),
        ("6", 1, "Needs attendant for self-care"),
        ("8", 1, "Nonambulatory functional movement only"),
        ("9", 0, "Cannot do"),
        ("10", 0, "Significant difficulty, considering using mechanical respiratory support"),
        ("11", 1, "Can only sleep sitting up"),
        ("12", 2, "Continuous use of BiPAP during the night"),
        ("12", 0, "Invasive mechanical ventilation by intubation or tracheostomy"),
    ],
)
def test_answer_wording_follows_cedarbaum_1999(key: str, score: int, wording: str) -> None:
    assert alsfrs.ITEM_BY_KEY[key].answer(score) == wording


@pytest.mark.parametrize(
    ("domain", "keys"),
    [
        ("bulbar", {"1", "2", "3"}),
        ("fine_motor", {"4", "5a", "5b", "6"}),
        ("gross_motor", {"7", "8", "9"}),
        ("respiratory", {"10", "11", "12"}),
    ],
)
def test_domain_membership(domain: str, keys: set[str]) -> None:
    assert {item.key for item in alsfrs.ITEMS if item.domain == domain} == keys


def test_an_answer_outside_0_to_4_has_no_wording() -> None:
    with pytest.raises(InputError, match=r"alsfrs_r\.8: must be an integer from 0 to 4, got 5"):
        alsfrs.ITEM_BY_KEY["8"].answer(5)


# --- Total and domains ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "total", "domains"),
    [
        (scores(), 48, {"bulbar": 12, "fine_motor": 12, "gross_motor": 12, "respiratory": 12}),
        (
            dict.fromkeys(ALL_KEYS_5A, 0),
            0,
            {"bulbar": 0, "fine_motor": 0, "gross_motor": 0, "respiratory": 0},
        ),
        (scores(i1=2, i2=3, i3=3), 44, {"bulbar": 8, "fine_motor": 12, "gross_motor": 12, "respiratory": 12}),
        (
            scores("5b", i5b=1, i4=3),
            44,
            {"bulbar": 12, "fine_motor": 8, "gross_motor": 12, "respiratory": 12},
        ),
        (scores(i9=0, i12=2), 42, {"bulbar": 12, "fine_motor": 12, "gross_motor": 8, "respiratory": 10}),
    ],
)
def test_total_and_domains(given: dict[str, int], total: int, domains: dict[str, int]) -> None:
    assert alsfrs.total(given) == total
    assert alsfrs.domains(given) == domains


@pytest.mark.parametrize(
    ("given", "where", "message"),
    [
        ({k: v for k, v in scores().items() if k != "7"}, "alsfrs_r.7", "item 7 missing"),
        ({**scores(), "5b": 3}, "alsfrs_r.5a", "both 5a and 5b given"),
        ({k: v for k, v in scores().items() if k != "5a"}, "alsfrs_r.5a", "item 5 missing"),
        (scores(i2=5), "alsfrs_r.2", "must be an integer from 0 to 4, got 5"),
        (scores(i2=-1), "alsfrs_r.2", "must be an integer from 0 to 4, got -1"),
        ({**scores(), "13": 4}, "alsfrs_r.13", "unknown item"),
    ],
)
def test_no_total_from_an_incomplete_or_impossible_set(
    given: dict[str, int], where: str, message: str
) -> None:
    for function in (alsfrs.total, alsfrs.domains):
        with pytest.raises(InputError) as raised:
            function(given)
        assert any(p.where == where and message in p.message for p in raised.value.problems)


def test_check_scores_rejects_booleans_and_floats() -> None:
    problems = alsfrs.check_scores({**scores(), "1": True, "2": 3.0})  # type: ignore[dict-item]
    assert [str(p) for p in problems] == [
        "alsfrs_r.1: must be an integer from 0 to 4, got True",
        "alsfrs_r.2: must be an integer from 0 to 4, got 3.0",
    ]


item_score = st.integers(min_value=0, max_value=4)


@st.composite
def score_sets(draw: st.DrawFn) -> dict[str, int]:
    item5 = draw(st.sampled_from(["5a", "5b"]))
    keys = [item5 if key == "5a" else key for key in ALL_KEYS_5A]
    return {key: draw(item_score) for key in keys}


@given(score_sets())
def test_total_is_the_sum_of_the_domains_and_within_0_to_48(given: dict[str, int]) -> None:
    total = alsfrs.total(given)
    domains = alsfrs.domains(given)
    assert total == sum(domains.values())
    assert 0 <= total <= 48
    assert all(0 <= value <= 12 for value in domains.values())


# --- King's and MiToS: the test vectors of clinical reference §3 -------------------------------


@pytest.mark.parametrize(
    ("given", "kings_label", "regions", "mitos_stage"),
    [
        pytest.param(scores(), "1", (), 0, id="all 4: no region, reported as stage 1"),
        pytest.param(scores(i1=3), "1", ("bulbar",), 0, id="item1=3"),
        pytest.param(scores(i4=2, i8=3), "2", ("upper_limb", "lower_limb"), 0, id="item4=2 item8=3"),
        pytest.param(scores(i1=1, i4=2), "2", ("bulbar", "upper_limb"), 0, id="item1=1 item4=2: AND"),
        pytest.param(scores(i1=1, i4=1), "2", ("bulbar", "upper_limb"), 1, id="item1=1 item4=1"),
        pytest.param(scores(i12=3), "4B", (), 0, id="item12=3: intermittent BiPAP"),
        pytest.param(scores(i10=1), "1", (), 1, id="item10=1: 4B needs item10=0"),
        pytest.param(scores("5b", i5b=2, i3=1), "4A", ("bulbar",), 1, id="5b used, item3=1"),
        pytest.param(scores(i8=1), "1", ("lower_limb",), 1, id="item8=1"),
    ],
)
def test_clinical_reference_vectors(
    given: dict[str, int], kings_label: str, regions: tuple[str, ...], mitos_stage: int
) -> None:
    king = kings.kings_stage(given)
    assert king.label == kings_label
    assert king.regions == regions
    assert mitos.mitos_stage(given).stage == mitos_stage


def test_no_region_involved_is_stage_1_with_a_note_saying_why() -> None:
    king = kings.kings_stage(scores(i6=2, i7=2, i11=3))
    assert (king.stage, king.regions) == (1, ())
    assert kings.NO_REGION_NOTE in king.notes


@pytest.mark.parametrize(
    ("given", "stage", "four_a", "four_b"),
    [
        (scores(i10=0), 4, False, True),
        (scores(i12=3), 4, False, True),
        (scores(i10=1, i12=4), 1, False, False),
        (scores("5b", i5b=4), 4, True, False),
        (scores("5b", i5b=4, i10=0), 4, True, True),
        (scores(i1=3, i4=3, i8=3), 3, False, False),
        (scores(i5a=3), 1, False, False),  # 5a marks the upper limb
        (scores("5b", i5b=3, i4=4), 4, True, False),  # 5b does not mark a region, it marks 4A
    ],
)
def test_kings_stage_4_overrides_the_region_count(
    given: dict[str, int], stage: int, four_a: bool, four_b: bool
) -> None:
    king = kings.kings_stage(given)
    assert (king.stage, king.four_a, king.four_b) == (stage, four_a, four_b)


def test_5b_does_not_count_as_upper_limb_involvement() -> None:
    assert kings.regions_involved(scores("5b", i5b=0)) == ()
    assert kings.regions_involved(scores(i5a=3)) == ("upper_limb",)


def _interventions(*entries: dict[str, object]) -> list[Intervention]:
    record = parse_record({"interventions": list(entries)})
    return record.interventions


@pytest.mark.parametrize(
    ("entries", "on", "gastrostomy", "ventilation"),
    [
        ([{"type": "gastrostomy", "start_date": "2025-03-01"}], D(2025, 3, 1), True, False),
        ([{"type": "gastrostomy", "start_date": "2025-03-02"}], D(2025, 3, 1), False, False),
        ([{"type": "gastrostomy", "start_date": "2025-01-01", "refused": True}], D(2025, 3, 1), True, False),
        (
            [{"type": "niv", "start_date": "2025-01-01", "stop_date": "2025-02-01"}],
            D(2025, 3, 1),
            False,
            True,
        ),
        ([{"type": "tracheostomy_ventilation", "start_date": "2025-01-01"}], D(2025, 3, 1), False, True),
        ([{"type": "niv", "start_date": "2025-01-01", "refused": True}], D(2025, 3, 1), False, True),
        ([{"type": "wheelchair", "start_date": "2025-01-01"}], D(2025, 3, 1), False, False),
        ([{"type": "gastrostomy"}], D(2025, 3, 1), False, False),  # undated: cannot be placed in time
    ],
)
def test_intervention_milestones_by_the_assessment_date(
    entries: list[dict[str, object]], on: dt.date, gastrostomy: bool, ventilation: bool
) -> None:
    reached = kings.milestones_on(_interventions(*entries), on)
    assert (reached.gastrostomy, reached.ventilation) == (gastrostomy, ventilation)


def test_recorded_interventions_give_4a_and_4b_with_reasons() -> None:
    interventions = _interventions(
        {"type": "gastrostomy", "start_date": "2025-01-05", "refused": True},
        {"type": "niv", "start_date": "2025-02-01"},
    )
    reached = kings.milestones_on(interventions, D(2025, 3, 1))
    king = kings.kings_stage(
        scores(i1=3), gastrostomy=reached.gastrostomy, ventilation=reached.ventilation, notes=reached.notes
    )
    assert (king.stage, king.label) == (4, "4A+4B")
    assert "4A: gastrostomy refused on 2025-01-05" in king.notes
    assert "4B: niv on 2025-02-01" in king.notes


def test_undated_milestone_interventions_are_named() -> None:
    notes = kings.undated_milestones(_interventions({"type": "niv"}, {"type": "walker"}))
    assert len(notes) == 1
    assert notes[0].startswith("niv is recorded without a start date")


@pytest.mark.parametrize("function", [kings.kings_stage, mitos.mitos_stage])
def test_staging_an_incomplete_set_names_the_missing_item(function: Any) -> None:
    with pytest.raises(InputError, match=r"alsfrs_r\.8: item 8 missing"):
        function({k: v for k, v in scores().items() if k != "8"})


@pytest.mark.parametrize("function", [kings.kings_stage, mitos.mitos_stage])
def test_death_is_stage_5(function: object) -> None:
    assert function(scores(), deceased=True).stage == 5  # type: ignore[operator]


@pytest.mark.parametrize(
    ("given", "lost"),
    [
        (scores(i8=1), ("walking_self_care",)),
        (scores(i6=1), ("walking_self_care",)),
        (scores(i6=2, i8=2), ()),
        (scores(i3=1), ("swallowing",)),
        (scores(i3=2), ()),
        (scores(i1=0, i4=4), ()),
        (scores(i1=4, i4=0), ()),
        (scores(i1=1, i4=0), ("communicating",)),
        (scores(i10=1), ("breathing",)),
        (scores(i12=2), ("breathing",)),
        (scores(i10=2, i12=3), ()),
        (dict.fromkeys(ALL_KEYS_5A, 0), ("walking_self_care", "swallowing", "communicating", "breathing")),
    ],
)
def test_mitos_domains_chio_2015(given: dict[str, int], lost: tuple[str, ...]) -> None:
    stage = mitos.mitos_stage(given)
    assert stage.domains_lost == lost
    assert stage.stage == len(lost)


@given(score_sets())
def test_stages_stay_in_range_while_alive(given: dict[str, int]) -> None:
    king = kings.kings_stage(given)
    assert 1 <= king.stage <= 4
    assert (king.stage == 4) == (king.four_a or king.four_b)
    assert set(king.regions) <= set(kings.REGIONS)
    assert 0 <= mitos.mitos_stage(given).stage <= 4


@given(score_sets(), st.sampled_from(["1", "2", "3", "4", "6", "7", "8", "9", "10", "11", "12"]))
def test_a_worse_score_never_lowers_a_stage(given: dict[str, int], key: str) -> None:
    if given[key] == 0:
        return
    worse = {**given, key: given[key] - 1}
    assert mitos.mitos_stage(worse).stage >= mitos.mitos_stage(given).stage
    assert kings.kings_stage(worse).stage >= kings.kings_stage(given).stage


# --- ΔFRS and slope ---------------------------------------------------------------------------


def test_delta_frs_worked_example() -> None:
    # Clinical reference §1: ALSFRS-R 40 at 10 months after onset gives 0.8 points/month.
    assert progression.delta_frs(40, 10) == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("total", "onset", "on", "expected"),
    [
        (40, D(2025, 1, 1), D(2025, 1, 1) + dt.timedelta(days=304), pytest.approx(8 / (304 / 30.4375))),
        (48, D(2025, 1, 1), D(2025, 7, 1), 0.0),
        (36, D(2024, 1, 1), D(2025, 1, 1), pytest.approx(12 / (366 / 30.4375))),
        (40, None, D(2025, 1, 1), None),
        (40, D(2025, 1, 1), D(2025, 1, 1), None),  # no time elapsed: no rate
    ],
)
def test_delta_frs_from_dates(total: int, onset: dt.date | None, on: dt.date, expected: object) -> None:
    assert progression.delta_frs_at(total, onset, on) == expected


def test_a_month_is_30_4375_days() -> None:
    assert progression.months_between(D(2025, 1, 1), D(2025, 1, 1) + dt.timedelta(days=365.25 * 4)) == 48


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], None),
        ([(D(2025, 1, 1), 40)], None),
        ([(D(2025, 1, 1), 40), (D(2025, 1, 1) + dt.timedelta(days=304), 30)], pytest.approx(-1.0, abs=0.002)),
        (  # 0.5 points lost per month (to within whole days), given out of order
            [(D(2024, 1, 1) + dt.timedelta(days=int(30.4375 * m)), 48 - m // 2) for m in (8, 0, 4)],
            pytest.approx(-0.5, abs=0.01),
        ),
        ([(D(2025, 1, 1), 40), (D(2025, 6, 1), 44)], pytest.approx(4 / (151 / 30.4375))),
    ],
)
def test_slope_per_month(points: list[tuple[dt.date, int]], expected: object) -> None:
    assert progression.slope_per_month(points) == expected


def test_slope_is_least_squares_not_end_to_end() -> None:
    start = D(2025, 1, 1)
    points = [
        (start + dt.timedelta(days=int(30.4375 * m)), total) for m, total in ((0, 46), (1, 40), (2, 44))
    ]
    points.append((start + dt.timedelta(days=int(30.4375 * 3)), 36))
    # first to last would be (36 - 46) / 3 = -3.33; least squares through all four points is -2.6
    assert progression.slope_per_month(points) == pytest.approx(-2.6, abs=0.05)


# --- Data-quality warnings --------------------------------------------------------------------


def _record(
    assessments: Sequence[tuple[str, dict[str, int]]], weights: Sequence[tuple[str, float]] = ()
) -> PatientRecord:
    return parse_record(
        {
            "assessments": [{"date": when, "alsfrs_r": items} for when, items in assessments],
            "measurements": [{"date": when, "type": "weight_kg", "value": kg} for when, kg in weights],
        }
    )


@pytest.mark.parametrize(
    ("assessments", "codes_and_paths"),
    [
        (
            [("2025-01-01", scores(i7=1)), ("2025-03-01", scores(i7=3))],
            [("item_rise", "assessments[1].alsfrs_r.7")],
        ),
        (
            [("2025-03-01", scores(i7=3)), ("2025-01-01", scores(i7=1))],
            [("item_rise", "assessments[0].alsfrs_r.7")],
        ),
        ([("2025-01-01", scores(i7=1)), ("2025-03-01", scores(i7=2))], []),
        ([("2025-01-01", scores(i5a=1)), ("2025-03-01", scores("5b", i5b=4))], []),  # 5a→5b: not comparable
        ([("2025-01-01", scores()), ("2025-07-03", scores())], [("assessment_gap", "assessments[1].date")]),
        ([("2025-01-01", scores()), ("2025-07-02", scores())], []),  # 182 days = 5.98 months
    ],
)
def test_assessment_warnings(
    assessments: list[tuple[str, dict[str, int]]], codes_and_paths: list[tuple[str, str]]
) -> None:
    warnings = quality.quality_warnings(_record(assessments))
    assert [(w.code, w.where) for w in warnings] == codes_and_paths


@pytest.mark.parametrize(
    ("weights", "warned"),
    [
        ([("2025-01-01", 80.0), ("2025-01-08", 73.0)], False),  # 8.75% in a week: counted over one month
        ([("2025-01-01", 80.0), ("2025-01-15", 70.0)], True),  # 12.5% within a month
        ([("2025-01-01", 80.0), ("2025-04-01", 60.0)], False),  # 25% over ~3 months = 8.4% a month
        ([("2025-01-01", 60.0), ("2025-02-01", 67.0)], True),  # gains count too: 11.7% in one month
        ([("2025-02-01", 67.0), ("2025-01-01", 60.0)], True),  # given out of order
    ],
)
def test_weight_change_over_10_percent_a_month(weights: list[tuple[str, float]], warned: bool) -> None:
    warnings = quality.quality_warnings(_record([], weights))
    assert [w.code for w in warnings] == (["weight_change"] if warned else [])


def test_warnings_never_refuse_and_explain_themselves() -> None:
    record = _record([("2025-01-01", scores(i3=0)), ("2025-03-01", scores(i3=4))])
    (warning,) = quality.quality_warnings(record)
    assert warning.message.startswith("item 3 (Swallowing) rose from 0 on 2025-01-01 to 4 on 2025-03-01")
