"""Symptom codes of the patient-record format and the model of the lay symptom vocabulary.

The codes are part of the exchange contract (``patient-record.md``); the plain-language labels
and lay synonyms are reviewed content in ``content/symptoms.yaml``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, field_validator

from alsnav.fields import Text

#: Every symptom code the patient-record format allows, in the contract's order.
SYMPTOM_CODES: tuple[str, ...] = (
    "sialorrhea",
    "thick_secretions",
    "spasticity",
    "cramps",
    "fasciculations",
    "pain",
    "pseudobulbar_affect",
    "depression",
    "anxiety",
    "insomnia",
    "fatigue",
    "constipation",
    "dysphagia",
    "dysarthria",
    "dyspnea",
    "orthopnea",
    "weak_cough",
    "falls",
    "weight_loss",
    "cognitive_change",
    "edema",
    "laryngospasm",
    # Added in issue 13 (additive to the record contract).
    "head_drop",
    "pressure_sores",
    "contractures",
)


class Symptom(BaseModel):
    """One symptom: its contract code, the words people use for it, and a short explanation."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    code: str
    label: Text  # plain name, e.g. "Drooling and too much saliva"
    question: Text  # the index heading, e.g. "What helps with drooling?"
    description: Text  # one or two plain sentences
    synonyms: list[Text] = []  # lay words and phrases, reviewed like any content

    @field_validator("code")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in SYMPTOM_CODES:
            raise ValueError(f"unknown symptom code {value!r}; expected one of {', '.join(SYMPTOM_CODES)}")
        return value

    @property
    def slug(self) -> str:
        return self.code.replace("_", "-")


class SymptomVocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    status: Text
    last_reviewed: dt.date
    sources: list[Text]
    symptoms: list[Symptom]
