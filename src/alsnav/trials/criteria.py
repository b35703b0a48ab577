"""Eligibility free text -> numbered inclusion and exclusion criteria -> recognised conditions.

Splitting (:func:`split_criteria`)
    * Headings start a section: "Inclusion Criteria:", "Key inclusion criteria", "Main exclusion
      criteria", "EXCLUSION CRITERIA" (any case, with or without a colon; text after the colon on
      the same line is the first criterion). Text before any heading counts as inclusion.
    * A criterion starts at a bullet (``*`` ``-`` ``•`` ``·`` ``–``), a number or letter (``1.``
      ``1)`` ``(1)`` ``a.`` ``a)`` ``i.``), or a new unmarked line that starts with a capital
      letter. An unmarked line that starts in lower case continues the one before (wrapped text).
    * Nested lists: a child line (indented deeper, or a letter under a number) is **its own
      criterion** and keeps its parent's text as ``context`` (so "Any of the following: -
      tracheostomy - dementia" gives two screened criteria). Exception: when the parent asks for
      one of several ("one of the following", "either", "or:") the children are alternatives, so
      they are joined into the parent as a single criterion.
    * An unmarked line ending in a colon is a lead-in: the marked lines after it are its children.
      The registry boilerplate "NOTE: Other protocol-defined Inclusion/Exclusion Criteria may apply"
      is not a criterion and is left out.
    * Escapes from the registry's Markdown (``\\>`` ``\\<`` ``\\=``) are removed; ``≥ ≤ ＞ ＜ ＝``
      and ``&gt;`` ``&lt;`` are read as ``>= <= > < =``.

Recognition (:func:`recognise`)
    Patterns are reviewed content (``content/trial-criteria/<id>.yaml``, see ``patterns.py``).
    Every pattern that matches contributes a condition; when two matches overlap the longer one
    wins. Several conditions in one criterion are joined by the words between them: "or" makes
    alternatives, "and", "and/or", "with" or ";" makes them all needed; with no such word an
    inclusion criterion needs them all and an exclusion criterion excludes on any one ("and"
    binds looser than "or": ``a, b or c`` in an inclusion criterion is ``a and (b or c)``).
    Words that no pattern covered and that are not filler make the criterion ``partial``: the
    screener then lets a failing part decide, but never lets the recognised part alone admit the
    person (the rest is for the study team).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from alsnav.conditions import AllOf, AnyOf, Condition, NotOf, describe, facts_in
from alsnav.trials.patterns import CompiledRule, CriterionPattern, build_condition, compiled_rules


class Kind(StrEnum):
    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"


@dataclass(frozen=True)
class CriterionText:
    kind: Kind
    number: int  # 1-based within its kind
    text: str
    context: str = ""  # the parent line of a nested criterion


_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?\s*(?:(?:key|main|major|principal|general|other|additional|selected)\s+)?"
    r"(?P<kind>inclusion|exclusion|eligibility|ineligibility)"
    r"(?:\s*(?:criteria|criterion)(?:\s+(?:for|in)\s+[^:]{1,40}?)?)?\s*(?:\*\*)?\s*(?:[:\-–]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?P<indent>\s*)(?P<marker>[*\-•·–▪◦○●]|\(?\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-z][.)]|\([a-z]\)|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)])\s+(?P<text>.*)$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(?:note\s*:\s*)?(?:other\s+)?(?:protocol[\s-]+defined|additional)\s+(?:inclusion|exclusion|eligibility)"
    r"(?:\s*/\s*(?:inclusion|exclusion))?\s+criteria\s+(?:may|might|will)\s+apply\.?$",
    re.IGNORECASE,
)
_ALTERNATIVES = re.compile(
    r"(?:one of the following|either|at least one of|any one of|\bor\s*:?)\s*:?\s*$", re.IGNORECASE
)
_UNESCAPE = (
    ("\\>", ">"), ("\\<", "<"), ("\\=", "="), ("\\*", "*"), ("\\-", "-"), ("\\_", "_"),
    ("&gt;", ">"), ("&lt;", "<"), ("&amp;", "&"), ("≥", ">="), ("≧", ">="), ("⩾", ">="),
    ("≤", "<="), ("≦", "<="), ("⩽", "<="), ("＞", ">"), ("＜", "<"), ("＝", "="), ("−", "-"),
    ("\u00a0", " "),
)  # fmt: skip


def unescape(text: str) -> str:
    """Remove Markdown escapes and read the comparison symbols as ASCII."""
    for old, new in _UNESCAPE:
        text = text.replace(old, new)
    return text


def _marker_level(marker: str) -> int:
    """Bullet style rank used to tell a child from a sibling when indentation is absent."""
    core = marker.strip("()")
    if core[:-1].isdigit() or core.isdigit():
        return 0
    if re.fullmatch(r"(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]?", core, re.IGNORECASE):
        return 2
    if re.fullmatch(r"[a-z][.)]?", core, re.IGNORECASE):
        return 1
    return 3  # bullets


@dataclass
class _Item:
    kind: Kind
    text: str
    indent: int
    level: int
    parent: _Item | None = None
    children: list[_Item] = field(default_factory=list)


def split_criteria(text: str) -> list[CriterionText]:
    """Split a registry's eligibility text into numbered inclusion and exclusion criteria."""
    kind = Kind.INCLUSION
    items: list[_Item] = []
    stack: list[_Item] = []  # open marked items, outermost first
    last: _Item | None = None
    for raw_line in unescape(text).splitlines():
        line = raw_line.rstrip()
        if not line.strip():
            last = None if last is None or last.level < 0 else last
            continue
        heading = _HEADING.match(line)
        if heading and len(line.strip()) < 60:
            word = heading.group("kind").lower()
            kind = Kind.EXCLUSION if word in ("exclusion", "ineligibility") else Kind.INCLUSION
            stack, last = [], None
            rest = (heading.group("rest") or "").strip()
            if rest:
                last = _Item(kind, rest, 0, -1)
                items.append(last)
            continue
        marked = _MARKER.match(line)
        if marked:
            indent = len(marked.group("indent").expandtabs(4))
            level = _marker_level(marked.group("marker"))
            item = _Item(kind, marked.group("text").strip(), indent, level)
            while stack and not _is_child(item, stack[-1]):
                stack.pop()
            if stack:
                item.parent = stack[-1]
                stack[-1].children.append(item)
            items.append(item)
            stack.append(item)
            last = item
            continue
        stripped = line.strip()
        if _BOILERPLATE.match(stripped):
            continue
        if stripped.endswith(":") and not stripped[:1].islower():
            # an unmarked lead-in ("Participants must meet all of the following:"): the marked
            # lines after it are its children and carry it as context
            lead = _Item(kind, stripped, -1, -1)
            items.append(lead)
            stack, last = [lead], lead
            continue
        if last is not None and (
            stripped[:1].islower() or last.text.endswith((",", ";", " and", " or", "-"))
        ):
            last.text = f"{last.text} {stripped}"
            continue
        item = _Item(kind, stripped, len(line) - len(line.lstrip()), -1)
        items.append(item)
        stack = []
        last = item
    return _number(_fold_alternatives(items))


def _is_child(item: _Item, parent: _Item) -> bool:
    if item.indent > parent.indent:
        return True
    return bool(
        item.indent == parent.indent and item.level > parent.level and parent.text.rstrip().endswith(":")
    )


def _fold_alternatives(items: list[_Item]) -> list[_Item]:
    """Children of a parent that asks for one of several alternatives are joined into it."""
    out: list[_Item] = []
    folded: set[int] = set()
    for item in items:
        if id(item) in folded:
            continue
        if item.children and _ALTERNATIVES.search(item.text):
            parts = []
            todo = list(item.children)
            while todo:
                child = todo.pop(0)
                folded.add(id(child))
                parts.append(child.text.rstrip(";,. "))
                todo = child.children + todo
            item.text = f"{item.text.rstrip(': ')}: " + "; or ".join(parts)
            item.children = []
        out.append(item)
    return out


def _number(items: Sequence[_Item]) -> list[CriterionText]:
    counters = {Kind.INCLUSION: 0, Kind.EXCLUSION: 0}
    out = []
    for item in items:
        text = re.sub(r"\s+", " ", item.text).strip()
        if not text:
            continue
        if item.children and text.endswith(":"):
            continue  # a lead-in line: its children carry it as context
        counters[item.kind] += 1
        context = re.sub(r"\s+", " ", item.parent.text).strip() if item.parent else ""
        out.append(CriterionText(item.kind, counters[item.kind], text, context))
    return out


# --- Recognition ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One recognised piece of a criterion: the condition, and when to ask the team instead."""

    pattern_id: str
    condition: Condition
    ask_if: Condition | None = None
    note: str = ""
    span: tuple[int, int] = (0, 0)

    @functools.cached_property
    def key(self) -> str:
        """A stable text key of the part (equal parts of different studies share answers)."""
        ask = self.ask_if.model_dump_json(by_alias=True) if self.ask_if is not None else ""
        return f"{self.condition.model_dump_json(by_alias=True)}|{ask}|{self.note}"


@dataclass(frozen=True)
class Recognised:
    """A criterion with what was recognised in it (``parts`` empty: kept as text)."""

    criterion: CriterionText
    parts: tuple[Part, ...]
    joins: tuple[str, ...] = ()  # "and" / "or" between consecutive parts
    partial: bool = False
    leftover: str = ""
    no_limit: bool = False  # only words that restrict nobody ("male or female")
    qualified: bool = False  # the unrecognised words may soften a failing part ("within 30 days")

    @property
    def recognised(self) -> bool:
        return bool(self.parts)

    @property
    def condition(self) -> Condition | None:
        """The whole criterion as one condition (see :func:`recognise` for how parts are joined)."""
        groups = [[p.condition for p in group] for group in self.groups]
        if not groups:
            return None
        needed: list[Condition] = [g[0] if len(g) == 1 else AnyOf(any=g) for g in groups]
        return needed[0] if len(needed) == 1 else AllOf(all=needed)

    @property
    def groups(self) -> tuple[tuple[Part, ...], ...]:
        """The parts as requirements (``and``), each a group of alternatives (``or``)."""
        if not self.parts:
            return ()
        groups: list[list[Part]] = [[self.parts[0]]]
        for join, part in zip(self.joins, self.parts[1:], strict=True):
            if join == "and":
                groups.append([part])
            else:
                groups[-1].append(part)
        return tuple(tuple(g) for g in groups)

    @property
    def pattern_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.pattern_id for p in self.parts))

    @functools.cached_property
    def facts(self) -> tuple[str, ...]:
        """Every fact the recognised parts read, in order, each once."""
        return tuple(dict.fromkeys(f.value for p in self.parts for f in facts_in(p.condition)))

    @functools.cached_property
    def description(self) -> str:
        return self.needs()

    def needs(self) -> str:
        """What the criterion asks for, in words ("FVC is at least 50% predicted")."""
        condition = self.condition
        if condition is None:
            return "Not checked automatically: ask the study team"
        return describe(condition)


_FILLER = frozenset(
    """a an the of and or to in on at by for as with from be is are was were been being has have had
    having must should will shall can may patient patients participant participants subject
    subjects person people individual individuals adult adults man men woman women male female
    males females study trial screening screen baseline visit visits time day enrolment enrollment
    entry randomization randomisation consent signing informed documented confirmed defined
    determined measured assessed per according criteria criterion current currently known any all
    who which that than this these those their his her its inclusive include including inclusion
    exclusion years year old age aged months month weeks week days day within over under both
    either sex gender medical history diagnosed diagnosis als amyotrophic lateral sclerosis mnd
    motor neuron neurone disease clinically clinical evidence presence present meet meets meeting
    met fulfil fulfill fulfils fulfills fulfilling following e g i ie eg etc also only prior
    previous previously value values score scores predicted normal expected level levels point
    points total test investigator opinion judgment judgement note stable past ever ago""".split()  # noqa: SIM905 - a word list reads best as text
)
_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)?", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:no|not|without|absence of|absent|free of|never|neither|nor|none|lack of|lacking)\b[^,;.:]*$",
    re.IGNORECASE,
)


_NORMALISE = (
    (re.compile(r"(?<=\d),(?=\d{3}\b)"), ""),  # 1,000 -> 1000
    (re.compile(r"\s*=\s*>|>\s*="), ">="),
    (re.compile(r"\s*=\s*<|<\s*="), "<="),
    (re.compile(r"[‐‑‒–—]"), "-"),
    (re.compile(r"[“”]"), '"'),
    (re.compile(r"[‘’]"), "'"),
    (re.compile(r"\s+"), " "),
)


def normalise(text: str) -> str:
    """The text the patterns read: escapes removed, comparisons and dashes in ASCII, one space."""
    text = unescape(text)
    for pattern, replacement in _NORMALISE:
        text = pattern.sub(replacement, text)
    return text.strip()


def recognise(criterion: CriterionText, patterns: Sequence[CriterionPattern] | None = None) -> Recognised:
    """Recognise the ALS-specific conditions in one criterion (see the module docstring)."""
    rules = compiled_rules(patterns)
    text = normalise(criterion.text)
    candidates: list[tuple[int, int, int, CompiledRule, Part | None]] = []
    for order, rule in enumerate(rules):
        if rule.requires is not None and rule.requires.search(text) is None:
            continue
        for match in rule.regex.finditer(text):
            if match.end() <= match.start():
                continue
            try:
                part = _part(rule, match, text)
            except (KeyError, ValueError):  # e.g. no comparison word found for "$op": not this rule
                continue
            candidates.append((match.start(), match.end(), order, rule, part))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, CompiledRule, Part | None]] = []
    for start, end, _, rule, part in candidates:
        if any(start < e and s < end for s, e, _, _ in taken):
            continue
        taken.append((start, end, rule, part))
    taken.sort(key=lambda t: t[0])
    parts: list[Part] = []
    for _, _, _, part in taken:
        if part is not None and all(part.condition != p.condition for p in parts):
            parts.append(part)
    if not taken:
        return Recognised(criterion, ())
    covered = [(s, e) for s, e, _, _ in taken]
    extra_words = {w for _, _, rule, _ in taken for w in rule.pattern.words_set}
    leftover_words = []
    for word in _WORD.finditer(text):
        if any(s <= word.start() < e for s, e in covered):
            continue
        token = word.group(0).lower()
        if token in _FILLER or token in extra_words:
            continue
        if token.isalpha() and len(token) <= 2 and token not in ("vc", "no"):
            continue
        leftover_words.append(word.group(0))
    leftover = " ".join(leftover_words)
    if not parts:  # only words that set no limit ("male or female")
        return Recognised(criterion, (), (), no_limit=not leftover_words, leftover=leftover)
    joins = tuple(_join(text[a.span[1] : b.span[0]], criterion.kind) for a, b in itertools.pairwise(parts))
    uncovered = "".join(ch if not any(s <= i < e for s, e in covered) else " " for i, ch in enumerate(text))
    softeners = _SOFTEN_INCLUSION if criterion.kind is Kind.INCLUSION else _SOFTEN_EXCLUSION
    qualified = bool(leftover_words) and softeners.search(uncovered) is not None
    return Recognised(
        criterion, tuple(parts), joins, partial=bool(leftover_words), leftover=leftover, qualified=qualified
    )


#: Words outside the recognised parts that may soften a failing part: alternatives or waivers in an
#: inclusion criterion; time windows, exceptions or conditions in an exclusion criterion.
_SOFTEN_INCLUSION = re.compile(
    r"\b(?:or|unless|except|otherwise|waiver|approval|discretion|permitted|allowed)\b", re.IGNORECASE
)
_SOFTEN_EXCLUSION = re.compile(
    r"\d|\b(?:within|recent|recently|last|unless|except|excluding|if|stable|controlled|only|unless)\b",
    re.IGNORECASE,
)


_AND_OR = re.compile(r"\band\s*/\s*or\b", re.IGNORECASE)
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_AND = re.compile(r"\band\b|\bwith\b|;", re.IGNORECASE)


def _join(gap: str, kind: Kind) -> str:
    """How two recognised parts combine, from the words between them."""
    if _AND_OR.search(gap):
        return "and"
    if _OR.search(gap):
        return "or"
    if _AND.search(gap):
        return "and"
    return "and" if kind is Kind.INCLUSION else "or"


def _part(rule: CompiledRule, match: re.Match[str], text: str) -> Part | None:
    condition = build_condition(rule, match)
    if condition is None:
        return None
    if rule.pattern.negatable and _NEGATION.search(text[: match.start()]):
        condition = NotOf.model_validate({"not": condition})
    ask_if = build_condition(rule, match, template=rule.ask_if) if rule.ask_if is not None else None
    return Part(rule.pattern.id, condition, ask_if, rule.note, (match.start(), match.end()))
