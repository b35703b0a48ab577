"""How the search index gets its numbers fast without changing them.

Each word's BM25 postings are fetched once and added up (instead of one FTS5 ``OR`` query per
search), a corrected word's agreement is checked entry by entry, did-you-mean names are kept per
query, and the Markdown clean-up skips what a sentence cannot need. Every shortcut is checked here
against the slow way it replaces. Runs without Django.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import alsnav.search.index as index_module
from alsnav.kb.catalog import load_catalog
from alsnav.search import SearchDocument, SearchIndex, load_index
from alsnav.search.evaluate import load_eval_set
from alsnav.search.index import _quote, documents_from_catalog, symptoms_from_catalog
from alsnav.search.snippets import best_snippet, prepare
from alsnav.search.text import _MARKDOWN_LINK, _MARKDOWN_NOISE, _SPACES, _UNVERIFIED, plain, sentences, stem

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def index(content_dir: Path) -> SearchIndex:
    return load_index(content_dir)


@pytest.fixture(scope="module")
def queries() -> list[str]:
    return [q.q for q in load_eval_set(ROOT / "eval" / "search-queries.yaml").queries]


@pytest.fixture(scope="module")
def large(content_dir: Path) -> SearchIndex:
    """600 entries made of the real ones' sentences: common words pass the postings budget."""
    catalog = load_catalog(content_dir)
    real = documents_from_catalog(catalog)
    rng = random.Random(5)
    pool = [s for doc in real for text in (*doc.summary, *doc.body) for s in sentences(text)]
    documents = [
        SearchDocument(
            id=f"{template.id}-{number}",
            title=f"{template.title} {number}",
            category=template.category,
            names=template.names,
            symptoms=template.symptoms,
            summary=tuple(" ".join(rng.sample(pool, 2)) for _ in range(2)),
            body=tuple(" ".join(rng.sample(pool, 3)) for _ in range(3)),
        )
        for number, template in enumerate(real * 11)
    ]
    return SearchIndex(documents, symptoms_from_catalog(catalog))


TOP_SQL = {
    "heads": "SELECT rowid, rank FROM heads WHERE heads MATCH ? ORDER BY rank LIMIT ?",
    "texts": "SELECT rowid, rank FROM texts WHERE texts MATCH ? ORDER BY rank LIMIT ?",
}


def fts5_or_query(index: SearchIndex, query: str, *, prefix: bool = False) -> dict[str, float]:
    """What text_scores answered before: one FTS5 ``OR`` query per table, ``ORDER BY rank``."""
    analysis = index.analyze(query, prefix=prefix)
    scores: dict[str, float] = {}
    for table, parts in index.query_parts(analysis).items():
        if not parts:
            continue
        rows = index._db.execute(TOP_SQL[table], (" OR ".join(parts), index_module.CANDIDATES)).fetchall()
        for row, rank in rows:
            doc_id = index.documents[row].id
            scores[doc_id] = scores.get(doc_id, 0.0) - float(rank)
    return scores


@pytest.mark.parametrize("which", ["index", "large"])
def test_summed_word_scores_equal_the_fts5_or_query(
    which: str, request: pytest.FixtureRequest, queries: list[str]
) -> None:
    """Same entries, same scores to the last bit, same order (ties in row order) as FTS5's own query."""
    searched: SearchIndex = request.getfixturevalue(which)
    for query in [*queries, "dro", "stiff le", "baclo"]:
        for prefix in (False, True):
            expected = fts5_or_query(searched, query, prefix=prefix)
            found = searched.text_scores(searched.analyze(query, prefix=prefix))
            assert list(found.items()) == list(expected.items()), (query, prefix)


def test_word_scores_kept_are_bounded(
    monkeypatch: pytest.MonkeyPatch, large: SearchIndex, queries: list[str]
) -> None:
    monkeypatch.setattr(index_module, "PHRASE_CACHE", 5)
    large._phrases.clear()
    for query in queries[:40]:
        assert large.text_scores(large.analyze(query)) == fts5_or_query(large, query)
        assert len(large._phrases) <= 5
    large._phrases.clear()


def test_agreement_check_matches_the_sql_it_replaces(large: SearchIndex) -> None:
    def by_sql(fixed: str, context: list[str]) -> bool:
        row = large._db.execute(
            "SELECT 1 FROM (SELECT rowid AS id FROM heads WHERE heads MATCH :a "
            "UNION SELECT rowid FROM texts WHERE texts MATCH :a) "
            "WHERE id IN (SELECT rowid FROM heads WHERE heads MATCH :b "
            "UNION SELECT rowid FROM texts WHERE texts MATCH :b) LIMIT 1",
            {
                "a": " AND ".join(_quote(stem(w)) for w in fixed.split()),
                "b": " OR ".join(_quote(s) for s in dict.fromkeys(context)),
            },
        ).fetchone()
        return row is not None

    rng = random.Random(2)
    words = sorted(w for w in large.frequency if w.isalpha() and len(w) > 3)
    rare = [w for w in words if large.frequency[w] <= 3]
    cases = 0
    for _ in range(300):
        fixed = " ".join(rng.sample(rare, rng.choice((1, 1, 2))))
        context = rng.sample(words, rng.randint(1, 3))
        agrees = large._agrees(fixed, context)
        assert agrees == by_sql(fixed, context), (fixed, context)
        cases += agrees
    assert 0 < cases < 300  # both answers were exercised


def test_did_you_mean_names_are_worked_out_once_per_query(
    monkeypatch: pytest.MonkeyPatch, index: SearchIndex
) -> None:
    calls: list[str] = []
    original = index._find_close_names

    def counting(query: str) -> list[str]:
        calls.append(query)
        return original(query)

    monkeypatch.setattr(index, "_find_close_names", counting)
    first = index._close_names("baklofen pumpp")
    assert "baclofen" in " ".join(first).casefold()
    assert index._close_names("baklofen pumpp") == first
    assert index._close_names("rilutec") == original("rilutec")
    assert calls == ["baklofen pumpp", "rilutec"]
    assert index.search("zzqx wqpl vvbn").results == ()  # a search that found nothing asks too


def _plain_every_step(text: str) -> str:
    text = _UNVERIFIED.sub("", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_NOISE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@pytest.mark.parametrize(
    "text",
    [
        "A plain sentence.",
        "  padded  with   spaces ",
        "tab\tand\nnewline\r\x0bvertical\x0cfeed\x1cfile\x1fsep",
        "non-breaking\xa0space and\u2003em space\u2028line",
        "**bold** _under_ `code` > quote | pipe # heading",
        "- list item\n+ plus item\n  - nested",
        "long-term use, +5 mg",
        "see [the leaflet](https://example.org) [M] now",
        "[M]",
        "",
        "café — naïve ‘quotes’",
    ],
)
def test_plain_skips_only_what_cannot_change_the_text(text: str) -> None:
    assert plain(text) == _plain_every_step(text)


def test_plain_agrees_with_every_step_on_random_text() -> None:
    rng = random.Random(4)
    alphabet = list('ab M[]()#*_`>|-+ \t\n\r\x0b\x0c\x1c\x1f\xa0\u2003\x85.!?;:AZ09"“é')
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert plain(text) == _plain_every_step(text), repr(text)


def test_snippet_picks_the_first_sentence_with_most_query_words() -> None:
    prepared, _ = prepare(["Drooling is common. Saliva and drooling both help. Saliva only.", "Other text."])
    assert best_snippet(prepared, {"drool", "saliva"}).text == "Saliva and drooling both help."
    assert best_snippet(prepared, {"saliva"}).text == "Saliva and drooling both help."
    assert best_snippet(prepared, {"nothing"}).text == "Drooling is common."
    assert best_snippet(prepared, set(), {"other"}).marked == ["Other"]
    assert best_snippet(prepared, set(), prefix="sal").marked == ["Saliva"]


def test_building_pauses_the_garbage_collector_and_restores_it(content_dir: Path) -> None:
    import gc

    catalog = load_catalog(content_dir)
    documents, symptoms = documents_from_catalog(catalog)[:5], symptoms_from_catalog(catalog)
    seen: list[bool] = []
    original = SearchIndex._build

    def spying(self: SearchIndex, *args: object) -> None:
        seen.append(gc.isenabled())
        original(self, *args)  # type: ignore[arg-type]

    assert gc.isenabled()
    try:
        SearchIndex._build = spying  # type: ignore[method-assign]
        SearchIndex(documents, symptoms)
        assert seen == [False] and gc.isenabled()
        gc.disable()
        SearchIndex(documents, symptoms)
        assert not gc.isenabled()  # left as it was found
    finally:
        SearchIndex._build = original  # type: ignore[method-assign]
        gc.enable()
