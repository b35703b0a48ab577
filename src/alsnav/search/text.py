"""Text handling shared by indexing, query analysis and snippets.

One tokenizer and one stemmer are used for everything (the index, the vocabulary, the query and
the snippet highlighter), so a word typed by a reader and the same word in the content always
meet. The stemmer is a deliberately light English suffix stripper (plural, -ing, -ed, -ness,
final -e): predictable, and enough for how people search ("drools" ~ "drooling" ~ "drool").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

#: Longest query we look at (characters after cleaning); the rest is ignored, never an error.
MAX_QUERY_CHARS = 200
#: Most words of a query we use.
MAX_QUERY_TOKENS = 24
#: Longest single word we keep; longer runs of letters are not words anyone searches for.
MAX_TOKEN_CHARS = 40

_APOSTROPHES = str.maketrans({"'": "", "’": "", "‘": "", "`": ""})
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # "can't" is one word
_SPACES = re.compile(r"\s+")

#: Words that carry no meaning for ranking ("what helps with ...", "my husband ...").
_STOPWORDS_TEXT = """
    a about after again against all also am an and any anymore are as at be because been before
    being between both but by can could did do does doing during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself now of on once only or other our ours ourselves own same
    she should so some such than that the their theirs them themselves then there these they this
    those through to too until very was we were what when where which while who whom why
    will with would you your yours yourself yourselves im ive id youre hes shes thats whats
    get gets got getting go going went keep keeps kept still really always every everything
    anything something thing things way ways lot lots much many ok okay please
    help helps helping helped need needs want wants know tell use used using
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_TEXT.split())

#: The few function words dropped from vocabulary phrases ("mouth full of saliva" = mouth full
#: saliva). Smaller than STOPWORDS on purpose: "feeling down", "can't cough" keep their meaning.
_PHRASE_STOPWORDS_TEXT = (
    "a an the my his her their our your of to in on at for with and or is are am be i me he she it "
    "they we you this that very so too much just im all has have had having been was were do does did "
    "am"
)
PHRASE_STOPWORDS: frozenset[str] = frozenset(_PHRASE_STOPWORDS_TEXT.split())

#: Negations stay meaningful inside phrases ("can't swallow"), but are noise for ranking.
_NEGATIONS_TEXT = (
    "no not nor never cant cannot dont doesnt didnt wont isnt arent wasnt werent hasnt havent hadnt "
    "couldnt shouldnt wouldnt"
)
NEGATIONS: frozenset[str] = frozenset(_NEGATIONS_TEXT.split())


def clean_query(raw: str) -> str:
    """A query made safe to look at: no control characters, one space between words, bounded."""
    text = unicodedata.normalize("NFKC", raw[: MAX_QUERY_CHARS * 4])
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        if " " in text:
            text = text.rsplit(" ", 1)[0]  # do not cut a word in half
    return text


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One word folded (cached: content repeats its words)."""
    return _fold(word)


def _fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped ("Can't" -> "cant", "café" -> "cafe")."""
    if text.isascii():
        return text.lower().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Token(NamedTuple):
    """One word of a text: where it is, how it was written, and its stem."""

    start: int
    end: int
    word: str  # folded surface form
    stem: str


def tokens(text: str) -> Iterator[Token]:
    """Every word of ``text`` with its position (positions refer to ``text`` itself)."""
    for match in _TOKEN.finditer(text):
        folded = fold_word(match.group())
        if not folded or len(folded) > MAX_TOKEN_CHARS:
            continue
        yield Token(match.start(), match.end(), folded, stem(folded))


def token_words(text: str) -> list[str]:
    """The words of :func:`tokens` without their positions (cheaper, for indexing)."""
    return [w for w in map(fold_word, _TOKEN.findall(text)) if w and len(w) <= MAX_TOKEN_CHARS]


def words(text: str) -> list[str]:
    """The folded words of ``text`` (apostrophes joined first, so "can't" is one word)."""
    return [w for w in _TOKEN.findall(_fold(text)) if len(w) <= MAX_TOKEN_CHARS]


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that matter for ranking (stopwords and negations dropped)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS]


@lru_cache(maxsize=65536)
def phrase_stems(text: str) -> tuple[str, ...]:
    """Stems of a vocabulary phrase or query for phrase matching.

    Only function words are dropped, and every negation becomes "not", so "can't sleep",
    "cannot sleep" and "not sleeping" are the same phrase.
    """
    return tuple(phrase_stem(w) for w in words(text) if w not in PHRASE_STOPWORDS)


def phrase_stem(word: str) -> str:
    return "not" if word in NEGATIONS else stem(word)


_DOUBLE_OK = frozenset("lsz")
_VOWELS = frozenset("aeiouy")


def _undouble(word: str) -> str:
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in _VOWELS and word[-1] not in _DOUBLE_OK:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, predictable English stem of one folded word.

    >>> [stem(w) for w in ("drooling", "drools", "choking", "choke", "slurred", "stiffness")]
    ['drool', 'drool', 'chok', 'chok', 'slur', 'stiff']
    """
    if len(word) <= 3 or not word.isalpha():
        return word  # short words and codes such as "sod1", "b12", "q10" stay as typed
    w = word
    if w.endswith("ness") and len(w) > 6:
        w = w[:-4]
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5 and any(c in _VOWELS for c in w[:-3]):
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) > 4 and any(c in _VOWELS for c in w[:-2]):
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


# --- Plain text of content (for snippets) ---------------------------------------------------

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MARKDOWN_NOISE = re.compile(r"(^|\s)#{1,6}\s+|[*_`>|]+|^\s*[-+]\s+", re.MULTILINE)
_UNVERIFIED = re.compile(r"\s?\[M\]")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9“\"(])|\n\s*\n|\n(?=\s*[-*+#]|\s*\d+\.)")


#: A character without which :data:`_MARKDOWN_NOISE` cannot match (most sentences have none).
_NOISE_CHAR = re.compile(r"[#*_`>|+-]")
#: What :data:`_SPACES` would change in ASCII text: runs of spaces, or other ASCII whitespace.
_ODD_SPACES = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f]|  ")
#: Any of the above, or the "[" of a link or an unverified marker: one look for plain sentences.
_ANY_WORK = re.compile(r"[#*_`>|+\-\[\t\n\r\x0b\x0c\x1c-\x1f]|  ")


def plain(text: str) -> str:
    """Content text without Markdown syntax or unverified markers, on one line.

    Each substitution runs only when a character it needs is present: indexing a large corpus
    calls this for every sentence, and most sentences are already plain.
    """
    if text.isascii() and not _ANY_WORK.search(text):
        return text.strip()  # the common case: a plain ASCII sentence, nothing to substitute
    if "[M]" in text:
        text = _UNVERIFIED.sub("", text)
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    if _NOISE_CHAR.search(text):
        text = _MARKDOWN_NOISE.sub(" ", text)
    if text.isascii() and not _ODD_SPACES.search(text):
        return text.strip()  # nothing for _SPACES to replace
    return _SPACES.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    """Split content text into sentences (and list items, and headings), as plain text."""
    if "[M]" in text:
        text = _UNVERIFIED.sub("", text)
    parts = _SENTENCE_END.split(text)
    return [p for p in (plain(part) for part in parts) if p]
