"""``alsnav trials match``: the contract keys, the store, --as-of and bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from alsnav.cli import main
from tests.core.trials.helpers import FIXTURES, typical

RECORDS = FIXTURES.parent / "records"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue(), capsys.readouterr().err


def write_record(tmp_path: Path) -> Path:
    path = tmp_path / "record.json"
    path.write_text(json.dumps({"id": "p1", **typical()}), encoding="utf-8")
    return path


def test_match_json_follows_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = write_record(tmp_path)
    code, out, _ = run(
        capsys, "trials", "match", str(record), "--trials", str(FIXTURES / "als-trials-sample.json"),
        "--as-of", "2026-06-01", "--json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["id"] == "p1"
    assert {"trials", "questions"} <= set(doc)
    assert len(doc["trials"]) == 7
    for trial in doc["trials"]:
        assert {"nct_id", "title", "verdict", "score", "criteria", "window_closes"} <= set(trial)
        assert trial["verdict"] in ("eligible", "possibly_eligible", "ineligible")
        assert 0 <= trial["score"] <= 1
        for criterion in trial["criteria"]:
            assert {"kind", "text", "outcome", "because", "fact"} <= set(criterion)
            assert criterion["kind"] in ("inclusion", "exclusion")
            assert criterion["outcome"] in ("pass", "fail", "unknown", "not_applicable")
            if criterion["outcome"] == "unknown" and criterion["fact"] is None:
                assert "study team" in criterion["because"]
    for question in doc["questions"]:
        assert {"fact", "resolves"} <= set(question) and question["resolves"] >= 1
    verdicts = [t["verdict"] for t in doc["trials"]]
    order = {"eligible": 0, "possibly_eligible": 1, "ineligible": 2}
    assert verdicts == sorted(verdicts, key=order.__getitem__)
    healey = next(t for t in doc["trials"] if t["nct_id"] == "NCT04297683")
    assert healey["window_closes"] == "2028-03-31"


def test_match_without_trials_uses_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    assert run(capsys, "trials", "import", str(FIXTURES / "NCT04297683.json"), "--store", str(store))[0] == 0
    code, out, _ = run(
        capsys, "trials", "match", str(write_record(tmp_path)), "--store", str(store), "--json"
    )
    assert code == 0
    assert [t["nct_id"] for t in json.loads(out)["trials"]] == ["NCT04297683"]


def test_match_text_output_says_to_check_with_the_study_team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "trials",
        "match",
        str(RECORDS / "limb-onset.json"),
        "--trials",
        str(FIXTURES),
        "--as-of",
        "2026-06-01",
    )
    assert code == 0
    assert "check with the study team" in out
    assert "NCT04297683" in out


def test_bad_as_of_and_bad_record_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "trials", "match", str(write_record(tmp_path)), "--trials", str(FIXTURES), "--as-of", "June"
    )
    assert code == 2 and "--as-of" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "p1", "onset_date": "soon"}', encoding="utf-8")
    code, out, err = run(capsys, "trials", "match", str(bad), "--trials", str(FIXTURES), "--json")
    assert code == 2 and out == "" and "onset_date" in err
