"""Writes to the catalogue: mirroring the validated content files into the database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from alsnav.kb.catalog import Catalog, load_catalog
from alsnav_web.catalog.models import SymptomVocabulary, Treatment
from alsnav_web.core.pagecache import public_pages_changed


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int
    removed: int


@transaction.atomic
def content_load(*, content_dir: Path, catalog: Catalog | None = None) -> LoadReport:
    """Validate every content file through the core, then upsert it; raises ContentError if invalid.

    ``catalog`` may pass the already validated content of ``content_dir`` (tests load it once).
    """
    catalog = catalog if catalog is not None else load_catalog(content_dir)
    existing = {row.id: row for row in Treatment.objects.all()}
    created = updated = unchanged = 0
    for entry in catalog.treatments:
        data = entry.meta.model_dump(mode="json")
        digest = hashlib.sha256((json.dumps(data, sort_keys=True) + entry.body).encode("utf-8")).hexdigest()
        row = existing.pop(entry.id, None)
        if row is not None and row.content_hash == digest:
            unchanged += 1
            continue
        fields = {
            "title": entry.title,
            "category": entry.meta.category.value,
            "data": data,
            "body": entry.body,
            "last_reviewed": entry.meta.last_reviewed,
            "next_review": entry.meta.next_review,
            "content_hash": digest,
        }
        Treatment.objects.update_or_create(id=entry.id, defaults=fields)
        if row is None:
            created += 1
        else:
            updated += 1
    removed = len(existing)
    Treatment.objects.filter(id__in=list(existing)).delete()
    if catalog.vocabulary is not None:
        SymptomVocabulary.objects.update_or_create(
            id=catalog.vocabulary.id, defaults={"data": catalog.vocabulary.model_dump(mode="json")}
        )
    # Urgent help and the glossary are read from their files, not rows: pages showing them are
    # rendered again after every load too.
    public_pages_changed()
    return LoadReport(created=created, updated=updated, unchanged=unchanged, removed=removed)
