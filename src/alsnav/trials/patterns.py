"""Criterion patterns: reviewed content files that turn registry wording into conditions.

One file per kind of criterion in ``content/trial-criteria/<id>.yaml``::

    id: vital-capacity
    title: Breathing test (vital capacity) threshold
    last_reviewed: 2026-11-30
    next_review: 2027-11-30
    words: [predicted, upright, sitting]          # words that may surround a match
    maps: {which: {fvc: fvc_percent, svc: svc_percent}}
    patterns:
      - regex: '(?P<which>fvc|svc)\\s*@cmp@\\s*@num@\\s*%'
        condition: {fact: $which, op: $op, value: $num}
    examples:                                     # run by check-content and the tests
      - text: FVC >= 50% predicted
        condition: {fact: fvc_percent, op: ge, value: 50}
    sources: [{citation: ..., url: https://...}]

Regexes are matched case-insensitively against the normalised criterion (``≥`` read as ``>=``,
escapes removed). They may use these shared pieces, written ``@name@``:

``@cmp@``   a comparison before the number ("at least", ">=", "no more than", "within" …)
``@post@``  a comparison after the number ("or more", "or less", "and above" …)
``@num@`` ``@num2@``   a number (digits or a word such as "two"); ``@snum@`` ``@snum2@`` signed
``@unit@`` ``@unit2@``  a unit of time (days, weeks, months, years)
``@to@``    a range separator ("to", "-", "and", "through")

A rule may give ``requires``, a plain regex the text must contain before ``regex`` is tried (a
cheap first look that keeps screening 1,000 studies fast).

In a condition template a string ``$name`` is replaced by: ``$op`` the comparison read from
``cmp``/``post`` (or the rule's ``default_op``); ``$num``/``$num2`` the numbers; ``$months``/
``$months2`` and ``$days``/``$days2`` the numbers converted with the unit (a month is 30.4375
days); ``$num_next``/``$num2_next`` the number plus one (an age "up to 80 years" includes everyone
still 80, so it reads "below 81"); any other ``$group`` by the captured text, looked up in
``maps[group]`` when given, or turned into a list of values by ``lists[group]``.
Templates are structured conditions (``alsnav.conditions``); they never hold code.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationError

from alsnav.conditions import Condition, parse_condition
from alsnav.errors import ContentError, Problem
from alsnav.fields import Reference, ReviewedContent, Strict, Text, published_only

DAYS_PER_MONTH = 30.4375

#: Comparisons written before the number, longest first when compiled.
COMPARATORS_BEFORE: dict[str, str] = {
    ">=": "ge", ">": "gt", "<=": "le", "<": "lt", "=": "eq",
    "at least": "ge", "of at least": "ge", "no less than": "ge", "not less than": "ge",
    "a minimum of": "ge", "minimum of": "ge", "minimum": "ge", "min": "ge", "min.": "ge",
    "equal to or greater than": "ge", "equal to or more than": "ge", "greater than or equal to": "ge",
    "more than or equal to": "ge", "equal or greater than": "ge", "equal to or higher than": "ge",
    "higher than or equal to": "ge", "equal to or above": "ge",
    "more than": "gt", "greater than": "gt", "higher than": "gt", "above": "gt", "over": "gt",
    "exceeding": "gt", "exceeds": "gt", "in excess of": "gt", "longer than": "gt",
    "at most": "le", "no more than": "le", "not more than": "le", "no greater than": "le",
    "not greater than": "le", "no longer than": "le", "not longer than": "le", "a maximum of": "le",
    "maximum of": "le", "maximum": "le", "max": "le", "max.": "le", "up to": "le", "within": "le",
    "within the last": "le", "within the past": "le", "within the first": "le",
    "less than or equal to": "le", "equal to or less than": "le", "equal to or lower than": "le",
    "lower than or equal to": "le", "equal to or below": "le", "no later than": "le",
    "less than": "lt", "lower than": "lt", "below": "lt", "under": "lt", "shorter than": "lt",
    "fewer than": "lt", "inferior to": "lt", "superior to": "gt", "older than": "gt",
    "younger than": "lt", "no older than": "le", "not older than": "le", "no younger than": "ge",
    "not younger than": "ge",
}  # fmt: skip
#: Comparisons written after the number.
COMPARATORS_AFTER: dict[str, str] = {
    "or more": "ge", "or greater": "ge", "or higher": "ge", "or above": "ge", "or over": "ge",
    "or longer": "ge", "and above": "ge", "and over": "ge", "and higher": "ge", "and more": "ge",
    "or older": "ge", "and older": "ge", "+": "ge", "or less": "le", "or lower": "le", "or below": "le",
    "or fewer": "le", "or under": "le", "or shorter": "le", "and below": "le", "and under": "le",
    "and less": "le", "or younger": "le", "and younger": "le", "at most": "le", "at least": "ge",
    "or earlier": "le", "or sooner": "le",
}  # fmt: skip
WORD_NUMBERS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20,
    "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty-eight": 48, "sixty": 60, "a": 1, "an": 1,
}  # fmt: skip
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH, "year": 12 * DAYS_PER_MONTH}


def _alternation(words: Sequence[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_NUMBER = r"\d+(?:\.\d+)?|" + _alternation([w for w in WORD_NUMBERS if len(w) > 2])
_UNIT = r"(?:days?|d|weeks?|wks?|months?|mos?|mths?|years?|yrs?|y)\b"
MACROS: dict[str, str] = {
    "@cmp@": rf"(?P<cmp>{_alternation(list(COMPARATORS_BEFORE))})",
    "@post@": rf"(?P<post>{_alternation(list(COMPARATORS_AFTER))})",
    "@num@": rf"(?P<num>{_NUMBER})",
    "@num2@": rf"(?P<num2>{_NUMBER})",
    "@snum@": r"(?P<num>[-+]?\s?\d+(?:\.\d+)?)",
    "@snum2@": r"(?P<num2>[-+]?\s?\d+(?:\.\d+)?)",
    "@unit@": rf"(?P<unit>{_UNIT})",
    "@unit2@": rf"(?P<unit2>{_UNIT})",
    "@to@": r"(?:to|-|and|through|until|up\s+to)",
}


def expand(regex: str) -> str:
    for name, body in MACROS.items():
        regex = regex.replace(name, body)
    return regex


# --- The content model --------------------------------------------------------------------


class PatternRule(Strict):
    """One regex and the condition it produces."""

    regex: Text
    requires: str | None = None  # a quick regex the text must contain before ``regex`` is tried
    condition: dict[str, Any] | None = None  # None: the words are covered but set no condition
    default_op: Literal["eq", "ne", "lt", "le", "gt", "ge"] | None = None
    ask_if: dict[str, Any] | None = None  # when met, the outcome is "ask the study team"
    note: str = ""


class PatternExample(Strict):
    """A phrasing the file must recognise as ``condition`` (``null``: must not be recognised)."""

    text: Text
    condition: dict[str, Any] | None


class CriterionPattern(ReviewedContent):
    kind: ClassVar[str] = "trial criterion pattern"

    title: Text
    explain: Text
    negatable: bool = False
    words: str = ""  # space-separated words that may surround a match without making it partial
    maps: dict[str, dict[str, str]] = Field(default_factory=dict)
    lists: dict[str, dict[str, str]] = Field(default_factory=dict)
    patterns: list[PatternRule] = Field(min_length=1)
    examples: list[PatternExample] = Field(min_length=3)
    sources: list[Reference] = Field(min_length=1)

    @property
    def words_set(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words.split())


@dataclass(frozen=True)
class CompiledRule:
    pattern: CriterionPattern
    regex: re.Pattern[str]
    requires: re.Pattern[str] | None
    template: dict[str, Any] | None
    ask_if: dict[str, Any] | None
    default_op: str | None
    note: str


def default_patterns_dir() -> Path:
    from alsnav.content import default_content_dir

    return default_content_dir() / "trial-criteria"


# --- Building conditions from a match ------------------------------------------------------


def _number(text: str) -> float:
    cleaned = re.sub(r"\s+", "", text.lower())
    if cleaned in WORD_NUMBERS:
        return float(WORD_NUMBERS[cleaned])
    return float(cleaned.replace(" ", ""))


def _unit_days(unit: str | None) -> float:
    if not unit:
        return DAYS_PER_MONTH
    u = unit.lower()
    if u.startswith("d"):
        return 1.0
    if u.startswith("w"):
        return 7.0
    if u.startswith("y"):
        return 12 * DAYS_PER_MONTH
    return DAYS_PER_MONTH


def _values(rule: CompiledRule, match: re.Match[str]) -> dict[str, Any]:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    values: dict[str, Any] = {}
    cmp = groups.get("cmp")
    post = groups.get("post")
    op = rule.default_op
    if cmp:
        op = COMPARATORS_BEFORE.get(re.sub(r"\s+", " ", cmp.lower()), op)
    if post:
        op = COMPARATORS_AFTER.get(re.sub(r"\s+", " ", post.lower()), op)
    if op is not None:
        values["op"] = op
    for index in ("", "2"):
        raw = groups.get(f"num{index}")
        if raw is None:
            continue
        number = _number(raw)
        values[f"num{index}"] = int(number) if number.is_integer() else number
        values[f"num{index}_next"] = values[f"num{index}"] + 1  # "up to 80 years": below 81
        unit = groups.get(f"unit{index}") or groups.get("unit2" if index == "" else "unit")
        days = number * _unit_days(unit)
        values[f"days{index}"] = round(days, 2)
        months = days / DAYS_PER_MONTH
        values[f"months{index}"] = int(months) if float(months).is_integer() else round(months, 2)
    for name, raw in groups.items():
        if name in values or name in ("cmp", "post", "unit", "unit2"):
            continue
        phrases = rule.pattern.lists.get(name)
        if phrases is not None:
            values[name] = _phrases(raw, phrases)
            continue
        key = re.sub(r"\s+", " ", raw.strip().lower())
        mapping = rule.pattern.maps.get(name)
        values[name] = mapping.get(key, key) if mapping else key
    return values


def _phrases(text: str, phrases: dict[str, str]) -> list[str]:
    """Every listed phrase found in ``text`` (longest first, no overlaps), mapped, in text order."""
    lowered = re.sub(r"[\s\-]+", " ", text.lower())
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        for match in re.finditer(r"\b" + re.escape(phrase) + r"\b", lowered):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), phrases[phrase]))
    return list(dict.fromkeys(value for _, value in sorted(found)))


def _fill(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, dict):
        return {k: _fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, values) for v in template]
    if isinstance(template, str) and "$" in template:
        whole = re.fullmatch(r"\$([a-z0-9_]+)", template)
        if whole:
            if whole.group(1) not in values:
                raise KeyError(whole.group(1))
            return values[whole.group(1)]
        return re.sub(r"\$([a-z0-9_]+)", lambda m: str(values[m.group(1)]), template)
    return template


def build_condition(
    rule: CompiledRule, match: re.Match[str], template: dict[str, Any] | Literal[False] | None = False
) -> Condition | None:
    """The condition ``rule`` produces for ``match`` (``None`` when the rule only covers words)."""
    chosen = rule.template if template is False else template
    if chosen is None:
        return None
    return parse_condition(_fill(chosen, _values(rule, match)))


# --- Loading --------------------------------------------------------------------------------


def compile_pattern(pattern: CriterionPattern) -> list[CompiledRule]:
    return [
        CompiledRule(
            pattern,
            re.compile(expand(rule.regex), re.IGNORECASE),
            re.compile(rule.requires, re.IGNORECASE) if rule.requires else None,
            rule.condition,
            rule.ask_if,
            rule.default_op,
            rule.note,
        )
        for rule in pattern.patterns
    ]


def check_patterns(directory: Path) -> tuple[list[CriterionPattern], list[Problem]]:
    """Validate every pattern file: schema, regexes, templates and every example phrasing."""
    from alsnav.content import check_reviewed_directory

    if not directory.is_dir():
        return [], []
    items, problems = check_reviewed_directory(directory, CriterionPattern)
    good = []
    for item in items:
        found = pattern_problems(item)
        path = str(directory / f"{item.id}.yaml")
        problems.extend(Problem(path, message) for message in found)
        if not found:
            good.append(item)
    return good, problems


def pattern_problems(pattern: CriterionPattern) -> list[str]:
    """What is wrong with one pattern: bad regex, a template that is not a condition, a failing example."""
    from alsnav.trials.criteria import CriterionText, Kind, normalise, recognise

    problems = []
    for index, rule in enumerate(pattern.patterns):
        for key, text in (("regex", expand(rule.regex)), ("requires", rule.requires or "")):
            try:
                re.compile(text, re.IGNORECASE)
            except re.error as exc:
                problems.append(f"patterns[{index}].{key}: not a valid regular expression ({exc})")
    if problems:
        return problems
    for index, compiled in enumerate(compile_pattern(pattern)):
        for example in pattern.examples:
            match = compiled.regex.search(normalise(example.text))
            if match is None:
                continue
            try:
                build_condition(compiled, match)
                if compiled.ask_if is not None:
                    build_condition(compiled, match, template=compiled.ask_if)
            except (ValidationError, KeyError, ValueError) as exc:
                reason = _reason(exc)
                problems.append(
                    f"patterns[{index}].condition: not a valid condition for {example.text!r} ({reason})"
                )
                break
    for index, example in enumerate(pattern.examples):
        criterion = CriterionText(Kind.INCLUSION, 1, example.text)
        try:
            found = recognise(criterion, [pattern])
        except (ValidationError, KeyError, ValueError) as exc:
            problems.append(f"examples[{index}]: the template does not give a valid condition ({exc})")
            continue
        got = found.condition
        got_data = None if got is None else got.model_dump(mode="json", by_alias=True, exclude_none=True)
        want = None
        if example.condition is not None:
            try:
                want = parse_condition(example.condition).model_dump(
                    mode="json", by_alias=True, exclude_none=True
                )
            except ValidationError as exc:
                problems.append(
                    f"examples[{index}].condition: not a valid condition ({exc.errors()[0]['msg']})"
                )
                continue
        if got_data != want:
            problems.append(f"examples[{index}]: {example.text!r} gives {got_data}, expected {want}")
    return problems


def _reason(exc: Exception) -> str:
    """A short reason for a template that does not give a condition."""
    if not isinstance(exc, ValidationError):
        return f"no value for {exc}"
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"] if isinstance(part, str) and "[" not in part)
    if error["type"] == "enum":
        return f"{where}: {error['input']!r} is not allowed"
    return f"{where}: {error['msg']}"


@functools.lru_cache(maxsize=4)
def _load_dir(directory: str) -> tuple[CriterionPattern, ...]:
    items, problems = check_patterns(Path(directory))
    if problems:
        raise ContentError(problems)
    return tuple(published_only(items))


def load_patterns(directory: Path | None = None) -> tuple[CriterionPattern, ...]:
    """The published patterns (cached); raises :class:`ContentError` if any file is invalid."""
    return _load_dir(str(directory or default_patterns_dir()))


_DEFAULT: dict[str, tuple[CompiledRule, ...]] = {}
_COMPILED: dict[tuple[int, ...], tuple[tuple[CriterionPattern, ...], tuple[CompiledRule, ...]]] = {}


def compiled_rules(patterns: Sequence[CriterionPattern] | None = None) -> tuple[CompiledRule, ...]:
    """The compiled rules of ``patterns`` (default: the published content), compiled once."""
    if patterns is None:
        default_key = os.environ.get("ALSNAV_CONTENT_DIR", "")
        found = _DEFAULT.get(default_key)
        if found is None:
            found = _DEFAULT[default_key] = compiled_rules(load_patterns())
        return found
    chosen = tuple(patterns)
    key = tuple(id(p) for p in chosen)
    cached = _COMPILED.get(key)
    if cached is None:
        if len(_COMPILED) > 64:
            _COMPILED.clear()
        cached = (chosen, tuple(rule for pattern in chosen for rule in compile_pattern(pattern)))
        _COMPILED[key] = cached  # the patterns are kept alive with their ids
    return cached[1]
