"""A simple JSON-file store of imported studies for the command line (the web app uses its database).

One file per study, ``<DIR>/<NCT id>.json``: ``{"nct_id", "last_update", "imported_at", "study"}``
where ``study`` is the registry JSON as imported. The directory is ``--store DIR``, else
``$ALSNAV_TRIALS_DIR``, else ``var/trials/`` under the current directory.

Upsert rule (shared with the web import): a study not yet stored is *created*; a stored study is
*updated* when the incoming last-update date is later, or when neither has a date and the JSON
differs; otherwise it is *unchanged* (the same or an older version), so importing the same data
twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alsnav.errors import InputError, Problem
from alsnav.trials.ctgov import Study, parse_study, read_path

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def default_store_dir() -> Path:
    configured = os.environ.get("ALSNAV_TRIALS_DIR")
    return Path(configured) if configured else Path("var") / "trials"


def upsert_decision(incoming: Study, stored_last_update: dt.date | None, stored_raw: Any | None) -> str:
    """``created``, ``updated`` or ``unchanged`` for ``incoming`` against what is stored."""
    if stored_raw is None:
        return CREATED
    new = incoming.last_update
    if new is not None and stored_last_update is not None:
        return UPDATED if new > stored_last_update else UNCHANGED
    if new is not None and stored_last_update is None:
        return UPDATED
    if new is None and stored_last_update is not None:
        return UNCHANGED
    return UNCHANGED if stored_raw == incoming.raw else UPDATED


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    bad_files: list[str] = field(default_factory=list)

    def record(self, decision: str, nct_id: str) -> None:
        {CREATED: self.created, UPDATED: self.updated, UNCHANGED: self.unchanged}[decision].append(nct_id)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "files": self.files,
            "files_with_problems": len(self.bad_files),
        }


class TrialStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, nct_id: str) -> Path:
        return self.directory / f"{nct_id}.json"

    def _read(self, nct_id: str) -> dict[str, Any] | None:
        path = self._file(nct_id)
        if not path.exists():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def upsert(self, study: Study, imported_at: dt.datetime) -> str:
        stored = self._read(study.nct_id)
        last = stored.get("last_update") if stored else None
        decision = upsert_decision(
            study, dt.date.fromisoformat(last) if last else None, stored.get("study") if stored else None
        )
        if decision == UNCHANGED:
            return decision
        self.directory.mkdir(parents=True, exist_ok=True)
        document = {
            "nct_id": study.nct_id,
            "last_update": study.last_update.isoformat() if study.last_update else None,
            "imported_at": imported_at.isoformat(),
            "study": study.raw,
        }
        target = self._file(study.nct_id)
        temporary = target.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        temporary.replace(target)
        return decision

    def import_path(self, path: Path, imported_at: dt.datetime) -> ImportResult:
        """Import every file under ``path``. A malformed file contributes nothing (its problems
        are listed); the other files of a folder are still imported."""
        result = ImportResult()
        for file_result in read_path(path):
            result.files += 1
            if file_result.problems:
                result.problems.extend(file_result.problems)
                result.bad_files.append(str(file_result.path))
                continue
            for study in file_result.studies:
                result.record(self.upsert(study, imported_at), study.nct_id)
        return result

    def studies(self) -> list[Study]:
        """Every stored study (a damaged store file is an :class:`InputError`)."""
        if not self.directory.is_dir():
            return []
        out = []
        problems = []
        for file in sorted(self.directory.glob("NCT*.json")):
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
                out.append(parse_study(data["study"], str(file), "study"))
            except InputError as exc:
                problems.extend(exc.problems)
            except (ValueError, KeyError, TypeError):
                problems.append(Problem(str(file), "not a stored study; re-import it"))
        if problems:
            raise InputError(problems)
        return out

    def imported_at(self) -> dt.datetime | None:
        """When the latest import wrote a study (shown with the listing)."""
        latest = None
        for file in self.directory.glob("NCT*.json") if self.directory.is_dir() else ():
            stamp = json.loads(file.read_text(encoding="utf-8")).get("imported_at")
            if stamp and (latest is None or stamp > latest):
                latest = stamp
        return dt.datetime.fromisoformat(latest) if latest else None
