"""A patient record as an HL7 FHIR R4 ``Bundle`` (type ``collection``), as plain JSON-ready dicts.

Standard and version: HL7 FHIR Release 4 (4.0.1, https://hl7.org/fhir/R4/). The resources used —
``Bundle``, ``Patient``, ``QuestionnaireResponse`` and ``Observation`` — have the same structure in R4
and R4B, and the tests validate every one with the ``fhir.resources`` library (its R4B models).

What is exported:

* one ``Patient`` (sex, birth date, country, vital status, and the record's ``id`` as an identifier);
* one ``QuestionnaireResponse`` per ALSFRS-R assessment, answering the questionnaire
  ``https://alsnav.example/fhir/Questionnaire/alsfrs-r`` item by item (link ids are the record's item
  keys ``1`` … ``12`` with ``5a`` or ``5b``); each answer is a coding whose code is the score 0–4 and
  whose display is the full wording of that answer (Cedarbaum 1999);
* for each assessment, ``Observation``\\ s derived from that response: the ALSFRS-R total, the four
  domain scores, the estimated King's stage (with 4A/4B) and the MiToS stage — values taken from
  :func:`alsnav.progression.assess.assess_record`, so they agree with ``alsnav assess``;
* one ``Observation`` per measurement (FVC, weight and every other measurement type of the record)
  with its UCUM unit. Body weight uses LOINC 29463-7 and the vital-signs category.

Codes: ALSFRS-R scores, stages and ALS measurements have no code this project could verify in a
standard terminology, so they use the project's code system ``https://alsnav.example/fhir/CodeSystem/
alsnav`` with readable displays rather than guessed LOINC codes. Resource ids are UUIDs derived
deterministically from ``subject_key`` and the content's position, so exporting the same record twice
gives the same bundle. The function reads no clock: pass ``timestamp`` to stamp the bundle.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from alsnav.errors import InputError
from alsnav.progression.assess import AssessmentReport, ScoredAssessment, assess
from alsnav.record import Assessment, Measurement, PatientRecord
from alsnav.scales import alsfrs
from alsnav.terms import MEASUREMENT_BY_TYPE

FHIR_VERSION = "4.0.1"
BASE_URL = "https://alsnav.example/fhir"
CODE_SYSTEM = f"{BASE_URL}/CodeSystem/alsnav"
ANSWER_SYSTEM_PREFIX = f"{BASE_URL}/CodeSystem/alsfrs-r-item-"
KINGS_SYSTEM = f"{BASE_URL}/CodeSystem/kings-stage"
QUESTIONNAIRE_URL = f"{BASE_URL}/Questionnaire/alsfrs-r"
IDENTIFIER_SYSTEM = f"{BASE_URL}/record-id"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
BODY_POSITION_EXTENSION = "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition"

_NAMESPACE = uuid.UUID("6f1f8f0e-5c1a-4d0b-9a37-2d8a4d6b0a51")  # fixed: ids are stable across runs


@dataclass(frozen=True)
class MeasurementCode:
    """How one measurement type of the record is coded in FHIR."""

    system: str
    code: str
    display: str
    ucum: str  # UCUM code of the unit (the unit shown to people comes from alsnav.terms)
    category: str | None = None


#: Every measurement type of the record format (docs/contracts/patient-record.md) and its coding.
MEASUREMENT_CODES: dict[str, MeasurementCode] = {
    "fvc_percent": MeasurementCode(
        CODE_SYSTEM, "fvc-percent-predicted", "Forced vital capacity, % of predicted", "%"
    ),
    "svc_percent": MeasurementCode(
        CODE_SYSTEM, "svc-percent-predicted", "Slow vital capacity, % of predicted", "%"
    ),
    "snip_cmh2o": MeasurementCode(
        CODE_SYSTEM, "snip", "Sniff nasal inspiratory pressure (SNIP)", "cm[H2O]"
    ),
    "mip_cmh2o": MeasurementCode(
        CODE_SYSTEM, "mip", "Maximal inspiratory pressure (MIP)", "cm[H2O]"
    ),
    "pcf_l_min": MeasurementCode(CODE_SYSTEM, "peak-cough-flow", "Peak cough flow", "L/min"),
    "paco2_mmhg": MeasurementCode(
        CODE_SYSTEM, "paco2", "Carbon dioxide pressure in arterial blood (PaCO2)", "mm[Hg]"
    ),
    "spo2_nadir_percent": MeasurementCode(
        CODE_SYSTEM, "spo2-nadir", "Lowest oxygen saturation overnight (SpO2 nadir)", "%"
    ),
    "spo2_below_88_minutes": MeasurementCode(
        CODE_SYSTEM, "spo2-below-88-minutes", "Minutes overnight with SpO2 below 88%", "min"
    ),
    "weight_kg": MeasurementCode(LOINC, "29463-7", "Body weight", "kg", category="vital-signs"),
    "alt_uln_ratio": MeasurementCode(
        CODE_SYSTEM, "alt-uln-ratio", "ALT as a multiple of the upper limit of normal", "1"
    ),
    "nfl_pg_ml": MeasurementCode(CODE_SYSTEM, "nfl", "Neurofilament light chain (NfL)", "pg/mL"),
}

DOMAIN_DISPLAYS: dict[str, str] = {
    "bulbar": "ALSFRS-R bulbar domain score (items 1-3)",
    "fine_motor": "ALSFRS-R fine motor domain score (items 4-6)",
    "gross_motor": "ALSFRS-R gross motor domain score (items 7-9)",
    "respiratory": "ALSFRS-R respiratory domain score (items 10-12)",
}


def _uuid(subject_key: str, *parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join([subject_key, *(str(p) for p in parts)])))


def _coding(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY_SYSTEM, "code": code, "display": display}]}]


def _number(value: float) -> int | float:
    """Whole numbers as integers (``84`` not ``84.0``), as FHIR decimals are usually written."""
    return int(value) if float(value).is_integer() else value


def _patient(record: PatientRecord, patient_id: str) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": patient_id}
    if record.id:
        patient["identifier"] = [{"system": IDENTIFIER_SYSTEM, "value": record.id}]
    if record.sex is not None:
        patient["gender"] = record.sex  # the record's values are FHIR's administrative genders
    if record.birth_date is not None:
        patient["birthDate"] = record.birth_date.isoformat()
    if record.vital_status is not None and record.vital_status.deceased is not None:
        if record.vital_status.deceased and record.vital_status.date is not None:
            patient["deceasedDateTime"] = record.vital_status.date.isoformat()
        else:
            patient["deceasedBoolean"] = record.vital_status.deceased
    if record.country is not None:
        patient["address"] = [{"country": record.country}]
    return patient


def _questionnaire_response(
    assessment: Assessment, response_id: str, patient_ref: dict[str, str]
) -> dict[str, Any]:
    items = []
    for key, score in assessment.alsfrs_r.scores().items():
        item = alsfrs.ITEM_BY_KEY[key]
        coding = {"system": ANSWER_SYSTEM_PREFIX + key, "code": str(score), "display": item.answer(score)}
        answer = {"valueCoding": coding}
        items.append({"linkId": key, "text": f"{key}. {item.title}", "answer": [answer]})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed",
        "subject": patient_ref,
        "authored": assessment.date.isoformat(),
        "item": items,
    }


def _score_observation(
    observation_id: str,
    code: dict[str, Any],
    when: dt.date,
    patient_ref: dict[str, str],
    response_ref: dict[str, str],
    value: dict[str, Any],
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": observation_id,
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": code,
        "subject": patient_ref,
        "effectiveDateTime": when.isoformat(),
        **value,
        "derivedFrom": [response_ref],
    }


def _assessment_observations(
    subject_key: str,
    index: int,
    assessment: Assessment,
    scored: ScoredAssessment,
    patient_ref: dict[str, str],
    response_ref: dict[str, str],
) -> list[dict[str, Any]]:
    when = assessment.date
    observations = [
        _score_observation(
            _uuid(subject_key, "assessment", index, "total"),
            _coding(CODE_SYSTEM, "alsfrs-r-total", "ALSFRS-R total score (0-48)"),
            when,
            patient_ref,
            response_ref,
            {"valueInteger": scored.total},
        )
    ]
    domains = scored.domains
    for domain, display in DOMAIN_DISPLAYS.items():
        observations.append(
            _score_observation(
                _uuid(subject_key, "assessment", index, domain),
                _coding(CODE_SYSTEM, f"alsfrs-r-{domain.replace('_', '-')}", display),
                when,
                patient_ref,
                response_ref,
                {"valueInteger": int(domains[domain])},
            )
        )
    kings = scored.kings_label
    kings_observation = _score_observation(
        _uuid(subject_key, "assessment", index, "kings"),
        _coding(CODE_SYSTEM, "kings-stage", "King's clinical stage, estimated from the ALSFRS-R"),
        when,
        patient_ref,
        response_ref,
        {"valueCodeableConcept": _coding(KINGS_SYSTEM, kings, f"King's stage {kings}")},
    )
    kings_observation["note"] = [
        {"text": "Estimated from the ALSFRS-R (Balendra et al. 2014) for the stages of Roche et al. 2012."}
    ]
    observations.append(kings_observation)
    mitos = _score_observation(
        _uuid(subject_key, "assessment", index, "mitos"),
        _coding(CODE_SYSTEM, "mitos-stage", "MiToS stage (0-5)"),
        when,
        patient_ref,
        response_ref,
        {"valueInteger": scored.mitos.stage},
    )
    mitos["note"] = [{"text": "Milano-Torino staging (Chiò et al. 2015), from the ALSFRS-R."}]
    observations.append(mitos)
    return observations


def _measurement_observation(
    measurement: Measurement, observation_id: str, patient_ref: dict[str, str]
) -> dict[str, Any]:
    coding = MEASUREMENT_CODES[measurement.type]
    observation: dict[str, Any] = {"resourceType": "Observation", "id": observation_id, "status": "final"}
    if coding.category == "vital-signs":
        observation["category"] = _category("vital-signs", "Vital Signs")
    observation |= {
        "code": _coding(coding.system, coding.code, coding.display),
        "subject": patient_ref,
        "effectiveDateTime": measurement.date.isoformat(),
        "valueQuantity": {
            "value": _number(measurement.value),
            "unit": MEASUREMENT_BY_TYPE[measurement.type].unit,
            "system": UCUM,
            "code": coding.ucum,
        },
    }
    if measurement.position is not None:
        observation["extension"] = [
            {"url": BODY_POSITION_EXTENSION, "valueCodeableConcept": {"text": measurement.position}}
        ]
    return observation


def record_to_fhir_bundle(
    record: PatientRecord,
    *,
    report: AssessmentReport | None = None,
    subject_key: str | None = None,
    timestamp: dt.datetime | None = None,
) -> dict[str, Any]:
    """The whole record as a FHIR R4 ``collection`` Bundle (a dict ready for ``json.dumps``).

    ``report`` is :func:`alsnav.progression.assess.assess` of the same record; it is computed
    when not given. ``subject_key`` makes the resource ids unique to one person (default: the
    record's ``id``). ``timestamp`` (timezone-aware) becomes ``Bundle.timestamp``.
    """
    if timestamp is not None and timestamp.utcoffset() is None:
        raise InputError.single("timestamp", "must be timezone-aware")
    if report is None:
        report = assess(record)
    key = subject_key or record.id or "patient"
    scored_by_date = {a.date: a for a in report.assessments}

    entries: list[dict[str, Any]] = []

    def add(resource: dict[str, Any]) -> dict[str, str]:
        full_url = f"urn:uuid:{resource['id']}"
        entries.append({"fullUrl": full_url, "resource": resource})
        return {"reference": full_url}

    patient_ref = add(_patient(record, _uuid(key, "patient")))
    for index, assessment in enumerate(record.assessments_by_date()):
        response_id = _uuid(key, "assessment", index, "response")
        response_ref = add(_questionnaire_response(assessment, response_id, patient_ref))
        scored = scored_by_date.get(assessment.date)
        if scored is None:
            continue  # the report does not cover this assessment: export the answers only
        observations = _assessment_observations(key, index, assessment, scored, patient_ref, response_ref)
        for observation in observations:
            add(observation)
    measurements = sorted(record.measurements, key=lambda m: (m.date, m.type))
    for index, measurement in enumerate(measurements):
        add(_measurement_observation(measurement, _uuid(key, "measurement", index), patient_ref))

    bundle: dict[str, Any] = {"resourceType": "Bundle", "id": _uuid(key, "bundle"), "type": "collection"}
    if timestamp is not None:
        bundle["timestamp"] = timestamp.isoformat(timespec="seconds")
    bundle["entry"] = entries
    return bundle
