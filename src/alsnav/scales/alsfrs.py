"""ALSFRS-R: the revised ALS Functional Rating Scale — items, answer wording, total and domains.

Source and version: Cedarbaum JM, Stambler N, Malta E, et al. "The ALSFRS-R: a revised ALS
functional rating scale that incorporates assessments of respiratory function." *J Neurol Sci*
1999;169(1-2):13-21 (BDNF ALS Study Group, phase III). Twelve items, each scored 0–4 (4 = normal),
total 0–48. Item 5 has two versions: 5a (cutting food and handling utensils) and 5b (the alternate
scale for people with a gastrostomy); exactly one is answered.

Domain subscores (bulbar 1–3, fine motor 4–6, gross motor 7–9, respiratory 10–12) follow the common
four-domain grouping of the ALSFRS-R (each 0–12). The scale has no validated severity bands by
total, so none are given here.

Scores are passed as a mapping from the record's item keys (``"1"`` … ``"12"``, with ``"5a"`` or
``"5b"``) to integers; :meth:`alsnav.record.AlsfrsR.scores` produces one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from alsnav.errors import InputError, Problem
from alsnav.record import REQUIRED_ITEM_KEYS, item5_problem

SOURCE = "Cedarbaum JM et al. J Neurol Sci 1999;169:13-21 (ALSFRS-R)"

Scores = Mapping[str, int]


class Domain(StrEnum):
    """The four ALSFRS-R domains; values are the keys used in outputs."""

    BULBAR = "bulbar"
    FINE_MOTOR = "fine_motor"
    GROSS_MOTOR = "gross_motor"
    RESPIRATORY = "respiratory"


@dataclass(frozen=True)
class Item:
    """One ALSFRS-R item: its record key, number, title, domain and the wording of answers 0–4."""

    key: str
    number: int
    title: str
    domain: Domain
    answers: tuple[str, str, str, str, str]  # index = score: answers[4] is normal, answers[0] the worst

    def answer(self, score: int) -> str:
        """The wording of one answer; ``score`` must be 0–4."""
        if not 0 <= score <= 4:
            raise InputError.single(f"alsfrs_r.{self.key}", f"must be an integer from 0 to 4, got {score}")
        return self.answers[score]


def _item(key: str, title: str, domain: Domain, *by_score_from_4: str) -> Item:
    """Build an item from its answers listed as on the form, from 4 (normal) down to 0."""
    four, three, two, one, zero = by_score_from_4
    return Item(key, int(key.rstrip("ab")), title, domain, (zero, one, two, three, four))


#: Every item of the form, in order, including both versions of item 5.
ITEMS: tuple[Item, ...] = (
    _item(
        "1", "Speech", Domain.BULBAR,
        "Normal speech processes",
        "Detectable speech disturbance",
        "Intelligible with repeating",
        "Speech combined with nonvocal communication",
        "Loss of useful speech",
    ),
    _item(
        "2", "Salivation", Domain.BULBAR,
        "Normal",
        "Slight but definite excess of saliva in mouth; may have nighttime drooling",
        "Moderately excessive saliva; may have minimal drooling",
        "Marked excess of saliva with some drooling",
        "Marked drooling; requires constant tissue or handkerchief",
    ),
    _item(
        "3", "Swallowing", Domain.BULBAR,
        "Normal eating habits",
        "Early eating problems — occasional choking",
        "Dietary consistency changes",
        "Needs supplemental tube feeding",
        "NPO (exclusively parenteral or enteral feeding)",
    ),
    _item(
        "4", "Handwriting", Domain.FINE_MOTOR,
        "Normal",
        "Slow or sloppy; all words are legible",
        "Not all words are legible",
        "Able to grip pen but unable to write",
        "Unable to grip pen",
    ),
    _item(
        "5a", "Cutting food and handling utensils (without gastrostomy)", Domain.FINE_MOTOR,
        "Normal",
        "Somewhat slow and clumsy, but no help needed",
        "Can cut most foods, although clumsy and slow; some help needed",
        "Food must be cut by someone, but can still feed slowly",
        "Needs to be fed",
    ),
    _item(
        "5b", "Cutting food and handling utensils (alternate scale for patients with gastrostomy)",
        Domain.FINE_MOTOR,
        "Normal",
        "Clumsy but able to perform all manipulations independently",
        "Some help needed with closures and fasteners",
        "Provides minimal assistance to caregiver",
        "Unable to perform any aspect of task",
    ),
    _item(
        "6", "Dressing and hygiene", Domain.FINE_MOTOR,
        "Normal function",
        "Independent and complete self-care with effort or decreased efficiency",
        "Intermittent assistance or substitute methods",
        "Needs attendant for self-care",
        "Total dependence",
    ),
    _item(
        "7", "Turning in bed and adjusting bed clothes", Domain.GROSS_MOTOR,
        "Normal",
        "Somewhat slow and clumsy, but no help needed",
        "Can turn alone or adjust sheets, but with great difficulty",
        "Can initiate, but not turn or adjust sheets alone",
        "Helpless",
    ),
    _item(
        "8", "Walking", Domain.GROSS_MOTOR,
        "Normal",
        "Early ambulation difficulties",
        "Walks with assistance",
        "Nonambulatory functional movement only",
        "No purposeful leg movement",
    ),
    _item(
        "9", "Climbing stairs", Domain.GROSS_MOTOR,
        "Normal",
        "Slow",
        "Mild unsteadiness or fatigue",
        "Needs assistance",
        "Cannot do",
    ),
    _item(
        "10", "Dyspnea", Domain.RESPIRATORY,
        "None",
        "Occurs when walking",
        "Occurs with one or more of: eating, bathing, dressing (ADL)",
        "Occurs at rest, difficulty breathing when either sitting or lying",
        "Significant difficulty, considering using mechanical respiratory support",
    ),
    _item(
        "11", "Orthopnea", Domain.RESPIRATORY,
        "None",
        "Some difficulty sleeping at night due to shortness of breath, "
        "does not routinely use more than two pillows",
        "Needs extra pillows in order to sleep (more than two)",
        "Can only sleep sitting up",
        "Unable to sleep",
    ),
    _item(
        "12", "Respiratory insufficiency", Domain.RESPIRATORY,
        "None",
        "Intermittent use of BiPAP",
        "Continuous use of BiPAP during the night",
        "Continuous use of BiPAP during the night and day",
        "Invasive mechanical ventilation by intubation or tracheostomy",
    ),
)  # fmt: skip

#: Items by record key (``"1"`` … ``"12"``, ``"5a"``, ``"5b"``).
ITEM_BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}

#: Keys every assessment must have besides one of ``"5a"`` / ``"5b"`` (the record format's).
REQUIRED_KEYS: tuple[str, ...] = REQUIRED_ITEM_KEYS

#: Which item keys make up each domain (item 5 counts whichever of 5a/5b was answered).
DOMAIN_KEYS: dict[Domain, tuple[str, ...]] = {
    Domain.BULBAR: ("1", "2", "3"),
    Domain.FINE_MOTOR: ("4", "5", "6"),
    Domain.GROSS_MOTOR: ("7", "8", "9"),
    Domain.RESPIRATORY: ("10", "11", "12"),
}

MAX_TOTAL = 48
MAX_DOMAIN = 12


def check_scores(scores: Scores) -> list[Problem]:
    """Every problem with a set of scores: missing items, both or neither of 5a/5b, values not 0–4."""
    problems = [Problem(f"alsfrs_r.{k}", f"item {k} missing") for k in REQUIRED_KEYS if k not in scores]
    item5 = item5_problem("5a" in scores, "5b" in scores)
    if item5 is not None:
        problems.append(Problem("alsfrs_r.5a", item5))
    for key, value in scores.items():
        where = f"alsfrs_r.{key}"
        if key not in ITEM_BY_KEY:
            problems.append(Problem(where, "unknown item; items are 1 to 12, with 5a or 5b for item 5"))
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            problems.append(Problem(where, f"must be an integer from 0 to 4, got {value!r}"))
    return problems


_KEYS_WITH_5A = frozenset((*REQUIRED_KEYS, "5a"))
_KEYS_WITH_5B = frozenset((*REQUIRED_KEYS, "5b"))
_SCORE_VALUES = frozenset(range(5))


def _require_valid(scores: Scores) -> None:
    """Raise :class:`~alsnav.errors.InputError` unless the scores are a complete, in-range set."""
    keys = scores.keys()
    if keys in (_KEYS_WITH_5A, _KEYS_WITH_5B) and _SCORE_VALUES.issuperset(scores.values()):
        return  # the fast path: a complete set of values 0-4
    problems = check_scores(scores)
    if problems:
        raise InputError(problems)


def item5_key(scores: Scores) -> str:
    """``"5b"`` when the gastrostomy version of item 5 was answered, else ``"5a"``."""
    return "5b" if "5b" in scores else "5a"


def item5(scores: Scores) -> int:
    """The item-5 score, whichever version was answered."""
    return scores["5b"] if "5b" in scores else scores["5a"]


def total(scores: Scores) -> int:
    """ALSFRS-R total, 0–48: the sum of the twelve items (Cedarbaum 1999).

    Raises :class:`~alsnav.errors.InputError` if an item is missing, out of range, or item 5 is
    given as both or neither of 5a/5b: a partial total would understate impairment, so none is
    computed. (Records are checked strictly when parsed; here values are checked by value.)
    """
    _require_valid(scores)
    return sum(scores.values())


def domains(scores: Scores) -> dict[str, int]:
    """Domain subscores, each 0–12, keyed ``bulbar``, ``fine_motor``, ``gross_motor``, ``respiratory``.

    The four subscores always add up to :func:`total`.
    """
    _require_valid(scores)
    return {
        "bulbar": scores["1"] + scores["2"] + scores["3"],
        "fine_motor": scores["4"] + (scores["5b"] if "5b" in scores else scores["5a"]) + scores["6"],
        "gross_motor": scores["7"] + scores["8"] + scores["9"],
        "respiratory": scores["10"] + scores["11"] + scores["12"],
    }
