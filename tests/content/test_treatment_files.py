"""Every real content file is valid, complete and referenced; broken files are caught with path:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alsnav.content import check_content, check_treatments, load_treatments
from alsnav.kb.models import Category, RegulatoryStatus

REQUIRED_IDS = [
    "riluzole",
    "edaravone",
    "baclofen",
    "diazepam",
    "gabapentin",
    "trihexyphenidyl",
    "amitriptyline",
    "noninvasive-ventilation",
    "tracheostomy-ventilation",
    "physical-therapy",
    "occupational-therapy",
    "speech-therapy",
    "nutritional-support",
    "feeding-tube",
    "psychological-social-support",
    "lifestyle-changes",
    "vitamin-e",
    "b-vitamins",
    "zinc",
    "genistein",
    "melatonin",
    "coenzyme-q10",
    "alpha-lipoic-acid",
    "l-carnitine",
    "ginseng",
    "red-wine",
    "egcg",
    "clinical-trials",
    "tofersen",
    "sodium-phenylbutyrate-taurursodiol",
    "methylcobalamin",
    "dextromethorphan-quinidine",
    "glycopyrrolate",
    "botulinum-toxin",
    "mexiletine",
    "tizanidine",
    "cough-assist",
    "communication-devices",
    "voice-banking",
    "mobility-aids",
    "multidisciplinary-care",
    "palliative-care",
]

# The seed page's four references, and the pages each one supports.
SEED_REFERENCES = {
    "Riluzole for amyotrophic lateral sclerosis": ["riluzole"],
    "role of physical therapy and occupational therapy": ["physical-therapy", "occupational-therapy"],
    "Nutritional considerations in the management": ["nutritional-support"],
    "Cost effectiveness of treatments for amyotrophic lateral sclerosis": ["riluzole"],
}


@pytest.fixture(scope="module")
def entries(content_dir: Path) -> dict[str, object]:
    return {t.id: t for t in load_treatments(content_dir / "treatments")}


def test_every_real_content_file_is_valid(content_dir: Path) -> None:
    problems = check_content(content_dir)
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("treatment_id", REQUIRED_IDS)
def test_required_entry_is_present_and_referenced(entries: dict[str, object], treatment_id: str) -> None:
    assert treatment_id in entries, f"missing content/treatments/{treatment_id}.md"
    entry = entries[treatment_id]
    assert entry.meta.references, "every entry cites at least one source"  # type: ignore[attr-defined]
    assert len(entry.body.split()) >= 120, "the body should explain the treatment, not just name it"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("citation", "pages"), SEED_REFERENCES.items())
def test_seed_references_appear_on_the_pages_they_support(
    entries: dict[str, object], citation: str, pages: list[str]
) -> None:
    for page in pages:
        citations = [r.citation for r in entries[page].meta.references]  # type: ignore[attr-defined]
        assert any(citation.lower() in c.lower() for c in citations), f"{page} should cite '{citation}'"


def _status(entries: dict[str, object], treatment_id: str, region: str) -> RegulatoryStatus:
    statuses = {r.region: r.status for r in entries[treatment_id].meta.regulatory}  # type: ignore[attr-defined]
    return statuses[region]


def test_regulatory_picture_is_current_not_the_seed_pages(entries: dict[str, object]) -> None:
    # The seed says "two FDA-approved drugs"; time has overtaken it.
    assert _status(entries, "riluzole", "US") is RegulatoryStatus.APPROVED
    assert _status(entries, "edaravone", "US") is RegulatoryStatus.APPROVED
    assert _status(entries, "edaravone", "EU") is RegulatoryStatus.NOT_AUTHORISED
    assert _status(entries, "tofersen", "US") is RegulatoryStatus.ACCELERATED_APPROVAL
    assert _status(entries, "sodium-phenylbutyrate-taurursodiol", "US") is RegulatoryStatus.WITHDRAWN


def test_supplements_carry_evidence_grades(entries: dict[str, object]) -> None:
    supplements = [t for t in entries.values() if t.meta.category is Category.SUPPLEMENT]  # type: ignore[attr-defined]
    assert len(supplements) >= 11
    assert all(t.meta.evidence.grades is not None for t in supplements)  # type: ignore[attr-defined]


def _shingles(text: str, size: int = 8) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_no_sentence_is_copied_from_the_seed_page(entries: dict[str, object], fixtures_dir: Path) -> None:
    seed = _shingles((fixtures_dir / "seed-page.txt").read_text(encoding="utf-8"))
    copied = {}
    for treatment_id, entry in entries.items():
        # References legitimately repeat the seed's bibliography; everything else must be our own words.
        fields = entry.meta.model_dump(mode="json", exclude={"references"})  # type: ignore[attr-defined]
        text = "\n".join([*_strings(fields), entry.body])  # type: ignore[attr-defined]
        overlap = _shingles(text) & seed
        if overlap:
            copied[treatment_id] = sorted(overlap)[:3]
    assert copied == {}


# --- Deliberately broken files ---------------------------------------------------------------

BROKEN = [
    ("unknown-key.md", 14, "colour: unknown key"),
    ("bad-category.md", 13, "category: Input should be 'disease-modifying-drug'"),
    ("bad-symptom.md", 14, "symptoms: unknown symptom code(s) drooling"),
    ("no-references.md", 78, "references: List should have at least 1 item"),
    ("id-mismatch.md", 2, "id: 'riluzole' must match the file name 'id-mismatch.md'"),
    ("review-order.md", 94, "next_review: must be after last_reviewed"),
    ("bad-status.md", 61, "regulatory.0.status: Input should be 'approved'"),
    ("no-front-matter.md", 1, "must start with a '---' line"),
    ("bad-yaml.md", 4, "YAML error"),
    ("reference-without-link.md", 79, "references.0: a reference needs at least one of pmid, doi or url"),
    ("unknown-related.md", 92, "related: unknown treatment id 'no-such-entry'"),
    ("empty-body.md", 96, "the Markdown body after the front matter is empty"),
]


@pytest.mark.parametrize(("name", "line", "message"), BROKEN)
def test_broken_file_is_reported_with_path_and_line(
    fixtures_dir: Path, name: str, line: int, message: str
) -> None:
    directory = fixtures_dir / "content" / "broken" / "treatments"
    _, problems = check_treatments(directory)
    mine = [str(p) for p in problems if Path(p.where).name == name]
    assert mine, f"{name} should be refused"
    assert any(text.startswith(f"{directory / name}:{line}: ") and message in text for text in mine), mine


def test_broken_directory_loads_nothing_and_says_why(fixtures_dir: Path) -> None:
    from alsnav.errors import ContentError

    with pytest.raises(ContentError) as caught:
        load_treatments(fixtures_dir / "content" / "broken" / "treatments")
    assert len(caught.value.problems) >= len(BROKEN)
