"""Criterion pattern files are reviewed content: broken files are caught by check-content."""

from __future__ import annotations

from pathlib import Path

from alsnav.content import check_content
from alsnav.trials.patterns import check_patterns

GOOD = """id: {id}
title: Test pattern
explain: A test.
last_reviewed: 2026-11-30
next_review: 2027-11-30
patterns:
  - regex: '{regex}'
    condition: {condition}
examples:
  - text: FVC at least 50%
    condition: {{fact: fvc_percent, op: ge, value: 50}}
  - text: FVC at least 60%
    condition: {{fact: fvc_percent, op: ge, value: 60}}
  - text: Tracheostomy
    condition: null
sources:
  - citation: A source
    url: https://example.org/source
{extra}"""
REGEX = r"fvc\s*@cmp@\s*@num@\s*%"
CONDITION = "{fact: fvc_percent, op: $op, value: $num}"


def write(directory: Path, name: str, **fields: str) -> Path:
    values = {"id": name, "regex": REGEX, "condition": CONDITION, "extra": ""} | fields
    path = directory / f"{name}.yaml"
    path.write_text(GOOD.format(**values), encoding="utf-8")
    return path


def test_a_good_file_passes(tmp_path: Path) -> None:
    write(tmp_path, "fvc")
    items, problems = check_patterns(tmp_path)
    assert problems == [] and [i.id for i in items] == ["fvc"]


def test_broken_files_name_the_file_and_the_problem(tmp_path: Path) -> None:
    write(tmp_path, "bad-regex", regex=r"fvc\s*(@num@")
    write(tmp_path, "wrong-example", condition="{fact: fvc_percent, op: gt, value: $num}")
    write(tmp_path, "unknown-fact", condition="{fact: fvc_litres, op: $op, value: $num}")
    write(tmp_path, "unknown-key", extra="colour: blue\n")
    problems = [str(p) for p in check_patterns(tmp_path)[1]]
    assert any(
        "bad-regex.yaml" in p and "patterns[0].regex: not a valid regular expression" in p for p in problems
    )
    assert any("wrong-example.yaml" in p and "examples[0]: 'FVC at least 50%' gives" in p for p in problems)
    assert any(
        "unknown-fact.yaml" in p and "patterns[0].condition: not a valid condition" in p for p in problems
    )
    assert any("unknown-key.yaml" in p and "colour: unknown key" in p for p in problems)


def test_check_content_includes_the_trial_criteria(tmp_path: Path) -> None:
    (tmp_path / "trial-criteria").mkdir()
    write(tmp_path / "trial-criteria", "bad-regex", regex=r"fvc\s*(@num@")
    problems = [str(p) for p in check_content(tmp_path)]
    assert any("trial-criteria/bad-regex.yaml" in p for p in problems)
