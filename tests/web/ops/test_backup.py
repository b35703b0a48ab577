"""`alsnav backup` and `alsnav restore`: a round trip loses nothing, and a bad file changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers

from alsnav.errors import InputError
from alsnav_web.community.models import Comment
from alsnav_web.ops.backup import backed_up_models, backup, restore
from alsnav_web.patients import services
from alsnav_web.patients.models import AuditEvent, Measurement, PatientRecord

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
RECORD = ROOT / "tests" / "fixtures" / "records" / "bulbar-onset.json"


def _everything() -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = json.loads(
        serializers.serialize(
            "json",
            [o for m in backed_up_models() for o in m._default_manager.order_by("pk")],
            use_natural_foreign_keys=True,
        )
    )
    return objects


@pytest.fixture
def people() -> Any:
    owner = get_user_model().objects.create_user(username="pat", email="pat@example.org", password="x" * 12)
    carer = get_user_model().objects.create_user(username="sam", password="y" * 12)
    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=RECORD.read_bytes())
    services.access_grant(record=record, actor=owner, grantee=carer, role="caregiver")
    Comment.objects.create(treatment_id="riluzole", author=owner, body="It made me tired at first.")
    return owner


def test_a_backup_restores_every_row_exactly(people: Any, tmp_path: Path) -> None:
    before = _everything()
    report = backup(tmp_path / "backup.json")
    assert report.counts["patients.assessment"] == 2 and report.counts["auth.user"] == 2
    assert report.total == len(before)
    for model in reversed(backed_up_models()):
        model._default_manager.all().delete()
    assert PatientRecord.objects.count() == 0
    restored = restore(tmp_path / "backup.json")
    assert restored.total == len(before)
    assert _everything() == before
    assert AuditEvent.objects.count() > 0 and Comment.objects.get().body.startswith("It made me tired")
    user = get_user_model().objects.get(username="pat")
    assert user.check_password("x" * 12)  # the password hash came back unchanged


def test_restore_refuses_a_database_with_data_unless_told_to_replace(people: Any, tmp_path: Path) -> None:
    backup(tmp_path / "backup.json")
    Measurement.objects.all().delete()
    with pytest.raises(InputError, match="--replace"):
        restore(tmp_path / "backup.json")
    assert Measurement.objects.count() == 0
    restore(tmp_path / "backup.json", replace=True)
    assert Measurement.objects.count() > 0


@pytest.mark.parametrize(
    "content", [b"not json", b'{"format": "something-else"}', b'{"format": "alsnav-backup", "version": 99}']
)
def test_a_bad_backup_file_is_refused_and_changes_nothing(
    people: Any, tmp_path: Path, content: bytes
) -> None:
    before = _everything()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(InputError):
        restore(bad, replace=True)
    assert _everything() == before


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite settings")
def test_the_command_line_backs_up_and_restores_into_a_new_database(tmp_path: Path) -> None:
    alsnav = Path(sys.executable).parent / "alsnav"

    def env(name: str) -> dict[str, str]:
        values = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_SECRET_KEY": "k"}
        values["SQLITE_PATH"] = str(tmp_path / name)
        values.pop("DATABASE_URL", None)
        return values

    def run(args: list[str], name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, env=env(name), cwd=ROOT, capture_output=True, text=True, check=False)

    python = sys.executable
    for name in ("a.sqlite3", "b.sqlite3"):
        assert run([python, "manage.py", "migrate", "--noinput", "-v0"], name).returncode == 0
    setup = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from alsnav_web.patients import services\n"
        "u = get_user_model().objects.create_user(username='pat', password='x' * 12)\n"
        "r = services.record_create(owner=u)\n"
        f"services.record_import(record=r, actor=u, source=open({str(RECORD)!r}, 'rb').read())\n"
    )
    assert run([python, "-c", setup], "a.sqlite3").returncode == 0
    made = run([str(alsnav), "backup", str(tmp_path / "b.json")], "a.sqlite3")
    assert made.returncode == 0, made.stderr
    restored = run([str(alsnav), "restore", str(tmp_path / "b.json")], "b.sqlite3")
    assert restored.returncode == 0, restored.stderr
    count = (
        "import django; django.setup(); from alsnav_web.patients.models import Assessment; "
        "print(Assessment.objects.count())"
    )
    assert run([python, "-c", count], "b.sqlite3").stdout.strip() == "2"
    refused = run([str(alsnav), "restore", str(tmp_path / "missing.json")], "b.sqlite3")
    assert refused.returncode == 2 and "no such file" in refused.stderr and "Traceback" not in refused.stderr
