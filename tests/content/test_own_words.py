"""Guideline statements and trial results are in our own words, not the guideline's or abstract's."""

from __future__ import annotations

import re
from pathlib import Path

from alsnav.content import load_treatments

SIZE = 7


def _shingles(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    grams = {" ".join(words[i : i + SIZE]) for i in range(len(words) - SIZE + 1)}
    # Runs made mostly of numbers ("difference 2 0 points 95 ci 0") are figures, not wording.
    return {g for g in grams if sum(len(w) > 2 and w.isalpha() for w in g.split()) >= 4}


def test_guideline_statements_and_trial_results_are_not_copied(content_dir: Path, fixtures_dir: Path) -> None:
    source = _shingles((fixtures_dir / "content" / "guideline-wording.txt").read_text(encoding="utf-8"))
    copied = {}
    for entry in load_treatments(content_dir / "treatments"):
        evidence = entry.meta.evidence
        texts = [g.statement for g in evidence.guideline_levels] + [t.result for t in evidence.trials]
        overlap = set().union(*(_shingles(t) for t in texts)) & source if texts else set()
        if overlap:
            copied[entry.id] = sorted(overlap)[:3]
    assert copied == {}
