"""The care-plan content models: one rule per file, the monitoring schedule and drug availability.

A rule is data reviewed like code (``content/careplan/<id>.yaml``). It names the facts it reads
through :mod:`alsnav.conditions` (``{fact, op, value}``, ``all``/``any``/``not``), never code. The
models refuse unknown keys, so a misspelt key is a clear ``path:line: message`` from
``alsnav check-content``.

Rule anatomy (see ``docs/careplan.md``):

* ``when`` — the condition that makes the recommendation apply (met / not met / unknown).
* ``satisfied_by`` — medicines or equipment that mean the person already has it (never recommended
  again; an unknown medicine or equipment list is said, not guessed).
* ``unless`` — conditions that stop the rule (with the reason shown to clinicians).
* ``variants`` — the first whose condition is met changes the priority and may replace the advice
  text (e.g. "refused: re-offer at medium", "peak cough flow below 160: high").
* ``warnings`` — lines always shown with the recommendation, or only when their condition is met.
* ``missing_data`` — per fact, why it matters ("it decides whether breathing support should be
  discussed").
* ``examples`` — worked vignettes (a partial record, an as-of date, the expected outcome), run by
  the tests.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator, model_validator

from alsnav.conditions import Condition, facts_in
from alsnav.facts import Fact
from alsnav.fields import Reference, ReviewedContent, Slug, Strict, Text

#: Marker content authors put after a fact not yet checked against its primary source.
UNVERIFIED_MARK = "[M]"


class CareArea(StrEnum):
    BREATHING = "breathing"
    NUTRITION = "nutrition"
    COMMUNICATION = "communication"
    MOBILITY = "mobility"
    MEDICINES = "medicines"
    SUPPORT = "support"
    PLANNING = "planning"

    @property
    def label(self) -> str:
        return CARE_AREA_LABELS[self]


CARE_AREA_LABELS: dict[CareArea, str] = {
    CareArea.BREATHING: "Breathing",
    CareArea.NUTRITION: "Eating and nutrition",
    CareArea.COMMUNICATION: "Speech and communication",
    CareArea.MOBILITY: "Moving and daily tasks",
    CareArea.MEDICINES: "Medicines",
    CareArea.SUPPORT: "Care and support",
    CareArea.PLANNING: "Planning ahead",
}


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _RANKS[self.value]

    @property
    def label(self) -> str:
        return {"high": "Act soon", "medium": "Discuss at the next visit", "low": "Good to know"}[self.value]


_RANKS = {"high": 0, "medium": 1, "low": 2}


class Recommendation(Strict):
    """What is recommended: a knowledge-base treatment id or a documented action id."""

    id: Slug
    text: Text  # plain language, what to do
    detail: Text | None = None  # the clinical detail, one click away


class SatisfiedBy(Strict):
    """What the person may already have that makes the recommendation moot."""

    medications: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    interventions: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)


class Exclusion(Strict):
    """A condition that stops the rule when met (an unknown one is said, not guessed)."""

    when: Condition
    because: Text


class Variant(Strict):
    """A different priority (and perhaps different advice) when its condition is met."""

    when: Condition
    priority: Priority
    because: Text
    text: Text | None = None  # replaces the recommendation text


class Warning(Strict):
    """A safety line shown with the recommendation, always or only when ``when`` is met."""

    text: Text
    when: Condition | None = None


class Example(Strict):
    """A worked vignette the tests run: a partial record on a date and what the rule must say."""

    name: Text
    as_of: dt.date
    record: dict[str, Any] = Field(default_factory=dict)
    #: Shorthand: an ALSFRS-R dated ``as_of`` with these items and every other item at 4 (5a).
    alsfrs: dict[str, Annotated[int, Field(ge=0, le=4)]] | None = None
    expect: Annotated[str, Field(pattern=r"^(high|medium|low|none|unknown|excluded)$")]
    because_contains: list[Text] = Field(default_factory=list)
    missing: list[Fact] = Field(default_factory=list)

    def full_record(self) -> dict[str, Any]:
        """The example's record as the record format has it (the ALSFRS-R shorthand expanded)."""
        data: dict[str, Any] = {"id": f"example-{self.as_of.isoformat()}", **self.record}
        if self.alsfrs is not None:
            scores = {key: 4 for key in ("1", "2", "3", "4", "6", "7", "8", "9", "10", "11", "12")}
            if "5b" not in self.alsfrs:
                scores["5a"] = 4
            scores.update(self.alsfrs)
            data["assessments"] = [*data.get("assessments", []), {"date": self.as_of, "alsfrs_r": scores}]
        return data


class Rule(ReviewedContent):
    """One care-plan rule (``content/careplan/<id>.yaml``)."""

    kind: ClassVar[str] = "care-plan rule"

    version: Annotated[int, Field(ge=1)]
    title: Text
    care_area: CareArea
    recommendation: Recommendation
    priority: Priority
    when: Condition
    why_now: Text | None = None  # time-critical steps: why this cannot wait
    #: Shown instead of the trace of ``when`` for rules that apply to everyone ("offered to all").
    because: Text | None = None
    satisfied_by: SatisfiedBy = SatisfiedBy()
    unless: list[Exclusion] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    missing_data: dict[Fact, Text] = Field(default_factory=dict)
    sources: list[Reference] = Field(min_length=1)
    examples: list[Example] = Field(min_length=2)

    @field_validator("examples")
    @classmethod
    def _fires_and_not(cls, value: list[Example]) -> list[Example]:
        outcomes = {e.expect for e in value}
        if not outcomes & {"high", "medium", "low"}:
            raise ValueError("needs at least one example where the rule fires")
        if not outcomes & {"none", "unknown", "excluded"}:
            raise ValueError("needs at least one example where the rule does not fire")
        return value

    @model_validator(mode="after")
    def _missing_data_names_read_facts(self) -> Rule:
        read = set(self.facts_read())
        stray = [fact.value for fact in self.missing_data if fact not in read]
        if stray:
            raise ValueError(f"missing_data: {', '.join(stray)} is not read by any condition of this rule")
        return self

    def facts_read(self) -> list[Fact]:
        conditions: list[Condition] = [self.when]
        conditions += [e.when for e in self.unless]
        conditions += [v.when for v in self.variants]
        conditions += [w.when for w in self.warnings if w.when is not None]
        return list(dict.fromkeys(f for c in conditions for f in facts_in(c)))


# --- Monitoring ---------------------------------------------------------------------------------


class Interval(Strict):
    """A shorter (or different) interval when its condition is met; the first match wins."""

    when: Condition
    days: Annotated[int, Field(gt=0)]
    because: Text


class MonitoringItem(Strict):
    what: Slug | Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    label: Text
    #: Facts whose latest observation date is the last time this was done (the latest one counts).
    measured_by: list[Fact] = Field(min_length=1)
    #: Only scheduled when this is met (e.g. liver tests while riluzole is taken).
    applies_when: Condition | None = None
    #: A measurement before this medicine's start date does not count (liver tests on riluzole).
    counts_from_start_of: str | None = None
    interval_days: Annotated[int, Field(gt=0)]
    intervals: list[Interval] = Field(default_factory=list)
    every_text: Text  # "every 3 months"
    source: Text


class MonitoringSchedule(ReviewedContent):
    kind: ClassVar[str] = "monitoring schedule"

    items: list[MonitoringItem] = Field(min_length=1)
    sources: list[Reference] = Field(min_length=1)


# --- Availability -------------------------------------------------------------------------------


class Availability(StrEnum):
    AUTHORISED = "authorised"
    EXPANDED_ACCESS = "expanded_access"
    NOT_AUTHORISED = "not_authorised"
    WITHDRAWN = "withdrawn"

    @property
    def available(self) -> bool:
        return self in (Availability.AUTHORISED, Availability.EXPANDED_ACCESS)

    @property
    def label(self) -> str:
        return {
            "authorised": "authorised",
            "expanded_access": "available through an expanded access programme",
            "not_authorised": "not authorised",
            "withdrawn": "withdrawn",
        }[self.value]


class RegionStatus(Strict):
    status: Availability
    since: dt.date | None = None
    note: Text | None = None  # "[M]" marks an unverified fact


RegionCode = Annotated[str, Field(pattern=r"^(?:[A-Z]{2}|EU|ALL)$")]


class DrugAvailability(Strict):
    #: Region code -> status. ``EU`` covers every member state; ``ALL`` every country.
    regions: dict[RegionCode, RegionStatus] = Field(min_length=1)
    #: What to say where the drug cannot be recommended.
    otherwise: Text


class AvailabilityTable(ReviewedContent):
    kind: ClassVar[str] = "availability table"

    eu_member_states: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(min_length=27, max_length=27)
    drugs: dict[Slug, DrugAvailability] = Field(min_length=1)
    sources: list[Reference] = Field(min_length=1)

    def status_in(self, drug: str, country: str | None) -> RegionStatus | None:
        """The drug's status in ``country`` (``None`` when not known, or the drug is not listed)."""
        entry = self.drugs.get(drug)
        if entry is None:
            return None
        if "ALL" in entry.regions:
            return entry.regions["ALL"]
        if country is None:
            return None
        code = country.upper()
        if code in entry.regions:
            return entry.regions[code]
        if code in self.eu_member_states and "EU" in entry.regions:
            return entry.regions["EU"]
        return None


# --- Documented actions -------------------------------------------------------------------------


class Action(Strict):
    id: Slug
    title: Text
    text: Text


class ActionList(ReviewedContent):
    """Recommendation ids that are not (yet) knowledge-base treatments: documented actions."""

    kind: ClassVar[str] = "action list"

    actions: list[Action] = Field(min_length=1)
