"""Sub-command ``alsnav search "QUERY" [--limit N] [--json]`` (docs/contracts/cli.md).

Any query is valid, including an empty one: the answer may simply have no results, and then
comes with suggestions. Only a bad ``--limit`` is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import Any, TextIO

from alsnav.errors import InputError
from alsnav.search.index import DEFAULT_LIMIT, MAX_LIMIT, SearchResponse

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``search`` to the ``alsnav`` command line."""
    p = subparsers.add_parser(
        "search", help="search treatments in everyday words (symptoms, brand names, misspellings)"
    )
    p.add_argument("query", metavar="QUERY", help='what to look for, e.g. "drooling" or "rilutek"')
    p.add_argument(
        "--limit",
        default=str(DEFAULT_LIMIT),
        help=f"most results to show, 1-{MAX_LIMIT} (default {DEFAULT_LIMIT})",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_search)


def parse_limit(value: str) -> int:
    try:
        limit = int(value)
    except ValueError:
        raise InputError.single(
            "--limit", f"expected a whole number from 1 to {MAX_LIMIT}, got '{value}'"
        ) from None
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError.single("--limit", f"expected a whole number from 1 to {MAX_LIMIT}, got {limit}")
    return limit


def _cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    from alsnav.search import load_index

    limit = parse_limit(args.limit)
    response = load_index(args.content).search(args.query, limit=limit)
    if args.json:
        json.dump(response.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(plain_text(response))
    return EXIT_OK


def plain_text(response: SearchResponse) -> str:
    """A readable terminal rendering: numbered results with their snippets, then suggestions."""
    lines = []
    if response.urgent is not None:
        situation = response.urgent.situation
        lines.append(f"URGENT HELP: {situation.title}\n")
        lines.extend(f"  - {line}\n" for line in situation.advice)
        lines.append("  Emergency numbers and more: alsnav urgent (or the Urgent help page)\n\n")
    if response.corrected_query:
        lines.append(f"Showing results for: {response.corrected_query}\n\n")
    if not response.results:
        lines.append(
            f"No treatments found for {response.query!r}.\n"
            if response.query
            else "Type what you are looking for.\n"
        )
    for number, hit in enumerate(response.results, 1):
        lines.append(f"{number:>2}. {hit.title}  ({hit.id})\n")
        if hit.snippet.text:
            lines.append(textwrap.indent(textwrap.fill(hit.snippet.text, width=84), "    ") + "\n")
    suggestions = [s for s in response.suggestions if s != response.corrected_query]
    if suggestions:
        lines.append(f"\nYou could also try: {', '.join(suggestions)}\n")
    return "".join(lines)
