"""JSON API routes of the patients app (mounted by alsnav_web.api.api at /api/patients).

Same access rules as the pages (the one table in :mod:`alsnav_web.patients.selectors`): a signed-in
session is needed (401 otherwise); someone without access to a record gets 404, someone whose role
does not allow the action gets 403. Reads and writes are written to the record's audit log. Unsafe methods
need the CSRF token, as for any session-authenticated request.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from alsnav.errors import InputError
from alsnav.progression.assess import assess
from alsnav_web.api.schemas import ErrorOut, ProblemsOut
from alsnav_web.patients import selectors, services
from alsnav_web.patients.mapper import record_json
from alsnav_web.patients.models import AuditAction
from alsnav_web.patients.progress import ENCALS_NOT_ASKED
from alsnav_web.patients.selectors import Permission, RecordAccess, record_snapshot

router = Router(tags=["patients"], auth=django_auth)


class RecordListItem(Schema):
    id: uuid.UUID
    role: str
    owner: str
    can_read: bool  # kept for existing clients: the same as can_view
    can_view: bool
    can_enter: bool
    can_edit: bool


class AssessmentIn(Schema):
    date: dt.date
    alsfrs_r: dict[str, Any]  # checked by the core (integers 0-4, 5a or 5b) so problems name their path
    answered_by: str | None = None  # self, caregiver or clinician; by default from your role


class AssessmentOut(Schema):
    date: dt.date
    alsfrs_r: dict[str, int]
    answered_by: str
    total: int


def _access(request: HttpRequest, record_id: uuid.UUID, need: Permission) -> RecordAccess:
    """The record if the caller may ``need`` it; the API maps the core's NotFoundError (404) and
    AccessDenied (403) in one place (alsnav_web.api.api)."""
    return selectors.record_access(user=request.user, public_id=record_id, need=need)


@router.get("/records", response={200: list[RecordListItem], 401: ErrorOut})
def records_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The records you may open: your own, then those shared with you, with your role on each."""
    return [
        {
            "id": a.record.public_id,
            "role": a.role,
            "owner": selectors.display_name(a.record.owner),
            "can_read": a.can_view,
            "can_view": a.can_view,
            "can_enter": a.can_enter,
            "can_edit": a.can_edit,
        }
        for a in selectors.record_accessible_list(user=request.user)
    ]


@router.get(
    "/records/{record_id}",
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
)
def record_get(request: HttpRequest, record_id: uuid.UUID) -> Status[dict[str, Any]]:
    """The whole record in the patient-record JSON format (docs/contracts/patient-record.md)."""
    access = _access(request, record_id, Permission.VIEW)
    services.audit_record_event(record=access.record, actor=request.user, action=AuditAction.VIEW_API)
    return Status(200, record_json(record=access.record))


@router.get(
    "/records/{record_id}/assess",
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
)
def record_assess(request: HttpRequest, record_id: uuid.UUID) -> Status[dict[str, Any]]:
    """The `alsnav assess` document of the record (docs/contracts/cli.md).

    ``encals`` is included only for a clinician, and only when the person has asked for the survival
    estimate to be shown; otherwise it is ``null`` and ``encals_hidden`` says why.
    """
    access = _access(request, record_id, Permission.VIEW)
    services.audit_record_event(record=access.record, actor=request.user, action=AuditAction.VIEW_API)
    document = assess(record_snapshot(record=access.record)).to_json()
    if not (access.is_clinician and access.record.prognosis_opt_in):
        document["encals"] = None
        document["encals_hidden"] = (
            "shown only to clinicians, and only when the person has asked for it"
            if not access.is_clinician
            else ENCALS_NOT_ASKED
        )
    return Status(200, document)


@router.post(
    "/records/{record_id}/assessments",
    response={
        201: AssessmentOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ProblemsOut,
        422: ProblemsOut,
    },
)
def assessment_create(
    request: HttpRequest, record_id: uuid.UUID, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    """Add one ALSFRS-R (``alsfrs_r`` keyed ``"1"`` … ``"12"`` with ``"5a"`` or ``"5b"``).

    Refused as a whole (422, every problem with its path) if anything is wrong: nothing is stored.
    """
    access = _access(request, record_id, Permission.ENTER)
    try:
        assessment = services.assessment_add(
            record=access.record,
            actor=request.user,
            when=payload.date,
            scores=payload.alsfrs_r,
            answered_by=payload.answered_by or selectors.DEFAULT_ANSWERED_BY[access.role],
            today=timezone.localdate(),
        )
    except InputError as exc:
        return Status(
            422,
            {
                "detail": "The assessment was not stored.",
                "problems": [{"path": p.where, "message": p.message} for p in exc.problems],
            },
        )
    scores = assessment.scores()
    return Status(
        201,
        {
            "date": assessment.date,
            "alsfrs_r": scores,
            "answered_by": assessment.answered_by,
            "total": sum(scores.values()),
        },
    )
