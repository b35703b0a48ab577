"""Reads of the catalogue: database rows -> the core's validated models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings

from alsnav.kb.catalog import Catalog
from alsnav.kb.glossary import GLOSSARY_FILE, Glossary, load_glossary
from alsnav.kb.models import Treatment as TreatmentEntry
from alsnav.kb.models import TreatmentMeta
from alsnav.kb.urgent import URGENT_HELP_FILE, UrgentHelp, load_urgent_help
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


# --- Reviewed files read straight from the content directory (issue 13) ----------------------
# Urgent help and the glossary are small single files: the core validates them; they are kept
# per file version (modification time and size), so an edit shows without a restart.

_files: dict[str, tuple[tuple[int, int], object]] = {}
_Item = TypeVar("_Item")


def _content_dir() -> Path:
    return Path(settings.ALSNAV_CONTENT_DIR)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def _current(filename: str, load: Callable[[Path], _Item | None]) -> _Item | None:
    """A content file's validated model, read again only when the file changes on disk."""
    stamp = _stamp(_content_dir() / filename)
    cached = _files.get(filename)
    if cached is not None and cached[0] == stamp:
        return cached[1]  # type: ignore[return-value]  # stored by this function for this filename
    item = load(_content_dir())
    _files[filename] = (stamp, item)
    return item


def urgent_help_current() -> UrgentHelp | None:
    """The urgent-help content (None if the content directory has none)."""
    return _current(URGENT_HELP_FILE, load_urgent_help)


def glossary_current() -> Glossary | None:
    """The glossary (None if the content directory has none)."""
    return _current(GLOSSARY_FILE, load_glossary)
