"""check-content's gates from issue 13: help levels, dated and sourced regulatory rows, readable
summaries, every symptom covered, and warnings (not failures) when expected news is overdue."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from alsnav.cli import main
from alsnav.content import check_content, check_content_warnings, summary_grade


@pytest.fixture
def content(tmp_path: Path, content_dir: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(content_dir, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_real_content_passes_every_gate(content_dir: Path) -> None:
    assert [str(p) for p in check_content(content_dir)] == []


def test_regulatory_row_without_source_is_refused_with_its_line(content: Path) -> None:
    path = content / "treatments" / "riluzole.md"
    _edit(
        path,
        '    source:\n      citation: "US prescribing information for riluzole (DailyMed)."\n'
        "      url: https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&query=riluzole\n",
        "",
    )
    problems = [str(p) for p in check_content(content)]
    line = _line_of(path, "  - region: US")
    assert f"{path}:{line}: regulatory.0: the US row needs source" in "\n".join(problems)


def test_regulatory_row_without_date_is_refused(content: Path) -> None:
    path = content / "treatments" / "riluzole.md"
    _edit(path, "    date: 1995-12-12\n", "")
    assert any("regulatory.0: the US row needs date" in str(p) for p in check_content(content))


def test_hard_summary_is_refused_naming_the_grade(content: Path) -> None:
    path = content / "treatments" / "riluzole.md"
    hard = (
        "Riluzole, a benzothiazole glutamate-release antagonist administered enterally, "
        "demonstrates modest prolongation of tracheostomy-free survival, predominantly "
        "attributable to pharmacodynamic attenuation of excitotoxic neurodegeneration."
    )
    text = path.read_text(encoding="utf-8")
    start = text.index("  what_it_is: >-\n") + len("  what_it_is: >-\n")
    end = text.index("  who_it_may_help:")
    path.write_text(text[:start] + f"    {hard}\n" + text[end:], encoding="utf-8")
    problems = [str(p) for p in check_content(content)]
    assert any(
        p.startswith(f"{path}:") and "summary: reads at grade" in p and "Flesch-Kincaid" in p
        for p in problems
    )


def test_the_readability_formula_is_flesch_kincaid() -> None:
    assert summary_grade("The cat sat on the mat. It was warm.") < 3
    assert (
        summary_grade(
            "Pharmacological interventions demonstrating statistically significant "
            "neuroprotective efficacy remain elusive."
        )
        > 12
    )


def test_symptom_without_all_three_help_levels_is_refused(content: Path) -> None:
    path = content / "urgent-help.yaml"
    _edit(
        path,
        "  - id: slow-change\n    title: A symptom that is slowly getting worse\n    level: next_visit\n"
        "    all_symptoms: true\n",
        "  - id: slow-change\n    title: A symptom that is slowly getting worse\n    level: next_visit\n"
        "    symptoms: [pain]\n",
    )
    problems = [str(p) for p in check_content(content)]
    assert any(
        p.startswith(f"{path}:") and "symptom 'dyspnea' has no 'next_visit' help level" in p for p in problems
    ), problems


def test_symptom_with_no_entry_is_refused(content: Path) -> None:
    for name in ("neck-support", "physical-therapy", "pain-relief"):
        _edit(content / "treatments" / f"{name}.md", "  - head_drop\n", "")
    assert any("no treatment entry lists symptom 'head_drop'" in str(p) for p in check_content(content))


def test_overdue_expected_news_warns_but_does_not_fail(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content / "treatments" / "tofersen.md"
    _edit(path, "    date: 2026-12-31\n", "    date: 2025-01-31\n")
    warnings = [str(w) for w in check_content_warnings(content, today=dt.date(2026, 11, 30))]
    line = _line_of(path, "  - kind: decision")
    assert any(
        w.startswith(f"{path}:{line}: warning: expected.0: the decision due 2025-01-31") for w in warnings
    )
    assert main(["check-content", str(content)]) == 0  # a warning never changes the exit status
    out = capsys.readouterr().out
    assert ": warning: expected.0:" in out


def test_future_expected_news_gives_no_warning(content_dir: Path) -> None:
    assert check_content_warnings(content_dir, today=dt.date(2026, 11, 30)) == []


def test_bad_expected_kind_names_the_field_and_line(content: Path) -> None:
    path = content / "treatments" / "tofersen.md"
    _edit(path, "  - kind: decision\n", "  - kind: rumour\n")
    line = _line_of(path, "  - kind: rumour")
    problems = [str(p) for p in check_content(content)]
    assert any(
        p.startswith(f"{path}:{line}: expected.0.kind: Input should be 'readout' or 'decision'") for p in problems
    ), problems


def test_new_regulatory_statuses_are_accepted_and_a_wrong_one_lists_them(content: Path) -> None:
    path = content / "treatments" / "tofersen.md"
    _edit(path, "    status: conditional_approval\n", "    status: conditionally_approved\n")
    problems = "\n".join(str(p) for p in check_content(content))
    assert "regulatory.3.status: Input should be" in problems
    assert "'conditional_approval'" in problems and "'exceptional_circumstances'" in problems
