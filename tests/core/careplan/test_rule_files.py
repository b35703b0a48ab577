"""The rule files: every rule of careplan-rules.md exists with its priority and sources, every
worked example inside a rule file holds, and broken files are refused with ``path:line: message``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from alsnav.careplan.engine import evaluate_rule
from alsnav.careplan.load import check_careplan, load_rules
from alsnav.careplan.models import Example, Rule
from alsnav.content import check_content, check_treatments, default_content_dir
from alsnav.facts import facts_from_record
from alsnav.record import parse_record

ROOT = Path(__file__).resolve().parents[3]
BROKEN = ROOT / "tests" / "fixtures" / "content" / "broken-careplan"
RULES = load_rules()
EXAMPLES = [(rule, example) for rule in RULES.rules for example in rule.examples]

#: careplan-rules.md: number -> (rule file, recommendation id, base priority).
MINIMUM_SET = {
    1: ("riluzole", "riluzole", "high"),
    2: ("liver-test-monitoring", "liver-test-monitoring", "medium"),
    3: ("edaravone", "edaravone", "medium"),
    4: ("tofersen", "tofersen", "high"),
    5: ("genetic-testing", "genetic-testing", "medium"),
    6: ("noninvasive-ventilation", "noninvasive-ventilation", "high"),
    7: ("noninvasive-ventilation-discuss", "noninvasive-ventilation", "medium"),
    8: ("cough-assist", "cough-assist", "medium"),
    9: ("feeding-tube", "feeding-tube", "high"),
    10: ("nutritional-support", "nutritional-support", "medium"),
    11: ("sialorrhea-glycopyrrolate", "glycopyrrolate", "medium"),
    12: ("botulinum-toxin", "botulinum-toxin", "medium"),
    13: ("spasticity-baclofen", "baclofen", "medium"),
    14: ("mexiletine", "mexiletine", "medium"),
    15: ("pain-gabapentin", "gabapentin", "medium"),
    16: ("dextromethorphan-quinidine", "dextromethorphan-quinidine", "medium"),
    17: ("speech-therapy", "speech-therapy", "medium"),
    18: ("voice-banking", "voice-banking", "medium"),
    19: ("communication-devices", "communication-devices", "high"),
    20: ("occupational-therapy", "occupational-therapy", "medium"),
    21: ("physical-therapy", "physical-therapy", "medium"),
    22: ("mobility-aids", "mobility-aids", "medium"),
    23: ("psychological-social-support", "psychological-social-support", "medium"),
    24: ("multidisciplinary-care", "multidisciplinary-care", "high"),
    25: ("cognitive-screening", "cognitive-screening", "medium"),
    26: ("advance-care-planning", "advance-care-planning", "medium"),
    27: ("clinical-trials", "clinical-trials", "low"),
}
ALSO = {
    "sialorrhea-trihexyphenidyl": "trihexyphenidyl",
    "sialorrhea-amitriptyline": "amitriptyline",
    "sialorrhea-hyoscine": "hyoscine",
    "sialorrhea-atropine": "atropine",
    "spasticity-tizanidine": "tizanidine",
    "spasticity-physical-therapy": "physical-therapy",
    "pain-physical-therapy": "physical-therapy",
    "pain-relief": "pain-relief",
    "trial-window": "clinical-trials",
}


def test_every_rule_of_the_minimum_set_exists_with_its_priority_and_a_source() -> None:
    by_id = {rule.id: rule for rule in RULES.rules}
    for number, (rule_id, rec_id, priority) in MINIMUM_SET.items():
        rule = by_id.get(rule_id)
        assert rule is not None, f"rule {number} ({rule_id}) is missing"
        assert (rule.recommendation.id, rule.priority.value) == (rec_id, priority), number
        assert rule.sources and all(s.link.startswith("https://") for s in rule.sources)
    for rule_id, rec_id in ALSO.items():
        assert by_id[rule_id].recommendation.id == rec_id


def test_the_content_directory_is_valid() -> None:
    assert [str(p) for p in check_content()] == []


@pytest.mark.parametrize(("rule", "example"), EXAMPLES, ids=[f"{r.id}: {e.name}" for r, e in EXAMPLES])
def test_the_worked_examples_in_each_rule_file_hold(rule: Rule, example: Example) -> None:
    facts = facts_from_record(parse_record(example.full_record()), example.as_of)
    outcome = evaluate_rule(rule, facts, RULES)
    assert outcome.expect == example.expect, outcome.because
    for text in example.because_contains:
        assert any(text in line for line in outcome.because), (text, outcome.because)
    for fact in example.missing:
        assert fact in {m.fact for m in outcome.missing}, (fact, outcome.missing)


def test_every_rule_has_a_firing_and_a_non_firing_example() -> None:
    for rule in RULES.rules:
        outcomes = {e.expect for e in rule.examples}
        assert outcomes & {"high", "medium", "low"} and outcomes & {"none", "unknown", "excluded"}, rule.id


def test_unverified_facts_are_marked() -> None:
    """Facts clinical.md tags [M] keep their marker where the rules state them."""
    text = {
        rule.id: (rule.recommendation.detail or "") + " ".join(w.text for w in rule.warnings)
        for rule in RULES.rules
    }
    assert "[M]" in text["tofersen"]  # the size of the neurological risk
    assert "[M]" in text["liver-test-monitoring"]  # the EU SmPC schedule
    assert "[M]" in text["cough-assist"]  # the AAN 270 L/min algorithm figure
    assert "[M]" in text["sialorrhea-hyoscine"]  # NICE NG42 antimuscarinic ladder; the one patch trial
    assert "[M]" in text["sialorrhea-atropine"]  # EFNS 2012 lists atropine
    assert "[M]" in text["driving"]  # telling the DVLA
    assert "[M]" in text["medication-safety-cognition"]  # glycopyrronium preferred (NICE NG42)


BROKEN_CASES = {
    "bad-example-record.yaml": (23, 'examples.1.record: symptoms[0].code: unknown symptom code "hiccups"'),
    "bad-priority.yaml": (8, "priority: Input should be 'high', 'medium' or 'low'"),
    "expression-not-data.yaml": (12, "when: a condition must be written as data"),
    "id-not-file-name.yaml": (1, "id: 'another-id' must match the file name 'id-not-file-name.yaml'"),
    "nested-unknown-fact.yaml": (15, "when.any.1.fact: Input should be 'age_years'"),
    "no-sources.yaml": (13, "sources: List should have at least 1 item"),
    "only-firing-examples.yaml": (17, "examples: needs at least one example where the rule does not fire"),
    "order-on-a-set.yaml": (12, "when: op: symptoms is a set; use contains or not_contains"),
    "source-without-locator.yaml": (14, "sources.0: a reference needs at least one of pmid, doi or url"),
    "stray-missing-data.yaml": (14, "missing_data: fvc_percent is not read by any condition of this rule"),
    "supplement.yaml": (10, "recommendation.id: 'vitamin-e' is a dietary supplement"),
    "unknown-fact.yaml": (12, "when.fact: Input should be 'age_years'"),
    "unknown-key.yaml": (13, "treshold: unknown key"),
    "unknown-recommendation.yaml": (
        10,
        "recommendation.id: 'magic-cure' is neither a knowledge-base treatment",
    ),
}


def test_every_broken_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(BROKEN_CASES)


@pytest.mark.parametrize(("name", "expected"), sorted(BROKEN_CASES.items()))
def test_a_broken_rule_file_gives_one_clear_path_line_message(
    name: str, expected: tuple[int, str], tmp_path: Path
) -> None:
    directory = tmp_path / "careplan"
    directory.mkdir()
    for table in default_content_dir().joinpath("careplan").glob("_*.yaml"):
        shutil.copy(table, directory)
    shutil.copy(BROKEN / name, directory)
    treatments, _ = check_treatments(default_content_dir() / "treatments")
    rules, problems = check_careplan(directory, treatments)
    assert rules is None
    line, message = expected
    assert len(problems) == 1, [str(p) for p in problems]
    assert str(problems[0]).startswith(f"{directory / name}:{line}: {message}")


def test_check_content_reports_careplan_problems(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(default_content_dir(), root)
    shutil.copy(BROKEN / "unknown-key.yaml", root / "careplan")
    problems = [str(p) for p in check_content(root)]
    assert problems == [
        f"{root / 'careplan' / 'unknown-key.yaml'}:13: treshold: unknown key "
        "(check the spelling; unknown keys are not allowed)"
    ]


def test_availability_must_agree_with_the_knowledge_base(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(default_content_dir(), root)
    table = root / "careplan" / "_availability.yaml"
    text = table.read_text(encoding="utf-8").replace(
        "EU: {status: withdrawn, since: 2016-03-04", "EU: {status: authorised, since: 2016-03-04"
    )
    table.write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_content(root)]
    assert len(problems) == 1
    assert re.search(
        r"_availability\.yaml:\d+: drugs\.dextromethorphan-quinidine\.regions\.EU: says authorised "
        r"but the knowledge base says withdrawn",
        problems[0],
    )


def test_documented_actions_are_listed_in_the_docs() -> None:
    docs = (ROOT / "docs" / "careplan.md").read_text(encoding="utf-8")
    for action in RULES.action_titles:
        assert f"`{action}`" in docs, action
    for rule in RULES.rules:
        assert f"`{rule.id}`" in docs, rule.id
