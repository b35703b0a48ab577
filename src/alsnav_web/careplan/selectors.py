"""Reads for the care-plan pages: the plan of a stored record, what changed since the last visit,
and the clinic list (cached rows, refreshed when the record changes or the day changes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from alsnav.careplan import load_rules
from alsnav.careplan.engine import CarePlan, care_plan
from alsnav.facts import Fact, Facts, facts_from_record
from alsnav.record import PatientRecord as CorePatientRecord
from alsnav_web.careplan.models import ClinicRow, ReminderPreference
from alsnav_web.patients import selectors as patient_selectors
from alsnav_web.patients.models import AccessGrant, PatientRecord, Role


@dataclass(frozen=True)
class PlanView:
    """A record's plan on a date, with the facts it was built from."""

    snapshot: CorePatientRecord
    facts: Facts
    plan: CarePlan


def plan_of_snapshot(*, snapshot: CorePatientRecord, as_of: dt.date) -> PlanView:
    facts = facts_from_record(snapshot, as_of)
    return PlanView(snapshot, facts, care_plan(facts, load_rules()))


def care_plan_of(*, record: PatientRecord, as_of: dt.date) -> PlanView:
    """The care plan of a stored record on ``as_of`` (nothing after it is used)."""
    return plan_of_snapshot(snapshot=patient_selectors.record_snapshot(record=record), as_of=as_of)


@dataclass(frozen=True)
class Change:
    kind: str  # "new", "resolved", "priority"
    id: str
    title: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class PlanChanges:
    since: dt.date | None
    changes: tuple[Change, ...]


def plan_changes(*, snapshot: CorePatientRecord, current: CarePlan) -> PlanChanges:
    """What changed since the last visit: the plan now against the plan on the day of the
    previous ALSFRS-R (new recommendations, resolved ones, changed priorities)."""
    dates = sorted({a.date for a in snapshot.assessments if a.date <= current.as_of})
    if len(dates) < 2:
        return PlanChanges(None, ())
    since = dates[-2]
    before = plan_of_snapshot(snapshot=snapshot, as_of=since).plan
    old = {r.id: r for r in before.recommendations}
    new = {r.id: r for r in current.recommendations}
    changes = [Change("new", i, r.title, None, r.priority.value) for i, r in new.items() if i not in old]
    changes += [
        Change("resolved", i, r.title, r.priority.value, None) for i, r in old.items() if i not in new
    ]
    changes += [
        Change("priority", i, r.title, old[i].priority.value, r.priority.value)
        for i, r in new.items()
        if i in old and old[i].priority is not r.priority
    ]
    return PlanChanges(since, tuple(changes))


def reminder_preference_of(*, record: PatientRecord) -> ReminderPreference:
    """The owner's reminder settings (not saved until changed; off by default)."""
    found = ReminderPreference.objects.filter(record=record).first()
    return found or ReminderPreference(record=record)


# --- The clinic list --------------------------------------------------------------------------


def clinician_grants(*, user: Any) -> QuerySet[AccessGrant]:
    """The active clinician grants to ``user``: the people who shared their record with them."""
    return patient_selectors.records_shared_with(user=user).filter(role=Role.CLINICIAN)


SORTS: dict[str, tuple[str, ...]] = {
    "attention": ("-attention", "record__owner__username"),
    "name": ("record__owner__username",),
    "alsfrs": ("latest_total", "record__owner__username"),
    "date": ("latest_date", "record__owner__username"),
    "slope": ("slope", "record__owner__username"),
    "fvc": ("fvc", "record__owner__username"),
    "weight": ("weight_change", "record__owner__username"),
    "overdue": ("-overdue_count", "record__owner__username"),
    "high": ("-high_count", "record__owner__username"),
}


def refresh_clinic_rows(*, grants: QuerySet[AccessGrant], today: dt.date) -> int:
    """Recompute the cached rows that are missing or out of date; returns how many were."""
    stale_ids = list(
        grants.order_by()
        .filter(
            Q(record__clinic_row__isnull=True)
            | ~Q(record__clinic_row__computed_on=today)
            | ~Q(record__clinic_row__record_updated_at=F("record__updated_at"))
        )
        .values_list("record_id", flat=True)
    )
    if not stale_ids:
        return 0
    for record in PatientRecord.objects.filter(pk__in=stale_ids):
        view = care_plan_of(record=record, as_of=today)
        ClinicRow.objects.update_or_create(
            record=record,
            defaults={"record_updated_at": record.updated_at, "computed_on": today, **row_values(view)},
        )
    return len(stale_ids)


def row_values(view: PlanView) -> dict[str, Any]:
    """The clinic-list columns of one plan."""
    facts, plan = view.facts, view.plan
    high = [r.title for r in plan.recommendations if r.priority.value == "high"]
    overdue = [e.label for e in plan.monitoring if e.overdue]
    total = facts.get(Fact.ALSFRS_TOTAL)
    slope = facts.value(Fact.SLOPE_PER_MONTH)
    fvc = facts.get(Fact.FVC_PERCENT)
    kings = view.facts.assessments[-1].kings_label if view.facts.assessments else ""
    mitos = facts.value(Fact.MITOS_STAGE)
    weights = [m for m in view.snapshot.measurements if m.type == "weight_kg" and m.date <= plan.as_of]
    change = None
    if len(weights) >= 2:
        weights.sort(key=lambda m: m.date)
        change = round((weights[-1].value - weights[0].value) / weights[0].value * 100, 1)
    attention = 0 if plan.deceased else len(high) * 100 + len(overdue) * 10
    if isinstance(slope, float) and slope <= -1:
        attention += 5
    return {
        "attention": attention,
        "high_count": len(high),
        "overdue_count": len(overdue),
        "latest_total": int(total.value) if isinstance(total.value, float) else None,
        "latest_date": total.on,
        "slope": slope if isinstance(slope, float) else None,
        "kings": kings,
        "mitos": int(mitos) if isinstance(mitos, float) else None,
        "fvc": fvc.value if isinstance(fvc.value, float) else None,
        "fvc_date": fvc.on,
        "weight_change": change,
        "high_titles": high,
        "overdue_labels": overdue,
        "deceased": plan.deceased,
    }


def clinic_rows(*, user: Any, today: dt.date, sort: str = "attention") -> QuerySet[ClinicRow]:
    """The clinic list of ``user``: one cached row per shared record, in the chosen order."""
    grants = clinician_grants(user=user)
    refresh_clinic_rows(grants=grants, today=today)
    order = SORTS.get(sort, SORTS["attention"])
    return (
        ClinicRow.objects.filter(record__grants__in=grants.order_by())
        .select_related("record", "record__owner")
        .order_by(
            *[
                F(o[1:]).desc(nulls_last=True) if o.startswith("-") else F(o).asc(nulls_last=True)
                for o in order
            ]
        )
    )
