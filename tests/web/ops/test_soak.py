"""`make soak`, short: the SQLite parts of benchmarks/soak.py (mixed load with signed-in writers,
then kill -9 of gunicorn mid write-burst and a check that every acknowledged write is stored whole).

About 30 s. Deselect with ``-m "not soak"``; the full run (60 s, plus the PostgreSQL stop) is
``make soak``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.soak
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the soak makes its own SQLite site; once per suite run is enough",
)
def test_short_soak_has_no_errors_and_loses_no_acknowledged_write() -> None:
    command = [
        sys.executable,
        "benchmarks/soak.py",
        *("--duration", "4", "--workers", "2", "--readers", "2", "--guests", "1"),
        *("--burst-seconds", "2", "--skip-postgres"),
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "all checks passed" in done.stdout, report
    assert "acknowledged but missing: 0 ALSFRS-R, 0 comments; half-written ALSFRS-R: 0" in done.stdout
    assert "Traceback" not in report, report
