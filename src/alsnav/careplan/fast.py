"""A fast three-valued check of a condition, without the "because" sentences.

:func:`alsnav.conditions.evaluate` writes a sentence for every fact it reads, which is what a
reader needs when a rule fires, but most conditions of most rules do not hold. The evaluator asks
:func:`outcome` first and calls :func:`~alsnav.conditions.evaluate` only for the conditions whose
trace is shown (met, or unknown for the missing data). Same semantics, checked against
``evaluate`` on every rule and random records in the tests.
"""

from __future__ import annotations

from alsnav.conditions import AllOf, AnyOf, Condition, FactCondition, Missing, Op, Outcome

# The comparison and the sentences are the condition module's own, so both paths agree word for word.
from alsnav.conditions import _sentence as sentence
from alsnav.conditions import _test as holds
from alsnav.conditions import _why as why
from alsnav.facts import FACT_SPECS, Facts, FactValue

MET, NOT_MET, UNKNOWN = Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN


def _value(condition: FactCondition, facts: Facts) -> FactValue:
    if condition.subject is not None and FACT_SPECS[condition.fact].keyed:
        return facts.get(condition.fact, condition.subject)
    return facts.values[condition.fact]


def outcome(condition: Condition, facts: Facts) -> Outcome:
    """Met, not met or unknown, exactly as :func:`alsnav.conditions.evaluate` answers."""
    if isinstance(condition, FactCondition):
        known = _value(condition, facts)
        usable = known.value is not None and not (
            condition.within_days is not None
            and known.on is not None
            and (facts.as_of - known.on).days > condition.within_days
        )
        if condition.op is Op.KNOWN:
            return MET if usable else NOT_MET
        if condition.op is Op.UNKNOWN:
            return NOT_MET if usable else MET
        if not usable:
            return UNKNOWN
        assert known.value is not None  # noqa: S101 - usable implies known
        return MET if holds(condition.op, known.value, condition.value, condition.fact) else NOT_MET
    if isinstance(condition, AllOf):
        result = MET
        for part in condition.all:
            answer = outcome(part, facts)
            if answer is NOT_MET:
                return NOT_MET
            if answer is UNKNOWN:
                result = UNKNOWN
        return result
    if isinstance(condition, AnyOf):
        result = NOT_MET
        for part in condition.any:
            answer = outcome(part, facts)
            if answer is MET:
                return MET
            if answer is UNKNOWN:
                result = UNKNOWN
        return result
    inner = outcome(condition.not_, facts)
    return {MET: NOT_MET, NOT_MET: MET, UNKNOWN: UNKNOWN}[inner]


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
        chosen = [p for p in parts if outcome(p, facts) is decisive] if answer is decisive else list(parts)
        return [line for part in chosen for line in _lines(part, facts, outcome(part, facts))]
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
