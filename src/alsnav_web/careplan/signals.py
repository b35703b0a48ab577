"""Cache invalidation: any change to a record's entries drops its cached clinic-list row.

Bulk imports save the record itself afterwards, which changes ``updated_at`` and so also makes the
row stale (see :func:`alsnav_web.careplan.selectors.refresh_clinic_rows`).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from alsnav_web.careplan.models import ClinicRow
from alsnav_web.patients.models import Assessment, Intervention, Measurement, Medication, Symptom


def _drop_row(sender: Any, instance: Any, **kwargs: Any) -> None:
    ClinicRow.objects.filter(record_id=instance.record_id).delete()


def connect() -> None:
    for model in (Assessment, Measurement, Medication, Intervention, Symptom):
        post_save.connect(_drop_row, sender=model, dispatch_uid=f"careplan-row-{model.__name__}-save")
        post_delete.connect(_drop_row, sender=model, dispatch_uid=f"careplan-row-{model.__name__}-delete")
