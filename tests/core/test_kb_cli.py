"""The knowledge-base commands of the `alsnav` command line, per docs/contracts/cli.md."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from alsnav.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue(), capsys.readouterr().err


def test_treatments_json_lists_every_entry_with_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["treatments", "--json"], capsys)
    assert code == 0
    items = json.loads(out)
    assert len(items) >= 42
    riluzole = next(i for i in items if i["id"] == "riluzole")
    assert riluzole["category"] == "disease-modifying-drug"
    assert set(riluzole) >= {"id", "title", "category", "symptoms", "last_reviewed"}


def test_treatments_category_filter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["treatments", "--category", "supplement", "--json"], capsys)
    assert code == 0
    items = json.loads(out)
    assert items and {i["category"] for i in items} == {"supplement"}
    assert "vitamin-e" in {i["id"] for i in items}


def test_unknown_category_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["treatments", "--category", "magic", "--json"], capsys)
    assert code == 2 and out == ""
    assert "--category" in err and "magic" in err


def test_treatment_json_is_the_whole_entry(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["treatment", "edaravone", "--json"], capsys)
    assert code == 0
    entry = json.loads(out)
    for key in (
        "id",
        "title",
        "category",
        "summary",
        "symptoms",
        "evidence",
        "regulatory",
        "references",
        "last_reviewed",
        "next_review",
    ):
        assert key in entry
    regions = {r["region"]: r["status"] for r in entry["regulatory"]}
    assert regions["EU"] == "not_authorised"
    assert all(set(r) >= {"citation"} and ({"pmid", "doi", "url"} & set(r)) for r in entry["references"])


def test_unknown_treatment_exits_2_with_a_helpful_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["treatment", "rilzole", "--json"], capsys)
    assert code == 2 and out == ""
    assert "rilzole" in err and "riluzole" in err  # names the bad id and suggests the right one


def test_plain_treatment_output_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["treatment", "baclofen"], capsys)
    assert code == 0
    assert out.startswith("Baclofen") and "References:" in out and "next review due" in out


def test_check_content_passes_on_real_content_and_fails_on_broken(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check-content"], capsys)[0] == 0
    code, out, _ = run(["check-content", str(ROOT / "tests/fixtures/content/broken")], capsys)
    assert code == 1
    assert all(line.count(":") >= 2 for line in out.splitlines())  # path:line: message


def test_console_script_and_module_entry_points_work() -> None:
    script = Path(sys.executable).with_name("alsnav")
    for command in ([str(script)], [sys.executable, "-m", "alsnav"]):
        done = subprocess.run(
            [*command, "treatment", "riluzole", "--json"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["title"] == "Riluzole"


def test_usage_error_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alsnav", "treatments", "--no-such-flag"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == "" and "--no-such-flag" in done.stderr
