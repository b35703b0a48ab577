"""The monitoring schedule: what should be measured next, and when.

The schedule is data (``content/careplan/_monitoring.yaml``): for each item, the facts that record
it, the usual interval, shorter intervals with their conditions and the source. ``next_due`` is the
date of the last measurement plus the interval; an item never measured (or measured only before a
medicine was started, for liver tests) is due on the as-of date. ``overdue`` means the due date is
before the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from alsnav.careplan.models import MonitoringItem, MonitoringSchedule
from alsnav.conditions import Outcome, outcome
from alsnav.facts import Fact, Facts


@dataclass(frozen=True)
class MonitoringEntry:
    what: str
    label: str
    last_done: dt.date | None
    interval_days: int
    next_due: dt.date
    overdue: bool
    due: bool
    source: str
    every: str
    because: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "next_due": self.next_due.isoformat(),
            "source": self.source,
            "label": self.label,
            "last_done": self.last_done.isoformat() if self.last_done else None,
            "interval_days": self.interval_days,
            "every": self.every,
            "due": self.due,
            "overdue": self.overdue,
            "because": self.because,
        }


def _last_done(item: MonitoringItem, facts: Facts) -> dt.date | None:
    dates = [facts.get(f).on for f in item.measured_by if facts.get(f).known]
    last = max((d for d in dates if d is not None), default=None)
    if last is not None and item.counts_from_start_of:
        started = facts.get(Fact.DAYS_ON_MEDICATION, item.counts_from_start_of).on
        if started is not None and last < started:
            return None
    return last


def monitoring_entry(item: MonitoringItem, facts: Facts) -> MonitoringEntry | None:
    """One item's next due date on ``facts.as_of``, or ``None`` when it does not apply."""
    if item.applies_when is not None and outcome(item.applies_when, facts) is not Outcome.MET:
        return None
    days, because = item.interval_days, ""
    for shorter in item.intervals:
        if outcome(shorter.when, facts) is Outcome.MET:
            days, because = shorter.days, shorter.because
            break
    last = _last_done(item, facts)
    due_on = facts.as_of if last is None else last + dt.timedelta(days=days)
    if last is None:
        because = because or "no measurement on record"
    return MonitoringEntry(
        what=item.what,
        label=item.label,
        last_done=last,
        interval_days=days,
        next_due=due_on,
        overdue=due_on < facts.as_of,
        due=due_on <= facts.as_of,
        source=item.source,
        every=item.every_text if not because or last is None else f"{item.every_text}; {because}",
        because=because,
    )


def schedule(facts: Facts, monitoring: MonitoringSchedule) -> list[MonitoringEntry]:
    """Every applicable item, the earliest due first. Nothing for a person who has died."""
    if not facts.alive:
        return []
    entries = [e for e in (monitoring_entry(item, facts) for item in monitoring.items) if e is not None]
    return sorted(entries, key=lambda e: (e.next_due, e.what))
