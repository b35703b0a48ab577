"""``alsnav careplan FILE [--as-of DATE] [--json]``: the JSON contract, text for people, and bad
input refused exactly as by ``alsnav assess``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alsnav.cli import main

ROOT = Path(__file__).resolve().parents[3]
RECORDS = ROOT / "tests" / "fixtures" / "records"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        ["careplan", str(RECORDS / "bulbar-onset.json"), "--as-of", "2026-06-01", "--json"], capsys
    )
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["as_of"] == "2026-06-01" and document["id"] == "example-bulbar-onset"
    assert {"id", "as_of", "recommendations", "missing_data", "monitoring"} <= set(document)
    first = document["recommendations"][0]
    assert {"id", "title", "priority", "because", "sources", "care_area", "url", "warnings"} <= set(first)
    assert first["priority"] == "high"
    niv = next(r for r in document["recommendations"] if r["id"] == "noninvasive-ventilation")
    assert niv["url"] == "/treatments/noninvasive-ventilation/"
    assert all({"fact", "why"} <= set(g) for g in document["missing_data"])
    assert all({"what", "next_due", "source"} <= set(m) for m in document["monitoring"])


def test_as_of_hides_later_data(capsys: pytest.CaptureFixture[str]) -> None:
    _, early, _ = run(
        ["careplan", str(RECORDS / "bulbar-onset.json"), "--as-of", "2024-01-01", "--json"], capsys
    )
    _, late, _ = run(
        ["careplan", str(RECORDS / "bulbar-onset.json"), "--as-of", "2026-06-01", "--json"], capsys
    )
    assert json.loads(early)["recommendations"] != json.loads(late)["recommendations"]
    assert "communication-devices" not in {r["id"] for r in json.loads(early)["recommendations"]}


def test_text_output_is_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["careplan", str(RECORDS / "bulbar-onset.json"), "--as-of", "2026-06-01"], capsys)
    assert status == 0
    assert out.startswith("Care plan for example-bulbar-onset as of 2026-06-01\n")
    for heading in ("Act soon (high priority)", "Questions to bring to the clinic", "Monitoring"):
        assert heading in out
    assert "because: " in out and "sources: " in out


def test_a_deceased_person_gets_no_recommendations(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["careplan", str(RECORDS / "deceased-ventilated.json"), "--json"], capsys)
    document = json.loads(out)
    assert status == 0 and document["recommendations"] == [] and document["deceased"] is True


def test_a_bad_record_is_refused_like_assess(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "x", "assessments": [{"date": "2026-01-01", "alsfrs_r": {"1": 9}}]}))
    status, out, err = run(["careplan", str(bad), "--json"], capsys)
    _, _, assess_err = run(["assess", str(bad), "--json"], capsys)
    assert (status, out) == (2, "")
    assert err == assess_err and "assessments[0].alsfrs_r" in err


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2026-1-1"])
def test_a_bad_as_of_exits_2(capsys: pytest.CaptureFixture[str], value: str) -> None:
    status, out, err = run(["careplan", str(RECORDS / "limb-onset.json"), "--as-of", value], capsys)
    assert (status, out) == (2, "")
    assert err == f"--as-of: must be a date written YYYY-MM-DD, got '{value}'\n"


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(["careplan", str(tmp_path / "none.json")], capsys)
    assert (status, out, err) == (2, "", f"{tmp_path / 'none.json'}: no such file\n")
