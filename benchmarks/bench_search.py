"""Benchmark: in-process search latency on the real knowledge base and on a generated 10,000-entry corpus.

Run: ``.venv/bin/python benchmarks/bench_search.py [--entries N] [--rounds N] [--seed N] [--check]``

The queries are the lay queries of ``eval/search-queries.yaml`` (the way people really type:
typos, brand names, symptom descriptions), each run ``--rounds`` times after one warm-up pass.
Each call is a whole ``SearchIndex.search``: cleaning, typo correction, vocabulary, FTS5 BM25,
re-ranking and snippets for the first ten results. Targets: p99 under 5 ms on the real knowledge
base and on the generated corpus, whose index must build in under 5 s.

For scale, the same queries are also run as plain SQLite FTS5 BM25 on the generated corpus (one
table of the five columns, the query's words OR-ed, the first ten by rank): the floor any search
built on FTS5 starts from; the ratio says how much the rest of the work costs on top of it.

The generated corpus is seeded (same seed, same corpus): entries get titles, other names, symptom
codes and summary/body sentences drawn from the real entries, so their words, lengths and the
vocabulary's reach are realistic, at 10,000 entries.
"""

from __future__ import annotations

import argparse
import gc
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from alsnav.content import default_content_dir
from alsnav.kb.catalog import load_catalog
from alsnav.search import SearchDocument, SearchIndex, index_for_catalog
from alsnav.search.evaluate import load_eval_set
from alsnav.search.index import documents_from_catalog, symptoms_from_catalog
from alsnav.search.text import NEGATIONS, STOPWORDS, sentences, token_words
from alsnav.search.vocabulary import SYNONYMS_FILE, load_search_synonyms

ROOT = Path(__file__).resolve().parents[1]
TARGET_REAL_P99_MS = 5.0
TARGET_LARGE_P99_MS = 5.0
TARGET_LARGE_BUILD_S = 5.0


def generate_corpus(templates: list[SearchDocument], entries: int, seed: int) -> list[SearchDocument]:
    """``entries`` synthetic entries built from the real ones' words and sentences."""
    rng = random.Random(seed)
    pool = [s for doc in templates for text in (*doc.summary, *doc.body) for s in sentences(text)]
    title_words = sorted(
        {w for doc in templates for w in doc.title.replace("(", " ").replace(")", " ").split() if len(w) > 3}
    )
    names = [n for doc in templates for n in doc.names]
    codes = sorted({c for doc in templates for c in doc.symptoms})
    documents = []
    for number in range(entries):
        template = templates[number % len(templates)]
        title = f"{template.title} {rng.choice(title_words)} {number}"
        documents.append(
            SearchDocument(
                id=f"{template.id}-{number}",
                title=title,
                category=template.category,
                names=tuple(rng.sample(names, 6)),
                symptoms=tuple(rng.sample(codes, rng.randint(0, 3))),
                summary=tuple(" ".join(rng.sample(pool, 2)) for _ in range(4)),
                body=tuple(" ".join(rng.sample(pool, 4)) for _ in range(6)),
            )
        )
    return documents


def measure(search: Callable[[str], object], queries: list[str], rounds: int) -> list[float]:
    """Milliseconds per query, every query ``rounds`` times (after one unmeasured warm-up pass)."""
    for query in queries:
        search(query)
    timings = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for query in queries:
                start = time.perf_counter_ns()
                search(query)
                timings.append((time.perf_counter_ns() - start) / 1e6)
    finally:
        gc.enable()
    return timings


def raw_fts5(documents: list[SearchDocument]) -> dict[str, Callable[[str], list[tuple[int, float]]]]:
    """Plain FTS5 BM25 over ``documents`` (one table, five weighted columns, the first ten by rank).

    Two ways to ask: every content word of the query required (``AND``, the cheapest answer) or any
    of them (``OR``, what ranking over any word costs). Stopwords are dropped; no typo correction,
    stemming or vocabulary.
    """
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, names, symptoms, summary, body,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO docs(rowid, title, names, symptoms, summary, body) VALUES (?,?,?,?,?,?)",
        (
            (row, d.title, " ".join(d.names), " ".join(d.symptoms), " ".join(d.summary), " ".join(d.body))
            for row, d in enumerate(documents)
        ),
    )
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    sql = (
        "SELECT rowid, bm25(docs, 10.0, 6.0, 3.0, 2.0, 1.0) AS r FROM docs WHERE docs MATCH ?"
        " ORDER BY r LIMIT 10"
    )

    dropped = STOPWORDS | NEGATIONS

    def searcher(operator: str) -> Callable[[str], list[tuple[int, float]]]:
        def search(query: str) -> list[tuple[int, float]]:
            words = [w for w in dict.fromkeys(token_words(query)) if w not in dropped]
            if not words:
                return []
            expression = f" {operator} ".join('"' + w.replace('"', '""') + '"' for w in words)
            return db.execute(sql, (expression,)).fetchall()

        return search

    return {"AND": searcher("AND"), "OR": searcher("OR")}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name: str, timings: list[float], target: float) -> bool:
    p50, p99 = statistics.median(timings), percentile(timings, 0.99)
    met = p99 < target
    print(
        f"{name:<34} n={len(timings):>5}  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  max {max(timings):6.2f} ms"
        f"  (target p99 < {target:g} ms: {'met' if met else 'MISSED'})"
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000, help="size of the generated corpus")
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    content = default_content_dir()
    queries = [q.q for q in load_eval_set(ROOT / "eval" / "search-queries.yaml").queries]
    catalog = load_catalog(content)
    synonyms = load_search_synonyms(content / SYNONYMS_FILE)

    start = time.perf_counter()
    real = index_for_catalog(catalog, content)
    built_ms = (time.perf_counter() - start) * 1000
    print(f"real knowledge base: {len(real)} entries, index built in {built_ms:.0f} ms")
    ok = report("real knowledge base", measure(real.search, queries, args.rounds), TARGET_REAL_P99_MS)

    documents = generate_corpus(documents_from_catalog(catalog), args.entries, args.seed)
    start = time.perf_counter()
    large = SearchIndex(documents, symptoms_from_catalog(catalog), synonyms)
    built_s = time.perf_counter() - start
    built_ok = built_s < TARGET_LARGE_BUILD_S
    print(
        f"generated corpus: {len(large)} entries, index built in {built_s:.1f} s"
        f"  (target < {TARGET_LARGE_BUILD_S:g} s: {'met' if built_ok else 'MISSED'})"
    )
    large_timings = measure(large.search, queries, args.rounds)
    ok = report(f"generated corpus ({len(large)} entries)", large_timings, TARGET_LARGE_P99_MS) and ok

    large_p50, large_p99 = statistics.median(large_timings), percentile(large_timings, 0.99)
    for operator, search in raw_fts5(documents).items():
        raw = measure(search, queries, args.rounds)
        raw_p50, raw_p99 = statistics.median(raw), percentile(raw, 0.99)
        print(
            f"{'raw FTS5 BM25 (' + operator + '), same corpus':<34} n={len(raw):>5}  p50 {raw_p50:6.2f} ms"
            f"  p99 {raw_p99:6.2f} ms  max {max(raw):6.2f} ms"
            f"  (full search: p50 {large_p50 / raw_p50:.1f}x, p99 {large_p99 / raw_p99:.1f}x)"
        )
    return 0 if (ok and built_ok) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
