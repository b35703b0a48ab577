"""Sub-commands ``alsnav trials import|fetch|match`` (contract: docs/contracts/cli.md, "Trials").

``import PATH``  a study JSON file, a ``studies`` list response or a folder of either, into the
                 store (``--store DIR``, ``$ALSNAV_TRIALS_DIR`` or ``var/trials/``). Prints the
                 counts. A malformed file: one line per problem on standard error naming the file
                 and JSON path, nothing from that file is imported (the other files of a folder
                 are), exit status 2.
``fetch``        the same from the live ClinicalTrials.gov API (needs internet access).
``match FILE``   screen a patient record against the studies in ``--trials PATH`` (or the store).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from alsnav.errors import InputError, Problem
from alsnav.facts import facts_from_record
from alsnav.progression.cli import load_record
from alsnav.trials.ctgov import load_studies
from alsnav.trials.screen import MatchReport, match
from alsnav.trials.store import TrialStore, default_store_dir

EXIT_OK, EXIT_USAGE = 0, 2
NOTICE = (
    "These results come from imported registry records and your own data. They are not advice and "
    "not a current listing: check with the study team."
)


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    trials = subparsers.add_parser("trials", help="import clinical trials and screen a record against them")
    sub = trials.add_subparsers(dest="trials_command", metavar="SUBCOMMAND")
    sub.required = True

    p = sub.add_parser("import", help="import ClinicalTrials.gov API v2 study JSON (file or folder)")
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--store", type=Path, default=None, help="store directory (default $ALSNAV_TRIALS_DIR or var/trials)"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_import)

    p = sub.add_parser("fetch", help="fetch studies from the live ClinicalTrials.gov API into the store")
    p.add_argument("--condition", default="amyotrophic lateral sclerosis")
    p.add_argument("--status", default="RECRUITING,NOT_YET_RECRUITING", help="comma-separated statuses")
    p.add_argument("--page-size", type=int, default=100)
    p.add_argument("--max-pages", type=int, default=None)
    p.add_argument("--base-url", default=None, help="API address (default the public API)")
    p.add_argument("--store", type=Path, default=None)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_fetch)

    p = sub.add_parser("match", help="screen a patient record against the trials")
    p.add_argument("file", metavar="FILE", help="patient record (JSON), or - for standard input")
    p.add_argument("--trials", type=Path, default=None, help="study JSON file or folder (default: the store)")
    p.add_argument("--store", type=Path, default=None)
    p.add_argument("--as-of", default=None, help="date YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_match)


def _store(args: argparse.Namespace) -> TrialStore:
    return TrialStore(args.store or default_store_dir())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _print_counts(counts: dict[str, int], as_json: bool, out: TextIO) -> None:
    if as_json:
        json.dump(counts, out, indent=2)
        out.write("\n")
    else:
        out.write(
            f"created {counts['created']}, updated {counts['updated']}, unchanged {counts['unchanged']}"
            f" ({counts['files']} file(s) read)\n"
        )


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    result = _store(args).import_path(Path(args.path), _now())
    _print_counts(result.counts(), args.json, out)
    if result.problems:
        for problem in result.problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"nothing was imported from {len(result.bad_files)} file(s) with problems\n")
        return EXIT_USAGE
    return EXIT_OK


def _cmd_fetch(args: argparse.Namespace, out: TextIO) -> int:
    from alsnav.trials.client import BASE_URL, CtgovClient

    client = CtgovClient(base_url=args.base_url or BASE_URL)
    statuses = [s.strip().upper() for s in args.status.split(",") if s.strip()]
    studies = client.fetch(
        condition=args.condition, statuses=statuses, page_size=args.page_size, max_pages=args.max_pages
    )
    store = _store(args)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "files": 0, "files_with_problems": 0}
    now = _now()
    for study in studies:
        counts[store.upsert(study, now)] += 1
    _print_counts(counts, args.json, out)
    return EXIT_OK


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError([Problem("--as-of", f"expected a date written YYYY-MM-DD, got {text!r}")]) from None


def _cmd_match(args: argparse.Namespace, out: TextIO) -> int:
    as_of = _as_of(args.as_of)
    record = load_record(args.file)
    studies = load_studies(args.trials) if args.trials is not None else _store(args).studies()
    report = match(studies, facts_from_record(record, as_of))
    if args.json:
        json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(render_text(report, stored=args.trials is None))
    return EXIT_OK


_WORDS = {
    "eligible": "may be able to join",
    "possibly_eligible": "possibly, more to check",
    "ineligible": "not eligible",
}
_MARK = {"pass": "✓", "fail": "✗", "unknown": "?", "not_applicable": "–"}


def render_text(report: MatchReport, *, stored: bool = False) -> str:
    lines = [f"Trial screening for {report.id or '(no id)'} on {report.as_of.isoformat()}", NOTICE, ""]
    if not report.trials:
        lines.append(
            "No trials to screen." + (" Import some with `alsnav trials import PATH`." if stored else "")
        )
    for trial in report.trials:
        window = f"; window closes {trial.window_closes.isoformat()}" if trial.window_closes else ""
        lines.append(f"{trial.nct_id}  {_WORDS[trial.verdict]} (score {trial.score:.2f}){window}")
        lines.append(f"  {trial.study.title} [{trial.study.status_label}]")
        for c in trial.criteria:
            lines.append(f"  {_MARK[c.outcome]} {c.kind[:3]} {c.text}")
            if c.outcome != "pass":
                lines.append(f"      {c.because}")
        lines.append("")
    if report.questions:
        lines.append("Questions that would settle the most open criteria:")
        for q in report.questions[:8]:
            lines.append(f"  {q.text} (settles {q.resolves})")
    return "\n".join(lines) + "\n"
