"""The ``alsnav`` command line (contract: docs/contracts/cli.md).

With ``--json`` every command prints exactly one JSON document on standard output. Exit status:
0 success, 1 a check found problems, 2 bad input or usage (one line per problem on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from alsnav import __version__
from alsnav.errors import AlsnavError, ContentError, InputError
from alsnav.kb import catalog

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one clear line on bad usage."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _print_json(document: Any, out: TextIO) -> None:
    json.dump(document, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


# --- Knowledge base -------------------------------------------------------------------------


def _cmd_treatments(args: argparse.Namespace, out: TextIO) -> int:
    kb = catalog.load_catalog(args.content)
    entries = kb.treatments
    if args.category:
        if args.category not in catalog.category_values():
            raise InputError.single(
                "--category",
                f"unknown category '{args.category}'; expected one of "
                + ", ".join(catalog.category_values()),
            )
        entries = [t for t in entries if t.meta.category.value == args.category]
    if args.json:
        _print_json([catalog.list_item(t) for t in entries], out)
    else:
        for entry in entries:
            out.write(f"{entry.id:<38} {entry.meta.category.value:<24} {entry.title}\n")
    return EXIT_OK


def _cmd_treatment(args: argparse.Namespace, out: TextIO) -> int:
    kb = catalog.load_catalog(args.content)
    entry = kb.get(args.id)
    if args.json:
        _print_json(catalog.full_entry(entry), out)
    else:
        out.write(catalog.plain_text(entry))
    return EXIT_OK


def _cmd_check_content(args: argparse.Namespace, out: TextIO) -> int:
    from alsnav.content import check_content, check_content_warnings

    root = Path(args.dir) if args.dir else args.content
    problems = check_content(root)
    for problem in problems:
        out.write(f"{problem}\n")
    for warning in check_content_warnings(root):  # printed, never a reason to fail
        out.write(f"{warning}\n")
    if problems:
        sys.stderr.write(f"{len(problems)} problem(s) found\n")
        return EXIT_PROBLEMS
    sys.stderr.write("all content files are valid\n")
    return EXIT_OK


# --- Wiring ---------------------------------------------------------------------------------

Command = Callable[[argparse.Namespace, TextIO], int]

#: Feature modules that add sub-commands: each has ``register(subparsers)``, which adds its
#: parsers and sets ``handler`` (a :data:`Command`) on each.
FEATURE_MODULES = (
    "alsnav.progression.cli",
    "alsnav.search.cli",
    "alsnav.trials.cli",
    "alsnav.careplan.cli",
)


def build_parser() -> _Parser:
    parser = _Parser(prog="alsnav", description="ALS Navigator command line")
    parser.add_argument("--version", action="version", version=f"alsnav {__version__}")
    parser.add_argument(
        "--content", type=Path, default=None, help="content directory (default: the project's content/)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("treatments", help="list treatments")
    p.add_argument("--category", help="only this category")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_treatments)

    p = sub.add_parser("treatment", help="show one treatment")
    p.add_argument("id", help="treatment id, e.g. riluzole")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_treatment)

    p = sub.add_parser("check-content", help="validate every content file")
    p.add_argument("dir", nargs="?", help="content directory to check")
    p.set_defaults(handler=_cmd_check_content)

    for module in _feature_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args, out)
    except InputError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        return EXIT_USAGE
    except ContentError as exc:
        sys.stderr.write("the content is invalid; run `alsnav check-content`:\n")
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        return EXIT_PROBLEMS
    except AlsnavError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `alsnav treatments | head`
        return EXIT_OK


#: Entry-point group through which installed packages add sub-commands (``register(subparsers)``),
#: e.g. the web application's ``backup`` and ``restore``; the core never imports them by name.
COMMAND_ENTRY_POINTS = "alsnav.commands"


def _feature_modules() -> list[Any]:
    """The feature modules present in this installation, imported, then any plug-ins."""
    import importlib
    from importlib.metadata import entry_points

    modules = []
    for name in FEATURE_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise
    for entry in entry_points(group=COMMAND_ENTRY_POINTS):
        try:
            modules.append(entry.load())
        except ImportError:  # a plug-in whose own dependencies are not installed
            continue
    return modules


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
