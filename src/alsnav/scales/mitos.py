"""MiToS: the ALS Milano-Torino Staging system, from the ALSFRS-R.

Source and version: Chiò A, Hammond ER, Mora G, Bonito V, Filippini G. "Development and evaluation
of a clinical staging system for amyotrophic lateral sclerosis." *J Neurol Neurosurg Psychiatry*
2015;86(1):38-44, Table 1. Independence is lost in a domain when:

* walking/self-care: item 8 (walking) ≤ 1 **or** item 6 (dressing and hygiene) ≤ 1;
* swallowing: item 3 ≤ 1;
* communicating: item 1 (speech) ≤ 1 **and** item 4 (handwriting) ≤ 1 — both, as printed in the
  table (several public scripts wrongly use "or");
* breathing: item 10 (dyspnea) ≤ 1 **or** item 12 (respiratory insufficiency) ≤ 2.

Stage 0 = functional involvement but no domain lost; stages 1–4 = the number of domains lost;
stage 5 = death.
"""

from __future__ import annotations

from typing import NamedTuple

from alsnav.errors import InputError
from alsnav.scales.alsfrs import Scores, check_scores

SOURCE = "MiToS (Chiò et al. J Neurol Neurosurg Psychiatry 2015;86:38-44)"

DOMAINS = ("walking_self_care", "swallowing", "communicating", "breathing")


class MitosStage(NamedTuple):
    """A MiToS stage and the domains in which independence was lost."""

    stage: int  # 0-5
    domains_lost: tuple[str, ...]


def domains_lost(scores: Scores) -> tuple[str, ...]:
    """The MiToS domains in which independence is lost, in :data:`DOMAINS` order (Chiò 2015)."""
    lost = []
    if scores["8"] <= 1 or scores["6"] <= 1:
        lost.append("walking_self_care")
    if scores["3"] <= 1:
        lost.append("swallowing")
    if scores["1"] <= 1 and scores["4"] <= 1:
        lost.append("communicating")
    if scores["10"] <= 1 or scores["12"] <= 2:
        lost.append("breathing")
    return tuple(lost)


def mitos_stage(scores: Scores, *, deceased: bool = False) -> MitosStage:
    """MiToS stage 0–4 from the ALSFRS-R, or 5 when ``deceased`` (Chiò 2015)."""
    try:
        lost = domains_lost(scores)
    except KeyError:
        raise InputError(check_scores(scores)) from None
    return MitosStage(5 if deceased else len(lost), lost)

