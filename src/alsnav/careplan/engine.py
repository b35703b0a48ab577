"""The care-plan evaluator: every rule over one :class:`~alsnav.facts.Facts` snapshot.

Pure functions: the rules, the availability table and the as-of date are passed in; nothing reads
the clock or a file. The clinical logic lives in the rule files; this module only applies the
general policies every rule shares:

* nothing is recommended for a person who has died;
* an unknown ``when`` never fires: each missing fact becomes a ``missing_data`` entry saying why it
  matters;
* never what the person already has (``satisfied_by``); an unknown medicine or equipment list is
  said in the "because" lines and asked about;
* a drug is recommended only where the availability table says it is authorised (or available
  through expanded access) in the person's country; otherwise what to ask instead is listed under
  ``unavailable``;
* never a dietary supplement (refused when the rules are loaded, and again here);
* one recommendation per id: when two rules recommend the same thing, the higher priority wins and
  the "because" lines are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from alsnav.careplan.models import (
    AvailabilityTable,
    CareArea,
    MonitoringSchedule,
    Priority,
    Rule,
)
from alsnav.careplan.monitoring import MonitoringEntry, schedule
from alsnav.conditions import Check, Evaluation, Missing, Outcome, because_lines, compiled, missing_facts
from alsnav.facts import FACT_SPECS, Fact, Facts

#: The order care areas are listed in.
AREA_ORDER: dict[CareArea, int] = {area: index for index, area in enumerate(CareArea)}

#: Every field a recommendation's JSON carries (the contract's keys first).
RECOMMENDATION_KEYS = (
    "id", "title", "priority", "because", "sources", "care_area", "text", "detail", "why_now",
    "warnings", "url", "rule", "rule_version", "source_links",
)  # fmt: skip


@dataclass(frozen=True)
class RecommendationResult:
    id: str
    title: str
    priority: Priority
    care_area: CareArea
    text: str
    because: tuple[str, ...]
    sources: tuple[str, ...]
    source_links: tuple[str, ...]
    warnings: tuple[str, ...]
    rule: str
    rule_version: int
    detail: str | None = None
    why_now: str | None = None
    is_treatment: bool = False

    @property
    def sources_with_links(self) -> list[tuple[str, str]]:
        return list(zip(self.sources, self.source_links, strict=True))

    @property
    def url(self) -> str | None:
        return f"/treatments/{self.id}/" if self.is_treatment else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "priority": self.priority.value,
            "because": list(self.because),
            "sources": list(self.sources),
            "care_area": self.care_area.value,
            "text": self.text,
            "detail": self.detail,
            "why_now": self.why_now,
            "warnings": list(self.warnings),
            "url": self.url,
            "rule": self.rule,
            "rule_version": self.rule_version,
            "source_links": list(self.source_links),
        }


@dataclass(frozen=True)
class MissingData:
    fact: Fact
    why: str
    for_recommendations: tuple[str, ...]

    @property
    def question(self) -> str:
        """The missing fact as a question to bring to the clinic."""
        return QUESTIONS.get(self.fact, f"Could we record my {FACT_SPECS[self.fact].label}?")

    def to_json(self) -> dict[str, Any]:
        return {
            "fact": self.fact.value,
            "why": self.why,
            "question": self.question,
            "for": list(self.for_recommendations),
        }


@dataclass(frozen=True)
class Unavailable:
    id: str
    title: str
    country: str | None
    status: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "country": self.country, "status": self.status,
                "text": self.text}  # fmt: skip


@dataclass(frozen=True)
class CarePlan:
    id: str | None
    as_of: dt.date
    deceased: bool
    recommendations: tuple[RecommendationResult, ...]
    missing_data: tuple[MissingData, ...]
    monitoring: tuple[MonitoringEntry, ...]
    unavailable: tuple[Unavailable, ...] = ()

    @property
    def questions(self) -> list[MissingData]:
        """The missing data, one entry per question (several facts can ask the same thing)."""
        seen: dict[str, MissingData] = {}
        for gap in self.missing_data:
            seen.setdefault(gap.question, gap)
        return list(seen.values())

    @property
    def due_monitoring(self) -> list[MonitoringEntry]:
        return [entry for entry in self.monitoring if entry.due]

    def recommendation(self, rec_id: str) -> RecommendationResult | None:
        return next((r for r in self.recommendations if r.id == rec_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "as_of": self.as_of.isoformat(),
            "recommendations": [r.to_json() for r in self.recommendations],
            "missing_data": [m.to_json() for m in self.missing_data],
            "monitoring": [m.to_json() for m in self.monitoring],
            "deceased": self.deceased,
            "unavailable": [u.to_json() for u in self.unavailable],
        }


#: Missing facts phrased as questions a person can bring to the clinic.
QUESTIONS: dict[Fact, str] = {
    Fact.FVC_PERCENT: "When can I have a breathing test (FVC)?",
    Fact.VITAL_CAPACITY_PERCENT: "When can I have a breathing test (FVC or SVC)?",
    Fact.SVC_PERCENT: "When can I have a breathing test (SVC)?",
    Fact.SNIP_CMH2O: "Can you measure my sniff pressure (SNIP)?",
    Fact.MIP_CMH2O: "Can you measure my breathing muscle strength (MIP)?",
    Fact.PCF_L_MIN: "Can you measure how strong my cough is (peak cough flow)?",
    Fact.PACO2_MMHG: "Do I need a blood gas test for carbon dioxide?",
    Fact.SPO2_BELOW_88_MINUTES: "Should I have an overnight oxygen test (oximetry)?",
    Fact.GENE_SOD1: "Should I have genetic testing, including SOD1?",
    Fact.GENE_C9ORF72: "Should I have genetic testing, including C9orf72?",
    Fact.COGNITION: "Can my thinking and behaviour be screened?",
    Fact.COGNITIVE_IMPAIRMENT: "Can my thinking and behaviour be screened?",
    Fact.IN_MULTIDISCIPLINARY_CLINIC: (
        "Am I followed by a multidisciplinary ALS clinic? If not, can I be referred?"
    ),
    Fact.COUNTRY: "Which medicines are available where I am treated?",
    Fact.ONSET_DATE: "When did my first symptoms start (for my record)?",
    Fact.DIAGNOSIS_DATE: "When was I diagnosed (for my record)?",
    Fact.MONTHS_SINCE_DIAGNOSIS: "When was I diagnosed (for my record)?",
    Fact.MEDICATIONS_CURRENT: "Can we go through the medicines I take now?",
    Fact.INTERVENTIONS_CURRENT: "Can we go through the equipment and support I use?",
    Fact.PREMORBID_WEIGHT_KG: "What was my usual weight before ALS (for my record)?",
    Fact.WEIGHT_LOSS_PERCENT: "Can you weigh me and record my usual weight before ALS?",
    Fact.WEIGHT_KG: "Can you weigh me at this visit?",
    Fact.BMI: "Can you record my height and weight?",
    Fact.ALT_ULN_RATIO: "When is my next liver blood test (ALT)?",
    Fact.AGE_YEARS: "Can my date of birth be recorded?",
    Fact.ALS_DIAGNOSED: "Can my diagnosis be recorded in my record?",
    Fact.DIAGNOSIS_CATEGORY: "Can my diagnosis be recorded in my record?",
}
for _n in range(1, 13):
    QUESTIONS.setdefault(Fact(f"alsfrs_item_{_n}"), "Can I fill in an ALSFRS-R questionnaire now?")
QUESTIONS.setdefault(Fact.ALSFRS_LOWEST_BULBAR_ITEM, "Can I fill in an ALSFRS-R questionnaire now?")
QUESTIONS.setdefault(Fact.ALSFRS_LOWEST_ITEM, "Can I fill in an ALSFRS-R questionnaire now?")
QUESTIONS.setdefault(Fact.SYMPTOMS, "Can we go through my symptoms?")


@dataclass(frozen=True)
class RuleSet:
    """Everything the evaluator needs, loaded once (see :func:`alsnav.careplan.load.load_rules`)."""

    rules: tuple[Rule, ...]
    availability: AvailabilityTable
    monitoring: MonitoringSchedule
    treatment_ids: frozenset[str] = frozenset()
    supplement_ids: frozenset[str] = frozenset()
    action_titles: dict[str, str] = field(default_factory=dict)
    treatment_titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleOutcome:
    """What one rule says about one person (before the plan merges rules)."""

    rule: Rule
    outcome: str  # "fired", "not_met", "unknown", "excluded", "unavailable"
    priority: Priority | None
    because: tuple[str, ...]
    text: str
    warnings: tuple[str, ...]
    missing: tuple[Missing, ...]
    unavailable: Unavailable | None = None

    @property
    def fired(self) -> bool:
        return self.outcome == "fired"

    @property
    def expect(self) -> str:
        """The outcome in the words of a rule file's examples."""
        if self.fired:
            assert self.priority is not None  # noqa: S101 - set whenever a rule fires
            return self.priority.value
        return {"not_met": "none", "unavailable": "excluded"}.get(self.outcome, self.outcome)


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in values)


@dataclass(frozen=True)
class _Prepared:
    """A rule's compiled checks and sets, made once per rule object."""

    rule: Rule
    when: Check
    satisfied: tuple[tuple[Fact, frozenset[str]], ...]
    unless: tuple[tuple[Check, Any], ...]
    variants: tuple[tuple[Check, Any], ...]
    warnings: tuple[tuple[Check | None, str], ...]


_PREPARED: dict[int, _Prepared] = {}


def _prepare(rule: Rule) -> _Prepared:
    found = _PREPARED.get(id(rule))
    if found is None or found.rule is not rule:
        has = rule.satisfied_by
        found = _Prepared(
            rule=rule,
            when=compiled(rule.when),
            satisfied=tuple(
                (fact, _names(names))
                for fact, names in (
                    (Fact.MEDICATIONS_CURRENT, has.medications),
                    (Fact.INTERVENTIONS_CURRENT, has.interventions),
                )
                if names
            ),
            unless=tuple((compiled(e.when), e) for e in rule.unless),
            variants=tuple((compiled(v.when), v) for v in rule.variants),
            warnings=tuple((None if w.when is None else compiled(w.when), w.text) for w in rule.warnings),
        )
        _PREPARED[id(rule)] = found
    return found


def evaluate_rule(
    rule: Rule, facts: Facts, rules: RuleSet, *, answer: Outcome | None = None
) -> RuleOutcome:
    """Evaluate one rule on ``facts`` (``answer``: its ``when`` already worked out by the caller)."""
    text = rule.recommendation.text
    prepared = _prepare(rule)

    def result(
        outcome: str, because: Sequence[str], missing: Sequence[Missing] = (), **kw: Any
    ) -> RuleOutcome:
        return RuleOutcome(rule, outcome, kw.get("priority"), tuple(because), kw.get("text", text),
                           tuple(kw.get("warnings", ())), tuple(missing), kw.get("unavailable"))  # fmt: skip

    if not facts.alive:
        return result("excluded", ["the person has died"])
    quick = prepared.when(facts) if answer is None else answer
    if quick is Outcome.NOT_MET:
        return result("not_met", ())
    if quick is Outcome.UNKNOWN:
        return result("unknown", (), missing_facts(rule.when, facts, answer=quick))
    # Exclusions first: the sentences saying why the rule is met are written only if it fires.
    checks: list[str] = []
    extra_missing: list[Missing] = []
    # Never what the person already has.
    for fact, names in prepared.satisfied:
        known = facts.values[fact]
        if known.value is None:
            checks.append(f"{known.why}, so it is not known whether this is already in place")
            extra_missing.append(Missing(fact, known.why))
            continue
        assert isinstance(known.value, frozenset)  # noqa: S101 - a set fact
        already = sorted(known.value & names)
        if already:
            return result("excluded", [f"already in place: {', '.join(already)}"])
    for check, exclusion in prepared.unless:
        quick = check(facts)
        if quick is Outcome.NOT_MET:
            continue
        if quick is Outcome.MET:
            return result("excluded", [exclusion.because, *because_lines(exclusion.when, facts)])
        gaps = missing_facts(exclusion.when, facts, answer=quick)
        checks.append(f"Please check: {exclusion.because} ({'; '.join(g.why for g in gaps)})")
        extra_missing.extend(gaps)
    because = [rule.because] if rule.because else list(because_lines(rule.when, facts))
    because.extend(checks)
    # Availability of a drug in the person's country.
    table = rules.availability
    if rule.recommendation.id in table.drugs:
        country = facts.get(Fact.COUNTRY)
        code = country.value if isinstance(country.value, str) else None
        status = table.status_in(rule.recommendation.id, code)
        if status is None or not status.status.available:
            entry = table.drugs[rule.recommendation.id]
            where = code or "the country of care"
            said = "not known" if status is None else status.status.label
            title = rules.treatment_titles.get(rule.recommendation.id, rule.title)
            missing = [Missing(Fact.COUNTRY, country.why)] if code is None else []
            gone = Unavailable(
                rule.recommendation.id, title, code, said, f"{title} is {said} in {where}: {entry.otherwise}"
            )
            return result(
                "unavailable", [*because, f"{title} is {said} in {where}"], missing, unavailable=gone
            )
        because.append(f"{rules.treatment_titles.get(rule.recommendation.id, rule.title)} is "
                       f"{status.status.label} in {code}")  # fmt: skip
    priority = rule.priority
    for check, variant in prepared.variants:
        if check(facts) is Outcome.MET:
            priority = variant.priority
            because.append(variant.because)
            text = variant.text or text
            break
    warnings = [line for check, line in prepared.warnings if check is None or check(facts) is Outcome.MET]
    return result("fired", because, extra_missing, priority=priority, text=text, warnings=warnings)


def _missing_why(rule: Rule, missing: Missing) -> str:
    matters = rule.missing_data.get(missing.fact) or f"it decides whether to recommend: {rule.title.lower()}"
    return f"{missing.why}: {matters}"


_SOURCES: dict[int, tuple[Rule, tuple[str, ...], tuple[str, ...]]] = {}


def _source_text(rule: Rule) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A rule's citations and links (computed once per rule object)."""
    found = _SOURCES.get(id(rule))
    if found is None or found[0] is not rule:
        found = (rule, tuple(s.citation for s in rule.sources), tuple(s.link for s in rule.sources))
        _SOURCES[id(rule)] = found
    return found[1], found[2]


def build_recommendation(outcome: RuleOutcome, rules: RuleSet) -> RecommendationResult:
    rule = outcome.rule
    assert outcome.priority is not None  # noqa: S101 - only fired outcomes are built
    citations, links = _source_text(rule)
    rec_id = rule.recommendation.id
    return RecommendationResult(
        id=rec_id,
        title=rule.title,
        priority=outcome.priority,
        care_area=rule.care_area,
        text=outcome.text,
        because=outcome.because,
        sources=citations,
        source_links=links,
        warnings=outcome.warnings,
        rule=rule.id,
        rule_version=rule.version,
        detail=rule.recommendation.detail,
        why_now=rule.why_now,
        is_treatment=rec_id in rules.treatment_ids,
    )


_CHECKS: dict[int, tuple[RuleSet, list[tuple[Rule, Check]]]] = {}


def _published_checks(rules: RuleSet) -> list[tuple[Rule, Check]]:
    """The published rules with their compiled ``when`` checks (once per rule set)."""
    found = _CHECKS.get(id(rules))
    if found is None or found[0] is not rules:
        found = (rules, [(rule, compiled(rule.when)) for rule in rules.rules if rule.published])
        _CHECKS[id(rules)] = found
    return found[1]


def care_plan(facts: Facts, rules: RuleSet) -> CarePlan:
    """The care plan for ``facts`` (on ``facts.as_of``)."""
    if not facts.alive:
        return CarePlan(facts.id, facts.as_of, True, (), (), ())
    best: dict[str, RecommendationResult] = {}
    order: list[str] = []
    missing: dict[Fact, tuple[str, list[str]]] = {}
    unavailable: dict[str, Unavailable] = {}
    for rule, when in _published_checks(rules):
        answer = when(facts)
        if answer is Outcome.NOT_MET:
            continue  # the common case, answered without building anything
        outcome = evaluate_rule(rule, facts, rules, answer=answer)
        for gap in outcome.missing:
            known = missing.get(gap.fact)
            if known is None:
                known = missing[gap.fact] = (_missing_why(rule, gap), [])
            wanted = known[1]
            if rule.recommendation.id not in wanted:
                wanted.append(rule.recommendation.id)
        if outcome.unavailable is not None:
            unavailable.setdefault(outcome.unavailable.id, outcome.unavailable)
        if not outcome.fired or rule.recommendation.id in rules.supplement_ids:
            continue
        rec = build_recommendation(outcome, rules)
        old = best.get(rec.id)
        if old is None:
            best[rec.id] = rec
            order.append(rec.id)
        elif rec.priority.rank < old.priority.rank:
            best[rec.id] = _merged(rec, old)
        else:
            best[rec.id] = _merged(old, rec)
    recommendations = sorted(
        (best[i] for i in order), key=lambda r: (r.priority.rank, AREA_ORDER[r.care_area])
    )
    gaps = tuple(MissingData(fact, why, tuple(wanted)) for fact, (why, wanted) in missing.items())
    return CarePlan(
        facts.id,
        facts.as_of,
        False,
        tuple(recommendations),
        gaps,
        tuple(schedule(facts, rules.monitoring)),
        tuple(unavailable.values()),
    )


def _merged(keep: RecommendationResult, other: RecommendationResult) -> RecommendationResult:
    from dataclasses import replace

    return replace(
        keep,
        because=tuple(dict.fromkeys((*keep.because, *other.because))),
        sources=tuple(dict.fromkeys((*keep.sources, *other.sources))),
        source_links=tuple(dict.fromkeys((*keep.source_links, *other.source_links))),
        warnings=tuple(dict.fromkeys((*keep.warnings, *other.warnings))),
    )


def explain(evaluation: Evaluation) -> str:
    """One evaluation's reasons as one line (for debugging and the command line)."""
    return "; ".join(evaluation.because)
