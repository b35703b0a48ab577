"""The search index: SQLite FTS5 (BM25) over the catalogue, plus the reviewed vocabulary.

How a query is answered
-----------------------
1. **Clean** it: control characters and extra spaces go, it is cut to 200 characters; nothing a
   reader types can raise (FTS and SQL syntax are never passed through: only quoted words are).
2. **Correct** it: joined words ("co q 10" -> "coq10"), run-together words ("coughassist"), and
   typos against the words the index knows (rapidfuzz; one edit for short words, and only towards
   a treatment or brand name the rest of the query agrees with; two edits for long words).
3. **Understand** it (:mod:`alsnav.search.vocabulary`): treatment names and brand names point at
   their entry; lay symptom words ("drools", "stiff legs") point at a symptom code; abbreviations
   and everyday terms add the words they stand for.
4. **Rank**: BM25 from two in-memory FTS5 tables (the names: title, other names, symptom words;
   the text: summary, body; weighted in that order), normalised to the best match and scaled by
   how much of the query an entry covers; plus a boost for a named treatment and a boost for
   every treatment listing a matched symptom (more for treatments aimed at fewer symptoms).
   Symptom matches therefore surface the treatments for that symptom even when their text never
   uses the reader's word.
5. **Show** why: the sentence of each entry that shares most words with the query, words marked.

The index is built once per catalogue (:func:`build_index`) and is safe to share between threads.
A database other than SQLite can supply its own text scores: :meth:`SearchIndex.analyze` then
:meth:`SearchIndex.rank` with a ``{treatment id: score}`` mapping (the PostgreSQL backend does).
On very large corpora the commonest words are left out of the costly text table
(:data:`POSTINGS_BUDGET`); the real knowledge base never reaches that point.

Speed at 10,000 entries (``benchmarks/bench_search.py``: build under 5 s, p99 under 5 ms): each
word's BM25 scores are fetched from FTS5 once and added up per search (:data:`PHRASE_CACHE`; the
same sums and order as FTS5's ``OR`` query), a sentence's words are worked out once however many
entries repeat it, and snippets only look at the query words an entry has.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import math
import sqlite3
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from alsnav.kb.catalog import Catalog
from alsnav.search.snippets import Prepared, SentenceWords, Snippet, best_snippet, prepare
from alsnav.search.text import (
    MAX_QUERY_TOKENS,
    NEGATIONS,
    PHRASE_STOPWORDS,
    STOPWORDS,
    Token,
    clean_query,
    content_stems,
    phrase_stem,
    stem,
    token_words,
    tokens,
)
from alsnav.search.urgent import UrgentMatch, UrgentRecogniser
from alsnav.search.vocabulary import (
    Kind,
    Phrase,
    PhraseMatcher,
    SearchSynonyms,
    VocabularyMatch,
    name_phrases,
    symptom_phrases,
    synonym_phrases,
)

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
#: Where the urgent-help page lives (the web app serves it there; the JSON links to it).
URGENT_PATH = "/urgent/"

#: BM25 weights of the FTS columns, in order: title, other names, symptom words, summary, body.
COLUMN_WEIGHTS = (10.0, 6.0, 3.0, 2.0, 1.0)
#: How much each signal adds to a result's score (text relevance is 0..1 after normalising).
TEXT_WEIGHT = 1.0
NAME_WEIGHT = 2.0
SYMPTOM_WEIGHT = 1.2
#: Results scoring below this share of the best result are left out (they matched one stray word).
RELATIVE_CUTOFF = 0.08
#: While typing, only treatments scoring at least this share of the best one are offered.
SUGGEST_CUTOFF = 0.3
#: A partly typed last word is completed from the vocabulary once it has this many letters ...
MIN_COMPLETION_CHARS = 3
#: ... and a match it completes counts this much of a typed one.
COMPLETION_WEIGHT = 0.7
#: Typos in words this long may be two edits away; shorter words get one edit, only towards a
#: treatment or brand name, and only when the rest of the query points at the same entries.
LONG_WORD = 7
#: Most postings (sum of the document frequencies of the query's words) scored by BM25 before the
#: commonest words are left out; far above what the real knowledge base ever reaches.
POSTINGS_BUDGET = 1500
#: How many BM25 candidates are fetched before re-ranking.
CANDIDATES = 60
#: How many words' BM25 scores (one FTS5 phrase in one table) are kept between searches.
PHRASE_CACHE = 4096


# --- Documents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchDocument:
    """One searchable entry, independent of where it came from (files, database, generated)."""

    id: str
    title: str
    category: str
    names: tuple[str, ...]  # other names, brand names, abbreviations
    symptoms: tuple[str, ...]  # symptom codes
    summary: tuple[str, ...]  # short texts shown first
    body: tuple[str, ...]  # everything else


@dataclass(frozen=True)
class SymptomInfo:
    code: str
    label: str
    question: str
    synonyms: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.code.replace("_", "-")


def title_names(title: str, treatment_id: str) -> list[str]:
    """The title, its parts ("Glycopyrrolate (glycopyrronium)" -> both words) and the id in words."""
    names = [title, treatment_id.replace("-", " ")]
    for separator in ("(", ")", ",", " / ", ";"):
        title = title.replace(separator, "|")
    names.extend(part.strip() for part in title.split("|") if part.strip())
    return list(dict.fromkeys(names))


def documents_from_catalog(catalog: Catalog) -> list[SearchDocument]:
    documents = []
    for entry in catalog.treatments:
        meta = entry.meta
        summary = meta.summary
        documents.append(
            SearchDocument(
                id=meta.id,
                title=meta.title,
                category=meta.category.value,
                names=(*meta.other_names, *meta.search_terms),
                symptoms=tuple(meta.symptoms),
                summary=(
                    summary.what_it_is,
                    summary.who_it_may_help,
                    summary.how_it_is_given,
                    summary.what_to_watch_for,
                ),
                body=(
                    meta.how_it_works,
                    meta.evidence.bottom_line,
                    entry.body,
                    *meta.practical_notes,
                    *meta.talk_to_your_team,
                ),
            )
        )
    return documents


def symptoms_from_catalog(catalog: Catalog) -> list[SymptomInfo]:
    if catalog.vocabulary is None:
        return []
    return [SymptomInfo(s.code, s.label, s.question, tuple(s.synonyms)) for s in catalog.vocabulary.symptoms]


# --- Results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    category: str
    score: float
    snippet: Snippet
    matched_symptoms: tuple[str, ...]  # symptom codes of the query this entry is listed for

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "snippet_html": self.snippet.html,
            "matched_symptoms": list(self.matched_symptoms),
        }


@dataclass(frozen=True)
class SearchResponse:
    query: str  # the query as understood: cleaned of control characters and cut to length
    results: tuple[SearchHit, ...]
    suggestions: tuple[str, ...]  # other searches to offer ("did you mean")
    corrected_query: str | None = None  # the query with its typos fixed, when any were
    symptoms: tuple[str, ...] = ()  # symptom codes the query names, best first
    urgent: UrgentMatch | None = None  # the emergency the query describes, if any

    def to_json(self) -> dict[str, Any]:
        """The command line's JSON shape (docs/contracts/cli.md), plus a few optional keys."""
        return {
            "query": self.query,
            "urgent": self.urgent.to_json(f"{URGENT_PATH}#{self.urgent.situation.id}")
            if self.urgent
            else None,
            "results": [hit.to_json() for hit in self.results],
            "suggestions": list(self.suggestions),
            "corrected_query": self.corrected_query,
            "symptoms": list(self.symptoms),
        }


@dataclass(frozen=True)
class Suggestion:
    """One suggestion while typing: a treatment or a symptom page."""

    kind: str  # "treatment" | "symptom"
    target: str  # treatment id or symptom slug
    label: str


@dataclass
class QueryAnalysis:
    """What a query says, before ranking."""

    query: str  # cleaned
    terms: list[str]  # stems used for ranking (typos fixed, stopwords out)
    words: list[str]  # the same as readable words, for a database's own text search
    expansions: list[str]  # stems added by the vocabulary
    corrections: list[tuple[str, str]]  # (typed, corrected)
    match: VocabularyMatch
    prefix: str | None = None  # a partly typed last word (suggestions while typing)
    highlight: set[str] = field(default_factory=set)

    @property
    def corrected_query(self) -> str | None:
        if not self.corrections:
            return None
        text = self.query.casefold()
        for typed, corrected in self.corrections:
            text = text.replace(typed, corrected, 1)
        return text


# --- The index ------------------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while an index is built.

    Building allocates millions of small objects that live as long as the index; the collector
    would scan them again and again (a quarter of the build time at 10,000 entries), finding
    nothing to free. It runs again as usual afterwards (and then frees any cycle left over).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class SearchIndex:
    """An immutable index of one catalogue. Build with :func:`build_index`."""

    def __init__(
        self,
        documents: Sequence[SearchDocument],
        symptoms: Sequence[SymptomInfo] = (),
        synonyms: SearchSynonyms | None = None,
        urgent: UrgentRecogniser | None = None,
    ) -> None:
        with _collector_paused():
            self._build(documents, symptoms, synonyms, urgent)

    def _build(
        self,
        documents: Sequence[SearchDocument],
        symptoms: Sequence[SymptomInfo],
        synonyms: SearchSynonyms | None,
        urgent: UrgentRecogniser | None,
    ) -> None:
        self.urgent = urgent
        self.documents = list(documents)
        self.symptoms = {s.code: s for s in symptoms}
        self._by_id = {d.id: d for d in self.documents}
        self._row = {d.id: i for i, d in enumerate(self.documents)}
        self._title_keys = {d.id: d.title.casefold() for d in self.documents}
        self._symptom_docs: dict[str, list[tuple[str, float]]] = {}  # code -> (entry id, focus)
        for doc in self.documents:
            focus = 1.0 / (1.0 + 0.12 * max(0, len(doc.symptoms) - 1))
            for code in doc.symptoms:
                self._symptom_docs.setdefault(code, []).append((doc.id, focus))
        self._lock = threading.Lock()
        self._sentences: dict[str, Prepared] = {}
        self._symptom_token_cache: dict[str, tuple[Token, ...]] = {}
        self._symptom_stem_cache: dict[str, frozenset[str]] = {}
        self._title_stems: dict[str, frozenset[str]] = {}
        self._head_stems: list[frozenset[str]] = []  # stems of each entry's names, by row
        self._corrections: dict[str, str | None] = {}

        phrases: list[Phrase] = []
        for info in self.symptoms.values():
            phrases.extend(symptom_phrases(info.code, info.label, info.synonyms))
        for doc in self.documents:
            phrases.extend(name_phrases(doc.id, [*title_names(doc.title, doc.id), *doc.names]))
        if synonyms is not None:
            phrases.extend(
                p for p in synonym_phrases(synonyms) if p.kind is Kind.EXPANSION or p.target in self._by_id
            )

        # Two FTS5 tables: the short "head" columns (names) and the long "body" ones (text), so a
        # large corpus can leave common words out of the costly one; BM25 scores are added up.
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        for statement in _SCHEMA:
            self._db.execute(statement)
        head_frequency: Counter[str] = Counter()
        body_frequency: Counter[str] = Counter()
        both_frequency: Counter[str] = Counter()  # entries with the stem in both tables
        # Every word as written, counted in the order first met; grouped by stem afterwards (a
        # token's stem is a function of its word), which spares a dictionary step per token.
        word_counts: Counter[str] = Counter()
        repeats: dict[SentenceWords, int] = {}  # a sentence seen again is counted at the end
        head_rows = []
        body_rows = []
        for row, doc in enumerate(self.documents):
            prepared, text_words = prepare([*doc.summary, *doc.body])
            self._sentences[doc.id] = prepared
            split = len(doc.summary)
            heads = (
                token_words(" ".join(title_names(doc.title, doc.id))),
                token_words(" ".join(doc.names)),
                [t.word for code in doc.symptoms for t in self._symptom_tokens(code)],
            )
            head_stem_columns = [list(map(stem, column)) for column in heads]
            head_stems = set(chain.from_iterable(head_stem_columns))
            word_counts.update(chain.from_iterable(heads))
            for part in text_words:
                for sentence in part:
                    seen = repeats.get(sentence)
                    if seen is None:
                        repeats[sentence] = 0
                        word_counts.update(sentence.words)
                    else:
                        repeats[sentence] = seen + 1
            body_stems = prepared.stems  # every stem of the summary and body
            head_frequency.update(head_stems)
            body_frequency.update(body_stems)
            both_frequency.update(head_stems & body_stems)
            head_rows.append((row, *(" ".join(column) for column in head_stem_columns)))
            self._head_stems.append(frozenset(head_stems))
            body_rows.append(
                (
                    row,
                    " ".join(s.stems for part in text_words[:split] for s in part if s.stems),
                    " ".join(s.stems for part in text_words[split:] for s in part if s.stems),
                )
            )
        for sentence, again in repeats.items():
            if again:
                for word in sentence.words:
                    word_counts[word] += again
        frequency = head_frequency + body_frequency  # entries with the stem in either table
        frequency.subtract(both_frequency)
        surface: dict[str, Counter[str]] = {}
        for word, count in word_counts.items():
            counts = surface.get(stem(word))
            if counts is None:
                counts = surface[stem(word)] = Counter()
            counts[word] = count
        self._db.executemany("INSERT INTO heads(rowid, title, names, symptoms) VALUES (?,?,?,?)", head_rows)
        self._db.executemany("INSERT INTO texts(rowid, summary, body) VALUES (?,?,?)", body_rows)
        self._db.execute("INSERT INTO heads(heads) VALUES ('optimize')")
        self._db.execute("INSERT INTO texts(texts) VALUES ('optimize')")
        self._db.commit()
        self._table_frequency = {"heads": dict(head_frequency), "texts": dict(body_frequency)}

        for phrase in phrases:
            for phrase_stem_ in phrase.stems:
                frequency[phrase_stem_] += 0  # known, even if no document uses it
        self.frequency: dict[str, int] = dict(frequency)
        count = max(1, len(self.documents))
        weights = {term: math.log(1.0 + count / (1.0 + df)) for term, df in self.frequency.items()}
        self.matcher = PhraseMatcher(phrases, weights)
        self._surface = {term: counts.most_common(1)[0][0] for term, counts in surface.items()}
        self._occurrences = {term: sum(counts.values()) for term, counts in surface.items()}
        #: Words of titles, symptom codes and labels: the spelling a correction should land on.
        self._canonical_terms = frozenset(
            t.stem
            for text in (
                *(d.title for d in self.documents),
                *(f"{i.code.replace('_', ' ')} {i.label}" for i in self.symptoms.values()),
            )
            for t in tokens(text)
        )
        self._surface_forms = {
            term: tuple(w for w, _ in counts.most_common(6)) for term, counts in surface.items()
        }
        self._terms_sorted = sorted(self.frequency)
        self._by_length: dict[int, list[str]] = {}
        for term in self._terms_sorted:
            if term.isalpha():
                self._by_length.setdefault(len(term), []).append(term)
        self._close_cache: dict[str, list[str]] = {}
        self._phrases: dict[tuple[str, str], tuple[array[int], array[float]]] = {}
        owners: dict[str, set[str]] = {}
        for phrase in phrases:
            if phrase.kind is Kind.NAME:
                for term in phrase.stems:
                    owners.setdefault(term, set()).add(phrase.target)
        self._name_owners = {term: sorted(ids) for term, ids in owners.items()}
        # Built here rather than on the first search that finds nothing (tens of ms at 10k entries).
        self._near_choices = self._near_names()
        self._near_list = list(self._near_choices)

    def _symptom_tokens(self, code: str) -> tuple[Token, ...]:
        cached = self._symptom_token_cache.get(code)
        if cached is None:
            cached = self._symptom_token_cache[code] = tuple(tokens(" ".join(self._symptom_words([code]))))
        return cached

    def _symptom_words(self, codes: Iterable[str]) -> list[str]:
        texts = []
        for code in codes:
            info = self.symptoms.get(code)
            texts.append(code.replace("_", " "))
            if info is not None:
                texts.extend([info.label, *info.synonyms])
        return texts

    def __len__(self) -> int:
        return len(self.documents)

    # --- Query analysis ---------------------------------------------------------------------

    def analyze(self, raw_query: str, *, prefix: bool = False) -> QueryAnalysis:
        """Clean, correct and interpret a query. Never raises for any string."""
        query = clean_query(raw_query)
        toks = list(tokens(query))[:MAX_QUERY_TOKENS]
        words = [t.word for t in toks]
        words = self._join_split_words(words)
        partial: str | None = None
        if prefix and words and query and query[-1].isalnum():
            partial = words[-1]
            if stem(partial) not in self.frequency:
                words.pop()  # an unfinished word: completed below, never "corrected"
        corrections: list[tuple[str, str]] = []
        corrected: list[str] = []
        fixes = [self._correct(word) for word in words]
        context = [stem(w) for w, fix in zip(words, fixes, strict=True) if fix is None and self._telling(w)]
        for word, fixed in zip(words, fixes, strict=True):
            if fixed is not None and len(word) < LONG_WORD and not self._agrees(fixed, context):
                fixed = None  # "trick" next to "chin tuck" is a word we do not know, not a typo of "track"
            if fixed is None:
                corrected.append(word)
            else:
                corrections.append((word, fixed))
                corrected.extend(fixed.split())
        phrase_sequence = [phrase_stem(w) for w in corrected if w not in PHRASE_STOPWORDS]
        match = self.matcher.match(phrase_sequence)
        if (
            partial is not None
            and len(partial) >= MIN_COMPLETION_CHARS
            and stem(partial) not in self.frequency
        ):
            for completion in self._completions(partial):
                extra = self.matcher.match([*phrase_sequence, completion])
                for key, value in extra.names.items():
                    match.names[key] = max(match.names.get(key, 0.0), COMPLETION_WEIGHT * value)
                for key, value in extra.symptoms.items():
                    match.symptoms[key] = max(match.symptoms.get(key, 0.0), COMPLETION_WEIGHT * value)
        terms: list[str] = []
        readable: list[str] = []
        for word in corrected:
            if word in STOPWORDS or word in NEGATIONS:
                continue
            s = stem(word)
            if s not in terms:
                terms.append(s)
                readable.append(word)
        telling = [t for t in terms if not self._ubiquitous(t)]
        if telling:  # "als" is on every page: it only ranks when nothing else was typed
            readable = [w for w, t in zip(readable, terms, strict=True) if not self._ubiquitous(t)]
            terms = telling
        for code, strength in match.symptoms.items():
            if strength >= 0.5 and not self._symptom_docs.get(code):
                # No entry lists this symptom: its own words find the entries that discuss it.
                for s in self._symptom_label_stems(code):
                    if s not in match.expansions:
                        match.expansions.append(s)
        expansions = [s for s in match.expansions if s not in terms]
        readable.extend(self._surface.get(s, s) for s in expansions)
        highlight = set(terms) | set(expansions) | match.matched_stems
        return QueryAnalysis(
            query=query,
            terms=terms,
            words=readable,
            expansions=expansions,
            corrections=corrections,
            match=match,
            prefix=partial if partial and len(partial) >= 2 else None,
            highlight=highlight,
        )

    def _join_split_words(self, words: list[str]) -> list[str]:
        """Join words a reader split ("co q 10" -> "coq10", "mi e" -> "mie") when the result is a name."""
        result: list[str] = []
        i = 0
        while i < len(words):
            for size in (3, 2):
                if i + size <= len(words):
                    joined = "".join(words[i : i + size])
                    if stem(joined) in self.matcher.name_terms and not all(
                        stem(w) in self.matcher.name_terms and len(w) > 3 for w in words[i : i + size]
                    ):
                        result.append(joined)
                        i += size
                        break
            else:
                result.append(words[i])
                i += 1
        return result

    def _correct(self, word: str) -> str | None:
        """A known word for an unknown one (a typo or run-together words), or None to keep it."""
        s = stem(word)
        if (
            s in self.frequency
            or word in STOPWORDS
            or word in NEGATIONS
            or len(word) < 4
            or not word.isalpha()
        ):
            return None
        if s in self._corrections:
            return self._corrections[s]
        fixed = self._split(word) or self._fuzzy(s, word)
        if len(self._corrections) < 50_000:
            self._corrections[s] = fixed
        return fixed

    def _telling(self, word: str) -> bool:
        return (
            word not in STOPWORDS
            and word not in NEGATIONS
            and stem(word) in self.frequency
            and not self._ubiquitous(stem(word))
        )

    def _agrees(self, fixed: str, context: Sequence[str]) -> bool:
        """Whether a corrected short word shares an entry with the query's other known words.

        The entries having the corrected word come from FTS5 (all its words in one table, as a
        ``MATCH "a" AND "b"`` finds them); each is then checked against the entry's own stems,
        stopping at the first that has another query word. (A single SQL query had to list every
        entry with any of the other words first: thousands, when they are common words.)
        """
        if not context:
            return True
        others = set(context)
        fixed_terms = " AND ".join(_quote(stem(w)) for w in fixed.split())
        with self._lock:
            for statement in _ROWS_SQL:
                for (row,) in self._db.execute(statement, (fixed_terms,)):
                    if not others.isdisjoint(self._head_stems[row]) or not others.isdisjoint(
                        self._sentences[self.documents[row].id].stems
                    ):
                        return True
        return False

    def _split(self, word: str) -> str | None:
        if len(word) < 7:
            return None
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if (
                stem(left) in self.frequency
                and stem(right) in self.frequency
                and (stem(left) in self.matcher.terms or stem(right) in self.matcher.terms)
            ):
                return f"{self._canonical(left, stem(left))} {self._canonical(right, stem(right))}"
        return None

    def _fuzzy(self, s: str, typed: str) -> str | None:
        max_distance = 1 if len(s) < LONG_WORD else 2
        text_frequency = self._table_frequency["texts"]
        best: tuple[int, int, int, int, int, str] | None = None
        for length in range(len(s) - max_distance, len(s) + max_distance + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            for candidate, distance, _ in process.extract(
                s, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=8
            ):
                known = candidate in self.matcher.terms
                if len(candidate) < 4 or (len(s) < LONG_WORD and candidate not in self.matcher.name_terms):
                    continue  # a short word is only corrected to a treatment or brand name
                if (distance == 2 or len(s) < LONG_WORD) and candidate[0] != s[0]:
                    continue  # a first-letter slip is only trusted in a long word
                # Closest first, then vocabulary words, then words the pages really use (a listed
                # misspelling such as "insomina" never beats "insomnia").
                rank = (
                    int(distance),
                    0 if known else 1,
                    0 if candidate in self._canonical_terms else 1,
                    -text_frequency.get(candidate, 0),
                    -self._occurrences.get(candidate, 0),
                    candidate,
                )
                if best is None or rank < best:
                    best = rank
        if best is None:
            return None
        return self._canonical(typed, best[-1])

    def _canonical(self, typed: str, candidate: str) -> str:
        """How to write a corrected word: as a treatment's title has it, else as the pages have it."""
        owners = self._name_owners.get(candidate, ())
        if len(owners) == 1:
            title_words = [t.word for t in tokens(self._by_id[owners[0]].title) if len(t.word) >= 4]
            found = process.extractOne(candidate, title_words, scorer=fuzz.ratio, score_cutoff=80)
            if found is not None:
                return str(found[0])
        forms = self._surface_forms.get(candidate, ())
        if not forms:
            return candidate
        found = process.extractOne(typed, forms, scorer=fuzz.ratio)
        return str(found[0]) if found is not None else forms[0]

    def _completions(self, partial: str, limit: int = 6) -> list[str]:
        """Known stems starting with a partly typed word, vocabulary words and common words first."""
        start = bisect.bisect_left(self._terms_sorted, partial)
        found = []
        for term in self._terms_sorted[start : start + 400]:
            if not term.startswith(partial):
                break
            found.append(term)
        found.sort(key=lambda t: (t not in self.matcher.terms, -self.frequency.get(t, 0)))
        return found[:limit]

    # --- Ranking ----------------------------------------------------------------------------

    def query_parts(self, analysis: QueryAnalysis) -> dict[str, list[str]]:
        """Per FTS5 table, the quoted words (within the table's budget) and prefixes searched."""
        terms = list(dict.fromkeys([*analysis.terms, *analysis.expansions]))
        prefixes = (
            [_quote(p) + "*" for p in dict.fromkeys((analysis.prefix, stem(analysis.prefix)))]
            if analysis.prefix
            else []
        )
        return {
            table: [
                _quote(t)
                for t in self._within_budget(terms, self._table_frequency[table], keep_one=table == "heads")
            ]
            + prefixes
            for table in _TABLES
        }

    def text_scores(self, analysis: QueryAnalysis, limit: int = CANDIDATES) -> dict[str, float]:
        """BM25 relevance (higher is better) of the best-matching entries, from FTS5.

        FTS5's BM25 of ``"a" OR "b"`` is, entry by entry, the sum of the BM25 of ``"a"`` and of
        ``"b"`` (added in the query's order, as FTS5 adds them), and its ``ORDER BY rank`` keeps
        ties in row order. So each word's scores are fetched once (:meth:`_phrase_scores`) and
        added up here: the same numbers and order as the combined query, without FTS5 working
        out BM25 again for every entry of every common word on every search.
        """
        scores: dict[str, float] = {}
        for table, parts in self.query_parts(analysis).items():
            if not parts:
                continue
            totals: dict[int, float] = {}
            for part in parts:
                rows, values = self._phrase_scores(table, part)
                for row, value in zip(rows, values, strict=True):
                    totals[row] = totals.get(row, 0.0) + value
            chosen = list(totals.items())
            if len(chosen) > limit:  # only those scoring at least the limit-th best (ties included)
                floor = sorted(totals.values(), reverse=True)[limit - 1]
                chosen = [item for item in chosen if item[1] >= floor]
            chosen.sort(key=_best_first)
            for row, total in chosen[:limit]:
                doc_id = self.documents[row].id
                scores[doc_id] = scores.get(doc_id, 0.0) + total
        return scores

    def _phrase_scores(self, table: str, phrase: str) -> tuple[array[int], array[float]]:
        """Every entry of ``table`` matching one FTS5 phrase, with its BM25 (positive: higher is better).

        Kept for the :data:`PHRASE_CACHE` most recently fetched phrases (words recur across searches).
        """
        key = (table, phrase)
        found = self._phrases.get(key)
        if found is not None:
            return found
        with self._lock:
            rows = self._db.execute(_ALL_SQL[table], (phrase,)).fetchall()
        found = (array("i", [row for row, _ in rows]), array("d", [-float(rank) for _, rank in rows]))
        while len(self._phrases) >= PHRASE_CACHE:
            try:
                del self._phrases[next(iter(self._phrases))]  # the oldest
            except (KeyError, RuntimeError, StopIteration):  # another thread got there first
                break
        self._phrases[key] = found
        return found

    @staticmethod
    def _within_budget(terms: list[str], frequency: Mapping[str, int], *, keep_one: bool) -> list[str]:
        """The words to score: all of them, or in a large corpus the rarer ones.

        Common words add little to BM25 but cost a score for each of thousands of entries; past
        :data:`POSTINGS_BUDGET` they are left out, rarest first kept (with ``keep_one``, the rarest
        word is kept whatever its cost). The real knowledge base never comes near the budget.
        """
        present = [t for t in terms if frequency.get(t, 0)]
        if sum(frequency[t] for t in present) <= POSTINGS_BUDGET:
            return present
        kept: list[str] = []
        postings = 0
        for term in sorted(present, key=lambda t: frequency[t]):
            postings += frequency[term]
            if postings <= POSTINGS_BUDGET or (keep_one and not kept):
                kept.append(term)
        return [t for t in present if t in kept]

    def rank(
        self,
        analysis: QueryAnalysis,
        text_scores: Mapping[str, float],
        limit: int = DEFAULT_LIMIT,
        *,
        snippets: bool = True,
    ) -> SearchResponse:
        """Combine text relevance with the vocabulary's name and symptom matches; add snippets."""
        limit = max(1, min(int(limit), MAX_LIMIT))
        match = analysis.match
        best_text = max(text_scores.values(), default=0.0)
        scores: dict[str, float] = {}
        if best_text > 0:
            weights = self._term_weights([*analysis.terms, *analysis.expansions])
            coverage = self._coverage_of(weights)
            for doc_id, value in text_scores.items():
                if doc_id in self._by_id:
                    scores[doc_id] = TEXT_WEIGHT * coverage(doc_id) * value / best_text
        for doc_id, strength in match.names.items():
            if doc_id in self._by_id:
                scores[doc_id] = scores.get(doc_id, 0.0) + NAME_WEIGHT * strength
        for code, strength in match.symptoms.items():
            # Entries aimed at fewer symptoms get more of the symptom's weight.
            weight = SYMPTOM_WEIGHT * strength
            for doc_id, focus in self._symptom_docs.get(code, ()):
                scores[doc_id] = scores.get(doc_id, 0.0) + weight * focus
        positive = [(score, doc_id) for doc_id, score in scores.items() if score > 0]
        if len(positive) > 4 * MAX_LIMIT:
            positive = heapq.nlargest(4 * MAX_LIMIT, positive)
        # Best first, then by title (the position keeps equal titles in the order they came).
        titles = self._title_keys
        ordered = sorted((-score, titles[doc_id], n, doc_id) for n, (score, doc_id) in enumerate(positive))
        positive = [(-negated, doc_id) for negated, _, _, doc_id in ordered]
        if positive:
            floor = positive[0][0] * RELATIVE_CUTOFF
            positive = [item for item in positive if item[0] >= floor]
        scored = [
            (score, doc_id, tuple(c for c in match.symptoms if c in self._by_id[doc_id].symptoms))
            for score, doc_id in positive[:limit]
        ]
        rare = 0.25 * len(self.documents)
        weak = {
            s
            for code in match.symptoms
            for s in self._symptom_stems(code)
            if self.frequency.get(s, 0) <= rare
        }
        hits = tuple(
            SearchHit(
                id=doc_id,
                title=self._by_id[doc_id].title,
                category=self._by_id[doc_id].category,
                score=score,
                snippet=best_snippet(
                    self._prepared(doc_id), self._strong(analysis, doc_id), weak, analysis.prefix
                )
                if snippets
                else Snippet(()),
                matched_symptoms=matched,
            )
            for score, doc_id, matched in scored[:limit]
        )
        symptoms = tuple(sorted(match.symptoms, key=lambda c: -match.symptoms[c]))
        return SearchResponse(
            query=analysis.query,
            results=hits,
            suggestions=tuple(self._suggestions(analysis, bool(hits))),
            corrected_query=analysis.corrected_query,
            symptoms=symptoms,
            urgent=self.urgent.recognise(analysis.query) if self.urgent is not None and snippets else None,
        )

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> SearchResponse:
        """Search the catalogue. Any string is a valid query; the result may be empty."""
        analysis = self.analyze(query)
        return self.rank(analysis, self.text_scores(analysis), limit)

    def suggest(self, query: str, limit: int = 8) -> list[Suggestion]:
        """Suggestions while typing: symptom pages first, then treatments (the last word may be partial)."""
        analysis = self.analyze(query, prefix=True)
        if sum(ch.isalnum() for ch in analysis.query) < 2 or not (analysis.terms or analysis.prefix):
            return []
        response = self.rank(analysis, self.text_scores(analysis, limit=20), limit, snippets=False)
        floor = response.results[0].score * SUGGEST_CUTOFF if response.results else 0.0
        suggestions: list[Suggestion] = []
        for code in response.symptoms:
            info = self.symptoms.get(code)
            listed = bool(self._symptom_docs.get(code))  # a symptom page exists only with treatments
            if info is not None and listed and analysis.match.symptoms[code] >= 0.5 and len(suggestions) < 3:
                suggestions.append(Suggestion("symptom", info.slug, info.question))
        for hit in response.results:
            if len(suggestions) >= limit or hit.score < floor:
                break
            suggestions.append(Suggestion("treatment", hit.id, hit.title))
        return suggestions

    # --- Helpers ----------------------------------------------------------------------------

    def _prepared(self, doc_id: str) -> Prepared:
        return self._sentences[doc_id]

    def _strong(self, analysis: QueryAnalysis, doc_id: str) -> set[str]:
        """Words to mark in an entry's snippet: the query's, plus the entry's own name when it was named."""
        if doc_id in analysis.match.names:
            title = self._title_stems.get(doc_id)
            if title is None:
                title = self._title_stems[doc_id] = frozenset(content_stems(self._by_id[doc_id].title))
            return analysis.highlight | title
        return analysis.highlight

    def _term_weights(self, terms: Sequence[str]) -> dict[str, float]:
        """How telling each searched word is (inverse document frequency); unknown words count 0."""
        count = len(self.documents)
        return {t: math.log(1.0 + count / (1.0 + df)) for t in terms if (df := self.frequency.get(t, 0)) > 0}

    def _coverage_of(self, weights: Mapping[str, float]) -> Callable[[str], float]:
        """Share of the query's telling words an entry contains (a "coordination" factor), by entry id.

        An entry that matches only "time" in "my husband drools all the time" covers little of
        the query and drops below the entries about drooling.
        """
        total = sum(weights.values())
        if total <= 0:
            return lambda doc_id: 1.0
        items = list(weights.items())
        rows, sentences, head_stems = self._row, self._sentences, self._head_stems

        def coverage(doc_id: str) -> float:
            heads = head_stems[rows[doc_id]]
            body = sentences[doc_id].stems
            found = 0.0
            for term, weight in items:
                if term in heads or term in body:
                    found += weight
            return found / total

        return coverage

    def _ubiquitous(self, term: str) -> bool:
        return len(self.documents) >= 10 and self.frequency.get(term, 0) >= 0.9 * len(self.documents)

    def _symptom_label_stems(self, code: str) -> list[str]:
        info = self.symptoms.get(code)
        text = code.replace("_", " ") + " " + (info.label if info is not None else "")
        return list(dict.fromkeys(content_stems(text)))

    def _symptom_stems(self, code: str) -> frozenset[str]:
        found = self._symptom_stem_cache.get(code)
        if found is None:
            info = self.symptoms.get(code)
            texts = (info.label, *info.synonyms) if info is not None else ()
            found = self._symptom_stem_cache[code] = frozenset(s for t in texts for s in content_stems(t))
        return found

    def _suggestions(self, analysis: QueryAnalysis, has_results: bool) -> list[str]:
        suggestions: list[str] = []
        corrected = analysis.corrected_query
        if corrected and corrected != analysis.query.casefold():
            suggestions.append(corrected)
        for code in sorted(analysis.match.symptoms, key=lambda c: -analysis.match.symptoms[c])[:2]:
            suggestions.append(code.replace("_", " "))
        if not has_results and analysis.query:
            suggestions.extend(self._close_names(analysis.query))
        query = analysis.query.casefold()
        return [s for s in dict.fromkeys(suggestions) if s != query][:5]

    def _close_names(self, query: str) -> list[str]:
        """Treatment names and symptom words that look like the query (for a search that found nothing).

        Kept per query: the fuzzy comparison with every name costs milliseconds on a large corpus.
        """
        found = self._close_cache.get(query)
        if found is None:
            found = self._find_close_names(query)
            if len(self._close_cache) < 10_000:
                self._close_cache[query] = found
        return list(found)

    def _near_names(self) -> dict[str, str]:
        """Names a search that found nothing may be close to (lower case) -> the name to offer."""
        choices: dict[str, str] = {}
        for info in self.symptoms.values():
            for text in (info.label, *info.synonyms):  # offered as the symptom's plain name
                choices.setdefault(text.casefold(), info.label.casefold())
        for doc in self.documents:
            short = doc.title.split("(")[0].strip() or doc.title
            for text in (*doc.names, *(t.word for t in tokens(doc.title) if len(t.word) >= 4)):
                choices.setdefault(text.casefold(), short)
        return choices

    def _find_close_names(self, query: str) -> list[str]:
        near = self._near_choices
        listed = self._near_list
        found: list[str] = []
        for word in [t.word for t in tokens(query)][:MAX_QUERY_TOKENS]:
            if len(word) >= 4:
                best = process.extractOne(word, listed, scorer=fuzz.ratio, score_cutoff=76)
                if best is not None:
                    found.append(near[best[0]])
        for choice, _, _ in process.extract(
            query[:60].casefold(), listed, scorer=fuzz.WRatio, score_cutoff=80, limit=3
        ):
            found.append(near[choice])
        return list(dict.fromkeys(found))[:5]


# Two FTS5 tables: the short "heads" columns (names) and the long "texts" ones, so that a large
# corpus can leave common words out of the costly one; their BM25 scores are added up.
_TOKENIZE = "tokenize='unicode61 remove_diacritics 2', prefix='2 3'"
_SCHEMA = (
    f"CREATE VIRTUAL TABLE heads USING fts5(title, names, symptoms, {_TOKENIZE})",
    f"CREATE VIRTUAL TABLE texts USING fts5(summary, body, {_TOKENIZE})",
    "INSERT INTO heads(heads, rank) VALUES ('rank', 'bm25(10.0, 6.0, 3.0)')",  # COLUMN_WEIGHTS[:3]
    "INSERT INTO texts(texts, rank) VALUES ('rank', 'bm25(2.0, 1.0)')",  # COLUMN_WEIGHTS[3:]
    # No merging while loading: 'optimize' merges everything into one segment at the end anyway.
    "INSERT INTO heads(heads, rank) VALUES ('automerge', 0)",
    "INSERT INTO texts(texts, rank) VALUES ('automerge', 0)",
)
_TABLES = ("heads", "texts")
_ALL_SQL = {
    "heads": "SELECT rowid, rank FROM heads WHERE heads MATCH ?",
    "texts": "SELECT rowid, rank FROM texts WHERE texts MATCH ?",
}


def _best_first(item: tuple[int, float]) -> tuple[float, int]:
    """Highest score first; equal scores in row order (as FTS5's ``ORDER BY rank`` returns them)."""
    return (-item[1], item[0])


_ROWS_SQL = (
    "SELECT rowid FROM heads WHERE heads MATCH ?",
    "SELECT rowid FROM texts WHERE texts MATCH ?",
)


def _quote(term: str) -> str:
    """One FTS5 string token: only letters and digits reach this point; quoting keeps it literal."""
    return '"' + term.replace('"', '""') + '"'


def build_index(
    catalog: Catalog, synonyms: SearchSynonyms | None = None, urgent: UrgentRecogniser | None = None
) -> SearchIndex:
    """An index of every entry of ``catalog`` with its symptom vocabulary, search synonyms and
    (optionally) the urgent-help recogniser."""
    return SearchIndex(documents_from_catalog(catalog), symptoms_from_catalog(catalog), synonyms, urgent)
