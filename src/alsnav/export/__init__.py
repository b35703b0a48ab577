"""Exports of a patient record to other formats (plain dicts ready for ``json.dumps``; no I/O)."""

from __future__ import annotations

from alsnav.export.fhir import FHIR_VERSION, record_to_fhir_bundle

__all__ = ["FHIR_VERSION", "record_to_fhir_bundle"]
