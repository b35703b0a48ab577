"""Search quality on the repository's real-world query set (eval/search-queries.yaml).

`make eval` prints the same numbers; this test keeps them from sliding back.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from alsnav.kb.catalog import load_catalog
from alsnav.search import load_index
from alsnav.search.evaluate import EvalSet, evaluate, load_eval_set, main

ROOT = Path(__file__).resolve().parents[2]
EVAL_FILE = ROOT / "eval" / "search-queries.yaml"


@pytest.fixture(scope="module")
def eval_set() -> EvalSet:
    return load_eval_set(EVAL_FILE)


def test_hit_at_3_is_at_least_0_9(eval_set: EvalSet, content_dir: Path) -> None:
    report = evaluate(load_index(content_dir), eval_set.queries)
    misses = "\n".join(f"{o.query!r}: expected {o.expect}, got {o.returned[:3]}" for o in report.misses)
    assert report.hit_at_3 >= 0.9, f"hit@3 {report.hit_at_3:.3f}, MRR {report.mrr:.3f}\n{misses}"
    assert report.mrr >= 0.8


def test_the_query_set_is_large_and_points_at_real_entries(eval_set: EvalSet, content_dir: Path) -> None:
    assert len(eval_set.queries) >= 100
    known = {t.id for t in load_catalog(content_dir).treatments}
    unknown = sorted({i for q in eval_set.queries for i in q.expect} - known)
    assert unknown == [], f"expected ids with no treatment entry: {unknown}"
    assert len({q.q.casefold() for q in eval_set.queries}) == len(eval_set.queries), "a query is listed twice"


def test_most_queries_avoid_the_title_words_of_what_they_expect(eval_set: EvalSet, content_dir: Path) -> None:
    # Written the way people type, not the way content is worded: at most a quarter may contain a
    # word of an expected entry's title.
    titles = {t.id: t.title for t in load_catalog(content_dir).treatments}

    def title_words(treatment_id: str) -> set[str]:
        return {w for w in re.findall(r"[a-z0-9]+", titles.get(treatment_id, "").casefold()) if len(w) > 3}

    with_title = [
        q.q
        for q in eval_set.queries
        if set(re.findall(r"[a-z0-9]+", q.q.casefold())) & set().union(*map(title_words, q.expect))
    ]
    assert len(with_title) <= len(eval_set.queries) / 4, with_title


def test_make_eval_prints_hit_at_3_mrr_and_misses() -> None:
    out = io.StringIO()
    assert main([str(EVAL_FILE)], out=out) == 0
    text = out.getvalue()
    assert re.search(r"^hit@3\s+0\.\d{3}$", text, re.MULTILINE) and re.search(
        r"^MRR\s+0\.\d{3}$", text, re.MULTILINE
    )


def test_evaluate_json_lists_each_miss_with_what_came_back(tmp_path: Path) -> None:
    queries = tmp_path / "queries.yaml"
    queries.write_text(
        "queries:\n  - q: rilutek\n    expect: [riluzole]\n  - q: qzxv\n    expect: [baclofen]\n"
    )
    out = io.StringIO()
    assert main([str(queries), "--json"], out=out) == 0
    report = json.loads(out.getvalue())
    assert report["queries"] == 2 and report["hit_at_3"] == 0.5 and report["mrr"] == 0.5
    assert report["misses"] == [{"q": "qzxv", "expect": ["baclofen"], "returned": [], "rank": None}]


def test_a_broken_query_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    queries = tmp_path / "queries.yaml"
    queries.write_text("queries:\n  - q: rilutek\n    expected: [riluzole]\n")
    assert main([str(queries)], out=io.StringIO()) == 2
    assert "expected" in capsys.readouterr().err
