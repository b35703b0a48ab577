"""Care-plan storage: reminder opt-ins, the reminder sent-log, and a cache of clinic-list rows.

The care plan itself is never stored: it is computed from the record by the core
(:mod:`alsnav.careplan`) whenever it is shown.
"""

from __future__ import annotations

from django.db import models

from alsnav_web.patients.models import PatientRecord

#: How long without a new ALSFRS-R before a reminder, in days (the person chooses).
ALSFRS_INTERVAL_CHOICES = (
    (14, "2 weeks"),
    (28, "4 weeks"),
    (42, "6 weeks"),
    (56, "8 weeks"),
    (84, "12 weeks"),
)


class ReminderPreference(models.Model):
    """The owner's opt-in to e-mail reminders, and how often to be reminded about the ALSFRS-R."""

    record = models.OneToOneField(PatientRecord, on_delete=models.CASCADE, related_name="reminder_preference")
    enabled = models.BooleanField(default=False)
    alsfrs_interval_days = models.PositiveSmallIntegerField(choices=ALSFRS_INTERVAL_CHOICES, default=28)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reminders {'on' if self.enabled else 'off'} for {self.record_id}"


class ReminderSent(models.Model):
    """One reminder e-mailed: never twice for the same record, item and due date."""

    record = models.ForeignKey(PatientRecord, on_delete=models.CASCADE, related_name="reminders_sent")
    item = models.CharField(max_length=40)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("record", "item", "due_date"), name="careplan_reminder_once"),
        )

    def __str__(self) -> str:
        return f"{self.item} due {self.due_date.isoformat()}"


class ClinicRow(models.Model):
    """A cached row of the clinic list.

    Valid while it was computed today and the record's ``updated_at`` is unchanged; any saved or
    deleted assessment, measurement, medicine, equipment or symptom deletes it (``signals.py``).
    """

    record = models.OneToOneField(
        PatientRecord, on_delete=models.CASCADE, primary_key=True, related_name="clinic_row"
    )
    record_updated_at = models.DateTimeField()  # the record's updated_at when computed
    computed_on = models.DateField()
    attention = models.IntegerField(default=0)
    high_count = models.PositiveSmallIntegerField(default=0)
    overdue_count = models.PositiveSmallIntegerField(default=0)
    latest_total = models.PositiveSmallIntegerField(null=True)
    latest_date = models.DateField(null=True)
    slope = models.FloatField(null=True)
    kings = models.CharField(max_length=10, blank=True)
    mitos = models.PositiveSmallIntegerField(null=True)
    fvc = models.FloatField(null=True)
    fvc_date = models.DateField(null=True)
    weight_change = models.FloatField(null=True)
    high_titles = models.JSONField(default=list)
    overdue_labels = models.JSONField(default=list)
    deceased = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"clinic row of {self.record_id}"
