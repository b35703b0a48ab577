"""Recognition of ALS criteria however registries phrase them, and non-ALS criteria kept as text.

Each phrasing is checked against the condition a user would see explained; every one of the
non-ALS criteria must stay unrecognised ("ask the study team"), never silently matched.
"""

from __future__ import annotations

import pytest

from alsnav.trials.criteria import CriterionText, Kind, recognise
from alsnav.trials.patterns import load_patterns, pattern_problems
from tests.core.trials.helpers import compact

TOTAL_VC = "vital_capacity_percent"
RIL = "(medications_current not_contains riluzole | days_on_medication[riluzole] ge {})"
EDA = "(medications_current not_contains edaravone | days_on_medication[edaravone] ge 28)"
EL_DP = "diagnosis_category in definite,probable"
GOLD = "(diagnosis_category eq met | diagnosis_category in definite,probable,probable_laboratory_supported)"
VENT_PERM = "(has_tracheostomy eq true | niv_hours_per_day gt 22)"
NO_ALS = "onset_date unknown & als_diagnosed ne true"

ALS_PHRASINGS: list[tuple[str, str]] = [
    # age
    ("Age ≥ 18 years", "age_years ge 18"),
    ("Aged 18 to 80 years inclusive", "age_years ge 18 & age_years lt 81"),
    ("Male or female patients aged 20-75", "age_years ge 20 & age_years lt 76"),
    ("Between 18 and 75 years of age", "age_years ge 18 & age_years lt 76"),
    ("18 years of age or older", "age_years ge 18"),
    ("Aged 18 years or older at the time of consent", "age_years ge 18"),
    ("At least 18 years old", "age_years ge 18"),
    ("Age \\>= 21 years", "age_years ge 21"),
    ("Age over 21", "age_years gt 21"),
    ("Adults aged 18-85 years", "age_years ge 18 & age_years lt 86"),
    ("Age: 25 – 80 years", "age_years ge 25 & age_years lt 81"),
    ("Older than 80 years", "age_years gt 80"),
    ("Age < 80", "age_years lt 80"),
    # sex
    ("Women only", "sex eq female"),
    ("Male participants only", "sex eq male"),
    # diagnosis
    ("Clinically definite or probable ALS according to the revised El Escorial criteria", EL_DP),
    ("Definite or probable ALS by the revised El Escorial criteria", EL_DP),
    (
        "Clinically possible, probable, laboratory-supported probable or definite ALS (revised El Escorial)",
        "diagnosis_category in possible,probable,probable_laboratory_supported,definite",
    ),
    (
        "Definite, probable, or probable laboratory-supported ALS per the updated Awaji criteria",
        "diagnosis_category in definite,probable,probable_laboratory_supported",
    ),
    (
        "Sporadic or familial ALS, clinically definite by the revised El Escorial criteria",
        "diagnosis_category in definite",
    ),
    ("Diagnosis of ALS according to the Gold Coast criteria", GOLD),
    ("Meets Gold Coast criteria for ALS", GOLD),
    ("Awaji criteria: definite or probable ALS", EL_DP),
    # time since onset / diagnosis
    ("Disease duration ≤ 24 months from symptom onset", "months_since_onset le 24"),
    ("Within 2 years of first weakness", "months_since_onset le 24"),
    ("Onset of weakness no more than 36 months prior to screening", "months_since_onset le 36"),
    ("36 months or less since the onset of weakness", "months_since_onset le 36"),
    ("Disease duration of 2 years or less from the first symptom", "months_since_onset le 24"),
    ("Less than 24 months since the first ALS symptom", "months_since_onset lt 24"),
    ("≤12 months since onset", "months_since_onset le 12"),
    ("Time since onset of first symptom ≤ 18 months", "months_since_onset le 18"),
    ("Symptom onset within 24 months prior to screening", "months_since_onset le 24"),
    ("Onset > 5 years", "months_since_onset gt 60"),
    ("Disease duration more than 3 years", "months_since_onset gt 36"),
    ("First symptoms of ALS no more than 2 years before screening", "months_since_onset le 24"),
    ("Symptom onset no more than 5 years ago", "months_since_onset le 60"),
    ("18 months or less since the first symptom", "months_since_onset le 18"),
    ("Diagnosis of ALS within the past 12 months", "months_since_diagnosis le 12"),
    ("Diagnosed less than 2 years ago", "months_since_diagnosis lt 24"),
    ("Less than 18 months since diagnosis", "months_since_diagnosis lt 18"),
    # breathing tests
    ("FVC ≥ 50% predicted", "fvc_percent ge 50"),
    ("Slow vital capacity (SVC) \\>60% of predicted value", "svc_percent gt 60"),
    ("Upright SVC at least 65%", "svc_percent ge 65"),
    ("Forced vital capacity of 80% or more", "fvc_percent ge 80"),
    ("Vital capacity of at least 50% of predicted (slow vital capacity)", "svc_percent ge 50"),
    ("%FVC < 60%", "fvc_percent lt 60"),
    ("FVC less than 60% of predicted", "fvc_percent lt 60"),
    ("Slow vital capacity below 55% of predicted", "svc_percent lt 55"),
    ("VC (SVC or FVC) ≥ 50% predicted", f"{TOTAL_VC} ge 50"),
    ("Sitting FVC \\> 70 %", "fvc_percent gt 70"),
    ("Forced vital capacity (FVC) must be at least 60 percent", "fvc_percent ge 60"),
    # ALSFRS-R
    ("ALSFRS-R total score ≥ 30", "alsfrs_total ge 30"),
    ("ALSFRS-R score of 30 or more at screening", "alsfrs_total ge 30"),
    ("A total ALSFRS-R score of at least 24 points", "alsfrs_total ge 24"),
    ("ALSFRS-R total score \\< 40", "alsfrs_total lt 40"),
    ("Score of ≥2 on all 12 items of ALSFRS-R", "alsfrs_lowest_item ge 2"),
    ("Every ALSFRS-R item scored 2 or more", "alsfrs_lowest_item ge 2"),
    ("A score of at least 2 on each item of the ALSFRS-R", "alsfrs_lowest_item ge 2"),
    ("ALSFRS-R item 3 (swallowing) score ≥ 3", "alsfrs_item_3 ge 3"),
    ("ALSFRS-R swallowing item of 3 or more", "alsfrs_item_3 ge 3"),
    ("ALSFRS-R respiratory subscore ≥ 10", "alsfrs_respiratory ge 10"),
    ("Bulbar subscore of the ALSFRS-R of at least 9", "alsfrs_bulbar ge 9"),
    # progression
    ("ΔFRS ≥ 0.5 points/month", "delta_frs ge 0.5"),
    ("ΔFRS between 0.3 and 1.5 points per month", "delta_frs ge 0.3 & delta_frs le 1.5"),
    ("Pre-study progression rate (ΔFRS) of at least 0.5 points per month", "delta_frs ge 0.5"),
    ("Delta-FRS < 1.5", "delta_frs lt 1.5"),
    (
        "Decline of 1 to 4 points in ALSFRS-R during the 12-week observation",
        "alsfrs_points_lost_12_weeks ge 1 & alsfrs_points_lost_12_weeks le 4",
    ),
    (
        "ALSFRS-R decline of 1 or 2 points over a 12-week observation period",
        "alsfrs_points_lost_12_weeks ge 1 & alsfrs_points_lost_12_weeks le 2",
    ),
    ("Lost at least 2 points on the ALSFRS-R during the 12-week run-in", "alsfrs_points_lost_12_weeks ge 2"),
    # risk profile
    ("ENCALS risk profile between -6 and -2", "tricals_risk_profile ge -6 & tricals_risk_profile le -2"),
    ("TRICALS risk profile of −6.0 to −2.0", "tricals_risk_profile ge -6 & tricals_risk_profile le -2"),
    (
        "Predicted risk profile between -6 and -2 (ENCALS model)",
        "tricals_risk_profile ge -6 & tricals_risk_profile le -2",
    ),
    # background therapy
    ("Stable dose of riluzole for ≥30 days", RIL.format(30)),
    ("Riluzole: stable for 30 days or more, or not taking it", RIL.format(30)),
    ("Riluzole stable ≥14 days before baseline", RIL.format(14)),
    ("If taking riluzole, on a stable dose for at least 4 weeks before screening", RIL.format(28)),
    ("Edaravone: at least one cycle completed, or not taking it", EDA),
    ("Completed at least one full cycle of edaravone", EDA),
    ("On a stable dose of edaravone or not taking it", "medications_current not_contains edaravone"),
    # ventilation, gastrostomy
    ("Tracheostomy", "has_tracheostomy eq true"),
    ("Invasive ventilation", "has_tracheostomy eq true"),
    ("NIV > 22 hours per day", "niv_hours_per_day gt 22"),
    ("Permanent assisted ventilation", VENT_PERM),
    ("Use of non-invasive ventilation for more than 22 hours a day", "niv_hours_per_day gt 22"),
    ("Dependence on invasive mechanical ventilation", "has_tracheostomy eq true"),
    ("Any prior use of non-invasive ventilation (NIPPV)", "uses_ventilation eq true"),
    ("Gastrostomy", "has_gastrostomy eq true"),
    ("Presence of a feeding tube (PEG)", "has_gastrostomy eq true"),
    # genetics, cognition, presymptomatic
    ("Confirmed SOD1 mutation", "gene_sod1 eq positive"),
    ("Carrier of a pathogenic C9orf72 repeat expansion", "gene_c9orf72 eq positive"),
    ("Documented mutation in the FUS gene", "gene_fus eq positive"),
    ("Weakness attributable to ALS with a confirmed SOD1 mutation", "gene_sod1 eq positive"),
    ("Dementia", "ftd eq true"),
    ("Diagnosis of frontotemporal dementia (FTD)", "ftd eq true"),
    ("Cognitive impairment that would prevent informed consent", "cognitive_impairment eq true"),
    ("Presymptomatic carriers", NO_ALS),
    ("King's clinical stage 2 or 3", "kings_stage ge 2 & kings_stage le 3"),
    ("MiToS stage ≤ 1", "mitos_stage le 1"),
    ("Diagnosis of ALS", "als_diagnosed eq true"),
    ("Weakness attributable to ALS", "als_diagnosed eq true"),
    ("Assisted ventilation", "uses_ventilation eq true"),
    ("Onset of ALS symptoms (weakness or spasticity) within 24 months", "months_since_onset le 24"),
    ("On stable riluzole for at least 30 days", RIL.format(30)),
    ("SVC ≥ 60% of predicted value adjusted for sex, age and height", "svc_percent ge 60"),
    (
        "ALSFRS-R fell by 1 or 2 points during a 12-week observation period",
        "alsfrs_points_lost_12_weeks ge 1 & alsfrs_points_lost_12_weeks le 2",
    ),
    ("Men and women aged 18 years and older", "age_years ge 18"),
    ("Age between 18 and 80 years (inclusive) at screening", "age_years ge 18 & age_years lt 81"),
    ("Diagnosed with ALS within 12 months", "months_since_diagnosis le 12"),
    ("Presence of C9orf72 hexanucleotide repeat expansion", "gene_c9orf72 eq positive"),
    ("ALSFRS-R progression rate from disease onset to screening ≥ 0.3 points/month", "delta_frs ge 0.3"),
    ("Pre-baseline slope (ΔFRS) between 0.5 and 1.5 points/month", "delta_frs ge 0.5 & delta_frs le 1.5"),
    ("Participant must have a diagnosis of ALS that is either sporadic or familial", "als_diagnosed eq true"),
    ("Participants requiring invasive or non-invasive ventilatory support", "uses_ventilation eq true"),
    ("Carriers of a SOD1 mutation without clinical signs of ALS", f"gene_sod1 eq positive & ({NO_ALS})"),
    (
        "Patient with disease duration from symptoms onset no longer than 24 months",
        "months_since_onset le 24",
    ),
    ("Time from onset of symptoms less than or equal to 24 months", "months_since_onset le 24"),
    ("Slow Vital Capacity (SVC) ≥ 60% of predicted value for gender, height, and age", "svc_percent ge 60"),
    ("Be on a stable regimen of riluzole for ≥ 30 days or not be taking riluzole", RIL.format(30)),
    ("Healthy volunteers", NO_ALS),
]

INCLUSION_NEGATIONS: list[tuple[str, str]] = [
    ("No tracheostomy", "not(has_tracheostomy eq true)"),
    ("Without a gastrostomy tube", "not(has_gastrostomy eq true)"),
    ("No known SOD1 mutation", "not(gene_sod1 eq positive)"),
    ("Absence of dementia", "not(ftd eq true)"),
]

NOT_ALS: list[str] = [
    "Women who are pregnant",
    "Women who are pregnant or breastfeeding",
    "Women of childbearing potential must use effective contraception",
    "Japan ALS Severity Classification grade 1 or 2",
    "Creatinine clearance 50 mL/min or less",
    "Hemoglobin below 10 g/dL, or platelets below 150,000 per microliter",
    "AST or ALT more than 3 times the upper limit of normal",
    "Creatinine more than 1.5 times the upper limit of normal",
    "Unstable medical condition",
    "Able to swallow pills and liquids",
    "Geographically accessible to the study site",
    "Exposure to phenylbutyrate, taurursodiol or ursodeoxycholic acid in the previous 3 months",
    "History of cancer within the last 5 years, except treated skin cancer",
    "Participation in another interventional trial within 30 days",
    "Treatment with an investigational drug within 30 days of screening",
    "Chronic obstructive pulmonary disease",
    "Signs of vitamin B12 deficiency",
    "Known allergy to the study drug or its excipients",
    "Body mass index below 18.5 kg/m2",
    "Platelet count lower than 100,000/mm3",
    "QTc interval above 450 ms on ECG",
    "Positive test for HIV, hepatitis B or hepatitis C",
    "Uncontrolled hypertension",
    "Unable to give informed consent",
    "Willing and able to comply with all study procedures",
    "Able to attend all study visits",
    "Has a caregiver who can help with study visits",
    "Lives within 200 km of the study site",
    "Alcohol or drug abuse within the past year",
    "Major surgery within 4 weeks before screening",
    "History of seizures",
    "Severe depression or suicidal thoughts",
    "Significant heart disease, such as heart failure",
    "History of myocardial infarction within 6 months",
    "Use of anticoagulants",
    "Contraindication to lumbar puncture",
    "Bleeding disorder",
    "Prior gene therapy",
    "Previous stem cell transplantation",
    "Received tofersen in a previous study",
    "Taking strong CYP3A4 inhibitors",
    "Hypersensitivity to sulfites",
    "eGFR less than 60 mL/min/1.73m2",
    "Bilirubin greater than 2 times the upper limit of normal",
    "Oxygen saturation below 90% on room air",
    "Diabetes requiring insulin",
    "Active infection requiring antibiotics",
    "Weight loss of more than 10% in the previous 6 months",
    "Body weight below 40 kg",
    "Known brain tumour",
    "Multiple sclerosis",
    "Myasthenia gravis",
    "Spinal muscular atrophy",
    "Kennedy disease",
    "Cervical spondylotic myelopathy",
    "Multifocal motor neuropathy with conduction block",
    "Any condition that in the opinion of the investigator makes the person unsuitable",
    "English or Spanish speaking",
    "Able to read and write",
    "Access to a smartphone",
    "Must agree not to donate blood during the study",
    "Men must agree to use condoms",
    "Breastfeeding",
    "Pregnancy test positive at screening",
    "Clinically significant abnormal laboratory values",
    "Neutrophil count 1000 per microliter or less",
    "White blood cell count below 3000 per microliter",
    "Serum sodium below 130 mmol/L",
    "History of HIV infection",
    "Vaccination with a live vaccine within 30 days",
    "Psychiatric illness that would affect participation",
    "Currently enrolled in another drug trial",
    "Able to travel to the Gold Clinic",
    "Implanted pacemaker",
    "Claustrophobia preventing MRI",
    "Metal implants incompatible with MRI",
    "Previous participation in this study",
    "Employee of the sponsor",
    "Incarcerated persons",
    "Residence in a nursing home",
    "Healthy enough to take part in the opinion of the investigator",
    "Use of any gene therapy in the past",
    "Hearing loss",
    "Glaucoma",
    "Kidney stones",
    "Liver cirrhosis",
    "Severe anaemia",
    "Thyroid disease that is not controlled",
    "Smokers of more than 10 cigarettes a day",
    "Blood pressure above 160/100 mmHg",
    "Heart rate below 50 beats per minute",
    "Prothrombin time more than 1.5 times normal",
    "Potassium above 5.5 mmol/L",
    "Uses a wheelchair full time",
    "Lactating women",
    "Recent head injury",
    "Sleep apnoea unrelated to ALS",
    "Phrenic nerve pacing",
    "Diaphragm pacing system implanted",
    "Requires a wheelchair",
    "Unable to undergo MRI",
    "Prior exposure to the study drug",
    "Known hypersensitivity to edaravone",
    "History of Guillain-Barré syndrome",
    "Positive urine drug screen",
    "Current smoker",
    "Abnormal liver function tests",
    "Fluent in the local language",
    "Signed informed consent",
    "Stable residence for the study period",
    "Uncontrolled epilepsy",
    "Sensitivity to latex",
    "Prior use of edaravone within 30 days",
    "Pregnant or breastfeeding women",
    "Able to swallow, in the opinion of the investigator",
    "Elevated neurofilament light chain",
    "Kidney transplant",
    "Hepatitis C infection",
    "Use of immunosuppressants",
    "Recent COVID-19 infection",
    "Unwilling to use contraception",
    "Diagnosis of multiple sclerosis",
    "Referred from King's College Hospital",
    "Stage 3 chronic kidney disease",
]


def _recognise(text: str, kind: Kind = Kind.INCLUSION) -> tuple[str | None, bool]:
    found = recognise(CriterionText(kind, 1, text))
    return compact(found.condition), found.partial


@pytest.mark.parametrize(("text", "expected"), ALS_PHRASINGS)
def test_als_criteria_are_recognised_however_phrased(text: str, expected: str) -> None:
    condition, _ = _recognise(text)
    assert condition == expected


@pytest.mark.parametrize(("text", "expected"), INCLUSION_NEGATIONS)
def test_a_negated_inclusion_criterion_asks_for_the_absence(text: str, expected: str) -> None:
    assert _recognise(text)[0] == expected


@pytest.mark.parametrize("text", NOT_ALS)
def test_other_criteria_stay_text_for_the_study_team(text: str) -> None:
    found = recognise(CriterionText(Kind.EXCLUSION, 1, text))
    assert not found.recognised, f"{text!r} was matched by {found.pattern_ids}"


def test_there_are_at_least_80_phrasings_of_each_kind() -> None:
    assert len(ALS_PHRASINGS) + len(INCLUSION_NEGATIONS) >= 80
    assert len(NOT_ALS) >= len(ALS_PHRASINGS)


def test_every_pattern_file_recognises_its_own_example_phrasings() -> None:
    patterns = load_patterns()
    assert len(patterns) >= 15
    for pattern in patterns:
        assert pattern_problems(pattern) == [], pattern.id


def test_several_conditions_join_with_and_for_inclusion_and_or_for_exclusion() -> None:
    text = "Age 18 to 80 years with FVC ≥ 60% predicted"
    assert _recognise(text, Kind.INCLUSION)[0] == "(age_years ge 18 & age_years lt 81) & fvc_percent ge 60"
    text = "Tracheostomy or permanent assisted ventilation"
    expected = "(has_tracheostomy eq true | (has_tracheostomy eq true | niv_hours_per_day gt 22))"
    assert _recognise(text, Kind.EXCLUSION)[0] == expected
    text = "Tracheostomy or gastrostomy"
    assert _recognise(text, Kind.EXCLUSION)[0] == "(has_tracheostomy eq true | has_gastrostomy eq true)"


def test_or_makes_alternatives_and_and_makes_requirements_whatever_the_kind() -> None:
    text = "SVC ≥ 50% predicted (or FVC ≥ 50% if SVC is not available)"
    assert _recognise(text, Kind.INCLUSION) == ("(svc_percent ge 50 | fvc_percent ge 50)", False)
    text = "FVC < 60% and use of non-invasive ventilation"
    assert _recognise(text, Kind.EXCLUSION)[0] == "fvc_percent lt 60 & uses_ventilation eq true"
    text = "Age 18 to 80 years, FVC ≥ 60% or SVC ≥ 60%"
    expected = "(age_years ge 18 & age_years lt 81) & (fvc_percent ge 60 | svc_percent ge 60)"
    assert _recognise(text, Kind.INCLUSION)[0] == expected


def test_the_other_words_of_a_recognised_phrase_are_never_silently_covered() -> None:
    condition, partial = _recognise("Tracheostomy or assisted ventilation", Kind.EXCLUSION)
    assert condition == "(has_tracheostomy eq true | uses_ventilation eq true)" and not partial
    assert _recognise("Tracheostomy or phrenic nerve pacing", Kind.EXCLUSION)[1]


def test_unrecognised_words_make_a_criterion_partial() -> None:
    condition, partial = _recognise("FVC ≥ 50% predicted and able to swallow pills")
    assert condition == "fvc_percent ge 50"
    assert partial
    assert not _recognise("FVC ≥ 50% predicted at screening")[1]
