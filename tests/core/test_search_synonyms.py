"""content/search-synonyms.yaml: reviewed like any content (schema, ids, path:line errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alsnav.errors import ContentError
from alsnav.kb.catalog import load_catalog
from alsnav.search import load_index
from alsnav.search.vocabulary import SYNONYMS_FILE, check_search_synonyms, load_search_synonyms

HEADER = "id: search-synonyms\nstatus: published\nlast_reviewed: 2026-11-26\nsources: [NICE NG42]\nentries:\n"


def test_the_real_file_is_valid_and_names_only_real_treatments(content_dir: Path) -> None:
    ids = {t.id for t in load_catalog(content_dir).treatments}
    synonyms, problems = check_search_synonyms(content_dir / SYNONYMS_FILE, ids)
    assert problems == [] and synonyms is not None
    assert synonyms.sources and synonyms.entries


def test_the_real_file_takes_effect_in_search(content_dir: Path) -> None:
    index = load_index(content_dir)
    assert index.search("cpap machine").results[0].id == "noninvasive-ventilation"
    assert index.search("tobii dynavox").results[0].id == "communication-devices"


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        (
            "  - terms: [niv]\n    treatments: [noninvasive-ventilation]\n    colour: red\n",
            ":8:",
            "unknown key",
        ),
        ("  - terms: [niv]\n", ":6:", "means"),
        ("  - terms: []\n    means: [ventilation]\n", ":6:", "terms"),
        ("  - terms: [niv]\n    treatments: [Not An Id]\n", ":7:", "treatments.0"),
    ],
)
def test_a_broken_entry_is_reported_with_path_and_line(
    tmp_path: Path, body: str, where: str, message: str
) -> None:
    path = tmp_path / SYNONYMS_FILE
    path.write_text(HEADER + body)
    synonyms, problems = check_search_synonyms(path)
    assert synonyms is None and problems
    text = "\n".join(str(p) for p in problems)
    assert str(path) + where in text and message in text


def test_an_unknown_treatment_id_is_named(tmp_path: Path) -> None:
    path = tmp_path / SYNONYMS_FILE
    path.write_text(HEADER + "  - terms: [niv]\n    treatments: [no-such-entry]\n")
    _, problems = check_search_synonyms(path, {"noninvasive-ventilation"})
    assert [str(p) for p in problems] == [
        f"{path}:7: entries.0.treatments.0: unknown treatment id 'no-such-entry'"
    ]


def test_loading_an_invalid_file_raises_content_error_and_a_missing_one_is_none(tmp_path: Path) -> None:
    assert load_search_synonyms(tmp_path / SYNONYMS_FILE) is None
    (tmp_path / SYNONYMS_FILE).write_text("id: x\n")
    with pytest.raises(ContentError):
        load_search_synonyms(tmp_path / SYNONYMS_FILE)
