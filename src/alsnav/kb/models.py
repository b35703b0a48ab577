"""Pydantic models of the treatment knowledge base.

One treatment is one file under ``content/treatments/<id>.md``: YAML front matter validated by
:class:`TreatmentMeta` (unknown keys are refused) and a Markdown body with the longer text.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from alsnav.fields import Reference, ReviewedContent, Slug, Strict, Text
from alsnav.symptoms import SYMPTOM_CODES

Grade = Literal["A", "B", "C", "D", "F", "U"]

#: Marker that content authors put after a fact that is not verified against its primary source.
UNVERIFIED_MARK = "[M]"


class Category(StrEnum):
    DISEASE_MODIFYING_DRUG = "disease-modifying-drug"
    SYMPTOM_DRUG = "symptom-drug"
    BREATHING_SUPPORT = "breathing-support"
    NUTRITION = "nutrition"
    THERAPY = "therapy"
    COMMUNICATION = "communication"
    EQUIPMENT = "equipment"
    CARE_AND_SUPPORT = "care-and-support"
    SUPPLEMENT = "supplement"
    RESEARCH = "research"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self][0]

    @property
    def description(self) -> str:
        return CATEGORY_LABELS[self][1]


#: Display order, plain-language heading and one-line description of each category.
CATEGORY_LABELS: dict[Category, tuple[str, str]] = {
    Category.DISEASE_MODIFYING_DRUG: (
        "Medicines that may slow ALS",
        "Medicines studied for their effect on the course of the disease itself.",
    ),
    Category.SYMPTOM_DRUG: (
        "Medicines for symptoms",
        "Medicines that ease stiffness, cramps, pain, drooling, mood and other symptoms.",
    ),
    Category.BREATHING_SUPPORT: (
        "Breathing and cough support",
        "Machines and techniques that help when the breathing muscles weaken.",
    ),
    Category.NUTRITION: (
        "Eating, drinking and nutrition",
        "Keeping weight up and eating safely when chewing and swallowing get harder.",
    ),
    Category.THERAPY: (
        "Therapy and rehabilitation",
        "Physical, occupational and speech therapy to keep you doing what matters.",
    ),
    Category.COMMUNICATION: (
        "Communication",
        "Ways to keep talking with the people around you when speech changes.",
    ),
    Category.EQUIPMENT: (
        "Mobility and equipment",
        "Walkers, wheelchairs and other aids that keep you moving safely.",
    ),
    Category.CARE_AND_SUPPORT: (
        "Care, support and planning",
        "The care team, emotional support, daily life and planning ahead.",
    ),
    Category.SUPPLEMENT: (
        "Dietary supplements",
        "Vitamins and supplements people ask about, with what the evidence really shows.",
    ),
    Category.RESEARCH: (
        "Research and clinical trials",
        "Taking part in studies of new treatments.",
    ),
}

DRUG_CATEGORIES = frozenset({Category.DISEASE_MODIFYING_DRUG, Category.SYMPTOM_DRUG})


class RegulatoryStatus(StrEnum):
    APPROVED = "approved"
    ACCELERATED_APPROVAL = "accelerated_approval"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"
    NOT_AUTHORISED = "not_authorised"
    NOT_APPLICABLE = "not_applicable"
    # Added in issue 13 (additive to the command-line contract).
    CONDITIONAL_APPROVAL = "conditional_approval"
    EXCEPTIONAL_CIRCUMSTANCES = "exceptional_circumstances"

    @property
    def label(self) -> str:
        return {
            "approved": "Approved",
            "accelerated_approval": "Accelerated approval",
            "conditional_approval": "Approved with conditions",
            "exceptional_circumstances": "Authorised under exceptional circumstances",
            "withdrawn": "Withdrawn",
            "refused": "Refused",
            "not_authorised": "Not authorised",
            "not_applicable": "Not applicable",
        }[self.value]


class Summary(Strict):
    """The plain-language summary: four short answers a reader looks for first."""

    what_it_is: Text
    who_it_may_help: Text
    how_it_is_given: Text
    what_to_watch_for: Text


class GuidelineLevel(Strict):
    guideline: Text  # e.g. "AAN practice parameter 2009 (Miller et al.)"
    level: Text  # e.g. "Level A", "GRADE strong", "Consensus"
    statement: Text  # the recommendation in our own words


class Trial(Strict):
    name: Text
    registry_id: Annotated[str, StringConstraints(pattern=r"^NCT\d{8}$")] | None = None
    year: int | None = Field(default=None, ge=1950, le=2100)
    participants: int | None = Field(default=None, gt=0)
    design: Text
    result: Text


class EvidenceGrades(Strict):
    """An ALSUntangled-style Table of Evidence: five categories, A (best) to F, or U (unknown)."""

    mechanism: Grade
    preclinical: Grade
    cases: Grade
    trials: Grade
    risks: Grade
    graded_by: Text  # "ALSUntangled review #61 (2019)" or "ALS Navigator editors (ALSUntangled method)"
    alsuntangled_url: str | None = None


class Evidence(Strict):
    bottom_line: Text  # one or two plain sentences: what the evidence says
    guideline_levels: list[GuidelineLevel] = []
    trials: list[Trial] = []
    grades: EvidenceGrades | None = None


class Regulatory(Strict):
    """One row of regulatory status: a region, its status, when, and where that is written down.

    ``date`` is the date of the decision (approval, refusal, withdrawal) or, for a status with no
    decision behind it (``not_applicable``, ``not_authorised`` with nothing filed), the date an
    editor last checked it. ``source`` is the regulator's or sponsor's page, or a paper.
    ``alsnav check-content`` refuses a row without either (the model keeps them optional so the
    checker can report every missing one with its line).
    """

    region: Annotated[str, StringConstraints(pattern=r"^(?:[A-Z]{2}|ALL)$")]
    status: RegulatoryStatus
    date: dt.date | None = None
    #: ``decision``: the date of the regulator's decision; ``checked``: no dated decision applies
    #: (or we have not verified its date), so this is when an editor last checked the status.
    date_type: Literal["decision", "checked"] = "decision"
    note: str | None = None
    source: Reference | None = None

    @property
    def date_label(self) -> str:
        if self.date is None:
            return ""
        if self.date_type == "checked":
            return f"status checked {self.date.isoformat()}"
        return self.date.isoformat()


class ExpectedKind(StrEnum):
    READOUT = "readout"
    DECISION = "decision"


class Expected(Strict):
    """Something due that may change the page: a trial readout or a regulator's decision.

    Once ``date`` has passed, ``alsnav check-content`` warns and the page says the information
    may have changed.
    """

    kind: ExpectedKind
    what: Text
    date: dt.date
    source: Reference


class TreatmentMeta(ReviewedContent):
    """The YAML front matter of one treatment file (id, status and review dates from the base)."""

    kind = "treatment"

    title: Text
    other_names: list[Text] = []  # real names only: brand, generic, abbreviations ("Also called")
    #: What people type that is not a name: misspellings and lay phrases. Search uses them; pages
    #: do not show them.
    search_terms: list[Text] = []
    category: Category
    symptoms: list[str] = []
    summary: Summary
    how_it_works: Text
    evidence: Evidence
    regulatory: list[Regulatory] = []
    expected: list[Expected] = []
    practical_notes: list[Text] = Field(min_length=1)
    talk_to_your_team: list[Text] = Field(min_length=1)
    references: list[Reference] = Field(min_length=1)
    related: list[Slug] = []
    reviewed_by: Text

    @field_validator("symptoms")
    @classmethod
    def _known_symptoms(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in SYMPTOM_CODES]
        if unknown:
            raise ValueError(
                f"unknown symptom code(s) {', '.join(unknown)}; use codes from the patient record "
                f"format ({', '.join(sorted(SYMPTOM_CODES))})"
            )
        if len(set(value)) != len(value):
            raise ValueError("a symptom code is listed twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TreatmentMeta:
        if self.category in DRUG_CATEGORIES:
            if not self.regulatory:
                raise ValueError("regulatory: a medicine needs its regulatory status")
            if not (self.evidence.trials or self.evidence.guideline_levels or self.evidence.grades):
                raise ValueError("evidence: a medicine needs trials, guideline levels or evidence grades")
        if self.category is Category.SUPPLEMENT and self.evidence.grades is None:
            raise ValueError("evidence: a supplement needs evidence grades (evidence.grades)")
        if self.id in self.related:
            raise ValueError("related: an entry cannot be related to itself")
        return self


_WORD = re.compile(r"[A-Za-z]+")


class Treatment(Strict):
    """A validated treatment entry: the front matter plus its Markdown body and source path."""

    meta: TreatmentMeta
    body: str
    path: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title
