"""`alsnav search "QUERY" [--limit N] [--json]` per docs/contracts/cli.md."""

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


def test_json_follows_the_contract_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "drooling", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["query"] == "drooling"
    assert "sialorrhea" in document["suggestions"]
    results = document["results"]
    assert results and all(set(r) >= {"id", "title", "score", "snippet"} for r in results)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert {r["id"] for r in results[:3]} <= {
        "glycopyrrolate",
        "trihexyphenidyl",
        "amitriptyline",
        "botulinum-toxin",
        "hyoscine",
        "atropine",
    }


def test_limit_caps_the_results(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "medicine for als", "--limit", "2", "--json"], capsys)
    assert code == 0 and len(json.loads(out)["results"]) == 2


@pytest.mark.parametrize("limit", ["0", "51", "-1", "ten", ""])
def test_a_bad_limit_is_a_usage_error_naming_the_option(
    capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    code, out, err = run(["search", "drooling", "--limit", limit, "--json"], capsys)
    assert code == 2 and out == ""
    assert "--limit" in err and "1 to 50" in err


def test_nothing_found_is_valid_output_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "glycopiroleyt", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["results"] == [] and "Glycopyrrolate" in document["suggestions"]


@pytest.mark.parametrize(
    "query", ["", '" OR 1=1 --', "NEAR(", "*", "<b>bold</b>", "\x1b[31mred", "x" * 10_000]
)
def test_odd_queries_print_one_json_document_and_exit_0(
    capsys: pytest.CaptureFixture[str], query: str
) -> None:
    code, out, err = run(["search", query, "--json"], capsys)
    assert code == 0 and err == ""
    document = json.loads(out)
    assert set(document) >= {"query", "results", "suggestions"}
    assert len(document["query"]) <= 200 and "\x1b" not in document["query"]


def test_plain_output_lists_titles_and_snippets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "baclofem", "--limit", "3"], capsys)
    assert code == 0
    assert out.startswith("Showing results for: baclofen")
    assert " 1. Baclofen  (baclofen)" in out and "<mark>" not in out


def test_plain_output_says_when_nothing_was_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "qzxv"], capsys)
    assert code == 0 and "No treatments found for 'qzxv'" in out


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alsnav", "search", "rilutek", "--json", "--limit", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["id"] == "riluzole"
