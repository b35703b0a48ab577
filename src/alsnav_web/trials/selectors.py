"""Reads: the trial list and filters, one study for the core, and screening a person's record.

``trial_windows(record=...)`` is the small summary the care-plan page shows ("3 trials you may be
able to join; the first window closes on 12 March 2027").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from alsnav.facts import facts_from_record
from alsnav.trials import ctgov
from alsnav.trials.screen import ELIGIBLE, INELIGIBLE, POSSIBLY, MatchReport, TrialResult, match, screen_study
from alsnav_web.patients.models import PatientRecord
from alsnav_web.patients.selectors import record_snapshot
from alsnav_web.trials.models import Study

_CORE: dict[tuple[str, str], ctgov.Study] = {}


def study_list(*, country: str = "", recruiting: bool = False) -> QuerySet[Study]:
    studies = Study.objects.defer("raw").order_by("nct_id")
    if country:
        studies = studies.filter(countries_key__contains=f"|{country}|")
    if recruiting:
        studies = studies.filter(status__in=sorted(ctgov.RECRUITING_STATUSES))
    return studies


def country_choices() -> list[str]:
    countries: set[str] = set()
    for names in Study.objects.values_list("countries", flat=True):
        countries.update(names or [])
    return sorted(countries)


def last_import() -> dt.datetime | None:
    value: dt.datetime | None = Study.objects.aggregate(latest=Max("imported_at"))["latest"]
    return value


def core_study(study: Study) -> ctgov.Study:
    """The stored study as the core's :class:`~alsnav.trials.ctgov.Study` (parsed once)."""
    key = (study.nct_id, study.imported_at.isoformat())
    found = _CORE.get(key)
    if found is None:
        if len(_CORE) > 5000:
            _CORE.clear()
        found = _CORE[key] = ctgov.parse_study(study.raw, f"study {study.nct_id}")
    return found


def core_studies() -> list[ctgov.Study]:
    return [core_study(s) for s in Study.objects.order_by("nct_id")]


def _facts(record: PatientRecord, today: dt.date | None = None) -> Any:
    return facts_from_record(record_snapshot(record=record), today or timezone.localdate())


def record_match(*, record: PatientRecord, today: dt.date | None = None) -> MatchReport:
    """Every stored study screened against the record, ranked, with the questions to ask."""
    return match(core_studies(), _facts(record, today))


def study_screen(*, study: Study, record: PatientRecord, today: dt.date | None = None) -> TrialResult:
    return screen_study(core_study(study), _facts(record, today))


@dataclass(frozen=True)
class NextOptions:
    trials: list[TrialResult]
    observational: list[TrialResult]
    expanded_access: list[TrialResult]

    @property
    def any(self) -> bool:
        return bool(self.trials or self.observational or self.expanded_access)


def next_options(*, report: MatchReport, exclude: str = "") -> NextOptions:
    """For someone ruled out: other trials they may join, observational studies and
    expanded-access programmes from the import (taking people now, none of them ruled out)."""
    open_results = [
        t for t in report.trials if t.verdict != INELIGIBLE and t.nct_id != exclude and t.study.recruiting
    ]
    return NextOptions(
        trials=[t for t in open_results if t.study.study_type == "INTERVENTIONAL"][:5],
        observational=[t for t in open_results if t.study.observational][:5],
        expanded_access=[t for t in open_results if t.study.expanded_access][:5],
    )


@dataclass(frozen=True)
class TrialWindows:
    """How many recruiting trials the person may be able to join, and the first closing window."""

    count: int
    first_closes: dt.date | None
    first_nct_id: str | None
    imported_at: dt.datetime | None

    @property
    def text(self) -> str:
        if not self.count:
            return "No trial in the imported list looks open to you at the moment."
        trials = "1 trial" if self.count == 1 else f"{self.count} trials"
        text = f"{trials} you may be able to join"
        if self.first_closes is not None:
            text += f"; the first window closes on {date_format(self.first_closes, 'j F Y')}"
        return text


def trial_windows(
    record: PatientRecord, today: dt.date | None = None, *, report: MatchReport | None = None
) -> TrialWindows:
    """The care-plan summary: recruiting treatment trials (interventional studies) not ruled out,
    and the earliest window that has not closed yet."""
    today = today or timezone.localdate()
    report = report or record_match(record=record, today=today)
    open_trials = [
        t
        for t in report.trials
        if t.verdict in (ELIGIBLE, POSSIBLY) and t.study.recruiting and t.study.study_type == "INTERVENTIONAL"
    ]
    future = [t for t in open_trials if t.window_closes is not None and t.window_closes >= today]
    first = min(future, key=lambda t: t.window_closes or dt.date.max) if future else None
    return TrialWindows(
        count=len(open_trials),
        first_closes=first.window_closes if first else None,
        first_nct_id=first.nct_id if first else None,
        imported_at=last_import(),
    )
