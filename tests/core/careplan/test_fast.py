"""The fast path answers exactly as alsnav.conditions.evaluate: same outcome, same "because" lines
when met, same missing facts when unknown — for every condition of every rule, on random records."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from alsnav.careplan.fast import met_lines, missing_of, outcome
from alsnav.conditions import Condition, Outcome, evaluate
from alsnav.facts import facts_from_record
from alsnav.record import parse_record
from tests.core.careplan.helpers import random_record, rules

RULES = rules()
CONDITIONS: list[Condition] = []
for _rule in RULES.rules:
    CONDITIONS.append(_rule.when)
    CONDITIONS.extend(e.when for e in _rule.unless)
    CONDITIONS.extend(v.when for v in _rule.variants)
    CONDITIONS.extend(w.when for w in _rule.warnings if w.when is not None)
CONDITIONS.extend(i.applies_when for i in RULES.monitoring.items if i.applies_when is not None)


@pytest.mark.parametrize("seed", range(60))
def test_the_fast_path_agrees_with_evaluate(seed: int) -> None:
    rng = random.Random(seed)
    record = parse_record(random_record(rng, seed))
    facts = facts_from_record(record, dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700)))
    for condition in CONDITIONS:
        slow = evaluate(condition, facts)
        assert outcome(condition, facts) is slow.outcome
        if slow.outcome is Outcome.MET:
            assert met_lines(condition, facts) == slow.because
        if slow.outcome is Outcome.UNKNOWN:
            assert missing_of(condition, facts) == slow.missing
