"""Reads of patient records: who may do what, and stored rows -> the core's validated record.

Access rules (one place, used by every page and API route):

* the **owner** (the person with ALS) may read, enter data and manage the record (sharing,
  settings, import, download, delete, the audit log);
* a **clinician** they granted access may read and enter data;
* a **caregiver** they granted access may enter data (ALSFRS-R and measurements) but not read the
  record;
* anyone else gets "not found" — the record's existence is not revealed; a person with access who
  asks for something their role does not allow gets "forbidden".
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from alsnav.record import PatientRecord as CorePatientRecord
from alsnav.record import parse_record
from alsnav_web.patients.models import (
    AccessGrant,
    Assessment,
    AuditEvent,
    Intervention,
    Measurement,
    PatientRecord,
    Role,
)

User = AbstractBaseUser | AnonymousUser


class Permission(enum.Enum):
    READ = "read"
    ENTER = "enter"
    MANAGE = "manage"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.CLINICIAN: frozenset({Permission.READ, Permission.ENTER}),
    Role.CAREGIVER: frozenset({Permission.ENTER}),
}


#: Who most likely gave the ALSFRS-R answers, by the role of the person entering them (a default
#: the form shows pre-selected; the person can change it).
DEFAULT_ANSWERED_BY: dict[str, str] = {
    Role.OWNER: "self",
    Role.CAREGIVER: "caregiver",
    Role.CLINICIAN: "clinician",
}


@dataclass(frozen=True)
class RecordAccess:
    """A record and the role the current user holds on it."""

    record: PatientRecord
    role: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def can_read(self) -> bool:
        return self.can(Permission.READ)

    @property
    def can_enter(self) -> bool:
        return self.can(Permission.ENTER)

    @property
    def can_manage(self) -> bool:
        return self.can(Permission.MANAGE)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN


def record_role(*, record: PatientRecord, user: User) -> str | None:
    """The role ``user`` holds on ``record``: owner, an active grant's role, or ``None``."""
    if not user.is_authenticated:
        return None
    if record.owner_id == user.pk:
        return Role.OWNER.value
    grant = (
        AccessGrant.objects.filter(record=record, grantee_id=user.pk, revoked_at__isnull=True)
        .values_list("role", flat=True)
        .first()
    )
    return grant


def record_access(*, user: User, public_id: uuid.UUID | str, need: Permission) -> RecordAccess:
    """The record with ``public_id`` if ``user`` may ``need`` it.

    Raises ``Http404`` when there is no such record or the user has no access at all, and
    ``PermissionDenied`` when their role does not allow ``need``.
    """
    try:
        record = PatientRecord.objects.select_related("owner").get(public_id=public_id)
    except (PatientRecord.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record") from None
    role = record_role(record=record, user=user)
    if role is None:
        raise Http404("No such record")
    access = RecordAccess(record=record, role=role)
    if not access.can(need):
        raise PermissionDenied("Your access to this record does not allow this")
    return access


def record_owned_by(*, user: User) -> PatientRecord | None:
    if not user.is_authenticated:
        return None
    return PatientRecord.objects.filter(owner_id=user.pk).first()


def records_shared_with(*, user: User) -> QuerySet[AccessGrant]:
    """Active grants to ``user`` (the people who shared their record with them), newest first."""
    return (
        AccessGrant.objects.filter(grantee_id=user.pk, revoked_at__isnull=True)
        .select_related("record", "record__owner")
        .order_by("record__owner__username")
    )


def record_accessible_list(*, user: User) -> list[RecordAccess]:
    """Every record ``user`` may open: their own first, then those shared with them."""
    accesses = []
    own = record_owned_by(user=user)
    if own is not None:
        accesses.append(RecordAccess(record=own, role=Role.OWNER.value))
    accesses.extend(RecordAccess(record=g.record, role=g.role) for g in records_shared_with(user=user))
    return accesses


def grants_of(*, record: PatientRecord) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(record=record).select_related("grantee").order_by("-granted_at", "-id")


def audit_events_of(*, record: PatientRecord) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(record=record).select_related("actor").order_by("-at", "-id")


def display_name(user: Any) -> str:
    """How a person is named to the people they share with: full name, else user name."""
    if user is None:
        return "A deleted account"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())


# --- The record as the core sees it ---------------------------------------------------------


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` only when known: unknown values are left out of the record, never guessed."""
    if value is not None and value != "":
        data[key] = value


_ITEM_KEYS = ("1", "2", "3", "4", "6", "7", "8", "9", "10", "11", "12")
_ASSESSMENT_COLUMNS = ("date", "answered_by", "item_5a", "item_5b", *(f"item_{k}" for k in _ITEM_KEYS))


def record_json(*, record: PatientRecord, with_answered_by: bool = True) -> dict[str, Any]:
    """The stored record in the exchange format (docs/contracts/patient-record.md).

    Assessments also carry ``answered_by`` (an optional field the format allows and the parser
    ignores) when ``with_answered_by``.
    """
    data: dict[str, Any] = {}
    _put(data, "id", record.external_id)
    _put(data, "sex", record.sex)
    _put(data, "birth_date", _date(record.birth_date))
    _put(data, "country", record.country)
    _put(data, "onset_date", _date(record.onset_date))
    _put(data, "diagnosis_date", _date(record.diagnosis_date))
    _put(data, "onset_region", record.onset_region)
    diagnosis: dict[str, Any] = {}
    _put(diagnosis, "criteria", record.diagnosis_criteria)
    _put(diagnosis, "category", record.diagnosis_category)
    if diagnosis:
        data["diagnosis"] = diagnosis
    if record.genetics:
        data["genetics"] = dict(record.genetics)
    _put(data, "cognition", record.cognition)
    _put(data, "in_multidisciplinary_clinic", record.in_multidisciplinary_clinic)
    data["medications"] = [
        _entry({"name": name, "start_date": _date(start), "stop_date": _date(stop)})
        for name, start, stop in record.medications.values_list("name", "start_date", "stop_date")
    ]
    data["interventions"] = [
        _entry({"type": kind, "start_date": _date(start), "stop_date": _date(stop), "refused": refused})
        for kind, start, stop, refused in record.interventions.values_list(
            "type", "start_date", "stop_date", "refused"
        )
    ]
    data["symptoms"] = [
        _entry({"code": code, "since": _date(since)})
        for code, since in record.symptoms.values_list("code", "since")
    ]
    assessments = []
    for row in record.assessments.order_by("date").values(*_ASSESSMENT_COLUMNS):
        scores = {key: row[f"item_{key}"] for key in _ITEM_KEYS}
        if row["item_5b"] is not None:
            scores["5b"] = row["item_5b"]
        else:
            scores["5a"] = row["item_5a"]
        entry: dict[str, Any] = {"date": row["date"].isoformat(), "alsfrs_r": scores}
        if with_answered_by and row["answered_by"]:
            entry["answered_by"] = row["answered_by"]
        assessments.append(entry)
    data["assessments"] = assessments
    data["measurements"] = [
        _entry({"date": when.isoformat(), "type": kind, "value": value, "position": position})
        for when, kind, value, position in record.measurements.order_by("date", "type", "id").values_list(
            "date", "type", "value", "position"
        )
    ]
    _put(data, "premorbid_weight_kg", record.premorbid_weight_kg)
    _put(data, "height_cm", record.height_cm)
    if record.deceased is not None or record.death_date is not None:
        vital: dict[str, Any] = {}
        _put(vital, "deceased", record.deceased)
        _put(vital, "date", _date(record.death_date))
        data["vital_status"] = vital
    return data


def _entry(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}


def record_snapshot(*, record: PatientRecord) -> CorePatientRecord:
    """The stored record as the core's immutable, validated ``PatientRecord``."""
    return parse_record(record_json(record=record, with_answered_by=False))


def has_gastrostomy(*, record: PatientRecord) -> bool:
    """Whether item 5 should be asked as 5b: a gastrostomy in the profile, or 5b used last time.

    A gastrostomy that was refused does not count; one that is no longer used still does (the
    ALSFRS-R asks 5b of anyone who has a gastrostomy, in use or not).
    """
    tube = Intervention.objects.filter(record=record, type="gastrostomy").exclude(refused=True).exists()
    if tube:
        return True
    last = Assessment.objects.filter(record=record).order_by("-date").only("item_5b").first()
    return last is not None and last.item_5b is not None


def latest_measurements(*, record: PatientRecord) -> dict[str, Measurement]:
    """The most recent measurement of each type."""
    latest: dict[str, Measurement] = {}
    for m in Measurement.objects.filter(record=record).order_by("date", "id"):
        latest[m.type] = m
    return latest


def answered_by_dates(*, record: PatientRecord) -> dict[str, str]:
    """Who answered each assessment, keyed by ISO date."""
    return {
        d.isoformat(): who
        for d, who in Assessment.objects.filter(record=record).values_list("date", "answered_by")
    }
