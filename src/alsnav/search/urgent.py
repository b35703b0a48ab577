"""Does a search query describe an emergency? A data-driven recogniser over ``content/urgent-help.yaml``.

Nothing here is a rule per query. The reviewed urgent-help file gives, for each urgent situation:

* ``triggers`` — phrases (``"cant breathe"``) or parts joined by ``" + "`` that must all appear, in
  any order (``"tube + fell out"``). The words of one part must come in order, with at most
  :data:`MAX_GAP` other words between them ("my PEG tube has just fallen out");
* ``ignore_when`` — phrases that turn the query into an ordinary question ("can't breathe lying
  flat" is the lying-flat symptom, not an emergency);

and the file gives ``ordinary`` phrases for every situation ("how to use", "pros and cons").

Words are folded ("Can't" = "cant") and lightly stemmed ("choking" = "choke"); a word of five or
more letters may have one typo, eight or more two, and a four-letter word two swapped letters
("cnat").
A trigger preceded closely by a negation ("not choking", "no fever") does not count, unless the
trigger itself starts with one ("cant breathe"). Alarm fatigue is a harm too: ordinary symptom
queries ("drooling", "stiff legs", "cramps at night") must never raise the box, and the tests
check a large set of both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from rapidfuzz.distance import OSA

from alsnav.kb.urgent import HelpLevel, Situation, UrgentHelp
from alsnav.search.text import clean_query, stem, words

#: Most other words allowed between two words of one trigger part.
MAX_GAP = 2
#: How many words before a trigger a negation cancels it.
NEGATION_REACH = 2
#: Words that deny what follows ("no fever", "not choking"). "Can't" and "won't" are not here:
#: they say what a person is unable to do ("can't pee"), which is the symptom itself.
_DENIALS = frozenset(
    {
        "no", "not", "nor", "never", "without", "dont", "doesnt", "didnt",
        "isnt", "arent", "wasnt", "werent", "hasnt", "havent", "hadnt",
    }
)  # fmt: skip
#: Spelling variants folded before matching (typed without apostrophes or with a common slip).
_SAME = {"cnt": "cant", "cant": "cant", "cannot": "cant", "wont": "wont", "im": "im", "breath": "breathe"}


def _norm(word: str) -> str:
    word = _SAME.get(word, word)
    return stem(word)


@lru_cache(maxsize=4096)
def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_norm(w) for w in words(text))


def _close(typed: str, wanted: str) -> bool:
    if typed == wanted:
        return True
    if not typed.isalpha() or not wanted.isalpha():
        return False
    if len(wanted) >= 8:
        return OSA.distance(typed, wanted, score_cutoff=2) <= 2
    if len(wanted) >= 5:
        return OSA.distance(typed, wanted, score_cutoff=1) <= 1
    if len(wanted) == 4 and sorted(typed) == sorted(wanted):  # two letters swapped: "cnat"
        return OSA.distance(typed, wanted, score_cutoff=1) <= 1
    return False


def _find(part: tuple[str, ...], query: list[str]) -> int | None:
    span = _span(part, query)
    return span[0] if span is not None else None


def _span(part: tuple[str, ...], query: list[str]) -> tuple[int, int] | None:
    """Where ``part`` is in ``query`` (words in order, small gaps allowed): (first, last) index."""
    if not part:
        return None
    for start, word in enumerate(query):
        if not _close(word, part[0]):
            continue
        position = start
        ok = True
        for wanted in part[1:]:
            for step in range(1, MAX_GAP + 2):
                if position + step < len(query) and _close(query[position + step], wanted):
                    position += step
                    break
            else:
                ok = False
                break
        if ok:
            return start, position
    return None


def _negated(raw: list[str], span: tuple[int, int], part: tuple[str, ...]) -> bool:
    """A denial just before the phrase or inside it ("she doesn't choke"), not part of it."""
    nearby = raw[max(0, span[0] - NEGATION_REACH) : span[1] + 1]
    return any(w in _DENIALS and w not in part for w in nearby)


@dataclass(frozen=True)
class _Trigger:
    text: str
    parts: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class UrgentMatch:
    """The situation a query describes, and the reviewed phrase that recognised it."""

    situation: Situation
    trigger: str

    def to_json(self, url: str) -> dict[str, Any]:
        """The ``urgent`` object of the search JSON (docs/contracts/cli.md)."""
        return {
            "id": self.situation.id,
            "title": self.situation.title,
            "level": self.situation.level.value,
            "advice": list(self.situation.advice),
            "url": url,
        }


class UrgentRecogniser:
    """Recognises emergencies in queries, from the reviewed urgent-help content."""

    def __init__(self, help_content: UrgentHelp) -> None:
        self.content = help_content
        self._ordinary = [_phrase(p) for p in help_content.ordinary]
        self._rules: list[tuple[Situation, list[_Trigger], list[tuple[str, ...]]]] = []
        order = {HelpLevel.EMERGENCY: 0, HelpLevel.TODAY: 1, HelpLevel.NEXT_VISIT: 2}
        for situation in sorted(help_content.situations, key=lambda s: order[s.level]):
            if not situation.triggers or not situation.level.urgent:
                continue
            triggers = [
                _Trigger(t, tuple(_phrase(part) for part in t.split(" + ") if part.strip()))
                for t in situation.triggers
            ]
            self._rules.append((situation, triggers, [_phrase(p) for p in situation.ignore_when]))

    def recognise(self, query: str) -> UrgentMatch | None:
        """The most urgent situation ``query`` describes, or ``None`` for an ordinary query."""
        raw = [_SAME.get(w, w) for w in words(clean_query(query))]
        if not raw:
            return None
        normal = [stem(w) for w in raw]
        if any(_find(p, normal) is not None for p in self._ordinary):
            return None
        best: tuple[tuple[int, int, int], UrgentMatch] | None = None
        for situation, triggers, ignore in self._rules:
            if any(_find(p, normal) is not None for p in ignore):
                continue
            for trigger in triggers:
                if self._matches(trigger, normal, raw):
                    # The most urgent level wins; within it, the trigger naming most words.
                    size = sum(len(part) for part in trigger.parts)
                    key = (self._level_order[situation.level], -size, -len(trigger.parts))
                    if best is None or key < best[0]:
                        best = (key, UrgentMatch(situation, trigger.text))
        return best[1] if best is not None else None

    _level_order: ClassVar[dict[HelpLevel, int]] = {
        HelpLevel.EMERGENCY: 0,
        HelpLevel.TODAY: 1,
        HelpLevel.NEXT_VISIT: 2,
    }

    @staticmethod
    def _matches(trigger: _Trigger, normal: list[str], raw: list[str]) -> bool:
        for part in trigger.parts:
            span = _span(part, normal)
            if span is None or _negated(raw, span, part):
                return False
        return True
