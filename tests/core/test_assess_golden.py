"""``alsnav assess`` prints exactly what it printed before the typed report replaced the dict.

The files in ``tests/fixtures/assess-golden/`` were written by the command as it stood before the
refactoring (one ``.json`` and one ``.txt`` per example record); any change to a number, a key, a
note or the table is a change in behaviour that a clinic's scripts would notice.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from alsnav.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RECORDS = sorted((FIXTURES / "records").glob("*.json"))
GOLDEN = FIXTURES / "assess-golden"


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_assess_output_is_byte_identical_to_the_recorded_output(record: Path, as_json: bool) -> None:
    out = io.StringIO()
    status = main(["assess", str(record), *(["--json"] if as_json else [])], out=out)
    expected = (GOLDEN / f"{record.stem}.{'json' if as_json else 'txt'}").read_text(encoding="utf-8")
    assert status == 0
    assert out.getvalue() == expected


def test_every_example_record_has_recorded_output() -> None:
    assert len(RECORDS) >= 4
    for record in RECORDS:
        assert (GOLDEN / f"{record.stem}.json").exists(), record.name
