"""Writes to patient records. Every write is checked against the core's record format first, is
atomic, and leaves a row in the record's audit log.

Functions raise :class:`alsnav.errors.InputError` (problems named by JSON path, e.g. ``date`` or
``alsfrs_r.3``) when the change would make the record invalid; nothing is stored then.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from alsnav import terms
from alsnav.errors import AccessDenied, InputError, Problem
from alsnav.record import PatientRecord as CorePatientRecord
from alsnav.record import parse_record, questionnaire_keys
from alsnav.scales import alsfrs
from alsnav_web.core.actors import Account, Actor, actor_id
from alsnav_web.patients.charts import date_text
from alsnav_web.patients.mapper import (
    PROFILE_COLUMNS,
    assessment_columns,
    profile_column_value,
    record_json,
    write_record,
)
from alsnav_web.patients.models import (
    INVITATION_VALID_DAYS,
    AccessGrant,
    Assessment,
    AssessmentDraft,
    AuditAction,
    AuditEvent,
    Intervention,
    Invitation,
    Measurement,
    Medication,
    PatientRecord,
    Role,
    Symptom,
)
from alsnav_web.patients.selectors import (
    GRANTABLE,
    ROLE_PERMISSIONS,
    Permission,
    RecordAccess,
    grant_permissions,
)

logger = logging.getLogger(__name__)  # never log personal data: ids and counts only

#: Record fields the profile form edits (JSON paths of the record format).
PROFILE_FIELDS: tuple[str, ...] = tuple(PROFILE_COLUMNS)


# --- Audit log -----------------------------------------------------------------------------


def audit_record_event(
    *, record: PatientRecord, actor: Actor, action: str, detail: Mapping[str, Any] | None = None
) -> None:
    """Log one read or write of ``record``: who, when, what. ``detail`` holds record data only where
    a change would otherwise lose it (the earlier answers of a changed ALSFRS-R); the log is shown
    to the owner alone."""
    AuditEvent.objects.create(
        record=record, actor_id=actor_id(actor), action=action, detail=dict(detail or {})
    )


# --- Validation against the core ------------------------------------------------------------


def _validate(data: Mapping[str, Any]) -> CorePatientRecord:
    return parse_record(data)


def _problems_under(error: InputError, prefix: str) -> list[Problem]:
    """Problems whose path starts with ``prefix``, that prefix removed (``record`` if nothing is left)."""
    found = []
    for problem in error.problems:
        if problem.where == prefix or problem.where.startswith((prefix + ".", prefix + "[")):
            where = problem.where[len(prefix) :].lstrip(".")
            found.append(Problem(where or "record", problem.message, problem.line))
    return found


def _entry_date_problems(
    record: PatientRecord, when: dt.date, today: dt.date, reveal: bool = True
) -> list[Problem]:
    """Why ``when`` cannot date a new entry: in the future, or before the first symptoms.

    With ``reveal=False`` (someone who may enter but not view the record) the message does not
    say the date of the first symptoms."""
    problems = []
    if when > today:
        future = f"{date_text(when)} is in the future; enter today's date or an earlier one"
        problems.append(Problem("date", future))
    if record.onset_date is not None and when < record.onset_date:
        if reveal:
            onset = date_text(record.onset_date)
            problems.append(Problem("date", f"{date_text(when)} is before the first symptoms ({onset})"))
        else:
            problems.append(Problem("date", "this date is before the first symptoms in the record"))
    return problems


# --- Creating and deleting a record ---------------------------------------------------------


@transaction.atomic
def record_create(*, owner: Account) -> PatientRecord:
    """Start the record of a person with ALS. One person has one record."""
    record, created = PatientRecord.objects.get_or_create(owner=owner)
    if created:
        audit_record_event(record=record, actor=owner, action=AuditAction.CREATE_RECORD)
    return record


@transaction.atomic
def record_delete(*, record: PatientRecord) -> None:
    """Delete the record and everything in it: assessments, measurements, sharing and the audit log."""
    record_pk = record.pk
    record.delete()
    logger.info("patient record %s deleted by its owner", record_pk)


# --- Profile ---------------------------------------------------------------------------------


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if rest:
        child = data.setdefault(head, {})
        _set_path(child, rest, value)
        if not child:
            data.pop(head)
        return
    if value is None or value == "":
        data.pop(head, None)
    else:
        data[head] = value


@transaction.atomic
def profile_update(
    *,
    record: PatientRecord,
    actor: Actor,
    changes: Mapping[str, Any],
    genetics: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> PatientRecord:
    """Change profile facts. ``changes`` maps JSON paths of :data:`PROFILE_FIELDS` to values
    (``None`` or ``""`` for "not known"); ``genetics`` maps genes to results (``""`` removes one).

    Raises ``InputError`` (paths as in the record, e.g. ``onset_date``) if the record would break.
    """
    data = record_json(record=record, with_answered_by=False)
    for path, value in changes.items():
        if path not in PROFILE_FIELDS:
            raise ValueError(f"not a profile field: {path}")
        if isinstance(value, dt.date):
            value = value.isoformat()
        _set_path(data, path, value)
    new_genetics = dict(record.genetics or {})
    if genetics is not None:
        for gene, result in genetics.items():
            if result:
                new_genetics[gene] = result
            else:
                new_genetics.pop(gene, None)
        if new_genetics:
            data["genetics"] = new_genetics
        else:
            data.pop("genetics", None)
    parsed = _validate(data)

    update_fields = ["genetics", "updated_at"]
    record.genetics = new_genetics
    for column, text in (names or {}).items():  # display name, clinic number: web-only fields
        if column not in ("display_name", "clinic_number"):
            raise ValueError(f"not a name field: {column}")
        setattr(record, column, text.strip())
        update_fields.append(column)
    for path in changes:
        column = PROFILE_COLUMNS[path]
        setattr(record, column, profile_column_value(parsed, path))
        update_fields.append(column)
    record.save(update_fields=update_fields)
    audit_record_event(record=record, actor=actor, action=AuditAction.UPDATE_PROFILE)
    return record


@transaction.atomic
def settings_update(*, record: PatientRecord, actor: Actor, prognosis_opt_in: bool) -> None:
    record.prognosis_opt_in = prognosis_opt_in
    record.save(update_fields=["prognosis_opt_in", "updated_at"])
    audit_record_event(record=record, actor=actor, action=AuditAction.CHANGE_SETTINGS)


def _append_and_validate(record: PatientRecord, section: str, entry: dict[str, Any]) -> None:
    """Raise ``InputError`` (paths relative to the new entry) unless the record stays valid."""
    data = record_json(record=record, with_answered_by=False)
    items = data.setdefault(section, [])
    index = len(items)
    items.append(entry)
    try:
        _validate(data)
    except InputError as exc:
        raise InputError(_problems_under(exc, f"{section}[{index}]") or exc.problems) from None


def _date_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@transaction.atomic
def medication_add(
    *, record: PatientRecord, actor: Actor, name: str, start_date: dt.date | None, stop_date: dt.date | None
) -> Medication:
    entry = {"name": name.strip(), "start_date": _date_text(start_date), "stop_date": _date_text(stop_date)}
    _append_and_validate(record, "medications", {k: v for k, v in entry.items() if v is not None})
    medication = Medication.objects.create(
        record=record, name=name.strip(), start_date=start_date, stop_date=stop_date
    )
    audit_record_event(record=record, actor=actor, action=AuditAction.UPDATE_PROFILE)
    return medication


@transaction.atomic
def intervention_add(
    *,
    record: PatientRecord,
    actor: Actor,
    type: str,
    start_date: dt.date | None,
    stop_date: dt.date | None,
    refused: bool | None,
) -> Intervention:
    entry: dict[str, Any] = {
        "type": type.strip(),
        "start_date": _date_text(start_date),
        "stop_date": _date_text(stop_date),
        "refused": refused,
    }
    _append_and_validate(record, "interventions", {k: v for k, v in entry.items() if v is not None})
    intervention = Intervention.objects.create(
        record=record, type=type.strip(), start_date=start_date, stop_date=stop_date, refused=refused
    )
    audit_record_event(record=record, actor=actor, action=AuditAction.UPDATE_PROFILE)
    return intervention


@transaction.atomic
def symptom_add(*, record: PatientRecord, actor: Actor, code: str, since: dt.date | None) -> Symptom:
    entry = {"code": code, "since": _date_text(since)}
    _append_and_validate(record, "symptoms", {k: v for k, v in entry.items() if v is not None})
    symptom = Symptom.objects.create(record=record, code=code, since=since)
    audit_record_event(record=record, actor=actor, action=AuditAction.UPDATE_PROFILE)
    return symptom


@transaction.atomic
def profile_entry_remove(*, record: PatientRecord, actor: Actor, kind: str, entry_id: int) -> bool:
    """Remove one medication, intervention or symptom of ``record``; ``False`` if there was none."""
    rows: dict[str, QuerySet[Any]] = {
        "medication": Medication.objects.filter(record=record, pk=entry_id),
        "intervention": Intervention.objects.filter(record=record, pk=entry_id),
        "symptom": Symptom.objects.filter(record=record, pk=entry_id),
    }
    deleted, _ = rows[kind].delete()
    if deleted:
        audit_record_event(record=record, actor=actor, action=AuditAction.UPDATE_PROFILE)
    return bool(deleted)


# --- Assessments -----------------------------------------------------------------------------


#: Said instead of "there is already an ALSFRS-R on …" to someone who may not view the record.
DATE_TAKEN_HIDDEN = (
    "an ALSFRS-R cannot be saved on this date; choose another date, or ask the owner of the record"
)


def assessment_date_problems(
    *,
    record: PatientRecord,
    when: dt.date,
    today: dt.date,
    reveal: bool = True,
    except_id: int | None = None,
) -> list[Problem]:
    """Why ``when`` cannot be the date of a new ALSFRS-R of ``record`` (empty when it can).

    ``reveal=False`` keeps the record's data (onset date, dates with an ALSFRS-R) out of the
    messages, for people who may enter but not view; ``except_id`` is an assessment being changed.
    """
    problems = _entry_date_problems(record, when, today, reveal)
    taken = Assessment.objects.filter(record=record, date=when)
    if except_id is not None:
        taken = taken.exclude(pk=except_id)
    if taken.exists():
        if reveal:
            problems.append(Problem("date", f"there is already an ALSFRS-R on {date_text(when)}"))
        else:
            problems.append(Problem("date", DATE_TAKEN_HIDDEN))
    return problems


@transaction.atomic
def assessment_add(
    *,
    record: PatientRecord,
    actor: Actor,
    when: dt.date,
    scores: Mapping[str, int],
    answered_by: str,
    today: dt.date,
    reveal: bool = True,
) -> Assessment:
    """Store one ALSFRS-R. ``scores`` uses the record's item keys (with ``5a`` or ``5b``).

    Raises ``InputError`` with paths ``date``, ``answered_by`` or ``alsfrs_r.<item>``.
    """
    problems = assessment_date_problems(record=record, when=when, today=today, reveal=reveal)
    if answered_by not in terms.ANSWERED_BY_VALUES:
        expected = ", ".join(terms.ANSWERED_BY_VALUES)
        problems.append(Problem("answered_by", f"must be one of {expected}, got {answered_by!r}"))
    problems.extend(alsfrs.check_scores(scores))
    if problems:
        raise InputError(problems)
    _append_and_validate(
        record, "assessments", {"date": when.isoformat(), "alsfrs_r": {k: int(v) for k, v in scores.items()}}
    )
    fields = assessment_columns(scores)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                record=record,
                date=when,
                answered_by=answered_by,
                entered_by_id=actor_id(actor),
                **fields,
            )
    except IntegrityError:  # two people saving the same day at the same moment
        taken = f"there is already an ALSFRS-R on {date_text(when)}" if reveal else DATE_TAKEN_HIDDEN
        raise InputError.single("date", taken) from None
    if (author := actor_id(actor)) is not None:
        AssessmentDraft.objects.filter(record=record, user_id=author).delete()
    audit_record_event(record=record, actor=actor, action=AuditAction.ADD_ASSESSMENT)
    return assessment


@transaction.atomic
def assessment_update(
    *,
    access: RecordAccess,
    actor: Actor,
    assessment_id: int,
    when: dt.date,
    scores: Mapping[str, int],
    answered_by: str,
    today: dt.date,
) -> Assessment:
    """Change a saved ALSFRS-R (anyone with EDIT; with ENTER, one's own entries). The earlier date,
    answers and who answered are kept in the activity log event's ``detail``."""
    assessment = Assessment.objects.select_for_update().get(record=access.record, pk=assessment_id)
    if not access.can_edit_entry(assessment.entered_by_id):
        raise AccessDenied("You can change only the entries you made yourself")
    problems = assessment_date_problems(
        record=access.record, when=when, today=today, reveal=access.can_view, except_id=assessment.pk
    )
    if answered_by not in terms.ANSWERED_BY_VALUES:
        problems.append(Problem("answered_by", "choose who gave the answers"))
    problems.extend(alsfrs.check_scores(scores))
    if problems:
        raise InputError(problems)
    before = {
        "date": assessment.date.isoformat(),
        "answered_by": assessment.answered_by,
        "alsfrs_r": assessment.scores(),
    }
    data = record_json(record=access.record)
    data["assessments"] = [
        a for a in data.get("assessments", []) if a.get("date") != assessment.date.isoformat()
    ] + [{"date": when.isoformat(), "alsfrs_r": {k: int(v) for k, v in scores.items()}}]
    try:
        _validate(data)
    except InputError as exc:
        raise InputError(_problems_under(exc, "assessments") or exc.problems) from None
    assessment.date = when
    assessment.answered_by = answered_by
    for column in ("item_5a", "item_5b"):
        setattr(assessment, column, None)
    for column, value in assessment_columns(scores).items():
        setattr(assessment, column, value)
    assessment.save()
    audit_record_event(
        record=access.record, actor=actor, action=AuditAction.CHANGE_ASSESSMENT, detail={"before": before}
    )
    return assessment


def _deletable(access: RecordAccess, rows: QuerySet[Any]) -> bool:
    """Whether the one row of ``rows`` exists (``False`` if not) and ``access`` may delete it.

    Raises :class:`~alsnav.errors.AccessDenied` for an entry the person may not delete.
    """
    found = rows.values_list("entered_by_id", flat=True)[:1]
    if not found:
        return False
    if not access.can_delete_entry(found[0]):
        raise AccessDenied("You can delete only the entries you made yourself")
    return True


@transaction.atomic
def assessment_delete(*, access: RecordAccess, actor: Actor, assessment_id: int) -> bool:
    """Delete one ALSFRS-R: with DELETE any, with ENTER the ones the person entered themselves."""
    rows = Assessment.objects.filter(record=access.record, pk=assessment_id)
    if not _deletable(access, rows):
        return False
    rows.delete()
    audit_record_event(record=access.record, actor=actor, action=AuditAction.DELETE_ASSESSMENT)
    return True


# --- One question at a time -----------------------------------------------------------------


def draft_item_keys(draft: AssessmentDraft) -> list[str]:
    """The twelve questions of the draft in order, item 5 as 5a or 5b from the gastrostomy answer."""
    return questionnaire_keys(gastrostomy=draft.gastrostomy)


@transaction.atomic
def draft_start(
    *,
    record: PatientRecord,
    user: Account,
    when: dt.date,
    answered_by: str,
    gastrostomy: bool,
    today: dt.date,
    reveal: bool = True,
) -> AssessmentDraft:
    """Begin (or restart) entering an ALSFRS-R one question at a time. Raises ``InputError``."""
    problems = assessment_date_problems(record=record, when=when, today=today, reveal=reveal)
    if problems:
        raise InputError(problems)
    draft, _ = AssessmentDraft.objects.update_or_create(
        record=record,
        user_id=user.pk,
        defaults={
            "date": when,
            "answered_by": answered_by,
            "gastrostomy": gastrostomy,
            "answers": {},
            "step": 0,
        },
    )
    return draft


def draft_answer(*, draft: AssessmentDraft, key: str, score: int) -> None:
    """Keep the answer to one question and move to the next unanswered one (or the check page)."""
    keys = draft_item_keys(draft)
    if key not in keys or not 0 <= score <= 4:
        raise InputError.single(f"alsfrs_r.{key}", "must be an integer from 0 to 4")
    answers = dict(draft.answers)
    answers[key] = score
    draft.answers = answers
    following = [i for i, k in enumerate(keys) if k not in answers and i > keys.index(key)]
    missing = [i for i, k in enumerate(keys) if k not in answers]
    draft.step = following[0] if following else (missing[0] if missing else len(keys))
    draft.save(update_fields=["answers", "step", "updated_at"])


def draft_go_to(*, draft: AssessmentDraft, step: int) -> None:
    draft.step = max(0, min(step, len(draft_item_keys(draft))))
    draft.save(update_fields=["step", "updated_at"])


def draft_finish(*, draft: AssessmentDraft, actor: Actor, today: dt.date, reveal: bool = True) -> Assessment:
    """Store the drafted ALSFRS-R (the draft is removed). Raises ``InputError`` if incomplete."""
    keys = draft_item_keys(draft)
    missing = [k for k in keys if k not in draft.answers]
    if missing:
        raise InputError([Problem(f"alsfrs_r.{k}", f"question {k} has no answer yet") for k in missing])
    scores = {k: int(draft.answers[k]) for k in keys}
    return assessment_add(
        record=draft.record,
        actor=actor,
        when=draft.date,
        scores=scores,
        answered_by=draft.answered_by,
        today=today,
        reveal=reveal,
    )


# --- Measurements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMeasurement:
    type: str
    value: float
    position: str = ""


@transaction.atomic
def measurements_add(
    *,
    record: PatientRecord,
    actor: Actor,
    when: dt.date,
    values: Sequence[NewMeasurement],
    today: dt.date,
    reveal: bool = True,
) -> list[Measurement]:
    """Store measurements taken on one date, all or none. Raises ``InputError``
    (paths ``date`` or ``<type>``) if any is wrong."""
    if not values:
        raise InputError.single("record", "enter at least one measurement")
    problems = _entry_date_problems(record, when, today, reveal)
    if problems:
        raise InputError(problems)
    data = record_json(record=record, with_answered_by=False)
    start = len(data["measurements"])
    for value in values:
        entry: dict[str, Any] = {"date": when.isoformat(), "type": value.type, "value": value.value}
        if value.position:
            entry["position"] = value.position
        data["measurements"].append(entry)
    try:
        _validate(data)
    except InputError as exc:
        mapped = []
        for offset, value in enumerate(values):
            for problem in _problems_under(exc, f"measurements[{start + offset}]"):
                mapped.append(Problem(value.type if problem.where != "date" else "date", problem.message))
        raise InputError(mapped or exc.problems) from None
    stored = [
        Measurement.objects.create(
            record=record,
            date=when,
            type=v.type,
            value=v.value,
            position=v.position,
            entered_by_id=actor_id(actor),
        )
        for v in values
    ]
    audit_record_event(record=record, actor=actor, action=AuditAction.ADD_MEASUREMENT)
    return stored


@transaction.atomic
def measurement_delete(*, access: RecordAccess, actor: Actor, measurement_id: int) -> bool:
    """Delete one measurement: with DELETE any, with ENTER the ones the person entered themselves."""
    rows = Measurement.objects.filter(record=access.record, pk=measurement_id)
    if not _deletable(access, rows):
        return False
    rows.delete()
    audit_record_event(record=access.record, actor=actor, action=AuditAction.DELETE_MEASUREMENT)
    return True


# --- Sharing ---------------------------------------------------------------------------------


@transaction.atomic
def _checked_permissions(role: str, permissions: Sequence[str] | None) -> list[str]:
    """The permission values to store for a grant of ``role``: within ``ROLE_PERMISSIONS[role]``
    and among the choosable ones, at least one. ``None`` stores nothing (the role's default)."""
    if permissions is None:
        return []
    allowed = {p.value for p in GRANTABLE if p in ROLE_PERMISSIONS[role]}
    chosen = [p for p in dict.fromkeys(permissions) if p]
    if not chosen:
        raise InputError.single("permissions", "choose at least one thing they may do")
    if unknown := [p for p in chosen if p not in allowed]:
        raise InputError.single("permissions", f"a {role} cannot be given: {', '.join(unknown)}")
    return [p.value for p in GRANTABLE if p.value in chosen]


def access_grant(
    *,
    record: PatientRecord,
    actor: Actor,
    grantee: Account,
    role: str,
    permissions: Sequence[str] | None = None,
) -> AccessGrant:
    """Give ``grantee`` caregiver or clinician access, with ``permissions`` (values of
    ``Permission``) within what the role may be given, or the role's default.
    Raises ``InputError`` (path ``grantee``/``role``/``permissions``)."""
    if role not in (Role.CAREGIVER, Role.CLINICIAN):
        raise InputError.single("role", "must be caregiver or clinician")
    stored = _checked_permissions(role, permissions)
    if grantee.pk == record.owner_id:
        raise InputError.single("grantee", "this is your own account; you already have full access")
    current = AccessGrant.objects.filter(record=record, grantee=grantee, revoked_at__isnull=True).first()
    if current is not None:
        if current.role == role and grant_permissions(role, current.permissions) == grant_permissions(
            role, stored
        ):
            raise InputError.single("grantee", f"this person already has {role} access")
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
    grant = AccessGrant.objects.create(record=record, grantee=grantee, role=role, permissions=stored)
    audit_record_event(record=record, actor=actor, action=AuditAction.GRANT_ACCESS)
    return grant


@transaction.atomic
def access_change(
    *, record: PatientRecord, actor: Actor, grant_id: int, permissions: Sequence[str]
) -> AccessGrant | None:
    """Change what the person with an active grant may do. Raises ``InputError``."""
    grant = AccessGrant.objects.filter(record=record, pk=grant_id, revoked_at__isnull=True).first()
    if grant is None:
        return None
    grant.permissions = _checked_permissions(grant.role, permissions)
    grant.save(update_fields=["permissions"])
    audit_record_event(record=record, actor=actor, action=AuditAction.CHANGE_ACCESS)
    return grant


# --- Invitations by e-mail ---------------------------------------------------------------------


def invitation_create(
    *,
    record: PatientRecord,
    actor: Actor,
    email: str,
    role: str,
    permissions: Sequence[str] | None,
    accept_url: Callable[[str], str],
) -> Invitation:
    """Invite ``email`` to the record: an e-mail with a link is sent, and the invitation stays
    pending until someone signed in accepts it. Whether the address has an account is never looked
    up, so nothing about it can be told to the person inviting."""
    if role not in (Role.CAREGIVER, Role.CLINICIAN):
        raise InputError.single("role", "must be caregiver or clinician")
    stored = _checked_permissions(role, permissions)
    invitation = Invitation.objects.create(
        record=record,
        email=email.strip().lower(),
        token=secrets.token_urlsafe(32),
        role=role,
        permissions=stored,
        invited_by_id=actor_id(actor),
    )
    audit_record_event(record=record, actor=actor, action=AuditAction.INVITE)
    words = "; ".join(GRANT_SENTENCES[p] for p in grant_permissions(role, stored) if p in GRANT_SENTENCES)
    send_mail(
        subject="You have been invited to an ALS Navigator record",
        message=(
            "Someone who keeps their ALS record on ALS Navigator has invited you to it as their "
            f"{role}. You would be able to: {words}.\n\n"
            "To accept, open this link and sign in (or create an account first):\n"
            f"{accept_url(invitation.token)}\n"
            f"The link works for {INVITATION_VALID_DAYS} days, until {invitation.expires_at:%d %B %Y}.\n\n"
            "If you do not know why you got this, you can ignore it: nothing happens unless you accept."
        ),
        from_email=None,
        recipient_list=[invitation.email],
        fail_silently=True,
    )
    return invitation


GRANT_SENTENCES: dict[Permission, str] = {
    Permission.VIEW: "see their record",
    Permission.ENTER: "enter ALSFRS-R answers and measurements",
    Permission.EDIT: "change their profile and correct entries",
}


def invitation_pending(*, token: str) -> Invitation | None:
    """The invitation with this link, if it can still be accepted (not used, cancelled or expired)."""
    sent_after = timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS)
    return (
        Invitation.objects.select_related("record")
        .filter(token=token, accepted_at__isnull=True, cancelled_at__isnull=True, created_at__gt=sent_after)
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: Account) -> AccessGrant:
    """Turn a pending invitation into access for ``user``. Raises ``InputError`` if it cannot."""
    invitation = invitation_pending(token=token)
    if invitation is None:
        raise InputError.single("invitation", "this invitation has been used, cancelled or has expired")
    record = invitation.record
    if record.owner_id == user.pk:
        raise InputError.single("invitation", "this is your own record; you already have full access")
    grant = access_grant(
        record=record,
        actor=user,
        grantee=user,
        role=invitation.role,
        permissions=invitation.permissions or None,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by_id = user.pk
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record_event(record=record, actor=user, action=AuditAction.ACCEPT_INVITATION)
    return grant


def invitation_cancel(*, record: PatientRecord, actor: Actor, invitation_id: int) -> bool:
    found = Invitation.objects.filter(
        record=record, pk=invitation_id, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    if found:
        audit_record_event(record=record, actor=actor, action=AuditAction.CANCEL_INVITATION)
    return bool(found)


@transaction.atomic
def access_revoke(*, record: PatientRecord, actor: Actor, grant_id: int) -> bool:
    """Take access away at once. Drafts the person had started are removed too."""
    grant = AccessGrant.objects.filter(record=record, pk=grant_id, revoked_at__isnull=True).first()
    if grant is None:
        return False
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    AssessmentDraft.objects.filter(record=record, user=grant.grantee).delete()
    audit_record_event(record=record, actor=actor, action=AuditAction.REVOKE_ACCESS)
    return True


# --- Import ----------------------------------------------------------------------------------


def _future_dates(parsed: CorePatientRecord, today: dt.date) -> list[Problem]:
    """Entries dated after today, as the entry forms refuse them (JSON paths of the file)."""
    problems = []
    dated: list[tuple[str, list[dt.date | None]]] = [
        ("assessments", [a.date for a in parsed.assessments]),
        ("measurements", [m.date for m in parsed.measurements]),
    ]
    for section, dates in dated:
        for index, when in enumerate(dates):
            if when is not None and when > today:
                problems.append(Problem(f"{section}[{index}].date", f"{when.isoformat()} is in the future"))
    for name in ("onset_date", "diagnosis_date", "birth_date"):
        when = getattr(parsed, name)
        if when is not None and when > today:
            problems.append(Problem(name, f"{when.isoformat()} is in the future"))
    return problems


@transaction.atomic
def record_import(*, record: PatientRecord, actor: Actor, source: str | bytes) -> CorePatientRecord:
    """Replace everything in ``record`` with a patient-record JSON file.

    The file is checked as a whole first: on any problem ``InputError`` lists them by JSON path and
    nothing is changed.
    """
    parsed = parse_record(source)
    future = _future_dates(parsed, timezone.localdate())
    if future:
        raise InputError(future)
    write_record(record=record, parsed=parsed, actor_id=actor_id(actor))
    audit_record_event(record=record, actor=actor, action=AuditAction.IMPORT)
    logger.info("patient record %s: imported %d assessments", record.pk, len(parsed.assessments))
    return parsed
