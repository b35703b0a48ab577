"""Retired and draft entries stay in the files for editors but never reach readers."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from alsnav.cli import main
from alsnav.kb.catalog import load_catalog

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _content_with(tmp_path: Path, statuses: dict[str, str]) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    for treatment_id, status in statuses.items():
        path = root / "treatments" / f"{treatment_id}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("status: published", f"status: {status}", 1), encoding="utf-8")
    return root


def test_retired_and_draft_entries_are_not_listed_or_found(tmp_path: Path) -> None:
    root = _content_with(tmp_path, {"zinc": "retired", "ginseng": "draft"})
    catalog = load_catalog(root)
    ids = {t.id for t in catalog.treatments}
    assert "zinc" not in ids and "ginseng" not in ids and "riluzole" in ids
    out = io.StringIO()
    assert main(["--content", str(root), "treatments", "--json"], out=out) == 0
    assert {item["id"] for item in json.loads(out.getvalue())} == ids
    assert main(["--content", str(root), "treatment", "zinc", "--json"], out=io.StringIO()) == 2
