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

    u = subparsers.add_parser("urgent", help="when to get help, and emergency and crisis numbers")
    u.add_argument("--country", default="", help="two-letter country code, e.g. GB (default: a short list)")
    u.add_argument("--json", action="store_true", help="print JSON")
    u.set_defaults(handler=_cmd_urgent)


def _cmd_urgent(args: argparse.Namespace, out: TextIO) -> int:
    from alsnav.kb.urgent import LEVELS, load_urgent_help

    content = load_urgent_help(args.content)
    if content is None:
        raise InputError.single("--content", "this content directory has no urgent-help.yaml")
    country = args.country.strip().upper()
    if country and not any(n.country == country for n in content.numbers):
        known = ", ".join(n.country for n in content.numbers)
        raise InputError.single("--country", f"no numbers for '{args.country}'; known countries: {known}")
    numbers = content.numbers_for(country or None)
    if args.json:
        document = {
            "numbers": [n.model_dump(mode="json", exclude={"sources"}) for n in numbers],
            "situations": [
                {"id": s.id, "title": s.title, "level": s.level.value, "signs": s.signs, "advice": s.advice}
                for s in content.situations
            ],
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    lines = ["Emergency numbers:\n"]
    for n in numbers:
        crisis = f"; crisis line {n.crisis} ({n.crisis_name})" if n.crisis else ""
        lines.append(f"  {n.name}: {n.emergency}{crisis}\n".replace(" [M]", " (unverified)"))
    for level in LEVELS:
        lines.append(f"\n{level.label.upper()}\n")
        for s in content.situations:
            if s.level is level:
                lines.append(f"- {s.title}: {' '.join(s.advice)}\n".replace(" [M]", " (unverified)"))
    out.write("".join(lines))
    return EXIT_OK


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
        lines.append("  Emergency numbers and more: `alsnav urgent` or the Urgent help page\n\n")
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
