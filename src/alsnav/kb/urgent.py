"""Urgent help: when to get help, how fast, and the numbers to call (``content/urgent-help.yaml``).

Reviewed content like every other file. Each *situation* says what a person or caregiver notices,
how urgent it is (three levels: call emergency services now, contact the ALS team today, mention it
at the next visit), what to do, and the guideline sources. Situations list the symptom codes and
treatment pages they belong to, so every symptom page can show its "When to get help" section.

Situations of the two urgent levels may carry *triggers*: reviewed phrases the search recogniser
(:mod:`alsnav.search.urgent`) reacts to, and *ignore_when* phrases that mark an ordinary question.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from alsnav.content import default_content_dir, load_yaml_file, node_line
from alsnav.errors import ContentError, Problem
from alsnav.fields import Reference, ReviewedContent, Slug, Strict, Text
from alsnav.symptoms import SYMPTOM_CODES

URGENT_HELP_FILE = "urgent-help.yaml"

#: Countries shown when the reader's country is not known (the short list).
SHORT_LIST = ("US", "GB", "EU", "CA", "AU", "JP")


class HelpLevel(StrEnum):
    EMERGENCY = "emergency"
    TODAY = "today"
    NEXT_VISIT = "next_visit"

    @property
    def label(self) -> str:
        return {
            "emergency": "Call emergency services now",
            "today": "Contact your ALS team or doctor today",
            "next_visit": "Mention it at your next visit",
        }[self.value]

    @property
    def urgent(self) -> bool:
        return self is not HelpLevel.NEXT_VISIT


#: The order levels are shown in.
LEVELS = (HelpLevel.EMERGENCY, HelpLevel.TODAY, HelpLevel.NEXT_VISIT)


class Situation(Strict):
    """One situation: what you notice, how urgent it is, what to do, and where that comes from."""

    id: Slug
    title: Text
    level: HelpLevel
    signs: list[Text] = Field(min_length=1)
    advice: list[Text] = Field(min_length=1)
    symptoms: list[str] = []
    all_symptoms: bool = False  # true for the few situations that matter whatever the symptom
    treatments: list[Slug] = []
    crisis: bool = False  # show the crisis (suicide prevention) lines with it
    triggers: list[Text] = []
    ignore_when: list[Text] = []
    sources: list[Reference] = Field(min_length=1)

    @field_validator("symptoms")
    @classmethod
    def _known_symptoms(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in SYMPTOM_CODES]
        if unknown:
            raise ValueError(f"unknown symptom code(s) {', '.join(unknown)}")
        return value

    @model_validator(mode="after")
    def _triggers_only_when_urgent(self) -> Situation:
        if self.triggers and not self.level.urgent:
            raise ValueError("triggers: only emergency and today situations are recognised in search")
        if self.ignore_when and not self.triggers:
            raise ValueError("ignore_when: only makes sense with triggers")
        return self

    def applies_to(self, code: str) -> bool:
        return self.all_symptoms or code in self.symptoms


class CountryNumbers(Strict):
    """Emergency and crisis numbers of one country (or ``EU`` for the European 112)."""

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    name: Text
    emergency: Text  # the ambulance number
    emergency_note: Text | None = None
    crisis: Text | None = None  # a crisis or suicide-prevention line; [M] when not yet verified
    crisis_name: Text | None = None
    sources: list[Reference] = Field(min_length=1)

    @model_validator(mode="after")
    def _crisis_named(self) -> CountryNumbers:
        if self.crisis and not self.crisis_name:
            raise ValueError("crisis_name: a crisis line needs its name")
        return self


class UrgentHelp(ReviewedContent):
    """``content/urgent-help.yaml``."""

    kind = "urgent help"

    title: Text
    intro: Text
    numbers: list[CountryNumbers] = Field(min_length=1)
    situations: list[Situation] = Field(min_length=1)
    #: Phrases that make any query an ordinary question ("how to use", "pros and cons").
    ordinary: list[Text] = []
    reviewed_by: Text

    @model_validator(mode="after")
    def _unique(self) -> UrgentHelp:
        seen: set[str] = set()
        for situation in self.situations:
            if situation.id in seen:
                raise ValueError(f"situations: id '{situation.id}' appears twice")
            seen.add(situation.id)
        countries = [n.country for n in self.numbers]
        if len(set(countries)) != len(countries):
            raise ValueError("numbers: a country is listed twice")
        return self

    def situation(self, situation_id: str) -> Situation | None:
        return next((s for s in self.situations if s.id == situation_id), None)

    def for_symptom(self, code: str) -> list[tuple[HelpLevel, list[Situation]]]:
        """The situations of one symptom page, grouped by level (most urgent first)."""
        return [
            (level, [s for s in self.situations if s.level is level and s.applies_to(code)])
            for level in LEVELS
        ]

    def for_treatment(self, treatment_id: str) -> list[tuple[HelpLevel, list[Situation]]]:
        groups = [
            (level, [s for s in self.situations if s.level is level and treatment_id in s.treatments])
            for level in LEVELS
        ]
        return [(level, items) for level, items in groups if items]

    def numbers_for(self, country: str | None) -> list[CountryNumbers]:
        """The reader's country when known, otherwise the short list."""
        if country:
            match = [n for n in self.numbers if n.country == country.upper()]
            if match:
                return match
        return [n for code in SHORT_LIST for n in self.numbers if n.country == code]


def check_urgent_help(
    path: Path, treatment_ids: set[str] | None = None
) -> tuple[UrgentHelp | None, list[Problem]]:
    """Validate the urgent-help file: the model, known treatment ids, and the three levels.

    Every symptom code needs at least one situation at each of the three levels, so every symptom
    page can say when to get help.
    """
    if not path.exists():
        return None, [Problem(str(path), "the urgent-help file is missing")]
    item, parsed, problems = load_yaml_file(path, UrgentHelp)
    if item is None or parsed is None:
        return None, problems
    if item.id != path.stem:
        problems.append(
            Problem(
                str(path),
                f"id: '{item.id}' must match the file name '{path.name}'",
                node_line(parsed.node, ["id"]),
            )
        )
    if treatment_ids is not None:
        for index, situation in enumerate(item.situations):
            for position, treatment_id in enumerate(situation.treatments):
                if treatment_id not in treatment_ids:
                    line = node_line(parsed.node, ["situations", index, "treatments", position])
                    where = f"situations.{index}.treatments.{position}"
                    message = f"{where}: unknown treatment id '{treatment_id}'"
                    problems.append(Problem(str(path), message, line))
    line = node_line(parsed.node, ["situations"])
    for code in SYMPTOM_CODES:
        for level, situations in item.for_symptom(code):
            if not situations:
                problems.append(
                    Problem(
                        str(path),
                        f"situations: symptom '{code}' has no '{level.value}' help level "
                        f"({level.label.lower()}); every symptom page needs all three",
                        line,
                    )
                )
    return (item if not problems else None), problems


def load_urgent_help(content_dir: Path | None = None) -> UrgentHelp | None:
    """The urgent-help content, or ``None`` when the directory has none; raises when invalid."""
    path = (content_dir or default_content_dir()) / URGENT_HELP_FILE
    if not path.exists():
        return None
    item, problems = check_urgent_help(path)
    if problems or item is None:
        raise ContentError(problems)
    return item
