"""Several people writing at once on the default SQLite database: nobody gets "database is locked".

Each writer is its own process (as gunicorn workers are), on one database file with the project's
own SQLite settings (WAL, IMMEDIATE transactions, busy timeout), adding measurements through the
same service the pages use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WRITERS, WRITES_EACH = 4, 25

SETUP = """
import django, os
django.setup()
from django.contrib.auth import get_user_model
from alsnav_web.patients import services
owner = get_user_model().objects.create_user(username="pat", password="a-long-test-password")
services.record_create(owner=owner)
"""

WRITER = """
import datetime as dt, django, sys
django.setup()
from alsnav_web.patients import services
from alsnav_web.patients.models import PatientRecord
record = PatientRecord.objects.get()
failures = 0
for n in range({writes}):
    try:
        services.measurements_add(
            record=record, actor=record.owner, when=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            values=[services.NewMeasurement(type="weight_kg", value=60 + {writer} + n / 100)],
            today=dt.date(2026, 12, 31),
        )
    except Exception as exc:  # any failure, "database is locked" included, is counted
        failures += 1
        print(type(exc).__name__, exc, file=sys.stderr)
print(failures)
"""


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite settings")
def test_four_writer_processes_never_see_database_is_locked(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_SECRET_KEY": "concurrency-test-key",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    python = sys.executable
    run = {"env": env, "cwd": ROOT, "capture_output": True, "text": True, "check": False}
    migrated = subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], **run)
    assert migrated.returncode == 0, migrated.stderr
    assert subprocess.run([python, "-c", SETUP], **run).returncode == 0
    writers = [
        subprocess.Popen(
            [python, "-c", WRITER.format(writes=WRITES_EACH, writer=w)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WRITERS)
    ]
    results = [w.communicate(timeout=300) for w in writers]
    failures = [int(out.strip().splitlines()[-1]) for out, _ in results]
    errors = "".join(err for _, err in results)
    assert failures == [0] * WRITERS, errors
    assert "database is locked" not in errors
    counted = subprocess.run(
        [
            python,
            "-c",
            "import django; django.setup(); from alsnav_web.patients.models import Measurement; "
            "print(Measurement.objects.count())",
        ],
        **run,
    )
    assert int(counted.stdout.strip()) == WRITERS * WRITES_EACH


RATE = """
import django
django.setup()
from alsnav_web.community import protection
limit = protection.COMMENT_LIMIT_PER_ADDRESS
key = "addr:" + protection.keyed_hash("203.0.113.9")
refused = 0
for _ in range({tries}):
    try:
        protection.rate_limit_check(limit, key, action="comments")
    except protection.RateLimited:
        refused += 1
        continue
    protection.rate_limit_record(limit, key)
print(refused)
"""


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite settings")
def test_two_app_processes_share_one_rate_limit(tmp_path: Path) -> None:
    """Counters live in the shared cache: two processes together get the limit, not twice it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_SECRET_KEY": "rate-limit-test-key",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    run = {"env": env, "cwd": ROOT, "capture_output": True, "text": True, "check": False}
    python = sys.executable
    assert subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], **run).returncode == 0
    assert subprocess.run([python, "manage.py", "createcachetable"], **run).returncode == 0
    first = subprocess.run([python, "-c", RATE.format(tries=3)], **run)
    second = subprocess.run([python, "-c", RATE.format(tries=3)], **run)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    # the limit is 5 comments per address: 3 + 2 get through, the 6th is refused by the other process
    assert int(first.stdout.strip()) == 0
    assert int(second.stdout.strip()) == 1
