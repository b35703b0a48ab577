"""Writes: import studies into the database through the core parser (same rules as the CLI)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from alsnav.trials import ctgov
from alsnav.trials.store import UNCHANGED, ImportResult, upsert_decision
from alsnav_web.trials.models import Study


def _fields(study: ctgov.Study, now: dt.datetime, source: str) -> dict[str, object]:
    countries = list(study.countries)
    return {
        "raw": study.raw,
        "title": study.title[:500],
        "status": study.status,
        "phase": study.phase_label[:100],
        "study_type": study.study_type,
        "countries": countries,
        "site_count": len(study.locations),
        "countries_key": ("|" + "|".join(countries) + "|")[:2000] if countries else "",
        "last_update": study.last_update,
        "imported_at": now,
        "source": source[:300],
    }


def study_upsert(*, study: ctgov.Study, now: dt.datetime, source: str = "") -> str:
    """Create or update one study (upsert by NCT id); unchanged when the stored version is as new."""
    stored = Study.objects.filter(nct_id=study.nct_id).values("last_update", "raw").first()
    decision = upsert_decision(
        study, stored["last_update"] if stored else None, stored["raw"] if stored else None
    )
    if decision != UNCHANGED:
        Study.objects.update_or_create(nct_id=study.nct_id, defaults=_fields(study, now, source))
    return decision


def trials_import(*, path: Path, now: dt.datetime) -> ImportResult:
    """Import a study file, a ``studies`` response or a folder of either.

    A malformed file contributes nothing (its problems are returned); the others are imported,
    each file in one transaction.
    """
    result = ImportResult()
    for file_result in ctgov.read_path(path):
        result.files += 1
        if file_result.problems:
            result.problems.extend(file_result.problems)
            result.bad_files.append(str(file_result.path))
            continue
        with transaction.atomic():
            for study in file_result.studies:
                result.record(study_upsert(study=study, now=now, source=file_result.path.name), study.nct_id)
    return result
