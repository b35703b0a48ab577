"""A fast three-valued check of a condition, without the "because" sentences.

:func:`alsnav.conditions.evaluate` writes a sentence for every fact it reads, which is what a
reader needs when a rule fires, but most conditions of most rules do not hold. The evaluator asks
:func:`outcome` first and calls :func:`~alsnav.conditions.evaluate` only for the conditions whose
trace is shown (met, or unknown for the missing data). Same semantics, checked against
``evaluate`` on every rule and random records in the tests.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from alsnav.conditions import AllOf, AnyOf, Condition, FactCondition, Missing, Op, Outcome

# The comparison and the sentences are the condition module's own, so both paths agree word for word.
from alsnav.conditions import _sentence as sentence
from alsnav.conditions import _test as holds
from alsnav.conditions import _why as why
from alsnav.facts import FACT_SPECS, Facts, FactType, FactValue

MET, NOT_MET, UNKNOWN = Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN


def _value(condition: FactCondition, facts: Facts) -> FactValue:
    if condition.subject is not None and FACT_SPECS[condition.fact].keyed:
        return facts.get(condition.fact, condition.subject)
    return facts.values[condition.fact]


Check = Callable[[Facts], Outcome]

#: Compiled checks by condition identity; the condition is kept so its id is never reused.
_COMPILED: dict[int, tuple[Condition, Check]] = {}

_ORDER = {Op.LT: operator.lt, Op.LE: operator.le, Op.GT: operator.gt, Op.GE: operator.ge}
_FLIP = {MET: NOT_MET, NOT_MET: MET, UNKNOWN: UNKNOWN}


def outcome(condition: Condition, facts: Facts) -> Outcome:
    """Met, not met or unknown, exactly as :func:`alsnav.conditions.evaluate` answers."""
    found = _COMPILED.get(id(condition))
    if found is None or found[0] is not condition:
        found = (condition, _compile(condition))
        _COMPILED[id(condition)] = found
    return found[1](facts)


def check_of(condition: Condition) -> Check:
    """The compiled check of ``condition`` (for callers that run it many times)."""
    found = _COMPILED.get(id(condition))
    if found is None or found[0] is not condition:
        found = (condition, _compile(condition))
        _COMPILED[id(condition)] = found
    return found[1]


def _compile(condition: Condition) -> Check:
    if isinstance(condition, FactCondition):
        return _compile_fact(condition)
    if isinstance(condition, AllOf | AnyOf):
        parts = [_compile(p) for p in (condition.all if isinstance(condition, AllOf) else condition.any)]
        decisive = NOT_MET if isinstance(condition, AllOf) else MET
        otherwise = MET if isinstance(condition, AllOf) else NOT_MET

        def combined(facts: Facts) -> Outcome:
            result = otherwise
            for part in parts:
                answer = part(facts)
                if answer is decisive:
                    return decisive
                if answer is UNKNOWN:
                    result = UNKNOWN
            return result

        return combined
    inner = _compile(condition.not_)
    return lambda facts: _FLIP[inner(facts)]


def _compile_fact(condition: FactCondition) -> Check:
    fact, subject, within, op, expected = (
        condition.fact, condition.subject, condition.within_days, condition.op, condition.value,
    )  # fmt: skip
    keyed = subject is not None and FACT_SPECS[fact].keyed

    def usable(facts: Facts) -> object:
        known = facts.get(fact, subject) if keyed else facts.values[fact]
        value = known.value
        if value is None:
            return None
        if within is not None and known.on is not None and (facts.as_of - known.on).days > within:
            return None
        return value

    if op is Op.KNOWN:
        return lambda facts: NOT_MET if usable(facts) is None else MET
    if op is Op.UNKNOWN:
        return lambda facts: MET if usable(facts) is None else NOT_MET
    compare = _ORDER.get(op)
    if compare is not None and FACT_SPECS[fact].type is FactType.NUMBER and isinstance(expected, int | float):
        threshold = float(expected)

        def ordered(facts: Facts) -> Outcome:
            value = usable(facts)
            if value is None:
                return UNKNOWN
            return MET if compare(value, threshold) else NOT_MET  # type: ignore[arg-type]  # a float

        return ordered
    if (op is Op.EQ or op is Op.NE) and isinstance(expected, bool):
        same, other = (MET, NOT_MET) if op is Op.EQ else (NOT_MET, MET)

        def boolean(facts: Facts) -> Outcome:
            value = usable(facts)
            if value is None:
                return UNKNOWN
            return same if value is expected else other

        return boolean
    if op is Op.CONTAINS or op is Op.NOT_CONTAINS:
        present_is = MET if op is Op.CONTAINS else NOT_MET
        absent_is = _FLIP[present_is]

        def member(facts: Facts) -> Outcome:
            value = usable(facts)
            if value is None:
                return UNKNOWN
            return present_is if isinstance(value, frozenset) and expected in value else absent_is

        return member

    def general(facts: Facts) -> Outcome:
        value = usable(facts)
        if value is None:
            return UNKNOWN
        return MET if holds(op, value, expected, fact) else NOT_MET  # type: ignore[arg-type]

    return general


def met_lines(condition: Condition, facts: Facts) -> tuple[str, ...]:
    """The "because" lines :func:`~alsnav.conditions.evaluate` gives for a condition that is met."""
    return tuple(dict.fromkeys(_lines(condition, facts, MET)))


def missing_of(condition: Condition, facts: Facts) -> tuple[Missing, ...]:
    """The missing facts :func:`~alsnav.conditions.evaluate` gives for an unknown condition."""
    return tuple(dict.fromkeys(_missing(condition, facts)))


def _lines(condition: Condition, facts: Facts, answer: Outcome) -> list[str]:
    if isinstance(condition, FactCondition):
        known = _value(condition, facts)
        if condition.op in (Op.KNOWN, Op.UNKNOWN):
            usable = answer is MET if condition.op is Op.KNOWN else answer is NOT_MET
            return [known.show() if usable else why(known, condition, facts)]
        return [sentence(known, condition, answer is MET)]
    if isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        decisive = NOT_MET if isinstance(condition, AllOf) else MET
        answers = [(part, outcome(part, facts)) for part in parts]
        if answer is decisive:
            answers = [(part, got) for part, got in answers if got is decisive]
        return [line for part, got in answers for line in _lines(part, facts, got)]
    flipped = NOT_MET if answer is MET else MET
    return _lines(condition.not_, facts, flipped)


def _missing(condition: Condition, facts: Facts) -> list[Missing]:
    if isinstance(condition, FactCondition):
        known = _value(condition, facts)
        return [Missing(condition.fact, why(known, condition, facts), condition.subject)]
    if isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        return [m for part in parts if outcome(part, facts) is UNKNOWN for m in _missing(part, facts)]
    return _missing(condition.not_, facts)
