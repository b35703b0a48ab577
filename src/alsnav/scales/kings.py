"""King's clinical staging of ALS, estimated from the ALSFRS-R.

Sources and versions:

* Roche JC, Rojas-Garcia R, Scott KM, et al. "A proposed staging system for amyotrophic lateral
  sclerosis." *Brain* 2012;135:847-852 — the clinical stages: 1–3 = number of CNS regions
  functionally involved (bulbar, upper limb, lower limb); 4A = need for gastrostomy (the time it
  was provided **or refused**); 4B = need for non-invasive ventilation (provided, trialled or
  refused); 5 = death.
* Balendra R, Jones A, Jivraj N, et al. "Estimating clinical stage of amyotrophic lateral sclerosis
  from the ALS Functional Rating Scale." *Amyotroph Lateral Scler Frontotemporal Degener*
  2014;15(3-4):279-284 — the mapping used here: bulbar involved when any of items 1–3 is below 4;
  upper limb when item 4 or item 5a is below 4; lower limb when item 8 is below 4; 4A when item 5b
  (gastrostomy version) is answered; 4B when item 10 is 0 or item 12 is below 4. This mapping is as
  implemented by the PRECISION-ALS consortium (``acpuchades/precisionals-extant-task``
  ``src/ext/staging.r``); the paper's table itself was not available to us.

Project decisions (docs: clinical reference §2):

* Gastrostomy or respiratory failure overrides the region count; both may hold (stage 4 with
  both flags).
* A recorded gastrostomy, NIV or tracheostomy ventilation started on or before the assessment date
  also gives 4A/4B, and so does a recorded refusal (Roche 2012 counts refusals; the ALSFRS-R alone
  cannot see them).
* No region involved by the ALSFRS-R is reported as stage 1 with no regions listed, because a
  diagnosis of ALS implies at least one region; a note says so.
* Death gives stage 5.

The result is an *estimated* King's stage and is labelled so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from alsnav.errors import InputError
from alsnav.record import Intervention
from alsnav.scales.alsfrs import Scores, check_scores
from alsnav.terms import GASTROSTOMY_KINDS, VENTILATION_KINDS

SOURCE = "estimated King's stage (Roche 2012; ALSFRS-R mapping of Balendra 2014)"

#: Intervention types that mark the 4A (nutrition) and 4B (respiratory) milestones.
GASTROSTOMY_TYPES = GASTROSTOMY_KINDS
VENTILATION_TYPES = VENTILATION_KINDS

REGIONS = ("bulbar", "upper_limb", "lower_limb")

NO_REGION_NOTE = (
    "No region is involved by the ALSFRS-R; reported as King's stage 1 because a diagnosis of ALS "
    "implies at least one region."
)


class KingsStage(NamedTuple):
    """An estimated King's stage with the reasons behind it."""

    stage: int  # 1-5
    four_a: bool  # nutritional milestone (gastrostomy)
    four_b: bool  # respiratory milestone (NIV / respiratory failure)
    regions: tuple[str, ...]  # regions involved, in REGIONS order
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``"1"`` … ``"3"``, ``"4A"``, ``"4B"``, ``"4A+4B"`` or ``"5"``."""
        if self.stage == 4:
            return "+".join(flag for flag, on in (("4A", self.four_a), ("4B", self.four_b)) if on)
        return str(self.stage)


class Milestones(NamedTuple):
    """Gastrostomy / ventilation milestones reached by a date according to recorded interventions."""

    gastrostomy: bool = False
    ventilation: bool = False
    notes: tuple[str, ...] = ()


def regions_involved(scores: Scores) -> tuple[str, ...]:
    """CNS regions involved by the ALSFRS-R (Balendra 2014): bulbar, upper limb, lower limb."""
    regions = []
    if scores["1"] < 4 or scores["2"] < 4 or scores["3"] < 4:
        regions.append("bulbar")
    if scores["4"] < 4 or scores.get("5a", 4) < 4:  # 5b (gastrostomy version) does not mark a region
        regions.append("upper_limb")
    if scores["8"] < 4:
        regions.append("lower_limb")
    return tuple(regions)


def milestones_on(interventions: Sequence[Intervention], on: dt.date) -> Milestones:
    """Which King's stage-4 milestones the recorded interventions had reached by ``on``.

    An intervention counts when it started (or was refused) on or before ``on``, even if it was
    stopped later: the stage records a milestone reached. One without a start date cannot be placed
    in time and is not used (see :func:`undated_milestones`).
    """
    if not interventions:
        return _NO_MILESTONES
    gastrostomy = ventilation = False
    notes: list[str] = []
    for intervention in interventions:
        start = intervention.start_date
        if start is None or start > on:
            continue  # not yet; undated ones are listed by undated_milestones()
        kind = intervention.type
        if kind in GASTROSTOMY_TYPES:
            gastrostomy = True
            flag = "4A"
        elif kind in VENTILATION_TYPES:
            ventilation = True
            flag = "4B"
        else:
            continue
        notes.append(f"{flag}: {kind}{' refused' if intervention.refused else ''} on {start.isoformat()}")
    if not notes:
        return _NO_MILESTONES
    return Milestones(gastrostomy, ventilation, tuple(notes))


_NO_MILESTONES = Milestones()


def undated_milestones(interventions: Iterable[Intervention]) -> list[str]:
    """Notes for gastrostomy/ventilation interventions without a start date (not used for staging)."""
    return [
        f"{i.type}{' refused' if i.refused else ''} is recorded without a start date, so it cannot be "
        "placed in time and is not used for King's stage 4A/4B"
        for i in interventions
        if i.start_date is None and (i.type in GASTROSTOMY_TYPES or i.type in VENTILATION_TYPES)
    ]


def kings_stage(
    scores: Scores,
    *,
    gastrostomy: bool = False,
    ventilation: bool = False,
    deceased: bool = False,
    notes: Iterable[str] = (),
) -> KingsStage:
    """Estimated King's stage from one set of ALSFRS-R scores (Balendra 2014; Roche 2012).

    ``gastrostomy`` / ``ventilation``: a recorded gastrostomy or NIV/tracheostomy ventilation had
    started (or been refused) by the assessment date — see :func:`milestones_on`. ``deceased``:
    the person had died by then (stage 5). ``notes`` are carried into the result.
    """
    all_notes = list(notes) if notes else []
    try:
        regions = regions_involved(scores)
        dyspnea, insufficiency = scores["10"], scores["12"]
    except KeyError:
        raise InputError(check_scores(scores)) from None
    item5b = "5b" in scores
    four_a = item5b or gastrostomy
    four_b = ventilation or dyspnea == 0 or insufficiency < 4
    if item5b:
        all_notes.append("4A: item 5b answered (the person has a gastrostomy)")
    if dyspnea == 0:
        all_notes.append("4B: item 10 (dyspnea) is 0")
    if insufficiency < 4:
        all_notes.append(f"4B: item 12 (respiratory insufficiency) is {insufficiency}, below 4")
    if deceased:
        stage = 5
    elif four_a or four_b:
        stage = 4
    elif regions:
        stage = len(regions)
    else:
        stage = 1
        all_notes.append(NO_REGION_NOTE)
    return KingsStage(stage, four_a, four_b, regions, tuple(all_notes))
