"""The words people search with, mapped to what they mean.

Three reviewed sources feed one phrase matcher:

* ``content/symptoms.yaml`` — lay words for each symptom ("drooling", "spit" -> ``sialorrhea``);
  a symptom match surfaces every treatment listing that symptom code;
* each treatment's title, id, ``other_names`` and ``search_terms`` (brand names, generic names,
  abbreviations, lay phrases and
  the misspellings editors added) -> that treatment;
* ``content/search-synonyms.yaml`` — abbreviations and everyday terms that are neither a symptom
  nor a treatment's own name ("NIV", "physio", "trach"), validated by :class:`SearchSynonyms`.

Phrases are compared stem by stem after dropping function words, so "can't swallow my saliva"
matches "cant swallow saliva" typed without the apostrophe.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alsnav.content import load_yaml_file, node_line
from alsnav.errors import ContentError, Problem
from alsnav.fields import Slug, Text
from alsnav.search.text import content_stems, phrase_stems

SYNONYMS_FILE = "search-synonyms.yaml"


class SynonymEntry(BaseModel):
    """Words (``terms``) that mean a treatment and/or other words (``means``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    terms: list[Text] = Field(min_length=1)
    means: list[Text] = []  # words added to the search when a term is typed
    treatments: list[Slug] = []  # entries the terms name directly
    note: Text | None = None

    @model_validator(mode="after")
    def _has_meaning(self) -> SynonymEntry:
        if not self.means and not self.treatments:
            raise ValueError("means: an entry needs `means` (words) or `treatments` (ids), or both")
        return self


class SearchSynonyms(BaseModel):
    """``content/search-synonyms.yaml``: reviewed search vocabulary that is not a symptom."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    status: Text
    last_reviewed: dt.date
    sources: list[Text] = Field(min_length=1)
    entries: list[SynonymEntry]


def check_search_synonyms(
    path: Path, known_ids: Iterable[str] | None = None
) -> tuple[SearchSynonyms | None, list[Problem]]:
    """Validate the synonyms file; with ``known_ids``, every treatment id must exist."""
    synonyms, parsed, problems = load_yaml_file(path, SearchSynonyms)
    if synonyms is not None and parsed is not None and known_ids is not None:
        ids = set(known_ids)
        for index, entry in enumerate(synonyms.entries):
            for position, treatment_id in enumerate(entry.treatments):
                if treatment_id not in ids:
                    line = node_line(parsed.node, ["entries", index, "treatments", position])
                    problems.append(
                        Problem(
                            str(path),
                            f"entries.{index}.treatments.{position}: unknown treatment id '{treatment_id}'",
                            line,
                        )
                    )
    return (synonyms if not problems else None), problems


def load_search_synonyms(path: Path) -> SearchSynonyms | None:
    """The synonyms file, or ``None`` when there is none; raises ContentError when invalid."""
    if not path.exists():
        return None
    synonyms, problems = check_search_synonyms(path)
    if problems:
        raise ContentError(problems)
    return synonyms


class Kind(Enum):
    SYMPTOM = "symptom"
    NAME = "name"
    EXPANSION = "expansion"


@dataclass(frozen=True)
class Phrase:
    stems: tuple[str, ...]
    kind: Kind
    target: str  # symptom code, treatment id, or "" for a pure expansion
    expansion: tuple[str, ...] = ()  # stems added to the ranking query


@dataclass
class VocabularyMatch:
    """What a query's words name: treatments, symptoms (0..1 strength) and extra search words."""

    names: dict[str, float] = field(default_factory=dict)
    symptoms: dict[str, float] = field(default_factory=dict)
    expansions: list[str] = field(default_factory=list)
    matched_stems: set[str] = field(default_factory=set)

    def _add(self, table: dict[str, float], key: str, strength: float) -> None:
        table[key] = max(table.get(key, 0.0), strength)


#: A symptom phrase matched only in part counts when at least this share of its words appears.
PARTIAL_COVERAGE = 0.6
#: ... and then weighs this much of a whole-phrase match.
PARTIAL_WEIGHT = 0.6
#: A symptom phrase whose words all belong to a longer matched phrase (of another symptom, a name
#: or a synonym) counts this much.
SUBSUMED_WEIGHT = 0.4


class PhraseMatcher:
    """Finds vocabulary phrases inside a query's stems."""

    def __init__(self, phrases: Sequence[Phrase], weights: Mapping[str, float] | None = None) -> None:
        """``weights``: how telling each stem is (e.g. inverse document frequency); default 1."""
        self.phrases = list(dict.fromkeys(p for p in phrases if p.stems))
        self._weights = weights or {}
        self._by_first: dict[str, list[Phrase]] = defaultdict(list)
        self._symptom_by_stem: dict[str, list[int]] = defaultdict(list)
        for index, phrase in enumerate(self.phrases):
            self._by_first[phrase.stems[0]].append(phrase)
            if phrase.kind is Kind.SYMPTOM and len(phrase.stems) > 1:
                for stem in set(phrase.stems):
                    self._symptom_by_stem[stem].append(index)
        self.terms: frozenset[str] = frozenset(s for p in self.phrases for s in p.stems)
        #: Stems of treatment and brand names: joined words ("co q 10") and corrected short words
        #: must land on one of these.
        self.name_terms: frozenset[str] = frozenset(
            s for p in self.phrases if p.kind is Kind.NAME for s in p.stems
        )

    def match(self, sequence: Sequence[str]) -> VocabularyMatch:
        seq = tuple(sequence)
        # (phrase, strength, the query stems it accounts for)
        candidates: list[tuple[Phrase, float, frozenset[str]]] = []
        for start, first in enumerate(seq):
            for phrase in self._by_first.get(first, ()):
                if seq[start : start + len(phrase.stems)] == phrase.stems:
                    candidates.append((phrase, 1.0, frozenset(phrase.stems)))
        hits: dict[int, set[str]] = defaultdict(set)
        for stem in set(seq):
            for index in self._symptom_by_stem.get(stem, ()):
                hits[index].add(stem)
        for index, matched in hits.items():
            if len(matched) < 2:
                continue
            phrase = self.phrases[index]
            needed = set(phrase.stems)
            if matched == needed:
                candidates.append((phrase, 0.8, frozenset(matched)))  # every word, not side by side
                continue
            coverage = sum(self._weight(s) for s in matched) / sum(self._weight(s) for s in needed)
            if coverage >= PARTIAL_COVERAGE:
                candidates.append((phrase, PARTIAL_WEIGHT * coverage, frozenset(matched)))
        found = VocabularyMatch()
        for phrase, strength, covered in candidates:
            if phrase.kind is Kind.SYMPTOM and any(
                (other.kind is not Kind.SYMPTOM or other.target != phrase.target) and covered < other_covered
                for other, _, other_covered in candidates
            ):
                # "spit" inside "thick spit" is not about drooling, "falling" in "falling apart" not a fall
                strength *= SUBSUMED_WEIGHT
            self._record(found, phrase, strength)
        return found

    def _weight(self, stem: str) -> float:
        return self._weights.get(stem, 1.0)

    @staticmethod
    def _record(found: VocabularyMatch, phrase: Phrase, strength: float) -> None:
        if phrase.kind is Kind.SYMPTOM:
            found._add(found.symptoms, phrase.target, strength)
        elif phrase.kind is Kind.NAME:
            found._add(found.names, phrase.target, strength)
        if strength >= 1.0 or phrase.kind is Kind.SYMPTOM:
            found.matched_stems.update(phrase.stems)
        for stem in phrase.expansion:
            if stem not in found.expansions:
                found.expansions.append(stem)


def symptom_phrases(code: str, label: str, synonyms: Iterable[str]) -> list[Phrase]:
    texts = [code.replace("_", " "), label, *synonyms]
    return [Phrase(phrase_stems(text), Kind.SYMPTOM, code) for text in texts]


def name_phrases(treatment_id: str, names: Iterable[str]) -> list[Phrase]:
    return [Phrase(phrase_stems(text), Kind.NAME, treatment_id) for text in names]


def synonym_phrases(synonyms: SearchSynonyms) -> list[Phrase]:
    phrases: list[Phrase] = []
    for entry in synonyms.entries:
        expansion = tuple(dict.fromkeys(s for text in entry.means for s in content_stems(text)))
        for term in entry.terms:
            stems = phrase_stems(term)
            if entry.treatments:
                phrases.extend(Phrase(stems, Kind.NAME, tid, expansion) for tid in entry.treatments)
            else:
                phrases.append(Phrase(stems, Kind.EXPANSION, "", expansion))
    return phrases
