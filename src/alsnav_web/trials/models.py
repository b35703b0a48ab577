"""Imported ClinicalTrials.gov studies. The registry JSON is kept as given (``raw``); the other
columns are copies for listing and filtering, refreshed on every import."""

from __future__ import annotations

from django.db import models


class Study(models.Model):
    nct_id = models.CharField(primary_key=True, max_length=11)
    raw = models.JSONField(help_text="The study JSON as imported (ClinicalTrials.gov API v2 shape)")
    title = models.CharField(max_length=500)
    status = models.CharField(max_length=40, db_index=True)
    phase = models.CharField(max_length=100, blank=True)
    study_type = models.CharField(max_length=40, db_index=True)
    countries = models.JSONField(default=list)
    countries_key = models.CharField(max_length=2000, blank=True, help_text="|Country|Country| for filtering")
    site_count = models.PositiveIntegerField(default=0)
    last_update = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField()
    source = models.CharField(max_length=300, blank=True, help_text="File or address it was imported from")

    class Meta:
        ordering = ("nct_id",)
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return f"{self.nct_id}: {self.title}"

    @property
    def status_label(self) -> str:
        return self.status.replace("_", " ").capitalize() if self.status else "Unknown"

    @property
    def type_label(self) -> str:
        return {
            "INTERVENTIONAL": "Treatment study",
            "OBSERVATIONAL": "Observational study",
            "EXPANDED_ACCESS": "Expanded access programme",
        }.get(self.study_type, self.study_type.replace("_", " ").capitalize())

    @property
    def recruiting(self) -> bool:
        from alsnav.trials.ctgov import RECRUITING_STATUSES

        return self.status in RECRUITING_STATUSES
