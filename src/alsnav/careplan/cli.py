"""Sub-command ``alsnav careplan FILE [--as-of DATE] [--json]`` (contract: docs/contracts/cli.md).

A record that breaks the format is refused exactly as by ``alsnav assess``: exit 2, one line per
problem on standard error naming the JSON path, nothing on standard output. ``--as-of`` defaults to
today; nothing dated after it is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any, TextIO

from alsnav.careplan import plan_for_record
from alsnav.careplan.engine import CarePlan
from alsnav.careplan.load import load_rules
from alsnav.errors import InputError
from alsnav.progression.cli import load_record

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``careplan`` to the ``alsnav`` command line."""
    p = subparsers.add_parser(
        "careplan", help="recommended next steps, missing data and monitoring for a patient record"
    )
    p.add_argument("file", metavar="FILE", help="patient record (JSON), or - for standard input")
    p.add_argument(
        "--as-of", dest="as_of", metavar="DATE", help="plan as of this date (YYYY-MM-DD; default today)"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_careplan)


def parse_as_of(text: str | None, today: dt.date) -> dt.date:
    if text is None:
        return today
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad(text)
    except ValueError:
        return _bad(text)


def _bad(text: str) -> dt.date:
    raise InputError.single("--as-of", f"must be a date written YYYY-MM-DD, got '{text}'")


def _cmd_careplan(args: argparse.Namespace, out: TextIO) -> int:
    as_of = parse_as_of(
        args.as_of, dt.datetime.now(dt.UTC).astimezone().date()
    )  # local date; the core never reads it
    record = load_record(args.file)
    plan = plan_for_record(record, as_of, rules=load_rules(args.content))
    if args.json:
        json.dump(plan.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(render_text(plan))
    return EXIT_OK


def render_text(plan: CarePlan) -> str:
    """The plan for people: what to do, why, what is missing and what is due."""
    lines = [f"Care plan for {plan.id or '(no id)'} as of {plan.as_of.isoformat()}"]
    if plan.deceased:
        lines.append("The record says this person has died. There are no recommendations.")
        return "\n".join(lines) + "\n"
    lines.append("It informs; it does not replace your ALS team. [M] marks a fact not yet verified.")
    for priority, heading in (
        ("high", "Act soon"),
        ("medium", "Discuss at the next visit"),
        ("low", "Good to know"),
    ):
        group = [r for r in plan.recommendations if r.priority.value == priority]
        if not group:
            continue
        lines.append("")
        lines.append(f"{heading} ({priority} priority)")
        for rec in group:
            lines.append(f"- {rec.title} [{rec.care_area.label}]: {rec.text}")
            if rec.why_now:
                lines.append(f"    Why now: {rec.why_now}")
            for line in rec.because:
                lines.append(f"    because: {line}")
            for warning in rec.warnings:
                lines.append(f"    caution: {warning}")
            lines.append(f"    sources: {'; '.join(rec.sources)}")
    if plan.unavailable:
        lines.append("")
        lines.append("Not recommended here")
        lines.extend(f"- {u.text}" for u in plan.unavailable)
    if plan.missing_data:
        lines.append("")
        lines.append("Questions to bring to the clinic (missing data)")
        for gap in plan.missing_data:
            lines.append(f"- {gap.question}")
            lines.append(f"    {gap.why}")
    if plan.monitoring:
        lines.append("")
        lines.append("Monitoring")
        for entry in plan.monitoring:
            state = "overdue" if entry.overdue else ("due now" if entry.due else "next")
            last = f"last {entry.last_done.isoformat()}" if entry.last_done else "never recorded"
            lines.append(f"- {entry.label}: {state} {entry.next_due.isoformat()} ({last}; {entry.every})")
    return "\n".join(lines) + "\n"
