"""Structured conditions over :class:`~alsnav.facts.Facts`, answered met / not met / unknown.

Care-plan rules and trial criteria are both written in this one language, as data (YAML or JSON),
never as code to evaluate::

    {fact: fvc_percent, op: lt, value: 50, within_days: 92}
    {fact: symptoms, op: contains, value: sialorrhea}
    {fact: days_on_medication, subject: riluzole, op: ge, value: 30}
    {all: [...]}   {any: [...]}   {not: {...}}

Operators: ``eq`` ``ne`` ``lt`` ``le`` ``gt`` ``ge`` (numbers, dates as ISO text), ``in`` ``not_in``
(a list of allowed values), ``contains`` ``not_contains`` (set-valued facts such as symptoms),
``known`` and ``unknown`` (whether the fact is known at all; these never answer "unknown").
``within_days`` makes an observation older than that many days before the as-of date count as
missing ("breathing tests older than 3 months count as missing").

Evaluation is three-valued (Kleene logic): ``all`` is not met as soon as one part is not met, and
unknown when none fails but one is unknown; ``any`` is met as soon as one part is met; ``not``
swaps met and not met and keeps unknown. Every answer carries a "because" trace in words, with the
values and their dates ("FVC 45% predicted on 2026-01-10 is below 50%"; "no FVC on record"), and
the facts that were missing.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from alsnav.facts import FACT_SPECS, Fact, Facts, FactType, FactValue, Value, show_value
from alsnav.fields import Strict


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    IN = "in"
    NOT_IN = "not_in"
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    KNOWN = "known"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


_ORDER_OPS = frozenset({Op.LT, Op.LE, Op.GT, Op.GE})
_PRESENCE_OPS = frozenset({Op.KNOWN, Op.UNKNOWN})
_SET_OPS = frozenset({Op.CONTAINS, Op.NOT_CONTAINS})
_LIST_OPS = frozenset({Op.IN, Op.NOT_IN})

#: How each operator reads in a sentence, when it holds and when it does not.
_WORDS: dict[Op, tuple[str, str]] = {
    Op.EQ: ("is", "is not"),
    Op.NE: ("is not", "is"),
    Op.LT: ("is below", "is not below"),
    Op.LE: ("is at or below", "is above"),
    Op.GT: ("is above", "is not above"),
    Op.GE: ("is at least", "is below"),
    Op.IN: ("is one of", "is none of"),
    Op.NOT_IN: ("is none of", "is one of"),
    Op.CONTAINS: ("include", "do not include"),
    Op.NOT_CONTAINS: ("do not include", "include"),
}

Scalar = bool | float | str


class FactCondition(Strict):
    """One test of one fact."""

    fact: Fact
    op: Op
    value: Scalar | list[Scalar] | None = None
    subject: str | None = None
    within_days: Annotated[int, Field(gt=0)] | None = None

    @model_validator(mode="after")
    def _fits_the_fact(self) -> FactCondition:
        spec = FACT_SPECS[self.fact]
        if spec.keyed and not self.subject:
            raise ValueError(f"subject: {self.fact.value} needs a subject (for example a medicine name)")
        if not spec.keyed and self.subject:
            raise ValueError(f"subject: {self.fact.value} takes no subject")
        if self.op in _PRESENCE_OPS:
            if self.value is not None:
                raise ValueError(f"value: '{self.op.value}' takes no value")
            return self
        if self.value is None:
            raise ValueError(f"value: '{self.op.value}' needs a value")
        if self.op in _SET_OPS:
            if spec.type is not FactType.SET:
                raise ValueError(
                    f"op: '{self.op.value}' works on set facts; {self.fact.value} is {spec.type}"
                )
            if not isinstance(self.value, str):
                raise ValueError("value: give one code to look for")
        elif spec.type is FactType.SET:
            raise ValueError(f"op: {self.fact.value} is a set; use contains or not_contains")
        if self.op in _LIST_OPS and not isinstance(self.value, list):
            raise ValueError(f"value: '{self.op.value}' needs a list of values")
        if self.op not in _LIST_OPS and isinstance(self.value, list):
            raise ValueError(f"value: '{self.op.value}' needs a single value, not a list")
        if self.op in _ORDER_OPS:
            if spec.type is FactType.NUMBER and (
                isinstance(self.value, bool) or not isinstance(self.value, int | float)
            ):
                raise ValueError(f"value: {self.fact.value} is a number; compare it with a number")
            if spec.type is FactType.DATE:
                _as_date(self.value)  # raises ValueError naming the value
            if spec.type in (FactType.BOOL, FactType.TEXT):
                raise ValueError(
                    f"op: '{self.op.value}' needs a number or a date; {self.fact.value} is {spec.type}"
                )
        if spec.type is FactType.BOOL and self.op in (Op.EQ, Op.NE) and not isinstance(self.value, bool):
            raise ValueError(f"value: {self.fact.value} is true or false")
        return self


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(Strict):
    not_: Condition = Field(alias="not")


Condition = Union[FactCondition, AllOf, AnyOf, NotOf]  # noqa: UP007 - a recursive alias pydantic resolves

for _model in (AllOf, AnyOf, NotOf):
    _model.model_rebuild()

_CONDITION = TypeAdapter(Condition)


def parse_condition(data: Any) -> Condition:
    """A condition from decoded YAML/JSON; raises ``pydantic.ValidationError`` naming the field."""
    return _CONDITION.validate_python(data)


def condition_problems(data: Any) -> list[str]:
    """Why ``data`` is not a valid condition (empty when it is)."""
    try:
        parse_condition(data)
    except ValidationError as exc:
        found = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "(condition)"
            found.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
        return found
    return []


# --- Evaluation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """A fact that was unknown and would have settled a condition, and why it is unknown."""

    fact: Fact
    why: str
    subject: str | None = None


@dataclass(frozen=True)
class Evaluation:
    outcome: Outcome
    because: tuple[str, ...]
    missing: tuple[Missing, ...] = ()
    facts: tuple[Fact, ...] = ()

    @property
    def met(self) -> bool:
        return self.outcome is Outcome.MET

    @property
    def unknown(self) -> bool:
        return self.outcome is Outcome.UNKNOWN


def evaluate(condition: Condition, facts: Facts) -> Evaluation:
    """Answer ``condition`` on ``facts``: met, not met or unknown, with the reasons in words.

    The answer comes from :func:`outcome`; the sentences are written only for the parts that
    decided it (most conditions of most rules do not hold, and need no sentence at all).
    """
    answer = outcome(condition, facts)
    because = tuple(dict.fromkeys(_lines(condition, facts, answer)))
    missing = tuple(dict.fromkeys(_missing(condition, facts))) if answer is Outcome.UNKNOWN else ()
    return Evaluation(answer, because, missing, tuple(facts_in(condition)))


def because_lines(condition: Condition, facts: Facts) -> tuple[str, ...]:
    """Only the "because" sentences of :func:`evaluate`."""
    return tuple(dict.fromkeys(_lines(condition, facts, outcome(condition, facts))))


def missing_facts(
    condition: Condition, facts: Facts, *, answer: Outcome | None = None
) -> tuple[Missing, ...]:
    """Only the missing facts of :func:`evaluate` (empty unless the answer is unknown; ``answer``:
    the condition's outcome when the caller has it already)."""
    if (outcome(condition, facts) if answer is None else answer) is not Outcome.UNKNOWN:
        return ()
    return tuple(dict.fromkeys(_missing(condition, facts)))


#: A condition compiled into a function of the facts (see :func:`compiled`).
Check = Callable[[Facts], Outcome]

#: Compiled checks by condition identity; the condition is kept so its id is never reused.
_COMPILED: dict[int, tuple[Condition, Check]] = {}
_ORDER = {Op.LT: operator.lt, Op.LE: operator.le, Op.GT: operator.gt, Op.GE: operator.ge}


def compiled(condition: Condition) -> Check:
    """``condition`` as a function of the facts answering met / not met / unknown (Kleene logic).

    Made once per condition object and kept: rule and criterion files are loaded once and then
    answered for many people.
    """
    found = _COMPILED.get(id(condition))
    if found is None or found[0] is not condition:
        found = (condition, _compile(condition))
        _COMPILED[id(condition)] = found
    return found[1]


def outcome(condition: Condition, facts: Facts) -> Outcome:
    """Met, not met or unknown, without the sentences."""
    return compiled(condition)(facts)


def _compile(condition: Condition) -> Check:
    if isinstance(condition, FactCondition):
        return _compile_fact(condition)
    if isinstance(condition, AllOf | AnyOf):
        parts = [_compile(part) for part in _parts(condition)]
        decisive = Outcome.NOT_MET if isinstance(condition, AllOf) else Outcome.MET
        otherwise = Outcome.MET if isinstance(condition, AllOf) else Outcome.NOT_MET

        def combined(facts: Facts) -> Outcome:
            result = otherwise
            for part in parts:
                answer = part(facts)
                if answer is decisive:
                    return decisive
                if answer is Outcome.UNKNOWN:
                    result = Outcome.UNKNOWN
            return result

        return combined
    inner = _compile(condition.not_)
    return lambda facts: _FLIPPED[inner(facts)]


def _compile_fact(condition: FactCondition) -> Check:
    fact, subject, op, expected = condition.fact, condition.subject, condition.op, condition.value
    keyed = FACT_SPECS[fact].keyed

    def usable(facts: Facts) -> Value | None:
        known = facts.get(fact, subject) if keyed else facts.values[fact]
        return None if known.value is None or _too_old(known, condition, facts) else known.value

    if op is Op.KNOWN:
        return lambda facts: Outcome.NOT_MET if usable(facts) is None else Outcome.MET
    if op is Op.UNKNOWN:
        return lambda facts: Outcome.MET if usable(facts) is None else Outcome.NOT_MET
    compare = _ORDER.get(op)
    if compare is not None and FACT_SPECS[fact].type is FactType.NUMBER and isinstance(expected, int | float):
        threshold = float(expected)

        def ordered(facts: Facts) -> Outcome:
            value = usable(facts)
            if value is None:
                return Outcome.UNKNOWN
            return Outcome.MET if compare(value, threshold) else Outcome.NOT_MET

        return ordered

    if op in (Op.EQ, Op.NE) and isinstance(expected, bool):  # true/false facts: compared by identity
        same, other = (Outcome.MET, Outcome.NOT_MET) if op is Op.EQ else (Outcome.NOT_MET, Outcome.MET)

        def boolean(facts: Facts) -> Outcome:
            value = usable(facts)
            if value is None:
                return Outcome.UNKNOWN
            return same if value is expected else other

        return boolean
    if op in _SET_OPS:
        present = Outcome.MET if op is Op.CONTAINS else Outcome.NOT_MET
        absent = _FLIPPED[present]

        def member(facts: Facts) -> Outcome:
            value = usable(facts)
            if value is None:
                return Outcome.UNKNOWN
            return present if isinstance(value, frozenset) and expected in value else absent

        return member

    def general(facts: Facts) -> Outcome:
        value = usable(facts)
        if value is None:
            return Outcome.UNKNOWN
        return Outcome.MET if _test(op, value, expected, fact) else Outcome.NOT_MET

    return general


_FLIPPED = {Outcome.MET: Outcome.NOT_MET, Outcome.NOT_MET: Outcome.MET, Outcome.UNKNOWN: Outcome.UNKNOWN}


def _lines(condition: Condition, facts: Facts, answer: Outcome) -> list[str]:
    """The "because" sentences for a condition whose answer is ``answer``: for all/any, the parts
    that decided it (the failing part of an unmet ``all``, the met part of an ``any``), else all."""
    if isinstance(condition, FactCondition):
        known = facts.get(condition.fact, condition.subject)
        usable = known.value is not None and not _too_old(known, condition, facts)
        if condition.op in _PRESENCE_OPS or not usable:
            return [known.show() if usable else _why(known, condition, facts)]
        return [_sentence(known, condition, answer is Outcome.MET)]
    if isinstance(condition, AllOf | AnyOf):
        decisive = Outcome.NOT_MET if isinstance(condition, AllOf) else Outcome.MET
        if answer is not decisive and answer is not Outcome.UNKNOWN:
            # A met "all" (or an unmet "any"): every part has that same answer; none to work out.
            return [line for part in _parts(condition) for line in _lines(part, facts, answer)]
        answers = [(part, outcome(part, facts)) for part in _parts(condition)]
        if answer is decisive:
            chosen = [(p, a) for p, a in answers if a is decisive]
        elif answer is Outcome.UNKNOWN:
            chosen = [(p, a) for p, a in answers if a is Outcome.UNKNOWN]
        else:
            chosen = answers
        return [line for part, part_answer in chosen for line in _lines(part, facts, part_answer)]
    return _lines(condition.not_, facts, _FLIPPED[answer])


def _missing(condition: Condition, facts: Facts) -> list[Missing]:
    """The facts whose absence leaves an unknown condition unknown."""
    if isinstance(condition, FactCondition):
        known = facts.get(condition.fact, condition.subject)
        return [Missing(condition.fact, _why(known, condition, facts), condition.subject)]
    if isinstance(condition, AllOf | AnyOf):
        return [
            m
            for part in _parts(condition)
            if outcome(part, facts) is Outcome.UNKNOWN
            for m in _missing(part, facts)
        ]
    return _missing(condition.not_, facts)


def _too_old(known: FactValue, condition: FactCondition, facts: Facts) -> bool:
    if condition.within_days is None or known.on is None:
        return False
    return (facts.as_of - known.on).days > condition.within_days


def _why(known: FactValue, condition: FactCondition, facts: Facts) -> str:
    if known.known and known.on is not None and condition.within_days is not None:
        return (
            f"{known.show()} is older than {_span(condition.within_days)}, so it is not used "
            f"(a newer one is needed)"
        )
    return known.why or f"{known.spec.label}: not known"


def _span(days: int) -> str:
    months = round(days / 30.4375)
    if days >= 28 and abs(months * 30.4375 - days) <= 3:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{days} days"


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"value: a date written YYYY-MM-DD is needed, got {value!r}")


def _test(op: Op, actual: Value, expected: Scalar | list[Scalar] | None, fact: Fact) -> bool:
    if op in _SET_OPS:
        present = isinstance(actual, frozenset) and expected in actual
        return present if op is Op.CONTAINS else not present
    if op in _LIST_OPS:
        assert isinstance(expected, list)  # noqa: S101 - checked when the condition was parsed
        inside = any(_equal(actual, item) for item in expected)
        return inside if op is Op.IN else not inside
    if op is Op.EQ:
        return _equal(actual, expected)
    if op is Op.NE:
        return not _equal(actual, expected)
    left: float | dt.date
    right: float | dt.date
    if isinstance(actual, dt.date):
        left, right = actual, _as_date(expected)
    else:
        assert isinstance(actual, int | float) and isinstance(expected, int | float)  # noqa: S101
        left, right = float(actual), float(expected)
    if op is Op.LT:
        return left < right  # type: ignore[operator]  # both dates or both numbers
    if op is Op.LE:
        return left <= right  # type: ignore[operator]
    if op is Op.GT:
        return left > right  # type: ignore[operator]
    return left >= right  # type: ignore[operator]


def _equal(actual: Value, expected: object) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected or (actual == expected and type(actual) is type(expected))
    if isinstance(actual, int | float) and isinstance(expected, int | float):
        return float(actual) == float(expected)
    if isinstance(actual, dt.date):
        try:
            return actual == _as_date(expected)
        except ValueError:
            return False
    return actual == expected


def _shown(fact: Fact, value: Scalar | list[Scalar] | None) -> str:
    """A threshold in words with its unit (each distinct threshold is written once)."""
    return _shown_cached(fact, tuple(value) if isinstance(value, list) else value)


@lru_cache(maxsize=4096)
def _shown_cached(fact: Fact, value: Scalar | tuple[Scalar, ...] | None) -> str:
    if isinstance(value, tuple):
        return ", ".join(_shown_cached(fact, item) for item in value)
    if value is None:
        return ""
    spec = FACT_SPECS[fact]
    if spec.type is FactType.DATE and isinstance(value, str):
        return value
    if spec.type is FactType.SET or isinstance(value, str):
        return str(value).replace("_", " ")
    return show_value(fact, float(value) if isinstance(value, int) and not isinstance(value, bool) else value)


_THRESHOLDS: dict[int, tuple[FactCondition, str]] = {}


def _threshold(condition: FactCondition) -> str:
    """The condition's value in words, written once per condition object."""
    found = _THRESHOLDS.get(id(condition))
    if found is None or found[0] is not condition:
        found = (condition, _shown(condition.fact, condition.value))
        _THRESHOLDS[id(condition)] = found
    return found[1]


def _sentence(known: FactValue, condition: FactCondition, holds: bool) -> str:
    spec = known.spec
    yes, no = _WORDS[condition.op]
    verb = yes if holds else no
    threshold = _threshold(condition)
    if spec.type is FactType.SET:
        when = f" (on {known.on.isoformat()})" if known.on else ""
        return f"{spec.label.capitalize()}{when} {verb} {threshold}"
    if spec.type is FactType.BOOL and condition.op in (Op.EQ, Op.NE):
        return known.show()[:1].upper() + known.show()[1:]
    text = known.show()
    return f"{text[:1].upper()}{text[1:]} {verb} {threshold}"


def describe(condition: Condition) -> str:
    """The condition in words without any person's data ("FVC is below 50% predicted")."""
    if isinstance(condition, FactCondition):
        spec = FACT_SPECS[condition.fact]
        label = spec.label + (f" ({condition.subject})" if condition.subject else "")
        if condition.op is Op.KNOWN:
            text = f"{label} is known"
        elif condition.op is Op.UNKNOWN:
            text = f"{label} is not known"
        elif spec.type is FactType.BOOL and condition.op in (Op.EQ, Op.NE):
            positive = (condition.value is True) == (condition.op is Op.EQ)
            text = label if positive else f"not {label}"
        else:
            text = f"{label} {_WORDS[condition.op][0]} {_shown(condition.fact, condition.value)}"
        if condition.within_days is not None:
            text += f" (measured in the last {_span(condition.within_days)})"
        return text
    if isinstance(condition, AllOf):
        return " and ".join(_grouped(part) for part in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(_grouped(part) for part in condition.any)
    return f"not ({describe(condition.not_)})"


def _grouped(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) and len(_parts(condition)) > 1 else text


def _parts(condition: AllOf | AnyOf) -> list[Condition]:
    return condition.all if isinstance(condition, AllOf) else condition.any


def facts_in(condition: Condition) -> list[Fact]:
    """Every fact a condition reads, in order, each once."""
    if isinstance(condition, FactCondition):
        return [condition.fact]
    if isinstance(condition, NotOf):
        return facts_in(condition.not_)
    return list(dict.fromkeys(f for part in _parts(condition) for f in facts_in(part)))
