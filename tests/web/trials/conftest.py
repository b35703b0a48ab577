"""Fixtures of the trial-page tests: the ClinicalTrials.gov fixtures imported into the database,
plus an observational study and an expanded-access programme, and a fixed "today"."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

CTGOV = Path(__file__).resolve().parents[2] / "fixtures" / "ctgov"
TODAY = dt.date(2026, 6, 1)


def extra_studies() -> dict[str, Any]:
    sample = json.loads((CTGOV / "als-trials-sample.json").read_text(encoding="utf-8"))["studies"]
    healey = next(s for s in sample if s["protocolSection"]["identificationModule"]["nctId"] == "NCT04297683")
    observational = copy.deepcopy(healey)
    p = observational["protocolSection"]
    p["identificationModule"] = {"nctId": "NCT09100001", "briefTitle": "ALS natural history registry"}
    p["designModule"] = {"studyType": "OBSERVATIONAL"}
    p["eligibilityModule"] = {"eligibilityCriteria": "Inclusion Criteria:\n* Diagnosis of ALS", "sex": "ALL"}
    p["contactsLocationsModule"] = {
        "locations": [{"facility": "UMC Utrecht", "city": "Utrecht", "country": "Netherlands"}]
    }
    expanded = copy.deepcopy(observational)
    p = expanded["protocolSection"]
    p["identificationModule"] = {
        "nctId": "NCT09100002",
        "briefTitle": "Expanded access to an investigational ALS drug",
    }
    p["designModule"] = {"studyType": "EXPANDED_ACCESS"}
    p["statusModule"] = {"overallStatus": "AVAILABLE"}
    late_window = copy.deepcopy(healey)
    p = late_window["protocolSection"]
    p["identificationModule"] = {
        "nctId": "NCT09100003",
        "briefTitle": "A recruiting study within 30 months of onset",
    }
    p["eligibilityModule"]["eligibilityCriteria"] = (
        "Inclusion Criteria:\n* Within 30 months of first weakness\n* FVC ≥ 50% predicted\n"
        "Exclusion Criteria:\n* Tracheostomy"
    )
    p["contactsLocationsModule"] = {
        "locations": [{"facility": "Clinic", "city": "Boston", "country": "United States"}]
    }
    return {"studies": [observational, expanded, late_window]}


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def studies(db: None, tmp_path: Path, today: dt.date) -> None:
    from alsnav_web.trials.services import trials_import

    now = timezone.now()
    trials_import(path=CTGOV / "als-trials-sample.json", now=now)
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps(extra_studies()), encoding="utf-8")
    trials_import(path=extra, now=now)
