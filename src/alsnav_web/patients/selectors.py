"""Reads of patient records: who may do what, and stored rows -> the core's validated record.

Access rules live in one table, :data:`ROLE_PERMISSIONS` (mirrored in the README, and walked by
``tests/web/patients/test_permissions.py`` over every patient route):

* ``VIEW`` — read the record: overview, progress, profile, entries, summary, exports, care plan;
* ``ENTER`` — add ALSFRS-R assessments and measurements, and delete the entries one made oneself
  (a mistyped entry can be undone by whoever typed it);
* ``EDIT`` — change the profile (facts, medicines, equipment, symptoms) and correct anyone's ALSFRS-R;
* ``DELETE`` — delete anyone's entries;
* ``MANAGE_SHARING`` — give and take away access, and see who read or changed the record;
* ``MANAGE_RECORD`` — settings, import a record file (which replaces everything), download all
  data, delete the record.

The owner (the person with ALS) has every permission. ``ROLE_PERMISSIONS`` is the most a role may
be given; the owner chooses per person (``AccessGrant.permissions``) which of VIEW, ENTER and EDIT a
caregiver or clinician gets, and a new grant gives ``DEFAULT_GRANT`` (view and enter). Anyone
else is told the record does not exist
(:class:`~alsnav.errors.NotFoundError`, 404); someone with access whose role does not allow the
action gets :class:`~alsnav.errors.AccessDenied` (403). The web and API adapters map these two core
errors to responses in one place each.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from alsnav.errors import AccessDenied, NotFoundError
from alsnav.record import PatientRecord as CorePatientRecord
from alsnav_web.core.actors import Account, Actor
from alsnav_web.patients.mapper import stored_record
from alsnav_web.patients.models import (
    AccessGrant,
    Assessment,
    AuditEvent,
    Intervention,
    Invitation,
    PatientRecord,
    Role,
)

User = Actor


class Permission(enum.Enum):
    VIEW = "view"
    ENTER = "enter"
    EDIT = "edit"
    DELETE = "delete"
    MANAGE_SHARING = "manage_sharing"
    MANAGE_RECORD = "manage_record"


#: What each permission lets a person do, in plain words (the README's table says the same).
PERMISSION_WORDS: dict[Permission, str] = {
    Permission.VIEW: "see the record: progress, profile, entries, summary, exports and the care plan",
    Permission.ENTER: "add ALSFRS-R scores and measurements, and delete the entries they made",
    Permission.EDIT: "change the profile: facts, medicines, equipment and symptoms",
    Permission.DELETE: "delete any entry",
    Permission.MANAGE_SHARING: "give and take away access, and see the activity log",
    Permission.MANAGE_RECORD: "change settings, import a record file, download all data, delete the record",
}

#: The one table of who may do what: the most each role may be given. The owner has everything;
#: the owner chooses, per person, which of their role's permissions a caregiver or clinician gets.
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.CLINICIAN: frozenset({Permission.VIEW, Permission.ENTER, Permission.EDIT}),
    Role.CAREGIVER: frozenset({Permission.VIEW, Permission.ENTER, Permission.EDIT}),
}

#: What a new grant gives unless the owner chooses otherwise (always within ROLE_PERMISSIONS).
DEFAULT_GRANT: dict[str, frozenset[Permission]] = {
    Role.OWNER: ROLE_PERMISSIONS[Role.OWNER],
    Role.CLINICIAN: frozenset({Permission.VIEW, Permission.ENTER}),
    Role.CAREGIVER: frozenset({Permission.VIEW, Permission.ENTER}),
}

#: The permissions an owner may choose per person, in the order the sharing form shows them.
GRANTABLE: tuple[Permission, ...] = (Permission.VIEW, Permission.ENTER, Permission.EDIT)

#: How the sharing page names each choosable permission.
GRANT_WORDS: dict[Permission, str] = {
    Permission.VIEW: "See the record: progress, profile, care plan, summary and entries",
    Permission.ENTER: "Enter ALSFRS-R answers and measurements (and change or delete their own)",
    Permission.EDIT: "Change the profile and correct anyone's ALSFRS-R",
}


def grant_permissions(role: str, stored: list[str] | None) -> frozenset[Permission]:
    """What a grant (or invitation) with ``stored`` permission values gives: those values within
    ``ROLE_PERMISSIONS[role]``, or the role's default when none are stored."""
    if not stored:
        return DEFAULT_GRANT[role]
    chosen = {p for p in Permission if p.value in stored}
    return frozenset(chosen) & ROLE_PERMISSIONS[role]


#: Who most likely gave the ALSFRS-R answers, by the role of the person entering them (a default
#: the form shows pre-selected; the person can change it).
DEFAULT_ANSWERED_BY: dict[str, str] = {
    Role.OWNER: "self",
    Role.CAREGIVER: "caregiver",
    Role.CLINICIAN: "clinician",
}


@dataclass(frozen=True)
class RecordAccess:
    """A record, the role the current user holds on it, and that user's id."""

    record: PatientRecord
    role: str
    user_id: int | None = None
    #: what this person's grant gives (``None``: the role's default grant)
    granted: frozenset[Permission] | None = None

    @property
    def permissions(self) -> frozenset[Permission]:
        given = self.granted if self.granted is not None else DEFAULT_GRANT[self.role]
        return given & ROLE_PERMISSIONS[self.role]

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise AccessDenied("Your access to this record does not allow this")

    def can_delete_entry(self, entered_by_id: int | None) -> bool:
        """Anyone with DELETE; with ENTER, the entries one entered oneself."""
        if self.can(Permission.DELETE):
            return True
        return self.can(Permission.ENTER) and entered_by_id is not None and entered_by_id == self.user_id

    def can_edit_entry(self, entered_by_id: int | None) -> bool:
        """Change an entry: anyone with EDIT; with ENTER, the entries one entered oneself."""
        if self.can(Permission.EDIT):
            return True
        return self.can(Permission.ENTER) and entered_by_id is not None and entered_by_id == self.user_id

    @property
    def can_view(self) -> bool:
        return self.can(Permission.VIEW)

    @property
    def can_enter(self) -> bool:
        return self.can(Permission.ENTER)

    @property
    def can_edit(self) -> bool:
        return self.can(Permission.EDIT)

    @property
    def can_delete(self) -> bool:
        return self.can(Permission.DELETE)

    @property
    def can_manage_sharing(self) -> bool:
        return self.can(Permission.MANAGE_SHARING)

    @property
    def can_manage_record(self) -> bool:
        return self.can(Permission.MANAGE_RECORD)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN


def record_role(*, record: PatientRecord, user: User) -> str | None:
    """The role ``user`` holds on ``record``: owner, an active grant's role, or ``None``."""
    found = _role_and_permissions(record=record, user=user)
    return None if found is None else found[0]


def _role_and_permissions(*, record: PatientRecord, user: User) -> tuple[str, frozenset[Permission]] | None:
    if not user.is_authenticated:
        return None
    if record.owner_id == user.pk:
        return Role.OWNER.value, ROLE_PERMISSIONS[Role.OWNER]
    grant = (
        AccessGrant.objects.filter(record=record, grantee_id=user.pk, revoked_at__isnull=True)
        .values_list("role", "permissions")
        .first()
    )
    if grant is None:
        return None
    role, stored = grant
    return role, grant_permissions(role, stored)


def record_access(*, user: User, public_id: uuid.UUID | str, need: Permission) -> RecordAccess:
    """The record with ``public_id`` if ``user`` may ``need`` it.

    Raises :class:`~alsnav.errors.NotFoundError` when there is no such record or the user has no
    access at all, and :class:`~alsnav.errors.AccessDenied` when their role does not allow ``need``.
    """
    try:
        record = PatientRecord.objects.select_related("owner").get(public_id=public_id)
    except (PatientRecord.DoesNotExist, ValueError, TypeError, ValidationError):
        raise NotFoundError("No such record") from None
    found = _role_and_permissions(record=record, user=user)
    if found is None:
        raise NotFoundError("No such record")
    role, granted = found
    access = RecordAccess(record=record, role=role, user_id=user.pk, granted=granted)
    access.require(need)
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
        accesses.append(RecordAccess(record=own, role=Role.OWNER.value, user_id=user.pk))
    accesses.extend(
        RecordAccess(
            record=g.record, role=g.role, user_id=user.pk, granted=grant_permissions(g.role, g.permissions)
        )
        for g in records_shared_with(user=user)
    )
    return accesses


def grants_of(*, record: PatientRecord) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(record=record).select_related("grantee").order_by("-granted_at", "-id")


def invitations_of(*, record: PatientRecord) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer, newest first."""
    return Invitation.objects.filter(record=record, accepted_at__isnull=True, cancelled_at__isnull=True)


def audit_events_of(*, record: PatientRecord) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(record=record).select_related("actor").order_by("-at", "-id")


def record_name(record: PatientRecord) -> str:
    """How the person whose record it is is named on its pages: the record's display name, else
    their account's full name, else their user name."""
    return record.display_name or display_name(record.owner)


def display_name(user: Account | None) -> str:
    """How an account is named to others: full name, else user name."""
    if user is None:
        return "A deleted account"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())


# --- The record as the core sees it ---------------------------------------------------------


def record_snapshot(*, record: PatientRecord) -> CorePatientRecord:
    """The stored record as the core's immutable, validated ``PatientRecord``."""
    return stored_record(record=record).core


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
