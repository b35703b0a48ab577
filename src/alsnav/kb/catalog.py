"""The knowledge base as a read-only catalogue: look-ups and the contract's JSON shapes."""

from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alsnav.content import default_content_dir, load_symptoms, load_treatments
from alsnav.errors import NotFoundError
from alsnav.kb.models import CATEGORY_LABELS, UNVERIFIED_MARK, Category, Treatment
from alsnav.symptoms import Symptom, SymptomVocabulary


def category_values() -> list[str]:
    return [c.value for c in CATEGORY_LABELS]


@dataclass(frozen=True)
class Catalog:
    """The entries users may see. Drafts and retired entries given to it are left out."""

    treatments: list[Treatment]
    vocabulary: SymptomVocabulary | None = None
    _by_id: dict[str, Treatment] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        visible = [t for t in self.treatments if t.meta.published]
        object.__setattr__(self, "treatments", visible)
        self._by_id.update({t.id: t for t in visible})

    def get(self, treatment_id: str) -> Treatment:
        try:
            return self._by_id[treatment_id]
        except KeyError:
            raise NotFoundError(not_found_message(treatment_id, list(self._by_id))) from None

    def by_category(self) -> list[tuple[Category, list[Treatment]]]:
        groups = []
        for category in CATEGORY_LABELS:
            members = [t for t in self.treatments if t.meta.category is category]
            if members:
                groups.append((category, members))
        return groups

    def for_symptom(self, code: str) -> list[Treatment]:
        return [t for t in self.treatments if code in t.meta.symptoms]

    def symptoms_with_treatments(self) -> list[tuple[Symptom, list[Treatment]]]:
        if self.vocabulary is None:
            return []
        return [(s, self.for_symptom(s.code)) for s in self.vocabulary.symptoms if self.for_symptom(s.code)]


def not_found_message(treatment_id: str, known: list[str]) -> str:
    close = difflib.get_close_matches(treatment_id.lower(), known, n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else " Run `alsnav treatments` to list them."
    return f"id: no treatment with id '{treatment_id}'.{hint}"


def load_catalog(content_dir: Path | None = None) -> Catalog:
    root = content_dir or default_content_dir()
    vocabulary = load_symptoms(root / "symptoms.yaml") if (root / "symptoms.yaml").exists() else None
    return Catalog(treatments=load_treatments(root / "treatments"), vocabulary=vocabulary)


# --- JSON shapes of the command-line contract --------------------------------------------------


def list_item(entry: Treatment) -> dict[str, Any]:
    meta = entry.meta
    return {
        "id": meta.id,
        "title": meta.title,
        "category": meta.category.value,
        "symptoms": list(meta.symptoms),
        "last_reviewed": meta.last_reviewed.isoformat(),
        "next_review": meta.next_review.isoformat(),
    }


def full_entry(entry: Treatment) -> dict[str, Any]:
    document: dict[str, Any] = entry.meta.model_dump(mode="json", exclude_none=True)
    document["body"] = entry.body
    document["unverified_facts"] = UNVERIFIED_MARK in entry.body or UNVERIFIED_MARK in str(document)
    return document


_MARK = re.compile(r"\s*\[M\]")


def plain_text(entry: Treatment) -> str:
    """A readable terminal rendering of one entry."""
    meta = entry.meta

    def para(text: str) -> str:
        return textwrap.fill(_MARK.sub(" (unverified)", text), width=88) + "\n"

    lines = [f"{meta.title}  [{meta.category.label}]\n"]
    if meta.other_names:
        lines.append(f"Also called: {', '.join(meta.other_names)}\n")
    lines.append("\n")
    for label, text in (
        ("What it is", meta.summary.what_it_is),
        ("Who it may help", meta.summary.who_it_may_help),
        ("How it is given", meta.summary.how_it_is_given),
        ("What to watch for", meta.summary.what_to_watch_for),
        ("How it works", meta.how_it_works),
        ("The evidence", meta.evidence.bottom_line),
    ):
        lines.append(f"{label}:\n{para(text)}\n")
    if meta.regulatory:
        lines.append("Regulatory status:\n")
        for reg in meta.regulatory:
            when = f" ({reg.date.isoformat()})" if reg.date else ""
            lines.append(f"  {reg.region}: {reg.status.label}{when}\n")
        lines.append("\n")
    lines.append("References:\n")
    for ref in meta.references:
        lines.append(f"  - {ref.citation} {ref.link}\n")
    lines.append(
        f"\nLast reviewed {meta.last_reviewed.isoformat()}; next review due {meta.next_review.isoformat()}.\n"
    )
    return "".join(lines)
