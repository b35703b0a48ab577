"""Screening: outcomes per criterion, the verdict rule, the closing window, questions and ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alsnav.trials.ctgov import Study, load_studies, parse_study
from alsnav.trials.screen import match, screen_study
from tests.core.trials.helpers import FIXTURES, D, items, person, typical


def study(criteria: str, nct: str = "NCT09000001", **eligibility: Any) -> Study:
    data = {
        "protocolSection": {
            "identificationModule": {"nctId": nct, "briefTitle": f"Study {nct}"},
            "statusModule": {"overallStatus": "RECRUITING"},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2"]},
            "eligibilityModule": {"eligibilityCriteria": criteria, **eligibility},
        }
    }
    return parse_study(data, "test.json")


def outcomes(result: Any) -> list[str]:
    return [c.outcome for c in result.criteria]


def test_inclusion_met_passes_and_an_absent_exclusion_passes() -> None:
    s = study("Inclusion Criteria:\n* FVC ≥ 50% predicted\nExclusion Criteria:\n* Tracheostomy")
    result = screen_study(s, person(**typical()))
    assert outcomes(result) == ["pass", "pass"]
    assert result.verdict == "eligible"
    assert result.criteria[0].fact == "fvc_percent"
    assert "82% predicted on 2026-05-15" in result.criteria[0].because


def test_a_present_exclusion_fails_and_makes_the_study_ineligible() -> None:
    s = study("Inclusion Criteria:\n* FVC ≥ 50%\nExclusion Criteria:\n* Gastrostomy")
    facts = person(**typical(interventions=[{"type": "gastrostomy", "start_date": "2026-03-01"}]))
    result = screen_study(s, facts)
    assert outcomes(result) == ["pass", "fail"]
    assert result.verdict == "ineligible"


def test_a_missing_fact_is_unknown_never_ineligible() -> None:
    s = study("Inclusion Criteria:\n* SVC ≥ 60%\n* Confirmed SOD1 mutation")
    facts = person(onset_date="2025-04-01")
    result = screen_study(s, facts)
    assert outcomes(result) == ["unknown", "unknown"]
    assert result.verdict == "possibly_eligible"
    assert result.criteria[0].fact == "svc_percent"
    assert result.criteria[0].because == "no SVC on record"


def test_unrecognised_text_is_unknown_with_ask_the_study_team() -> None:
    result = screen_study(study("Inclusion Criteria:\n* Able to swallow pills"), person(**typical()))
    assert outcomes(result) == ["unknown"]
    assert "ask the study team" in result.criteria[0].because
    assert result.criteria[0].fact is None


def test_male_or_female_sets_no_limit() -> None:
    result = screen_study(study("Inclusion Criteria:\n* Male or female"), person(**typical()))
    assert outcomes(result) == ["not_applicable"]
    assert result.verdict == "eligible"


def test_partly_recognised_criterion_fails_on_its_part_but_never_passes_on_it() -> None:
    text = "Inclusion Criteria:\n* FVC ≥ 90% predicted and able to swallow pills"
    assert outcomes(screen_study(study(text), person(**typical()))) == ["fail"]
    text = "Inclusion Criteria:\n* FVC ≥ 50% predicted and able to swallow pills"
    result = screen_study(study(text), person(**typical()))
    assert outcomes(result) == ["unknown"]
    assert "swallow" in result.criteria[0].because


def test_structured_age_and_sex_are_checked() -> None:
    s = study("", minimumAge="18 Years", maximumAge="65 Years", sex="MALE")
    result = screen_study(s, person(**typical()))  # a woman aged 60
    assert outcomes(result) == ["pass", "pass", "fail"]
    older = person(**typical(birth_date="1960-01-01", sex="male"))  # 66.4 years
    assert outcomes(screen_study(s, older)) == ["pass", "fail", "pass"]
    sixty_five = person(**typical(birth_date="1961-01-01", sex="male"))  # 65.4: still "65 years"
    assert outcomes(screen_study(s, sixty_five)) == ["pass", "pass", "pass"]


def test_riluzole_naive_or_stable_and_team_judgement_on_cognition() -> None:
    text = (
        "Inclusion Criteria:\n* Riluzole: stable for 30 days or more, or not taking it\n"
        "Exclusion Criteria:\n* Cognitive impairment that prevents informed consent"
    )
    started = person(**typical(medications=[{"name": "riluzole", "start_date": "2026-05-20"}]))
    assert outcomes(screen_study(study(text), started)) == ["fail", "pass"]
    naive = person(**typical(medications=[], cognition="als_ci"))
    result = screen_study(study(text), naive)
    assert outcomes(result) == ["pass", "unknown"]
    assert "study team" in result.criteria[1].because


def test_gold_coast_diagnosis_in_an_el_escorial_study_is_for_the_team() -> None:
    text = "Inclusion Criteria:\n* Definite or probable ALS by the revised El Escorial criteria"
    facts = person(**typical(diagnosis={"criteria": "gold_coast", "category": "met"}))
    assert outcomes(screen_study(study(text), facts)) == ["unknown"]
    possible = person(**typical(diagnosis={"criteria": "el_escorial_revised", "category": "possible"}))
    assert outcomes(screen_study(study(text), possible)) == ["fail"]


def test_window_closes_is_onset_plus_the_limit_in_project_months() -> None:
    s = study("Inclusion Criteria:\n* Disease duration ≤ 24 months from symptom onset")
    result = screen_study(s, person(**typical(onset_date="2025-06-01")))
    assert result.window_closes == D("2025-06-01") + dt.timedelta(days=24 * 30.4375)
    assert result.window_closes == D("2027-06-01")
    assert result.verdict == "eligible"


def test_window_takes_the_earliest_limit_and_reads_exclusions_too() -> None:
    text = (
        "Inclusion Criteria:\n* 36 months or less since onset\n* Diagnosed less than 12 months ago\n"
        "Exclusion Criteria:\n* Onset > 2 years"
    )
    result = screen_study(
        study(text), person(**typical(onset_date="2025-04-01", diagnosis_date="2025-10-01"))
    )
    assert result.window_closes == D("2026-10-01")  # diagnosis + 12 months comes first
    later = person(**typical(onset_date="2025-04-01", diagnosis_date="2026-05-01"))
    assert screen_study(study(text), later).window_closes == D("2027-04-01")  # onset + 730.5 days


def test_no_window_without_a_time_limit_or_without_an_onset_date() -> None:
    assert screen_study(study("Inclusion Criteria:\n* FVC ≥ 50%"), person(**typical())).window_closes is None
    s = study("Inclusion Criteria:\n* Within 2 years of first weakness")
    assert screen_study(s, person(**typical(onset_date=None))).window_closes is None


def test_questions_rank_missing_facts_by_the_unknowns_they_settle() -> None:
    studies = [
        study("Inclusion Criteria:\n* SVC ≥ 60%\n* Confirmed SOD1 mutation", "NCT09000001"),
        study("Inclusion Criteria:\n* SVC > 55%", "NCT09000002"),
        study("Inclusion Criteria:\n* Slow vital capacity at least 50%\n* No tracheostomy", "NCT09000003"),
        study("Inclusion Criteria:\n* SOD1 mutation carrier\n* FVC ≥ 99%", "NCT09000004"),  # ruled out
    ]
    facts = person(
        **typical(measurements=[{"date": "2026-05-15", "type": "fvc_percent", "value": 82}], genetics={})
    )
    report = match(studies, facts)
    ranked = [(q.fact.value, q.resolves) for q in report.questions]
    assert ranked[0] == ("svc_percent", 3)
    assert ("gene_sod1", 1) in ranked
    assert report.questions[0].text.startswith("What was your latest SVC")


def test_ranking_puts_eligible_first_then_possible_by_score_then_ineligible() -> None:
    studies = [
        study("Inclusion Criteria:\n* FVC ≥ 99%", "NCT09000001"),
        study("Inclusion Criteria:\n* FVC ≥ 50%\n* Able to walk\n* Able to talk", "NCT09000002"),
        study("Inclusion Criteria:\n* FVC ≥ 50%\n* Able to walk", "NCT09000003"),
        study("Inclusion Criteria:\n* FVC ≥ 50%", "NCT09000004"),
    ]
    report = match(studies, person(**typical()))
    assert [t.nct_id for t in report.trials] == ["NCT09000004", "NCT09000003", "NCT09000002", "NCT09000001"]
    assert [t.verdict for t in report.trials] == [
        "eligible",
        "possibly_eligible",
        "possibly_eligible",
        "ineligible",
    ]
    assert report.trials[1].score == 0.5


def test_fixture_trials_for_a_person_past_every_window_are_ruled_out_by_time() -> None:
    studies = load_studies(FIXTURES / "als-trials-sample.json")
    late = person("2026-06-01", **typical(onset_date="2019-01-01", diagnosis_date="2019-06-01"))
    report = match(studies, late)
    by_id = {t.nct_id: t for t in report.trials}
    for nct in ("NCT03127514", "NCT05021536", "NCT04297683", "NCT01492686", "NCT03548311", "NCT00243932"):
        assert by_id[nct].verdict == "ineligible", nct
    assert by_id["NCT02623699"].verdict == "ineligible"  # SOD1 negative


def test_fixture_trials_for_an_early_well_documented_person() -> None:
    studies = load_studies(FIXTURES)
    facts = person(
        "2026-06-01",
        **typical(
            diagnosis={"criteria": "el_escorial_revised", "category": "definite"},
            assessments=[
                {"date": "2026-02-20", "alsfrs_r": items(i8=3)},
                {"date": "2026-05-15", "alsfrs_r": items(i8=3, i9=3, i4=3)},
            ],
        ),
    )
    by_id = {t.nct_id: t for t in match(studies, facts).trials}
    centaur = by_id["NCT03127514"]
    assert centaur.verdict != "ineligible"
    assert centaur.window_closes == D("2025-04-01") + dt.timedelta(days=18 * 30.4375)
    healey = by_id["NCT04297683"]
    assert healey.verdict == "possibly_eligible"
    assert healey.window_closes == D("2028-03-31")
    assert by_id["NCT02623699"].verdict == "ineligible"  # SOD1 negative


def test_an_alternative_measure_settles_an_or_criterion() -> None:
    s = study("Inclusion Criteria:\n* SVC ≥ 50% predicted (or FVC ≥ 50% if SVC is not available)")
    fvc_only = person(**typical(measurements=[{"date": "2026-05-15", "type": "fvc_percent", "value": 70}]))
    result = screen_study(s, fvc_only)
    assert outcomes(result) == ["pass"]
    assert "FVC 70% predicted on 2026-05-15 is at least 50% predicted" in result.criteria[0].because


def test_words_that_may_soften_a_failing_part_make_it_unknown() -> None:
    facts = person(**typical(interventions=[{"type": "gastrostomy", "start_date": "2025-01-01"}]))
    text = "Exclusion Criteria:\n* Gastrostomy placed within the last 30 days"
    result = screen_study(study(text), facts)
    assert outcomes(result) == ["unknown"] and "may change this" in result.criteria[0].because
    text = "Exclusion Criteria:\n* Gastrostomy, dementia or severe heart disease"
    assert outcomes(screen_study(study(text), facts)) == ["fail"]  # more exclusions do not soften
    text = "Inclusion Criteria:\n* FVC ≥ 90% or approval of the medical monitor"
    assert outcomes(screen_study(study(text), facts)) == ["unknown"]
