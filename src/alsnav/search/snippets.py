"""Snippets: the sentence of an entry that best shows why it matched, with the matching words marked.

A snippet is a sequence of ``(text, is_match)`` segments. :attr:`Snippet.html` escapes every
segment and wraps matches in ``<mark>``, so content or query text can never become markup.

An entry's sentences are split and their stems listed once (:func:`prepare`, while the search index
is built); finding the best sentence then only looks at the query words the entry has.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from alsnav.search.text import Token, sentences, stem, token_words, tokens

#: Longest snippet, in words; longer sentences are cut around their first match.
SNIPPET_WORDS = 32


@dataclass(frozen=True)
class Snippet:
    segments: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)

    @property
    def html(self) -> str:
        return "".join(
            f"<mark>{html.escape(text)}</mark>" if marked else html.escape(text)
            for text, marked in self.segments
        )

    @property
    def marked(self) -> list[str]:
        return [text for text, marked in self.segments if marked]


@dataclass(frozen=True)
class Prepared:
    """An entry's sentences, joined by newlines, with where each one starts and which stems it has."""

    text: str
    starts: tuple[int, ...]
    sentence_stems: tuple[tuple[str, ...], ...]  # each sentence's stems, each once
    stems: frozenset[str]  # every stem of the entry

    def sentence(self, index: int) -> str:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap as a dictionary key
class SentenceWords:
    """The words of one sentence, worked out once however many entries repeat the sentence."""

    words: tuple[str, ...]  # folded words, in order
    stems: str  # their stems, in order, joined by spaces (what the full-text index stores)
    distinct: tuple[str, ...]  # each stem once, in order of first use


@lru_cache(maxsize=65536)
def _sentence_tokens(sentence: str) -> tuple[Token, ...]:
    return tuple(tokens(sentence))


@lru_cache(maxsize=65536)
def sentence_words(sentence: str) -> SentenceWords:
    words = token_words(sentence)
    stems = list(map(stem, words))
    return SentenceWords(tuple(words), " ".join(stems), tuple(dict.fromkeys(stems)))


def prepare(texts: Sequence[str]) -> tuple[Prepared, list[list[SentenceWords]]]:
    """Split an entry's texts into plain sentences (once per entry); also return their words, by text."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    words: list[list[SentenceWords]] = []
    for text in texts:
        text_words: list[SentenceWords] = []
        for part in sentences(text):
            parts.append(part)
            starts.append(offset)
            offset += len(part) + 1
            text_words.append(sentence_words(part))
        words.append(text_words)
    every = tuple(found.distinct for text_words in words for found in text_words)
    prepared = Prepared("\n".join(parts), tuple(starts), every, frozenset(chain.from_iterable(every)))
    return prepared, words


def best_snippet(
    prepared: Prepared,
    strong: Collection[str],
    weak: Collection[str] = (),
    prefix: str | None = None,
) -> Snippet:
    """The sentence sharing the most query words (``strong``), then related words (``weak``).

    ``prefix`` marks words starting with a partly typed last word. Without any match the first
    sentence is shown unmarked.
    """
    if not prepared.starts:
        return Snippet(())
    # What each of the entry's words adds to a sentence's score: 2 for a query word, 1 for a
    # related one, 2 more for a completion of the partly typed word.
    worth: dict[str, int] = {}
    present = prepared.stems
    for term in strong:
        if term in present:
            worth[term] = worth.get(term, 0) + 2
    for term in weak:
        if term not in strong and term in present:
            worth[term] = worth.get(term, 0) + 1
    if prefix:
        for term in present:
            if term.startswith(prefix) and term not in strong:
                worth[term] = worth.get(term, 0) + 2
    best_index, best_score = 0, 0
    if worth:
        scores = [0] * len(prepared.sentence_stems)
        for term, value in worth.items():
            for index, stems in enumerate(prepared.sentence_stems):
                if term in stems:
                    scores[index] += value
        best_score = max(scores)
        best_index = scores.index(best_score) if best_score > 0 else 0  # the first of the best
    sentence = prepared.sentence(best_index)
    return _segments(sentence, _sentence_tokens(sentence), strong, weak, prefix, mark=best_score > 0)


def _segments(
    text: str,
    toks: tuple[Token, ...],
    strong: Collection[str],
    weak: Collection[str],
    prefix: str | None,
    *,
    mark: bool,
) -> Snippet:
    def is_match(token: Token) -> bool:
        return mark and (
            token.stem in strong
            or token.stem in weak
            or (prefix is not None and token.word.startswith(prefix))
        )

    start_char, end_char, lead, tail = 0, len(text), "", ""
    if len(toks) > SNIPPET_WORDS:
        first = next((i for i, t in enumerate(toks) if is_match(t)), 0)
        begin = max(0, min(first - SNIPPET_WORDS // 4, len(toks) - SNIPPET_WORDS))
        finish = begin + SNIPPET_WORDS
        if begin > 0:
            start_char, lead = toks[begin].start, "… "
        if finish < len(toks):
            end_char, tail = toks[finish - 1].end, " …"
    segments: list[tuple[str, bool]] = []
    if lead:
        segments.append((lead, False))
    cursor = start_char
    for token in toks:
        if token.start < start_char or token.end > end_char or not is_match(token):
            continue
        if token.start > cursor:
            segments.append((text[cursor : token.start], False))
        segments.append((text[token.start : token.end], True))
        cursor = token.end
    if cursor < end_char:
        segments.append((text[cursor:end_char], False))
    if tail:
        segments.append((tail, False))
    return Snippet(tuple(segments))
