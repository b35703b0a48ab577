"""Writes of the care-plan app: reminder settings, and sending the reminders (idempotent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from alsnav_web.careplan.models import ReminderPreference, ReminderSent
from alsnav_web.careplan.selectors import care_plan_of
from alsnav_web.patients.models import PatientRecord
from alsnav_web.patients.services import audit_record_event

#: Audit action for a change of reminder settings (reuses the patients app's "changed a setting").
CHANGE_SETTINGS = "change_settings"

#: The ALSFRS-R reminder's item name in the sent-log.
ALSFRS_ITEM = "alsfrs_r_entry"


def reminder_preference_update(
    *, record: PatientRecord, actor: Any, enabled: bool, alsfrs_interval_days: int
) -> ReminderPreference:
    preference, _ = ReminderPreference.objects.update_or_create(
        record=record, defaults={"enabled": enabled, "alsfrs_interval_days": alsfrs_interval_days}
    )
    audit_record_event(record=record, actor=actor, action=CHANGE_SETTINGS)
    return preference


@dataclass(frozen=True)
class Due:
    item: str
    label: str
    due_date: dt.date
    overdue: bool


def due_items(*, record: PatientRecord, preference: ReminderPreference, today: dt.date) -> list[Due]:
    """What a reminder would say today: monitoring items due or overdue, and the ALSFRS-R when none
    was entered within the chosen interval."""
    view = care_plan_of(record=record, as_of=today)
    if view.plan.deceased:
        return []
    # Never measured: "due now" moves with the date, so the reminder is keyed on a date that does
    # not move (the day the record was created) and is sent once until a measurement is entered.
    created = record.created_at.date()
    items = [
        Due(e.what, e.label, e.next_due, e.overdue)
        if e.last_done is not None
        else Due(e.what, f"{e.label} (never recorded)", created, False)
        for e in view.plan.monitoring
        if e.due
    ]
    last = max((a.date for a in view.snapshot.assessments if a.date <= today), default=None)
    if last is not None:
        due_on = last + dt.timedelta(days=preference.alsfrs_interval_days)
        if due_on <= today:
            items.append(Due(ALSFRS_ITEM, "A new ALSFRS-R questionnaire", due_on, due_on < today))
    return items


def _when(due: Due, today: dt.date) -> str:
    if due.overdue:
        return f"overdue since {due.due_date.isoformat()}"
    return "due now" if due.due_date <= today else f"due {due.due_date.isoformat()}"


def send_reminders(*, today: dt.date, base_url: str = "") -> int:
    """E-mail every opted-in owner about what is due; never twice for the same due item.

    Returns the number of e-mails sent. Safe to run more than once a day.
    """
    sent = 0
    preferences = ReminderPreference.objects.filter(enabled=True).select_related("record", "record__owner")
    for preference in preferences:
        record = preference.record
        address = getattr(record.owner, "email", "")
        if not address:
            continue
        new: list[Due] = []
        for due in due_items(record=record, preference=preference, today=today):
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(record=record, item=due.item, due_date=due.due_date)
            except IntegrityError:
                continue  # already reminded about this one
            new.append(due)
        if not new:
            continue
        link = base_url + reverse("careplan:plan", args=[record.public_id])
        lines = [
            "Hello,",
            "",
            "This is your reminder from ALS Navigator. These are due:",
            "",
            *[
                f"- {d.label}: {'overdue since' if d.overdue else 'due'} {d.due_date.isoformat()}"
                for d in new
            ],
            "",
            f"Your care plan: {link}",
            "",
            "You chose to get these reminders. You can turn them off on your care plan page.",
        ]
        send_mail(
            subject="ALS Navigator: tests and questionnaires due",
            message="\n".join(lines),
            from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
            recipient_list=[address],
        )
        sent += 1
    return sent
