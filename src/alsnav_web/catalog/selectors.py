"""Reads of the catalogue: database rows -> the core's validated models."""

from __future__ import annotations

from alsnav.kb.catalog import Catalog
from alsnav.kb.models import Treatment as TreatmentEntry
from alsnav.kb.models import TreatmentMeta
from alsnav.symptoms import SymptomVocabulary as Vocabulary
from alsnav_web.catalog.models import SymptomVocabulary, Treatment

_cache: dict[str, tuple[object, Catalog]] = {}


def _entry(row: Treatment) -> TreatmentEntry:
    return TreatmentEntry(meta=TreatmentMeta.model_validate(row.data), body=row.body, path=f"db:{row.id}")


def catalog_current() -> Catalog:
    """The whole catalogue, rebuilt only when the stored content changes."""
    stamp = (
        Treatment.objects.order_by("-updated_at").values_list("updated_at", flat=True).first(),
        Treatment.objects.count(),
        SymptomVocabulary.objects.order_by("-updated_at").values_list("updated_at", flat=True).first(),
    )
    cached = _cache.get("catalog")
    if cached is not None and cached[0] == stamp:
        return cached[1]
    vocabulary_row = SymptomVocabulary.objects.first()
    vocabulary = Vocabulary.model_validate(vocabulary_row.data) if vocabulary_row else None
    entries = sorted((_entry(row) for row in Treatment.objects.all()), key=lambda t: t.title.casefold())
    catalog = Catalog(treatments=entries, vocabulary=vocabulary)
    _cache["catalog"] = (stamp, catalog)
    return catalog


def treatment_get(*, treatment_id: str) -> TreatmentEntry:
    """One treatment; raises NotFoundError naming close matches."""
    return catalog_current().get(treatment_id)
