"""``alsnav assess`` and ``alsnav validate``: the JSON contract, the table, and refusing bad records."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from alsnav.cli import main
from alsnav.progression import assess_record
from alsnav.record import parse_record
from alsnav.scales import encals

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"
BULBAR = RECORDS / "bulbar-onset.json"
ALSNAV = Path(sys.executable).parent / "alsnav"

ASSESSMENT_KEYS = {
    "date",
    "total",
    "domains",
    "kings_stage",
    "kings_4a",
    "kings_4b",
    "kings_regions",
    "mitos_stage",
    "delta_frs",
    "item5",
    "notes",
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    status = main(argv, out=out)
    captured = capsys.readouterr()
    return status, out.getvalue() + captured.out, captured.err


def assess_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status, stdout, stderr = run(["assess", str(path), "--json"], capsys)
    assert (status, stderr) == (0, "")
    document: dict[str, Any] = json.loads(stdout)
    return document


def bad_record(tmp_path: Path, change: dict[str, Any] | None = None, name: str = "bad.json") -> Path:
    data = json.loads(BULBAR.read_text(encoding="utf-8"))
    data["assessments"][1]["alsfrs_r"]["5a"] = 2  # both 5a and 5b
    data["symptoms"][0]["code"] = "drool"
    data.update(change or {})
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


BAD_LINES = [
    'symptoms[0].code: unknown symptom code "drool"; expected one of sialorrhea, thick_secretions, '
    "spasticity, cramps, fasciculations, pain, pseudobulbar_affect, depression, anxiety, insomnia, fatigue, "
    "constipation, dysphagia, dysarthria, dyspnea, orthopnea, weak_cough, falls, weight_loss, "
    "cognitive_change, edema, laryngospasm, head_drop, pressure_sores, contractures",
    "assessments[1].alsfrs_r.5a: both 5a and 5b given",
]


# --- The JSON contract ------------------------------------------------------------------------


def test_assess_json_has_every_contract_key(capsys: pytest.CaptureFixture[str]) -> None:
    document = assess_json(BULBAR, capsys)
    assert {"id", "assessments", "latest", "slope_per_month", "encals", "warnings", "vital_status"} <= set(
        document
    )
    assert {"linear_predictor", "median_survival_months", "missing"} <= set(document["encals"])
    for entry in document["assessments"]:
        assert set(entry) >= ASSESSMENT_KEYS
        assert set(entry["domains"]) == {"bulbar", "fine_motor", "gross_motor", "respiratory"}
    assert document["latest"] == document["assessments"][-1]


def test_assess_bulbar_onset_values(capsys: pytest.CaptureFixture[str]) -> None:
    document = assess_json(BULBAR, capsys)
    first, second = document["assessments"]
    assert document["id"] == "example-bulbar-onset"
    assert (first["date"], first["total"], second["date"], second["total"]) == (
        "2025-01-20",
        44,
        "2026-02-02",
        30,
    )
    assert first["domains"] == {"bulbar": 8, "fine_motor": 12, "gross_motor": 12, "respiratory": 12}
    assert second["domains"] == {"bulbar": 3, "fine_motor": 9, "gross_motor": 8, "respiratory": 10}
    # 2025-01-20: only bulbar items reduced → King's 1; nothing lost → MiToS 0
    assert (first["kings_stage"], first["kings_4a"], first["kings_4b"], first["kings_regions"]) == (
        1,
        False,
        False,
        ["bulbar"],
    )
    assert first["mitos_stage"] == 0
    # 2026-02-02: item 5b answered and a gastrostomy on 2025-11-03 → 4A; swallowing item 3 = 1 → MiToS 1
    assert (second["kings_stage"], second["kings_4a"], second["kings_4b"], second["item5"]) == (
        4,
        True,
        False,
        "5b",
    )
    assert second["kings_regions"] == ["bulbar", "upper_limb", "lower_limb"]
    assert second["mitos_stage"] == 1
    assert "4A: gastrostomy on 2025-11-03" in second["notes"]
    # ΔFRS: onset 2024-08-01 → 172 days and 550 days
    assert first["delta_frs"] == round(4 / (172 / 30.4375), 3) == 0.708
    assert second["delta_frs"] == round(18 / (550 / 30.4375), 3) == 0.996
    assert document["slope_per_month"] == round(-14 / (378 / 30.4375), 3) == -1.127
    assert document["vital_status"] == {
        "deceased": None,
        "date": None,
        "kings_stage": None,
        "mitos_stage": None,
    }


def test_assess_reports_encals_with_its_inputs_and_dates(capsys: pytest.CaptureFixture[str]) -> None:
    model = assess_json(BULBAR, capsys)["encals"]
    assert model["missing"] == []
    assert model["dates_used"] == {"alsfrs_r": "2025-01-20", "fvc_percent": "2026-02-02"}
    inputs = model["inputs"]
    assert (inputs["bulbar_onset"], inputs["definite_el_escorial"], inputs["ftd"], inputs["c9orf72"]) == (
        True,
        False,
        False,
        True,
    )
    # birth 1955-11-02, onset 2024-08-01, diagnosis and first ALSFRS-R (44) 2025-01-20, FVC 58%
    months_to_diagnosis = (dt.date(2025, 1, 20) - dt.date(2024, 8, 1)).days / 30.4375
    expected = encals.linear_predictor(
        age_at_onset_years=(dt.date(2024, 8, 1) - dt.date(1955, 11, 2)).days / 365.25,
        diagnostic_delay_months=months_to_diagnosis,
        delta_frs=4 / months_to_diagnosis,
        fvc_percent=58,
        bulbar_onset=True,
        definite_el_escorial=False,
        ftd=False,
        c9orf72=True,
    )
    assert model["linear_predictor"] == round(expected, 3)
    assert model["median_survival_months"] == round(encals.median_survival_months(expected) or 0, 1)
    assert any("more than 3 months" in note for note in model["notes"])  # FVC a year after the ALSFRS-R


def test_assess_without_enough_data_says_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    model = assess_json(RECORDS / "limb-onset.json", capsys)["encals"]
    assert (model["linear_predictor"], model["median_survival_months"]) == (None, None)
    assert model["missing"] == ["diagnosis"]  # Gold Coast criteria: no El Escorial category


def test_assess_deceased_record(capsys: pytest.CaptureFixture[str]) -> None:
    document = assess_json(RECORDS / "deceased-ventilated.json", capsys)
    labels = [
        (a["date"], a["kings_stage"], a["kings_4a"], a["kings_4b"], a["mitos_stage"])
        for a in document["assessments"]
    ]
    assert labels == [
        ("2022-11-01", 1, False, False, 0),
        ("2023-04-01", 4, True, False, 0),  # gastrostomy refused on 2023-03-15 counts (Roche 2012)
        ("2023-07-01", 4, True, True, 1),  # NIV from 2023-06-01
        ("2023-09-01", 4, True, True, 3),
    ]
    assert document["vital_status"] == {
        "deceased": True,
        "date": "2023-10-20",
        "kings_stage": 5,
        "mitos_stage": 5,
    }
    assert [w["code"] for w in document["warnings"]] == ["item_rise", "weight_change"]
    assert document["warnings"][0]["where"] == "assessments[3].alsfrs_r.7"
    assert any(
        "tracheostomy_ventilation refused is recorded without a start date" in n for n in document["notes"]
    )
    assert document["encals"]["missing"] == ["cognition", "genetics.C9orf72"]


def test_an_assessment_after_death_is_stage_5_and_flagged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads((RECORDS / "deceased-ventilated.json").read_text(encoding="utf-8"))
    data["vital_status"]["date"] = "2023-08-15"
    path = tmp_path / "late.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    document = assess_json(path, capsys)
    last = document["latest"]
    assert (last["date"], last["kings_stage"], last["mitos_stage"]) == ("2023-09-01", 5, 5)
    assert "assessment_after_death" in [w["code"] for w in document["warnings"]]


def test_a_record_without_assessments(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"id": "new", "onset_date": "2025-01-01"}', encoding="utf-8")
    document = assess_json(path, capsys)
    assert (document["assessments"], document["latest"], document["slope_per_month"]) == ([], None, None)
    assert "assessments" in document["encals"]["missing"]


def test_assess_record_matches_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    record = parse_record(BULBAR.read_bytes())
    assert assess_json(BULBAR, capsys) == json.loads(json.dumps(assess_record(record)))


def test_assess_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BULBAR.read_bytes())))
    status, stdout, _ = run(["assess", "-", "--json"], capsys)
    assert status == 0
    assert json.loads(stdout)["id"] == "example-bulbar-onset"


# --- Human-readable output --------------------------------------------------------------------


def test_assess_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, _ = run(["assess", str(BULBAR)], capsys)
    assert status == 0
    lines = stdout.splitlines()
    assert lines[0] == "Patient record: example-bulbar-onset"
    assert lines[1].split() == [
        "Date",
        "Total",
        "Bulbar",
        "Fine",
        "Gross",
        "Resp",
        "Item",
        "5",
        "Kings*",
        "MiToS",
        "ΔFRS",
    ]
    assert lines[2].split() == ["2025-01-20", "44", "8", "12", "12", "12", "5a", "1", "0", "0.71"]
    assert lines[3].split() == ["2026-02-02", "30", "3", "9", "8", "10", "5b", "4A", "1", "1.00"]
    assert "Slope: -1.13 points per month over 2 assessments" in stdout
    assert "ENCALS prediction (Westeneng 2018): linear predictor" in stdout
    assert "Balendra 2014" in stdout


def test_validate_prints_valid(capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, stderr = run(["validate", str(RECORDS / "limb-onset.json")], capsys)
    assert (status, stdout, stderr) == (0, "valid\n", "")


def test_validate_shows_warnings_without_refusing(capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, stderr = run(["validate", str(RECORDS / "deceased-ventilated.json")], capsys)
    assert (status, stdout) == (0, "valid\n")
    assert stderr.startswith("warning: assessments[3].alsfrs_r.7: item 7 (Turning in bed")

    status, stdout, _ = run(["validate", str(RECORDS / "deceased-ventilated.json"), "--json"], capsys)
    document = json.loads(stdout)
    assert status == 0
    assert document["valid"] is True
    assert [w["where"] for w in document["warnings"]] == [
        "assessments[3].alsfrs_r.7",
        "measurements[1].value",
    ]


# --- Bad input: exit 2, one line per problem on stderr, nothing on stdout -----------------------


@pytest.mark.parametrize("command", [["assess"], ["assess", "--json"], ["validate"], ["validate", "--json"]])
def test_a_bad_record_exits_2_with_nothing_on_stdout(
    command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = bad_record(tmp_path)
    status, stdout, stderr = run([command[0], str(path), *command[1:]], capsys)
    assert status == 2
    assert stdout == ""
    assert stderr.splitlines() == BAD_LINES


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (
            b'{"id": "p1",',
            "record: invalid JSON at line 1, column 13: Expecting property name enclosed in double quotes",
        ),
        (b"[1, 2]", "record: must be a JSON object, got a list"),
        (b'{"onset_date": "2025-02-29"}', 'onset_date: not a real calendar date: "2025-02-29"'),
    ],
)
def test_unreadable_records(
    content: bytes, line: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "record.json"
    path.write_bytes(content)
    status, stdout, stderr = run(["assess", str(path), "--json"], capsys)
    assert (status, stdout, stderr) == (2, "", line + "\n")


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    status, stdout, stderr = run(["assess", str(missing)], capsys)
    assert (status, stdout, stderr) == (2, "", f"{missing}: no such file\n")


def test_the_installed_command_refuses_a_bad_record(tmp_path: Path) -> None:
    path = bad_record(tmp_path)
    result = subprocess.run(
        [str(ALSNAV), "assess", str(path), "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == BAD_LINES


def test_the_installed_command_reads_stdin_and_prints_json() -> None:
    result = subprocess.run(
        [str(ALSNAV), "assess", "-", "--json"],
        input=BULBAR.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["latest"]["kings_stage"] == 4


def test_the_progression_core_never_imports_django() -> None:
    code = (
        "import sys, alsnav.progression.cli, alsnav.scales.encals, alsnav.scales.quality; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'alsnav_web'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
