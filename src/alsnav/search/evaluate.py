"""Search quality on a set of real-world queries: ``python -m alsnav.search.evaluate FILE``.

FILE (``eval/search-queries.yaml``) lists queries written the way patients and caregivers type,
each with the treatment ids that would be a correct answer::

    queries:
      - q: my husband drools all the time
        expect: [glycopyrrolate, trihexyphenidyl, amitriptyline, botulinum-toxin]

Prints hit@3 (share of queries with a correct id among the first three results), MRR (mean of
1/rank of the first correct id, 0 when none is in the first ten) and every miss with what came
back instead. ``--json`` prints the same as one JSON document. Exit status 0, or 2 for a bad file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alsnav.errors import AlsnavError
from alsnav.fields import Slug, Text
from alsnav.search.index import SearchIndex

#: Results looked at for MRR.
MRR_DEPTH = 10


class EvalQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str
    expect: list[Slug] = Field(min_length=1, max_length=8)
    note: Text | None = None


class EvalSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text | None = None
    status: Text | None = None
    description: Text | None = None
    queries: list[EvalQuery] = Field(min_length=1)


def load_eval_set(path: Path) -> EvalSet:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return EvalSet.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise AlsnavError(f"{path}: {exc}") from exc


@dataclass(frozen=True)
class QueryOutcome:
    query: str
    expect: tuple[str, ...]
    returned: tuple[str, ...]
    rank: int | None  # 1-based rank of the first correct id within MRR_DEPTH

    @property
    def hit(self) -> bool:
        return self.rank is not None and self.rank <= 3


@dataclass(frozen=True)
class Report:
    outcomes: tuple[QueryOutcome, ...]
    unknown_ids: tuple[str, ...]  # expected ids that are not in the catalogue

    @property
    def hit_at_3(self) -> float:
        return sum(o.hit for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def mrr(self) -> float:
        if not self.outcomes:
            return 0.0
        return sum(1.0 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    @property
    def misses(self) -> list[QueryOutcome]:
        return [o for o in self.outcomes if not o.hit]

    def to_json(self) -> dict[str, Any]:
        return {
            "queries": len(self.outcomes),
            "hit_at_3": round(self.hit_at_3, 4),
            "mrr": round(self.mrr, 4),
            "unknown_ids": list(self.unknown_ids),
            "misses": [
                {"q": o.query, "expect": list(o.expect), "returned": list(o.returned[:3]), "rank": o.rank}
                for o in self.misses
            ],
        }


def evaluate(index: SearchIndex, queries: Sequence[EvalQuery]) -> Report:
    known = {doc.id for doc in index.documents}
    outcomes = []
    unknown: set[str] = set()
    for item in queries:
        unknown.update(i for i in item.expect if i not in known)
        returned = tuple(hit.id for hit in index.search(item.q, limit=MRR_DEPTH).results)
        rank = next((position for position, rid in enumerate(returned, 1) if rid in item.expect), None)
        outcomes.append(QueryOutcome(item.q, tuple(item.expect), returned, rank))
    return Report(tuple(outcomes), tuple(sorted(unknown)))


def print_report(report: Report, out: TextIO) -> None:
    out.write(f"queries  {len(report.outcomes)}\n")
    out.write(f"hit@3    {report.hit_at_3:.3f}\n")
    out.write(f"MRR      {report.mrr:.3f}\n")
    if report.unknown_ids:
        out.write(f"expected ids not in the knowledge base: {', '.join(report.unknown_ids)}\n")
    if report.misses:
        out.write(f"\nmisses ({len(report.misses)}):\n")
        for o in report.misses:
            where = f"rank {o.rank}" if o.rank else "not in top 10"
            got = ", ".join(o.returned[:3]) or "(nothing)"
            out.write(f"  {o.query!r}: expected {', '.join(o.expect)}; got {got} ({where})\n")


def print_urgent_report(index: SearchIndex, path: Path, out: TextIO) -> None:
    """The urgent-help recogniser on its held-out set: emergencies found, ordinary queries left alone."""
    import yaml

    recogniser = index.urgent
    if recogniser is None:
        return
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    urgent = data.get("urgent", [])
    ordinary = data.get("ordinary", [])
    found = 0
    for item in urgent:
        match = recogniser.recognise(item["query"])
        found += match is not None and match.situation.id == item["situation"]
    alarms = [q for q in ordinary if recogniser.recognise(q) is not None]
    out.write(
        f"urgent   held-out: {found}/{len(urgent)} emergencies recognised, "
        f"{len(alarms)}/{len(ordinary)} false alarms\n"
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    from alsnav.search import load_index

    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m alsnav.search.evaluate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("file", type=Path, nargs="?", default=Path("eval/search-queries.yaml"))
    parser.add_argument("--content", type=Path, default=None, help="content directory (default: content/)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    try:
        eval_set = load_eval_set(args.file)
        index = load_index(args.content)
    except AlsnavError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    report = evaluate(index, eval_set.queries)
    heldout = args.file.parent / "urgent-heldout.yaml"
    if not args.json and index.urgent is not None and heldout.exists():
        print_urgent_report(index, heldout, out)
    if args.json:
        json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print_report(report, out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
