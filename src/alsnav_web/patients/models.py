"""Patient records as stored: one record per person with ALS, who may share it, and its audit log.

Value sets and their labels (sex, onset region, diagnosis, cognition, position, who answered)
come from :mod:`alsnav.terms`, the core's one vocabulary; the choices below are built from it.

The stored rows always make a valid patient record (``docs/contracts/patient-record.md``): every
write goes through :mod:`alsnav_web.patients.services`, which checks the would-be record with the
core parser before saving. Reads turn the rows back into the core's ``PatientRecord``
(:func:`alsnav_web.patients.selectors.record_snapshot`) and let the core score and stage it.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from alsnav import terms
from alsnav.record import MEASUREMENT_TYPES, REQUIRED_ITEM_KEYS


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    CAREGIVER = "caregiver", "Caregiver"
    CLINICIAN = "clinician", "Clinician"


class PatientRecord(models.Model):
    """The record of one person with ALS. The owner is that person; nobody else owns it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_record"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # How the person is named on their record's pages, the clinic summary and to the people they
    # share with (not the account's user name), and their clinic's number for them. Web-only
    # fields: not part of the record exchange format (docs/contracts/patient-record.md).
    display_name = models.CharField(max_length=100, blank=True)
    clinic_number = models.CharField(max_length=50, blank=True)

    # The record's own identifier (``id`` in the JSON format), echoed back on export.
    external_id = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=10, choices=terms.SEX, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    onset_date = models.DateField(null=True, blank=True)
    diagnosis_date = models.DateField(null=True, blank=True)
    onset_region = models.CharField(max_length=20, choices=terms.ONSET_REGION, blank=True)
    diagnosis_criteria = models.CharField(max_length=30, choices=terms.CRITERIA, blank=True)
    diagnosis_category = models.CharField(max_length=40, choices=terms.DIAGNOSTIC_CATEGORY, blank=True)
    genetics = models.JSONField(default=dict, blank=True, help_text="gene -> positive/negative/unknown")
    cognition = models.CharField(max_length=10, choices=terms.COGNITION, blank=True)
    in_multidisciplinary_clinic = models.BooleanField(null=True, blank=True)
    premorbid_weight_kg = models.FloatField(null=True, blank=True)
    height_cm = models.FloatField(null=True, blank=True)
    deceased = models.BooleanField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)

    # Settings the owner controls.
    prognosis_opt_in = models.BooleanField(
        default=False,
        help_text="the owner asked for the ENCALS survival estimate to be shown to their clinicians",
    )

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"Patient record {self.public_id}"


class AccessGrant(models.Model):
    """Access the owner gave another account. Revoking sets ``revoked_at``; the row stays for the log."""

    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="grants")
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_grants"
    )
    role = models.CharField(
        max_length=10, choices=[(Role.CAREGIVER.value, "Caregiver"), (Role.CLINICIAN.value, "Clinician")]
    )
    #: What this person may do (``Permission`` values), chosen by the owner within what the role
    #: may be given (``selectors.ROLE_PERMISSIONS``); an empty list means the role's default
    #: (``selectors.DEFAULT_GRANT``).
    permissions = models.JSONField(default=list, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-granted_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("record", "grantee"),
                condition=Q(revoked_at__isnull=True),
                name="patients_one_active_grant_per_person",
            ),
        )

    def __str__(self) -> str:
        return f"{self.role} access to {self.record_id}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


#: An invitation link works for this many days (a product choice: long enough for a busy caregiver
#: or clinic to answer, short enough that a forgotten e-mail does not open a record years later).
INVITATION_VALID_DAYS = 14


class Invitation(models.Model):
    """Access offered to an e-mail address. It is pending until someone signed in opens the link
    (``token``) and accepts within :data:`INVITATION_VALID_DAYS`; only then does it become an
    :class:`AccessGrant`. Whether the address has an account is never looked up or shown."""

    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    role = models.CharField(
        max_length=10, choices=[(Role.CAREGIVER.value, "Caregiver"), (Role.CLINICIAN.value, "Clinician")]
    )
    permissions = models.JSONField(default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"invitation to {self.record_id} ({self.role})"

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=INVITATION_VALID_DAYS)

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Assessment(models.Model):
    """One ALSFRS-R on one date. Exactly one of ``item_5a`` / ``item_5b`` is set."""

    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField()
    item_1 = models.PositiveSmallIntegerField()
    item_2 = models.PositiveSmallIntegerField()
    item_3 = models.PositiveSmallIntegerField()
    item_4 = models.PositiveSmallIntegerField()
    item_5a = models.PositiveSmallIntegerField(null=True, blank=True)
    item_5b = models.PositiveSmallIntegerField(null=True, blank=True)
    item_6 = models.PositiveSmallIntegerField()
    item_7 = models.PositiveSmallIntegerField()
    item_8 = models.PositiveSmallIntegerField()
    item_9 = models.PositiveSmallIntegerField()
    item_10 = models.PositiveSmallIntegerField()
    item_11 = models.PositiveSmallIntegerField()
    item_12 = models.PositiveSmallIntegerField()
    answered_by = models.CharField(max_length=10, choices=terms.ANSWERED_BY, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("date",)
        constraints = (
            models.UniqueConstraint(fields=("record", "date"), name="patients_one_assessment_per_day"),
            models.CheckConstraint(
                condition=Q(item_5a__isnull=True, item_5b__isnull=False)
                | Q(item_5a__isnull=False, item_5b__isnull=True),
                name="patients_item5_a_or_b",
            ),
        )

    def __str__(self) -> str:
        return f"ALSFRS-R of {self.date.isoformat()}"

    def scores(self) -> dict[str, int]:
        """Item scores keyed as in the record format (``"1"`` … ``"12"``, ``"5a"`` or ``"5b"``)."""
        scores: dict[str, int] = {key: getattr(self, f"item_{key}") for key in REQUIRED_ITEM_KEYS}
        if self.item_5b is not None:
            scores["5b"] = self.item_5b
        elif self.item_5a is not None:
            scores["5a"] = self.item_5a
        return scores


class Measurement(models.Model):
    """One measurement; ``type`` fixes the unit (see ``alsnav.terms.MEASUREMENTS``)."""

    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField()
    type = models.CharField(max_length=30, choices=[(t, t) for t in MEASUREMENT_TYPES])
    value = models.FloatField()
    position = models.CharField(max_length=10, choices=terms.POSITION, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("date", "type", "id")
        indexes = (models.Index(fields=("record", "type", "date")),)

    def __str__(self) -> str:
        return f"{self.type} on {self.date.isoformat()}"


class Medication(models.Model):
    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="medications")
    name = models.CharField(max_length=100)
    start_date = models.DateField(null=True, blank=True)
    stop_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("start_date", "id")

    def __str__(self) -> str:
        return self.name


class Intervention(models.Model):
    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="interventions")
    type = models.CharField(max_length=60)
    start_date = models.DateField(null=True, blank=True)
    stop_date = models.DateField(null=True, blank=True)
    refused = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ("start_date", "id")

    def __str__(self) -> str:
        return self.type


class Symptom(models.Model):
    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="symptoms")
    code = models.CharField(max_length=40)
    since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("code", "id")

    def __str__(self) -> str:
        return self.code


class AssessmentDraft(models.Model):
    """An ALSFRS-R being entered one question at a time: the answers so far, kept on the server."""

    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    answered_by = models.CharField(max_length=10, choices=terms.ANSWERED_BY)
    gastrostomy = models.BooleanField()
    answers = models.JSONField(default=dict)
    step = models.PositiveSmallIntegerField(
        default=0, help_text="index of the question on screen; 12 = check"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("record", "user"), name="patients_one_draft_each"),)

    def __str__(self) -> str:
        return f"draft ALSFRS-R of {self.date.isoformat()}"


class AuditAction(models.TextChoices):
    VIEW_DASHBOARD = "view_dashboard", "Opened the record's overview"
    VIEW_PROGRESS = "view_progress", "Viewed the progress page"
    VIEW_PROFILE = "view_profile", "Viewed the profile"
    VIEW_SUMMARY = "view_summary", "Viewed the printable summary"
    VIEW_ENTRIES = "view_entries", "Viewed the list of entries"
    VIEW_AUDIT = "view_audit", "Viewed this log"
    VIEW_SHARING = "view_sharing", "Viewed the sharing settings"
    VIEW_API = "view_api", "Read the record through the API"
    VIEW_CARE_PLAN = "view_care_plan", "Viewed the care plan"
    VIEW_TRIALS = "view_trials", "Checked clinical trials against the record"
    EXPORT_JSON = "export_json", "Exported the record (JSON)"
    EXPORT_FHIR = "export_fhir", "Exported the record (FHIR)"
    DOWNLOAD = "download", "Downloaded all the data"
    CREATE_RECORD = "create_record", "Created the record"
    UPDATE_PROFILE = "update_profile", "Changed the profile"
    ADD_ASSESSMENT = "add_assessment", "Added an ALSFRS-R"
    CHANGE_ASSESSMENT = "change_assessment", "Changed an ALSFRS-R (the earlier answers are kept here)"
    DELETE_ASSESSMENT = "delete_assessment", "Deleted an ALSFRS-R"
    ADD_MEASUREMENT = "add_measurement", "Added measurements"
    DELETE_MEASUREMENT = "delete_measurement", "Deleted a measurement"
    IMPORT = "import", "Imported a record file"
    GRANT_ACCESS = "grant_access", "Gave someone access"
    INVITE = "invite", "Invited someone by e-mail"
    ACCEPT_INVITATION = "accept_invitation", "Accepted an invitation"
    CANCEL_INVITATION = "cancel_invitation", "Cancelled an invitation"
    CHANGE_ACCESS = "change_access", "Changed what someone may do"
    REVOKE_ACCESS = "revoke_access", "Took access away"
    CHANGE_SETTINGS = "change_settings", "Changed a setting"


class AuditEvent(models.Model):
    """One read or write of a record: who, when, what, which record (and, for a change, what it replaced)."""

    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    #: What a change replaced, where it would otherwise be lost (e.g. the earlier answers of a
    #: changed ALSFRS-R). It may hold record data: the log is shown to the owner only.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=("record", "-at")),)

    def __str__(self) -> str:
        return f"{self.action} at {self.at.isoformat()}"
