"""Loading and checking ``content/careplan/``: rule files, the monitoring schedule, drug
availability and the documented actions, each problem as ``path:line: message``.

Files whose name starts with ``_`` are the shared tables (``_availability.yaml``,
``_monitoring.yaml``, ``_actions.yaml``); every other ``*.yaml`` file is one rule.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from alsnav.careplan.engine import RuleSet
from alsnav.careplan.models import ActionList, AvailabilityTable, MonitoringSchedule, Rule
from alsnav.content import (
    check_reviewed_directory,
    check_treatments,
    default_content_dir,
    load_yaml_file,
    node_line,
)
from alsnav.errors import ContentError, InputError, Problem
from alsnav.kb.models import Category, RegulatoryStatus, Treatment
from alsnav.record import parse_record

AVAILABILITY_FILE, MONITORING_FILE, ACTIONS_FILE = "_availability.yaml", "_monitoring.yaml", "_actions.yaml"

_KB_UNAVAILABLE = frozenset(
    {RegulatoryStatus.WITHDRAWN, RegulatoryStatus.REFUSED, RegulatoryStatus.NOT_AUTHORISED}
)


def _line(path: Path, needle: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((i + 1 for i, line in enumerate(lines) if needle in line), 1)


def check_careplan(
    directory: Path, treatments: Iterable[Treatment] | None = None
) -> tuple[RuleSet | None, list[Problem]]:
    """Validate every file of ``directory``; return the rule set (``None`` on any problem)."""
    problems: list[Problem] = []
    if not directory.is_dir():
        return None, [Problem(str(directory), "the care-plan directory is missing")]
    if treatments is None:
        entries, found = check_treatments(directory.parent / "treatments")
        problems.extend(found)
    else:
        entries = list(treatments)
    by_id = {t.id: t for t in entries}

    tables = {}
    for name, model in (
        (AVAILABILITY_FILE, AvailabilityTable),
        (MONITORING_FILE, MonitoringSchedule),
        (ACTIONS_FILE, ActionList),
    ):
        path = directory / name
        if not path.exists():
            problems.append(Problem(str(path), f"the {model.kind} file is missing"))
            continue
        item, _, found = load_yaml_file(path, model)
        problems.extend(found)
        tables[name] = item
    availability = tables.get(AVAILABILITY_FILE)
    monitoring = tables.get(MONITORING_FILE)
    actions = tables.get(ACTIONS_FILE)
    assert availability is None or isinstance(availability, AvailabilityTable)  # noqa: S101
    assert monitoring is None or isinstance(monitoring, MonitoringSchedule)  # noqa: S101
    assert actions is None or isinstance(actions, ActionList)  # noqa: S101
    action_titles = {a.id: a.title for a in actions.actions} if actions else {}

    rules, found = check_reviewed_directory(directory, Rule, "[!_]*.yaml")
    problems.extend(tidy_condition_problems(found))
    if not rules and not found:
        problems.append(Problem(str(directory), "no care-plan rule files (*.yaml) found"))
    for rule in rules:
        path = directory / f"{rule.id}.yaml"
        rec = rule.recommendation.id
        entry = by_id.get(rec)
        if entry is None and rec not in action_titles:
            problems.append(
                Problem(
                    str(path),
                    f"recommendation.id: '{rec}' is neither a knowledge-base treatment nor an action "
                    f"listed in {ACTIONS_FILE}",
                    _line(path, f"id: {rec}"),
                )
            )
        if entry is not None and entry.meta.category is Category.SUPPLEMENT:
            problems.append(
                Problem(
                    str(path),
                    f"recommendation.id: '{rec}' is a dietary supplement; the care plan never recommends one",
                    _line(path, f"id: {rec}"),
                )
            )
        for index, example in enumerate(rule.examples):
            try:
                parse_record(example.full_record())
            except InputError as exc:
                for problem in exc.problems:
                    problems.append(
                        Problem(
                            str(path),
                            f"examples.{index}.record: {problem}",
                            _example_line(path, index),
                        )
                    )
    if availability is not None:
        problems.extend(_availability_problems(directory / AVAILABILITY_FILE, availability, by_id))
    if problems or availability is None or monitoring is None:
        return None, problems
    rule_set = RuleSet(
        rules=tuple(rules),
        availability=availability,
        monitoring=monitoring,
        treatment_ids=frozenset(by_id),
        supplement_ids=frozenset(t.id for t in entries if t.meta.category is Category.SUPPLEMENT),
        action_titles=action_titles,
        treatment_titles={t.id: t.title for t in entries},
    )
    return rule_set, []


_BRANCHES = {"AllOf": "all", "AnyOf": "any", "NotOf": "not"}


def tidy_condition_problems(problems: list[Problem]) -> list[Problem]:
    """Keep only the problems of the condition form the author wrote.

    A condition is one of four forms (``{fact, op, value}``, ``{all}``, ``{any}``, ``{not}``);
    pydantic reports why each form fails. The form written is known from its keys, so the
    problems of the other forms are dropped, and text where a condition belongs gets one message.
    """
    from alsnav.content import YamlDocument, parse_yaml

    documents: dict[str, YamlDocument | None] = {}
    kept: list[Problem] = []
    for problem in problems:
        field, _, message = problem.message.partition(": ")
        if problem.where not in documents:
            try:
                parsed, _ = parse_yaml(Path(problem.where).read_text(encoding="utf-8"), problem.where)
            except OSError:
                parsed = None
            documents[problem.where] = parsed
        parsed = documents[problem.where]
        keep, path = _written_form(field.split("."), parsed.data if parsed else None)
        if not keep:
            continue
        if "valid dictionary or instance of FactCondition" in message:
            message = "a condition must be written as data ({fact, op, value} or all/any/not), not as text"
        line = problem.line
        if path and parsed is not None:
            loc = [int(p) if p.isdigit() else p for p in path]
            line = node_line(parsed.node, loc) or line
        problem = Problem(problem.where, f"{'.'.join(path) or field}: {message}", line)
        if problem not in kept:
            kept.append(problem)
    return kept


def _written_form(parts: list[str], node: object) -> tuple[bool, list[str]]:
    """Whether an error path belongs to the form of condition written, and the path without tags."""
    path: list[str] = []
    for index, part in enumerate(parts):
        combinator = isinstance(node, dict) and bool({"all", "any", "not"} & set(node))
        if part in _BRANCHES:
            if not (isinstance(node, dict) and _BRANCHES[part] in node):
                return False, path
            continue
        if (
            combinator
            and part in ("fact", "op", "value", "subject", "within_days", "all", "any", "not")
            and (index == 0 or parts[index - 1] not in _BRANCHES)
        ):
            return False, path
        if isinstance(node, str) and part in _BRANCHES.values():
            return False, path
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = None
    return True, path


def _example_line(path: Path, index: int) -> int:
    from alsnav.content import parse_yaml

    parsed, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    return node_line(parsed.node if parsed else None, ["examples", index, "record"]) or 1


def _availability_problems(
    path: Path, table: AvailabilityTable, treatments: dict[str, Treatment]
) -> list[Problem]:
    """Every drug is a knowledge-base treatment and agrees with its regulatory rows."""
    problems = []
    for drug, entry in table.drugs.items():
        treatment = treatments.get(drug)
        if treatment is None:
            problems.append(
                Problem(str(path), f"drugs.{drug}: no treatment with this id", _line(path, f"{drug}:"))
            )
            continue
        for row in treatment.meta.regulatory:
            said = entry.regions.get(row.region)
            if said is not None and row.status in _KB_UNAVAILABLE and said.status.available:
                problems.append(
                    Problem(
                        str(path),
                        f"drugs.{drug}.regions.{row.region}: says {said.status.value} but the knowledge "
                        f"base says {row.status.value}",
                        _line(path, f"{drug}:"),
                    )
                )
    return problems


@functools.cache
def _cached(directory: str) -> RuleSet:
    rules, problems = check_careplan(Path(directory))
    if rules is None:
        raise ContentError(problems)
    return rules


def load_rules(content_dir: Path | None = None) -> RuleSet:
    """The care-plan rule set from ``content_dir/careplan`` (cached per directory); raises
    :class:`~alsnav.errors.ContentError` listing every problem when any file is invalid."""
    root = content_dir or default_content_dir()
    return _cached(str((root / "careplan").resolve()))


def check_careplan_content(root: Path, treatments: Iterable[Treatment]) -> list[Problem]:
    """The problems in ``root/careplan`` (for ``alsnav check-content``); none when it is absent."""
    directory = root / "careplan"
    if not directory.exists():
        return []
    return check_careplan(directory, treatments)[1]
