"""Sub-commands ``alsnav assess FILE [--json]`` and ``alsnav validate FILE [--json]``.

FILE is a patient record (docs/contracts/patient-record.md) or ``-`` for standard input. A record
that breaks the format exits with status 2, one line per problem on standard error naming the JSON
path, and nothing on standard output (the :class:`~alsnav.errors.InputError` is handled by
``alsnav.cli.main``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from alsnav.errors import InputError
from alsnav.progression.assess import AssessmentReport, assess
from alsnav.record import PatientRecord, parse_record
from alsnav.scales import quality

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``assess`` and ``validate`` to the ``alsnav`` command line."""
    p = subparsers.add_parser("assess", help="score and stage every assessment of a patient record")
    p.add_argument("file", metavar="FILE", help="patient record (JSON), or - for standard input")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_assess)

    p = subparsers.add_parser("validate", help="check a patient record against the record format")
    p.add_argument("file", metavar="FILE", help="patient record (JSON), or - for standard input")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_validate)


def read_source(file: str) -> bytes:
    """The bytes of FILE, or of standard input for ``-``; unreadable files are an InputError."""
    if file == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(file).read_bytes()
    except FileNotFoundError:
        raise InputError.single(file, "no such file") from None
    except IsADirectoryError:
        raise InputError.single(file, "is a directory, not a patient record file") from None
    except OSError as exc:
        raise InputError.single(file, f"cannot be read: {exc.strerror or exc}") from None


def load_record(file: str) -> PatientRecord:
    return parse_record(read_source(file))


def _print_json(document: Any, out: TextIO) -> None:
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _cmd_assess(args: argparse.Namespace, out: TextIO) -> int:
    report = assess(load_record(args.file))
    if args.json:
        _print_json(report.to_json(), out)
    else:
        out.write(render_text(report))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    warnings = quality.quality_warnings(load_record(args.file))
    if args.json:
        _print_json({"valid": True, "warnings": [w.as_dict() for w in warnings]}, out)
    else:
        out.write("valid\n")
        for warning in warnings:
            sys.stderr.write(f"warning: {warning}\n")
    return EXIT_OK


def _number(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def render_text(report: AssessmentReport) -> str:
    """A short human-readable table of an ``assess`` report."""
    lines = [f"Patient record: {report.id or '(no id)'}"]
    if report.assessments:
        lines.append(
            f"{'Date':<10}  {'Total':>5}  {'Bulbar':>6}  {'Fine':>4}  {'Gross':>5}  {'Resp':>4}  "
            f"{'Item 5':>6}  {'Kings*':>7}  {'MiToS':>5}  {'ΔFRS':>6}"
        )
        for entry in report.assessments:
            domains = entry.domains
            delta = None if entry.delta_frs is None else round(entry.delta_frs, 3)
            lines.append(
                f"{entry.date.isoformat():<10}  {entry.total:>5}  {domains['bulbar']:>6}  "
                f"{domains['fine_motor']:>4}  {domains['gross_motor']:>5}  {domains['respiratory']:>4}  "
                f"{entry.item5:>6}  "
                f"{entry.kings_label:>7}  {entry.mitos.stage:>5}  {_number(delta, 2):>6}"
            )
        lines.append("* Kings: estimated King's stage (Balendra 2014). ΔFRS: points lost per month")
    else:
        lines.append("No ALSFRS-R assessments.")
    slope = report.slope_per_month
    lines.append(
        "Slope: needs two or more assessments"
        if slope is None
        else f"Slope: {round(slope, 3):+.2f} points per month over {len(report.assessments)} assessments"
    )
    model = report.encals
    if model.linear_predictor is None:
        lines.append("ENCALS prediction: not computed; missing: " + ", ".join(model.missing))
    else:
        median = None if model.median_survival_months is None else round(model.median_survival_months, 1)
        lines.append(
            f"ENCALS prediction (Westeneng 2018): linear predictor {round(model.linear_predictor, 3):.2f}; "
            f"median event-free survival {_number(median, 1)} months from symptom onset"
        )
    for note in model.notes:
        lines.append(f"  note: {note}")
    if report.deceased:
        when = f" on {report.death_date.isoformat()}" if report.death_date else ""
        lines.append(f"Deceased{when}: King's and MiToS stage 5")
    for note in report.notes:
        lines.append(f"Note: {note}")
    if report.warnings:
        lines.append("Please check:")
        lines.extend(f"  {w.where}: {w.message}" for w in report.warnings)
    return "\n".join(lines) + "\n"
