"""Table-driven vignettes over the whole plan, one block per rule of careplan-rules.md: it fires
(with its priority), it does not fire, the missing data it asks for, each boundary value, and an
as-of date that hides later data. ``None`` means "not recommended"."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.careplan.helpers import items, measure, plan

DX = {"diagnosis_date": "2025-12-01", "diagnosis": {"criteria": "gold_coast", "category": "met"}}
NONE: list[Any] = []

VIGNETTES: list[tuple[str, str, dict[str, Any], str, str | None]] = [
    # 1 riluzole
    ("riluzole: diagnosed, no medicines", "2026-02-01", {**DX, "medications": NONE}, "riluzole", "high"),
    ("riluzole: medicines unknown still offered", "2026-02-01", DX, "riluzole", "high"),
    (
        "riluzole: taking it",
        "2026-02-01",
        {**DX, "medications": [{"name": "Riluzole", "start_date": "2025-12-10"}]},
        "riluzole",
        None,
    ),
    (
        "riluzole: stopped -> review",
        "2026-02-01",
        {**DX, "medications": [{"name": "riluzole", "start_date": "2025-12-10", "stop_date": "2026-01-10"}]},
        "riluzole",
        "medium",
    ),
    (
        "riluzole: stop after as-of still taking",
        "2026-01-01",
        {**DX, "medications": [{"name": "riluzole", "start_date": "2025-12-10", "stop_date": "2026-01-10"}]},
        "riluzole",
        None,
    ),
    (
        "riluzole: not ALS",
        "2026-02-01",
        {"diagnosis_date": "2025-12-01", "diagnosis": {"criteria": "gold_coast", "category": "not_met"}},
        "riluzole",
        None,
    ),
    # 2 liver tests
    (
        "liver: on riluzole",
        "2026-02-01",
        {"medications": [{"name": "riluzole", "start_date": "2025-12-10"}]},
        "liver-test-monitoring",
        "medium",
    ),
    (
        "liver: ALT 5x",
        "2026-02-01",
        {
            "medications": [{"name": "riluzole", "start_date": "2025-12-10"}],
            "measurements": [measure("2026-01-10", "alt_uln_ratio", 5.0)],
        },
        "liver-test-monitoring",
        "high",
    ),
    (
        "liver: ALT 4.99x",
        "2026-02-01",
        {
            "medications": [{"name": "riluzole", "start_date": "2025-12-10"}],
            "measurements": [measure("2026-01-10", "alt_uln_ratio", 4.99)],
        },
        "liver-test-monitoring",
        "medium",
    ),
    (
        "liver: ALT 6x after as-of unseen",
        "2026-01-05",
        {
            "medications": [{"name": "riluzole", "start_date": "2025-12-10"}],
            "measurements": [measure("2026-01-10", "alt_uln_ratio", 6.0)],
        },
        "liver-test-monitoring",
        "medium",
    ),
    ("liver: not on riluzole", "2026-02-01", {"medications": NONE}, "liver-test-monitoring", None),
    # 3 edaravone
    (
        "edaravone: US early",
        "2026-02-01",
        {
            "country": "US",
            "onset_date": "2025-06-01",
            "medications": NONE,
            "assessments": [items("2026-01-10", i3=2)],
            "measurements": [measure("2026-01-10", "fvc_percent", 80)],
        },
        "edaravone",
        "medium",
    ),
    (
        "edaravone: DE never",
        "2026-02-01",
        {
            "country": "DE",
            "onset_date": "2025-06-01",
            "assessments": [items("2026-01-10")],
            "measurements": [measure("2026-01-10", "fvc_percent", 95)],
        },
        "edaravone",
        None,
    ),
    (
        "edaravone: GB never",
        "2026-02-01",
        {
            "country": "GB",
            "onset_date": "2025-06-01",
            "assessments": [items("2026-01-10")],
            "measurements": [measure("2026-01-10", "fvc_percent", 95)],
        },
        "edaravone",
        None,
    ),
    (
        "edaravone: item at 1",
        "2026-02-01",
        {
            "country": "US",
            "onset_date": "2025-06-01",
            "assessments": [items("2026-01-10", i8=1)],
            "measurements": [measure("2026-01-10", "fvc_percent", 95)],
        },
        "edaravone",
        None,
    ),
    (
        "edaravone: FVC 79",
        "2026-02-01",
        {
            "country": "US",
            "onset_date": "2025-06-01",
            "assessments": [items("2026-01-10")],
            "measurements": [measure("2026-01-10", "fvc_percent", 79)],
        },
        "edaravone",
        None,
    ),
    # 4 tofersen
    (
        "tofersen: SOD1+ in US",
        "2026-02-01",
        {"country": "US", "birth_date": "1970-01-01", "genetics": {"SOD1": "positive"}},
        "tofersen",
        "high",
    ),
    (
        "tofersen: SOD1+ in FR (EU)",
        "2026-02-01",
        {"country": "FR", "birth_date": "1970-01-01", "genetics": {"SOD1": "positive"}},
        "tofersen",
        "high",
    ),
    (
        "tofersen: SOD1-",
        "2026-02-01",
        {"country": "US", "birth_date": "1970-01-01", "genetics": {"SOD1": "negative"}},
        "tofersen",
        None,
    ),
    (
        "tofersen: deceased",
        "2026-02-01",
        {
            "country": "US",
            "birth_date": "1970-01-01",
            "genetics": {"SOD1": "positive"},
            "vital_status": {"deceased": True, "date": "2026-01-20"},
        },
        "tofersen",
        None,
    ),
    (
        "tofersen: missing SOD1",
        "2026-02-01",
        {"country": "US", "birth_date": "1970-01-01"},
        "tofersen",
        "missing:gene_sod1",
    ),
    # 5 genetic testing
    ("genetics: untested", "2026-02-01", {}, "genetic-testing", "high"),
    ("genetics: SOD1 known", "2026-02-01", {"genetics": {"SOD1": "negative"}}, "genetic-testing", "medium"),
    (
        "genetics: both known",
        "2026-02-01",
        {"genetics": {"SOD1": "negative", "C9orf72": "negative"}},
        "genetic-testing",
        None,
    ),
    # 6 NIV high
    (
        "niv: FVC 49",
        "2026-02-01",
        {"interventions": NONE, "measurements": [measure("2026-01-10", "fvc_percent", 49)]},
        "noninvasive-ventilation",
        "high",
    ),
    (
        "niv: SVC 49",
        "2026-02-01",
        {"interventions": NONE, "measurements": [measure("2026-01-10", "svc_percent", 49)]},
        "noninvasive-ventilation",
        "high",
    ),
    (
        "niv: SNIP 40 is not below 40",
        "2026-02-01",
        {
            "interventions": NONE,
            "symptoms": NONE,
            "assessments": [items("2026-01-10")],
            "measurements": [
                measure("2026-01-10", "snip_cmh2o", 40),
                measure("2026-01-10", "fvc_percent", 90),
                measure("2026-01-10", "mip_cmh2o", 80),
                measure("2026-01-10", "paco2_mmhg", 40),
                measure("2026-01-10", "spo2_below_88_minutes", 0),
            ],
        },
        "noninvasive-ventilation",
        None,
    ),
    (
        "niv: MIP -59 magnitude",
        "2026-02-01",
        {"interventions": NONE, "measurements": [measure("2026-01-10", "mip_cmh2o", -59)]},
        "noninvasive-ventilation",
        "high",
    ),
    (
        "niv: PaCO2 44.9",
        "2026-02-01",
        {
            "interventions": NONE,
            "symptoms": NONE,
            "assessments": [items("2026-01-10")],
            "measurements": [measure("2026-01-10", "paco2_mmhg", 44.9)],
        },
        "noninvasive-ventilation",
        "missing:vital_capacity_percent",
    ),
    (
        "niv: SpO2 4 minutes",
        "2026-02-01",
        {
            "interventions": NONE,
            "symptoms": NONE,
            "assessments": [items("2026-01-10")],
            "measurements": [measure("2026-01-10", "spo2_below_88_minutes", 4)],
        },
        "noninvasive-ventilation",
        "missing:vital_capacity_percent",
    ),
    (
        "niv: orthopnea symptom",
        "2026-02-01",
        {"interventions": NONE, "symptoms": [{"code": "orthopnea"}]},
        "noninvasive-ventilation",
        "high",
    ),
    (
        "niv: old FVC is missing",
        "2026-05-15",
        {
            "interventions": NONE,
            "symptoms": NONE,
            "assessments": [items("2026-05-01")],
            "measurements": [measure("2026-02-01", "fvc_percent", 40)],
        },
        "noninvasive-ventilation",
        "missing:vital_capacity_percent",
    ),
    (
        "niv: FVC 92 days old still used",
        "2026-05-04",
        {"interventions": NONE, "measurements": [measure("2026-02-01", "fvc_percent", 40)]},
        "noninvasive-ventilation",
        "high",
    ),
    (
        "niv: on NIV",
        "2026-02-01",
        {
            "interventions": [{"type": "niv", "start_date": "2025-10-01"}],
            "measurements": [measure("2026-01-10", "fvc_percent", 40)],
        },
        "noninvasive-ventilation",
        None,
    ),
    (
        "niv: refused -> medium",
        "2026-02-01",
        {
            "interventions": [{"type": "niv", "start_date": "2025-10-01", "refused": True}],
            "measurements": [measure("2026-01-10", "fvc_percent", 40)],
        },
        "noninvasive-ventilation",
        "medium",
    ),
    # 7 NIV discuss
    (
        "niv-discuss: FVC 80 + dyspnea",
        "2026-02-01",
        {
            "interventions": NONE,
            "symptoms": [{"code": "dyspnea"}],
            "measurements": [measure("2026-01-10", "fvc_percent", 80)],
        },
        "noninvasive-ventilation",
        "medium",
    ),
    (
        "niv-discuss: SNIP 40 + item 10=3",
        "2026-02-01",
        {
            "interventions": NONE,
            "assessments": [items("2026-01-10", i10=3)],
            "measurements": [
                measure("2026-01-10", "snip_cmh2o", 40),
                measure("2026-01-10", "fvc_percent", 85),
            ],
        },
        "noninvasive-ventilation",
        "medium",
    ),
    # 8 cough assist
    (
        "cough: PCF 269",
        "2026-02-01",
        {"interventions": NONE, "measurements": [measure("2026-01-10", "pcf_l_min", 269)]},
        "cough-assist",
        "medium",
    ),
    (
        "cough: PCF 159",
        "2026-02-01",
        {"interventions": NONE, "measurements": [measure("2026-01-10", "pcf_l_min", 159)]},
        "cough-assist",
        "high",
    ),
    (
        "cough: PCF 270",
        "2026-02-01",
        {"interventions": NONE, "symptoms": NONE, "measurements": [measure("2026-01-10", "pcf_l_min", 270)]},
        "cough-assist",
        None,
    ),
    (
        "cough: has machine",
        "2026-02-01",
        {
            "interventions": [{"type": "cough_assist", "start_date": "2025-01-01"}],
            "symptoms": [{"code": "weak_cough"}],
        },
        "cough-assist",
        None,
    ),
    # 9 feeding tube
    (
        "tube: 10% loss",
        "2026-02-01",
        {
            "interventions": NONE,
            "premorbid_weight_kg": 70,
            "measurements": [measure("2026-01-10", "weight_kg", 63)],
        },
        "feeding-tube",
        "high",
    ),
    (
        "tube: item 3 = 2",
        "2026-02-01",
        {"interventions": NONE, "assessments": [items("2026-01-10", i3=2)]},
        "feeding-tube",
        "high",
    ),
    (
        "tube: bulbar + FVC 60",
        "2026-02-01",
        {
            "interventions": NONE,
            "symptoms": [{"code": "dysphagia"}],
            "measurements": [measure("2026-01-10", "fvc_percent", 60)],
        },
        "feeding-tube",
        "high",
    ),
    (
        "tube: has a tube",
        "2026-02-01",
        {
            "interventions": [{"type": "gastrostomy", "start_date": "2025-11-01"}],
            "assessments": [items("2026-01-10", i3=1)],
        },
        "feeding-tube",
        None,
    ),
    (
        "tube: refused -> medium",
        "2026-02-01",
        {
            "interventions": [{"type": "gastrostomy", "refused": True}],
            "assessments": [items("2026-01-10", i3=1)],
        },
        "feeding-tube",
        "medium",
    ),
    # 10 nutrition
    (
        "diet: 5% loss",
        "2026-02-01",
        {"premorbid_weight_kg": 80, "measurements": [measure("2026-01-10", "weight_kg", 76)]},
        "nutritional-support",
        "medium",
    ),
    (
        "diet: BMI 18.4",
        "2026-02-01",
        {"height_cm": 200, "measurements": [measure("2026-01-10", "weight_kg", 73.6)]},
        "nutritional-support",
        "medium",
    ),
    # 11 drooling
    (
        "drool: item 2 = 2",
        "2026-02-01",
        {"medications": NONE, "cognition": "normal", "assessments": [items("2026-01-10", i2=2)]},
        "trihexyphenidyl",
        "medium",
    ),
    (
        "drool: item 2 = 2 glyco",
        "2026-02-01",
        {"medications": NONE, "assessments": [items("2026-01-10", i2=2)]},
        "glycopyrrolate",
        "medium",
    ),
    (
        "drool: item 2 = 3 advice",
        "2026-02-01",
        {"medications": NONE, "symptoms": NONE, "assessments": [items("2026-01-10", i2=3)]},
        "glycopyrrolate",
        "low",
    ),
    (
        "drool: item 2 = 3 no tri",
        "2026-02-01",
        {
            "medications": NONE,
            "symptoms": NONE,
            "cognition": "normal",
            "assessments": [items("2026-01-10", i2=3)],
        },
        "trihexyphenidyl",
        None,
    ),
    (
        "drool: FTD no amitriptyline",
        "2026-02-01",
        {"medications": NONE, "cognition": "ftd", "symptoms": [{"code": "sialorrhea"}]},
        "amitriptyline",
        None,
    ),
    (
        "drool: FTD glyco",
        "2026-02-01",
        {"medications": NONE, "cognition": "ftd", "symptoms": [{"code": "sialorrhea"}]},
        "glycopyrrolate",
        "medium",
    ),
    (
        "drool: item 2 = 2 hyoscine",
        "2026-02-01",
        {"medications": NONE, "cognition": "normal", "assessments": [items("2026-01-10", i2=2)]},
        "hyoscine",
        "medium",
    ),
    (
        "drool: item 2 = 3 no hyoscine",
        "2026-02-01",
        {
            "medications": NONE,
            "symptoms": NONE,
            "cognition": "normal",
            "assessments": [items("2026-01-10", i2=3)],
        },
        "hyoscine",
        None,
    ),
    (
        "drool: ALS-CI no hyoscine",
        "2026-02-01",
        {"medications": NONE, "cognition": "als_ci", "symptoms": [{"code": "sialorrhea"}]},
        "hyoscine",
        None,
    ),
    (
        "drool: wearing a hyoscine patch",
        "2026-02-01",
        {
            "medications": [{"name": "hyoscine", "start_date": "2025-12-01"}],
            "cognition": "normal",
            "symptoms": [{"code": "sialorrhea"}],
        },
        "hyoscine",
        None,
    ),
    (
        "drool: atropine drops",
        "2026-02-01",
        {"medications": NONE, "cognition": "normal", "symptoms": [{"code": "sialorrhea"}]},
        "atropine",
        "medium",
    ),
    (
        "drool: cognitive change no atropine",
        "2026-02-01",
        {
            "medications": NONE,
            "cognition": "normal",
            "symptoms": [{"code": "sialorrhea"}, {"code": "cognitive_change"}],
        },
        "atropine",
        None,
    ),
    (
        "drool: saliva unknown asks",
        "2026-02-01",
        {"medications": NONE, "cognition": "normal"},
        "atropine",
        "missing:alsfrs_item_2",
    ),
    (
        "toxin: hyoscine tried",
        "2026-02-01",
        {
            "medications": [{"name": "hyoscine", "start_date": "2025-10-01"}],
            "assessments": [items("2026-01-10", i2=1)],
        },
        "botulinum-toxin",
        "medium",
    ),
    (
        "toxin: atropine stopped",
        "2026-02-01",
        {
            "medications": [{"name": "atropine", "start_date": "2025-10-01", "stop_date": "2025-12-01"}],
            "assessments": [items("2026-01-10", i2=1)],
        },
        "botulinum-toxin",
        "medium",
    ),
    # 12 botulinum toxin
    (
        "toxin: refractory",
        "2026-02-01",
        {
            "medications": [{"name": "glycopyrrolate", "start_date": "2025-10-01"}],
            "assessments": [items("2026-01-10", i2=1)],
        },
        "botulinum-toxin",
        "medium",
    ),
    (
        "toxin: no medicine tried",
        "2026-02-01",
        {"medications": NONE, "assessments": [items("2026-01-10", i2=1)]},
        "botulinum-toxin",
        None,
    ),
    # 13 spasticity
    (
        "spasticity: baclofen",
        "2026-02-01",
        {"medications": NONE, "symptoms": [{"code": "spasticity"}]},
        "baclofen",
        "medium",
    ),
    (
        "spasticity: tizanidine",
        "2026-02-01",
        {"medications": NONE, "symptoms": [{"code": "spasticity"}]},
        "tizanidine",
        "medium",
    ),
    (
        "spasticity: physio",
        "2026-02-01",
        {"symptoms": [{"code": "spasticity"}]},
        "physical-therapy",
        "medium",
    ),
    (
        "spasticity: later symptom unseen",
        "2026-02-01",
        {"medications": NONE, "symptoms": [{"code": "spasticity", "since": "2026-03-01"}]},
        "baclofen",
        None,
    ),
    # 14 cramps
    (
        "cramps: mexiletine",
        "2026-02-01",
        {"medications": NONE, "symptoms": [{"code": "cramps"}]},
        "mexiletine",
        "medium",
    ),
    # 15 pain
    (
        "pain: gabapentin",
        "2026-02-01",
        {"medications": NONE, "symptoms": [{"code": "pain"}]},
        "gabapentin",
        "medium",
    ),
    ("pain: pain relief", "2026-02-01", {"symptoms": [{"code": "pain"}]}, "pain-relief", "medium"),
    # 16 PBA
    (
        "pba: US",
        "2026-02-01",
        {"country": "US", "medications": NONE, "symptoms": [{"code": "pseudobulbar_affect"}]},
        "dextromethorphan-quinidine",
        "medium",
    ),
    (
        "pba: NL never",
        "2026-02-01",
        {"country": "NL", "medications": NONE, "symptoms": [{"code": "pseudobulbar_affect"}]},
        "dextromethorphan-quinidine",
        None,
    ),
    (
        "pba: country unknown",
        "2026-02-01",
        {"medications": NONE, "symptoms": [{"code": "pseudobulbar_affect"}]},
        "dextromethorphan-quinidine",
        "missing:country",
    ),
    # 17 speech therapy
    ("slt: dysarthria", "2026-02-01", {"symptoms": [{"code": "dysarthria"}]}, "speech-therapy", "medium"),
    (
        "slt: item 3 = 3",
        "2026-02-01",
        {"assessments": [items("2026-01-10", i3=3)]},
        "speech-therapy",
        "medium",
    ),
    # 18 voice banking
    (
        "voice: item 1 = 4 limb",
        "2026-02-01",
        {"onset_region": "lower_limb", "assessments": [items("2026-01-10")]},
        "voice-banking",
        "medium",
    ),
    (
        "voice: item 1 = 4 bulbar onset",
        "2026-02-01",
        {"onset_region": "bulbar", "assessments": [items("2026-01-10")]},
        "voice-banking",
        "high",
    ),
    (
        "voice: item 1 = 3",
        "2026-02-01",
        {"assessments": [items("2026-01-10", i1=3)]},
        "voice-banking",
        "high",
    ),
    (
        "voice: item 1 = 2",
        "2026-02-01",
        {"assessments": [items("2026-01-10", i1=2)]},
        "voice-banking",
        "medium",
    ),
    ("voice: item 1 = 1", "2026-02-01", {"assessments": [items("2026-01-10", i1=1)]}, "voice-banking", None),
    ("voice: no ALSFRS-R", "2026-02-01", {}, "voice-banking", "missing:alsfrs_item_1"),
    # 19 communication devices
    (
        "aac: item 1 = 2",
        "2026-02-01",
        {"interventions": NONE, "assessments": [items("2026-01-10", i1=2)]},
        "communication-devices",
        "high",
    ),
    (
        "aac: item 1 = 3",
        "2026-02-01",
        {"interventions": NONE, "assessments": [items("2026-01-10", i1=3)]},
        "communication-devices",
        None,
    ),
    # 20-22 therapy and aids
    (
        "ot: item 4 = 3",
        "2026-02-01",
        {"assessments": [items("2026-01-10", i4=3)]},
        "occupational-therapy",
        "medium",
    ),
    (
        "ot: item 5b = 3",
        "2026-02-01",
        {"assessments": [items("2026-01-10", i5b=3)]},
        "occupational-therapy",
        "medium",
    ),
    (
        "pt: item 8 = 3",
        "2026-02-01",
        {"assessments": [items("2026-01-10", i8=3)]},
        "physical-therapy",
        "medium",
    ),
    (
        "pt: all 4",
        "2026-02-01",
        {"symptoms": NONE, "assessments": [items("2026-01-10")]},
        "physical-therapy",
        None,
    ),
    (
        "aids: item 8 = 2",
        "2026-02-01",
        {"interventions": NONE, "assessments": [items("2026-01-10", i8=2)]},
        "mobility-aids",
        "medium",
    ),
    (
        "aids: item 8 = 3",
        "2026-02-01",
        {"interventions": NONE, "symptoms": NONE, "assessments": [items("2026-01-10", i8=3)]},
        "mobility-aids",
        None,
    ),
    # 23 psychological support
    ("support: always", "2026-02-01", {}, "psychological-social-support", "medium"),
    (
        "support: anxiety",
        "2026-02-01",
        {"symptoms": [{"code": "anxiety"}]},
        "psychological-social-support",
        "high",
    ),
    # 24 multidisciplinary clinic
    (
        "mdc: not followed",
        "2026-02-01",
        {"in_multidisciplinary_clinic": False},
        "multidisciplinary-care",
        "high",
    ),
    ("mdc: followed", "2026-02-01", {"in_multidisciplinary_clinic": True}, "multidisciplinary-care", None),
    ("mdc: not recorded", "2026-02-01", {}, "multidisciplinary-care", "missing:in_multidisciplinary_clinic"),
    # 25 cognitive screening
    ("cognition: unknown", "2026-02-01", {}, "cognitive-screening", "medium"),
    (
        "cognition: normal",
        "2026-02-01",
        {"cognition": "normal", "symptoms": NONE},
        "cognitive-screening",
        None,
    ),
    # 26 advance care planning
    (
        "acp: always",
        "2026-02-01",
        {"cognition": "normal", "interventions": NONE, "symptoms": NONE},
        "advance-care-planning",
        "medium",
    ),
    ("acp: cognitive impairment", "2026-02-01", {"cognition": "als_ci"}, "advance-care-planning", "high"),
    (
        "acp: tube",
        "2026-02-01",
        {"interventions": [{"type": "gastrostomy", "start_date": "2025-12-01"}]},
        "advance-care-planning",
        "high",
    ),
    # 27 trials
    ("trials: always low", "2026-02-01", {"onset_date": "2020-01-01"}, "clinical-trials", "low"),
    ("trials: within the window", "2026-02-01", {"onset_date": "2025-01-01"}, "clinical-trials", "medium"),
    # Further rules: driving
    (
        "driving: just diagnosed",
        "2026-02-01",
        {**DX, "cognition": "normal", "symptoms": NONE, "assessments": [items("2026-01-10")]},
        "driving",
        "medium",
    ),
    (
        "driving: diagnosed long ago, no sign",
        "2026-02-01",
        {
            "diagnosis_date": "2024-01-01",
            "cognition": "normal",
            "symptoms": NONE,
            "assessments": [items("2026-01-10")],
        },
        "driving",
        None,
    ),
    (
        "driving: cutting food item 5 = 3",
        "2026-02-01",
        {
            "diagnosis_date": "2024-01-01",
            "cognition": "normal",
            "symptoms": NONE,
            "assessments": [items("2026-01-10", i5a=3)],
        },
        "driving",
        "medium",
    ),
    (
        "driving: falls",
        "2026-02-01",
        {"diagnosis_date": "2024-01-01", "symptoms": [{"code": "falls"}]},
        "driving",
        "medium",
    ),
    (
        "driving: FTD",
        "2026-02-01",
        {"diagnosis_date": "2024-01-01", "cognition": "ftd"},
        "driving",
        "medium",
    ),
    (
        "driving: no diagnosis date asks",
        "2026-02-01",
        {"cognition": "normal", "symptoms": NONE, "assessments": [items("2026-01-10")]},
        "driving",
        "missing:months_since_diagnosis",
    ),
    (
        "driving: a later diagnosis is not known yet",
        "2025-11-01",
        {**DX, "cognition": "normal", "symptoms": NONE, "assessments": [items("2025-10-10")]},
        "driving",
        None,
    ),
    # Further rules: NIV dependence
    (
        "niv dependence: item 12 = 1",
        "2026-02-01",
        {
            "interventions": [{"type": "niv", "start_date": "2025-06-01"}],
            "assessments": [items("2026-01-10", i12=1)],
        },
        "tracheostomy-ventilation",
        "high",
    ),
    (
        "niv dependence: item 12 = 2",
        "2026-02-01",
        {
            "interventions": [{"type": "niv", "start_date": "2025-06-01"}],
            "assessments": [items("2026-01-10", i12=2)],
        },
        "tracheostomy-ventilation",
        None,
    ),
    (
        "niv dependence: item 12 = 0 already invasive",
        "2026-02-01",
        {"interventions": NONE, "assessments": [items("2026-01-10", i12=0)]},
        "tracheostomy-ventilation",
        None,
    ),
    (
        "niv dependence: no ALSFRS-R",
        "2026-02-01",
        {"interventions": [{"type": "niv", "start_date": "2025-06-01"}]},
        "tracheostomy-ventilation",
        "missing:alsfrs_item_12",
    ),
    # Further rules: palliative care
    (
        "palliative: NIV in use",
        "2026-02-01",
        {"interventions": [{"type": "niv", "start_date": "2025-12-01"}]},
        "palliative-care",
        "medium",
    ),
    (
        "palliative: NIV declined",
        "2026-02-01",
        {
            "interventions": [{"type": "niv", "start_date": "2025-12-01", "refused": True}],
            "assessments": [items("2026-01-10", i1=3)],
        },
        "palliative-care",
        "medium",
    ),
    (
        "palliative: stage 2",
        "2026-02-01",
        {"interventions": NONE, "assessments": [items("2026-01-10", i1=3, i8=3)]},
        "palliative-care",
        None,
    ),
    (
        "palliative: nothing known",
        "2026-02-01",
        {},
        "palliative-care",
        "missing:kings_stage",
    ),
    # Further rules: medicine safety cross-check
    (
        "medicines: tizanidine with PaCO2 45",
        "2026-02-01",
        {
            "medications": [{"name": "tizanidine", "start_date": "2025-06-01"}],
            "interventions": NONE,
            "measurements": [measure("2026-01-10", "paco2_mmhg", 45)],
        },
        "medication-review",
        "medium",
    ),
    (
        "medicines: tizanidine with PaCO2 44",
        "2026-02-01",
        {
            "medications": [{"name": "tizanidine", "start_date": "2025-06-01"}],
            "interventions": NONE,
            "measurements": [
                measure("2026-01-10", "paco2_mmhg", 44),
                measure("2026-01-10", "fvc_percent", 70),
            ],
        },
        "medication-review",
        None,
    ),
    (
        "medicines: baclofen stopped before weak breathing",
        "2026-02-01",
        {
            "medications": [{"name": "baclofen", "start_date": "2025-06-01", "stop_date": "2025-09-01"}],
            "interventions": [{"type": "niv", "start_date": "2025-10-01"}],
        },
        "medication-review",
        None,
    ),
    (
        "medicines: trihexyphenidyl with ALS-CBI",
        "2026-02-01",
        {"medications": [{"name": "trihexyphenidyl", "start_date": "2025-06-01"}], "cognition": "als_cbi"},
        "medication-review",
        "medium",
    ),
    (
        "medicines: not recorded asks",
        "2026-02-01",
        {"cognition": "ftd", "interventions": [{"type": "niv", "start_date": "2025-10-01"}]},
        "medication-review",
        "missing:medications_current",
    ),
]


@pytest.mark.parametrize(
    ("name", "as_of", "record", "rec_id", "expected"), VIGNETTES, ids=[v[0] for v in VIGNETTES]
)
def test_vignette(name: str, as_of: str, record: dict[str, Any], rec_id: str, expected: str | None) -> None:
    care = plan(as_of, **record)
    found = care.recommendation(rec_id)
    if expected is None:
        assert found is None, f"{rec_id} should not be recommended: {found and found.because}"
    elif expected.startswith("missing:"):
        assert found is None
        fact = expected.removeprefix("missing:")
        gaps = {g.fact.value: g for g in care.missing_data}
        assert fact in gaps, f"{fact} not in missing data {sorted(gaps)}"
        assert rec_id in gaps[fact].for_recommendations
        assert ": " in gaps[fact].why  # what is missing, then why it matters
    else:
        assert found is not None, f"{rec_id} should be recommended"
        assert found.priority.value == expected, found.because
        assert found.because and found.sources


def test_the_contract_example_reads_as_promised() -> None:
    care = plan("2026-02-01", interventions=[], measurements=[measure("2026-01-10", "fvc_percent", 45)])
    niv = care.recommendation("noninvasive-ventilation")
    assert niv is not None and niv.priority.value == "high"
    assert "Vital capacity (FVC or SVC) 45% predicted on 2026-01-10 is below 50% predicted" in niv.because
    assert any("AAN" in s for s in niv.sources)


def test_missing_fvc_says_which_fact_and_why_it_matters() -> None:
    care = plan(
        "2026-06-01",
        interventions=[],
        symptoms=[],
        assessments=[items("2026-05-01")],
        measurements=[measure("2026-01-10", "fvc_percent", 45)],
    )
    gap = next(g for g in care.missing_data if g.fact.value == "vital_capacity_percent")
    assert gap.why.startswith(
        "vital capacity (FVC or SVC) 45% predicted on 2026-01-10 is older than 3 months"
    )
    assert gap.why.endswith("it decides whether breathing support should be discussed")
    assert gap.question == "When can I have a breathing test (FVC or SVC)?"


def test_time_critical_steps_say_why_now() -> None:
    care = plan(
        "2026-02-01",
        onset_date="2025-10-01",
        in_multidisciplinary_clinic=False,
        assessments=[items("2026-01-10")],
    )
    for rec_id in (
        "voice-banking",
        "genetic-testing",
        "clinical-trials",
        "advance-care-planning",
        "multidisciplinary-care",
    ):
        rec = care.recommendation(rec_id)
        assert rec is not None and rec.why_now, rec_id


def test_sialorrhea_with_cognitive_impairment_says_why_only_glycopyrrolate() -> None:
    care = plan("2026-02-01", medications=[], cognition="als_bi", symptoms=[{"code": "sialorrhea"}])
    glyco = care.recommendation("glycopyrrolate")
    assert glyco is not None and any("preferred" in w for w in glyco.warnings)
    for rec_id in ("trihexyphenidyl", "amitriptyline", "hyoscine", "atropine"):
        assert care.recommendation(rec_id) is None, rec_id
    assert any("hyoscine and atropine" in w for w in glyco.warnings)


def test_sialorrhea_with_cognitive_impairment_flags_a_brain_reaching_drying_medicine_in_use() -> None:
    care = plan(
        "2026-02-01",
        medications=[{"name": "hyoscine", "start_date": "2025-10-01"}],
        cognition="ftd",
        symptoms=[{"code": "sialorrhea"}],
    )
    review = care.recommendation("medication-review")
    assert review is not None and any("glycopyrrolate" in w for w in review.warnings)
    glyco = care.recommendation("glycopyrrolate")
    assert glyco is not None


def test_both_medicine_checks_merge_into_one_review_with_both_warnings() -> None:
    care = plan(
        "2026-02-01",
        medications=[{"name": "amitriptyline", "start_date": "2025-06-01"}],
        cognition="als_ci",
        interventions=[{"type": "niv", "start_date": "2025-10-01"}],
    )
    reviews = [r for r in care.recommendations if r.id == "medication-review"]
    assert len(reviews) == 1
    warnings = " ".join(reviews[0].warnings)
    assert "slow your breathing" in warnings and "add confusion" in warnings
    assert any("amitriptyline" in line for line in reviews[0].because)


def test_niv_dependence_says_why_now_and_links_the_tracheostomy_page() -> None:
    care = plan(
        "2026-02-01",
        interventions=[{"type": "niv", "start_date": "2025-06-01"}],
        assessments=[items("2026-01-10", i12=1)],
    )
    rec = care.recommendation("tracheostomy-ventilation")
    assert rec is not None and rec.why_now and "power cut" in rec.why_now
    assert rec.url == "/treatments/tracheostomy-ventilation/"
    assert any("Oxygen alone" in w for w in rec.warnings)
    assert care.recommendation("noninvasive-ventilation") is None  # already in use


def test_palliative_care_says_its_timing_is_a_product_choice() -> None:
    care = plan("2026-02-01", interventions=[{"type": "gastrostomy", "start_date": "2025-12-01"}])
    rec = care.recommendation("palliative-care")
    assert rec is not None and rec.url == "/treatments/palliative-care/"
    assert "our choice, not a guideline rule" in rec.text
    assert rec.detail is not None and "product choice" in rec.detail


def test_weak_breathing_warns_about_sedating_medicines() -> None:
    care = plan(
        "2026-02-01",
        medications=[],
        symptoms=[{"code": "spasticity"}, {"code": "pain"}],
        measurements=[measure("2026-01-10", "fvc_percent", 45)],
    )
    for rec_id in ("baclofen", "tizanidine", "gabapentin"):
        rec = care.recommendation(rec_id)
        assert rec is not None and any("breathing" in w for w in rec.warnings), rec_id
    calm = plan(
        "2026-02-01",
        medications=[],
        interventions=[],
        symptoms=[{"code": "spasticity"}],
        measurements=[measure("2026-01-10", "fvc_percent", 90)],
    )
    baclofen = calm.recommendation("baclofen")
    assert baclofen is not None and not any("weaken breathing" in w for w in baclofen.warnings)


def test_tofersen_always_shows_its_serious_side_effects() -> None:
    care = plan("2026-02-01", country="US", birth_date="1960-01-01", genetics={"SOD1": "positive"})
    tofersen = care.recommendation("tofersen")
    assert tofersen is not None and any("myelitis" in w for w in tofersen.warnings)


def test_edaravone_warns_about_sulfite_and_the_weak_recommendation() -> None:
    care = plan(
        "2026-02-01",
        country="US",
        onset_date="2025-06-01",
        medications=[],
        assessments=[items("2026-01-10")],
        measurements=[measure("2026-01-10", "fvc_percent", 90)],
    )
    edaravone = care.recommendation("edaravone")
    assert edaravone is not None
    assert any("sulfite" in w for w in edaravone.warnings)
    assert any("temporary" in w for w in edaravone.warnings)
