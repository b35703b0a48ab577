"""Screen one person's :class:`~alsnav.facts.Facts` against imported studies.

Per criterion (contract: docs/contracts/cli.md, "Trials"):

* ``pass`` — an inclusion criterion is met, or an exclusion criterion's condition is absent;
* ``fail`` — an inclusion criterion is not met, or the excluded condition is present;
* ``unknown`` — a fact it needs is missing (the fact is named), the text was not recognised
  ("ask the study team"), the pattern says only the team can judge (``ask_if``), or only part of
  the text was recognised and that part does not rule the person out (or does, but the other
  words may soften it: "or …" in an inclusion, "within 30 days", "unless …" in an exclusion);
* ``not_applicable`` — the words set no limit ("male or female").

The registry's structured age limits and sex are checked as criteria too (``kind`` inclusion,
number 0).

Verdict: ``ineligible`` when any criterion fails; ``eligible`` when every criterion passes or does
not apply; ``possibly_eligible`` otherwise (also when a study lists no criteria at all). A
criterion that is merely unknown never makes a study ``ineligible``.

Score and ranking: ``score`` is the share of criteria settled in the person's favour
(``pass`` or ``not_applicable``) out of all criteria, 0 to 1. Studies are ranked eligible first,
then possibly eligible, then ineligible; within each, by score (highest first), then recruiting
before not recruiting, then the soonest closing window, then NCT number.

``window_closes``: for every recognised limit on time since the first symptoms (or since
diagnosis) — an inclusion "at most N months" or an exclusion "more than N months" — the date
``onset + N × 30.4375 days`` (the project's month, whole days, rounded down): the last day the
person still meets the limit. The earliest such date is given; ``null`` when the study has no
such limit or the start date is not on record.

``questions``: the missing facts, ranked by how many unknown criteria (in studies not already
ruled out) each would settle, with a plain question.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from alsnav.conditions import (
    AllOf,
    AnyOf,
    Condition,
    Evaluation,
    FactCondition,
    Missing,
    NotOf,
    Op,
    Outcome,
    evaluate,
)
from alsnav.facts import DAYS_PER_MONTH, FACT_SPECS, Fact, Facts
from alsnav.trials.criteria import CriterionText, Kind, Part, Recognised, recognise, split_criteria
from alsnav.trials.ctgov import Study
from alsnav.trials.patterns import CriterionPattern

PASS, FAIL, UNKNOWN, NOT_APPLICABLE = "pass", "fail", "unknown", "not_applicable"
ELIGIBLE, POSSIBLY, INELIGIBLE = "eligible", "possibly_eligible", "ineligible"
ASK_TEAM = "Not checked automatically: ask the study team"

#: Plain questions for the facts most often missing (others: "Add … to your record").
QUESTIONS: dict[Fact, str] = {
    Fact.AGE_YEARS: "What is your date of birth?",
    Fact.SEX: "What is your sex?",
    Fact.MONTHS_SINCE_ONSET: "When did you first notice symptoms (weakness, slurred speech, cramps)?",
    Fact.ONSET_DATE: "When did you first notice symptoms (weakness, slurred speech, cramps)?",
    Fact.MONTHS_SINCE_DIAGNOSIS: "When were you told you have ALS?",
    Fact.DIAGNOSIS_CATEGORY: "Which category did your neurologist give (such as definite or probable ALS)?",
    Fact.DIAGNOSIS_CRITERIA: "Which criteria did your neurologist use (El Escorial, Awaji or Gold Coast)?",
    Fact.ALS_DIAGNOSED: "Which category did your neurologist give (such as definite or probable ALS)?",
    Fact.FVC_PERCENT: "What was your latest FVC breathing test (% of predicted)?",
    Fact.SVC_PERCENT: "What was your latest SVC (slow vital capacity) breathing test (% of predicted)?",
    Fact.VITAL_CAPACITY_PERCENT: "What was your latest breathing test, FVC or SVC (% of predicted)?",
    Fact.ALSFRS_TOTAL: "Can you fill in an ALSFRS-R questionnaire?",
    Fact.ALSFRS_LOWEST_ITEM: "Can you fill in an ALSFRS-R questionnaire?",
    Fact.DELTA_FRS: "Can you fill in an ALSFRS-R and add the date your symptoms started?",
    Fact.ALSFRS_POINTS_LOST_12_WEEKS: "Can you fill in an ALSFRS-R now and again in about 12 weeks?",
    Fact.TRICALS_RISK_PROFILE: "Can you add symptom start, diagnosis date, FVC and an ALSFRS-R?",
    Fact.MEDICATIONS_CURRENT: "Which medicines do you take now (for example riluzole or edaravone)?",
    Fact.DAYS_ON_MEDICATION: "When did you start this medicine?",
    Fact.HAS_TRACHEOSTOMY: "Do you have a tracheostomy?",
    Fact.USES_VENTILATION: "Do you use a breathing machine (NIV) or have a tracheostomy?",
    Fact.NIV_HOURS_PER_DAY: "How many hours a day do you use your breathing machine (NIV)?",
    Fact.HAS_GASTROSTOMY: "Do you have a feeding tube (gastrostomy)?",
    Fact.GENE_SOD1: "Have you had a gene test for SOD1? What was the result?",
    Fact.GENE_C9ORF72: "Have you had a gene test for C9orf72? What was the result?",
    Fact.GENE_FUS: "Have you had a gene test for FUS? What was the result?",
    Fact.GENE_TARDBP: "Have you had a gene test for TARDBP? What was the result?",
    Fact.COGNITIVE_IMPAIRMENT: "Has a specialist checked your thinking and behaviour? What did they find?",
    Fact.FTD: "Has a specialist checked your thinking and behaviour? What did they find?",
}


@dataclass(frozen=True)
class PreparedStudy:
    """A study with its criteria split and recognised once (reused for every person)."""

    study: Study
    criteria: tuple[Recognised, ...]


def structured_criteria(study: Study) -> list[Recognised]:
    """The registry's age limits and sex as criteria (number 0)."""
    out: list[Recognised] = []
    from alsnav.conditions import parse_condition

    def add(text: str, condition: dict[str, Any]) -> None:
        part = Part("registry-fields", parse_condition(condition))
        out.append(Recognised(CriterionText(Kind.INCLUSION, 0, text), (part,)))

    low, high = study.minimum_age_years, study.maximum_age_years
    if low is not None:
        add(
            f"Age {_years(low)} or older (registry age limit)",
            {"fact": "age_years", "op": "ge", "value": low},
        )
    if high is not None:
        add(
            f"Age {_years(high)} or younger (registry age limit)",
            {"fact": "age_years", "op": "lt", "value": high + 1},
        )
    if study.sex in ("FEMALE", "MALE"):
        add(
            f"{study.sex.capitalize()} participants only (registry field)",
            {"fact": "sex", "op": "eq", "value": study.sex.lower()},
        )
    return out


def _years(value: float) -> str:
    return f"{value:g} years"


def prepare(study: Study, patterns: Sequence[CriterionPattern] | None = None) -> PreparedStudy:
    recognised = [*structured_criteria(study)]
    recognised.extend(recognise(c, patterns) for c in split_criteria(study.criteria_text))
    return PreparedStudy(study, tuple(recognised))


_PREPARED: dict[tuple[str, str, int], PreparedStudy] = {}


def prepared(study: Study) -> PreparedStudy:
    """:func:`prepare` with the default patterns, cached by NCT id and criteria text."""
    key = (
        study.nct_id,
        study.criteria_text,
        hash((study.minimum_age_years, study.maximum_age_years, study.sex)),
    )
    found = _PREPARED.get(key)
    if found is None:
        if len(_PREPARED) > 20000:
            _PREPARED.clear()
        found = _PREPARED[key] = prepare(study)
    return found


# --- Results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    kind: str
    number: int
    text: str
    outcome: str
    because: str
    fact: str | None
    facts: tuple[str, ...]
    needs: str
    recognised: bool
    missing: tuple[Missing, ...] = ()
    context: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "text": self.text,
            "outcome": self.outcome,
            "because": self.because,
            "fact": self.fact,
            "facts": list(self.facts),
            "needs": self.needs,
            "recognised": self.recognised,
            "missing": [m.fact.value for m in self.missing],
        }


@dataclass(frozen=True)
class TrialResult:
    study: Study
    verdict: str
    score: float
    criteria: tuple[CriterionResult, ...]
    window_closes: dt.date | None

    @property
    def nct_id(self) -> str:
        return self.study.nct_id

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.criteria if c.outcome == outcome)

    @property
    def settled(self) -> int:
        """Criteria that pass or set no limit."""
        return self.count(PASS) + self.count(NOT_APPLICABLE)

    @property
    def unknowns(self) -> int:
        return self.count(UNKNOWN)

    @property
    def failures(self) -> int:
        return self.count(FAIL)

    def to_json(self) -> dict[str, Any]:
        s = self.study
        return {
            "nct_id": s.nct_id,
            "title": s.title,
            "verdict": self.verdict,
            "score": self.score,
            "criteria": [c.to_json() for c in self.criteria],
            "window_closes": self.window_closes.isoformat() if self.window_closes else None,
            "status": s.status,
            "recruiting": s.recruiting,
            "study_type": s.study_type,
            "phases": list(s.phases),
            "countries": list(s.countries),
            "last_update": s.last_update.isoformat() if s.last_update else None,
        }


@dataclass(frozen=True)
class Question:
    fact: Fact
    resolves: int
    text: str
    subject: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"fact": self.fact.value, "resolves": self.resolves, "question": self.text}
        if self.subject:
            data["subject"] = self.subject
        return data


@dataclass(frozen=True)
class MatchReport:
    id: str | None
    as_of: dt.date
    trials: tuple[TrialResult, ...]
    questions: tuple[Question, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "as_of": self.as_of.isoformat(),
            "trials": [t.to_json() for t in self.trials],
            "questions": [q.to_json() for q in self.questions],
        }


# --- Screening ------------------------------------------------------------------------------


Memo = dict[str, Evaluation]


def _evaluate_part(part: Part, facts: Facts, memo: Memo | None = None) -> Evaluation:
    if memo is not None:
        found = memo.get(part.key)
        if found is None:
            found = memo[part.key] = _evaluate_part(part, facts)
        return found
    if part.ask_if is not None:
        ask = evaluate(part.ask_if, facts)
        if ask.met:  # only the study team can judge this case: say why, in the pattern's words
            return Evaluation(Outcome.UNKNOWN, (part.note or ASK_TEAM,), (), ask.facts)
    return evaluate(part.condition, facts)


def _combine(evaluations: list[Evaluation], every: bool) -> Evaluation:
    """Kleene ``and`` (``every``) or ``or`` of evaluations, keeping the deciding reasons."""
    decisive = Outcome.NOT_MET if every else Outcome.MET
    other = Outcome.MET if every else Outcome.NOT_MET
    facts = tuple(dict.fromkeys(f for e in evaluations for f in e.facts))
    settled = [e for e in evaluations if e.outcome is decisive]
    if settled:
        return Evaluation(decisive, tuple(line for e in settled for line in e.because), (), facts)
    unknown = [e for e in evaluations if e.outcome is Outcome.UNKNOWN]
    if unknown:
        missing = tuple(dict.fromkeys(m for e in unknown for m in e.missing))
        return Evaluation(Outcome.UNKNOWN, tuple(line for e in unknown for line in e.because), missing, facts)
    return Evaluation(other, tuple(line for e in evaluations for line in e.because), (), facts)


def screen_criterion(item: Recognised, facts: Facts, memo: Memo | None = None) -> CriterionResult:
    """One criterion's outcome for ``facts``; ``memo`` shares answers between equal conditions."""
    c = item.criterion
    needs = item.description
    if not item.parts:
        outcome, because = (NOT_APPLICABLE, "This sets no limit") if item.no_limit else (UNKNOWN, ASK_TEAM)
        return CriterionResult(
            c.kind.value, c.number, c.text, outcome, because, None, (), needs, False, context=c.context
        )
    inclusion = c.kind is Kind.INCLUSION
    groups = [_combine([_evaluate_part(p, facts, memo) for p in group], False) for group in item.groups]
    result = groups[0] if len(groups) == 1 else _combine(groups, True)
    if result.outcome is Outcome.UNKNOWN:
        outcome = UNKNOWN
    elif result.outcome is Outcome.MET:
        outcome = PASS if inclusion else FAIL
    else:
        outcome = FAIL if inclusion else PASS
    because = "; ".join(dict.fromkeys(result.because))
    if outcome == FAIL and item.qualified:
        outcome = UNKNOWN
        because += f". The rest of this criterion ({item.leftover}) may change this: ask the study team"
    elif outcome == PASS and item.partial:
        outcome = UNKNOWN
        because += (
            f". The rest of this criterion ({item.leftover}) is not checked automatically: ask the study team"
        )
    all_facts = item.facts
    fact = (
        result.missing[0].fact.value
        if result.missing
        else (result.facts[0].value if result.facts else (all_facts[0] if all_facts else None))
    )
    return CriterionResult(
        c.kind.value,
        c.number,
        c.text,
        outcome,
        because,
        fact,
        all_facts,
        needs,
        True,
        result.missing,
        c.context,
    )


def _limits(condition: Condition, negated: bool = False) -> Iterable[tuple[Fact, Op, float]]:
    if isinstance(condition, FactCondition):
        if (
            condition.fact in (Fact.MONTHS_SINCE_ONSET, Fact.MONTHS_SINCE_DIAGNOSIS)
            and isinstance(condition.value, int | float)
            and not isinstance(condition.value, bool)
        ):
            op = condition.op
            if negated:
                op = {Op.LE: Op.GT, Op.LT: Op.GE, Op.GT: Op.LE, Op.GE: Op.LT}.get(op, op)
            yield condition.fact, op, float(condition.value)
    elif isinstance(condition, NotOf):
        yield from _limits(condition.not_, not negated)
    elif isinstance(condition, AllOf | AnyOf):
        for part in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from _limits(part, negated)


def window_closes(criteria: Iterable[Recognised], facts: Facts) -> dt.date | None:
    """The earliest date the person stops meeting a time-since-onset or -diagnosis limit."""
    dates = []
    for item in criteria:
        inclusion = item.criterion.kind is Kind.INCLUSION
        for part in item.parts:
            for fact, op, months in _limits(part.condition):
                upper = op in (Op.LE, Op.LT) if inclusion else op in (Op.GT, Op.GE)
                if not upper:
                    continue
                start_fact = Fact.ONSET_DATE if fact is Fact.MONTHS_SINCE_ONSET else Fact.DIAGNOSIS_DATE
                start = facts.value(start_fact)
                if isinstance(start, dt.date):
                    dates.append(start + dt.timedelta(days=months * DAYS_PER_MONTH))
    return min(dates) if dates else None


_VERDICT_RANK = {ELIGIBLE: 0, POSSIBLY: 1, INELIGIBLE: 2}


def screen_study(study: Study | PreparedStudy, facts: Facts, memo: Memo | None = None) -> TrialResult:
    ready = study if isinstance(study, PreparedStudy) else prepared(study)
    memo = {} if memo is None else memo
    results = tuple(screen_criterion(item, facts, memo) for item in ready.criteria)
    outcomes = Counter(r.outcome for r in results)
    if outcomes[FAIL]:
        verdict = INELIGIBLE
    elif outcomes[UNKNOWN] or not results:  # no criteria listed at all: ask the study team
        verdict = POSSIBLY
    else:
        verdict = ELIGIBLE
    settled = outcomes[PASS] + outcomes[NOT_APPLICABLE]
    score = round(settled / len(results), 3) if results else 0.0
    return TrialResult(ready.study, verdict, score, results, window_closes(ready.criteria, facts))


def rank(results: Iterable[TrialResult]) -> list[TrialResult]:
    """Eligible first, then possibly eligible, then ineligible (see the module docstring)."""
    return sorted(
        results,
        key=lambda r: (
            _VERDICT_RANK[r.verdict],
            -r.score,
            not r.study.recruiting,
            r.window_closes or dt.date.max,
            r.nct_id,
        ),
    )


def questions(results: Iterable[TrialResult]) -> list[Question]:
    """Missing facts ranked by how many unknown criteria (of studies not ruled out) they settle."""
    counts: Counter[tuple[Fact, str | None]] = Counter()
    for result in results:
        if result.verdict == INELIGIBLE:
            continue
        for criterion in result.criteria:
            if criterion.outcome != UNKNOWN:
                continue
            for key in dict.fromkeys((m.fact, m.subject) for m in criterion.missing):
                counts[key] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0].value, kv[0][1] or ""))
    out = []
    for (fact, subject), n in ranked:
        text = QUESTIONS.get(fact) or f"Can you add your {FACT_SPECS[fact].label} to your record?"
        if subject:
            text = (
                f"When did you start {subject}?" if fact is Fact.DAYS_ON_MEDICATION else f"{text} ({subject})"
            )
        out.append(Question(fact, n, text, subject))
    return out


def match(studies: Iterable[Study | PreparedStudy], facts: Facts) -> MatchReport:
    """Screen ``facts`` against every study; ranked results and the questions worth asking."""
    memo: Memo = {}
    results = rank(screen_study(s, facts, memo) for s in studies)
    return MatchReport(facts.id, facts.as_of, tuple(results), tuple(questions(results)))
