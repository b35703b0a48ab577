"""Backups: every person's record, account, comment and audit event in one JSON file, and back.

A backup is consistent while the app runs: it is read inside one transaction (PostgreSQL reads
it at REPEATABLE READ; SQLite in write-ahead-log mode reads one snapshot). It holds what cannot be
rebuilt — accounts and groups, patient records with everything in them, sharing and invitations,
the audit log, community comments, reports, ratings and questions, care-plan and trial data —
and not what can (the knowledge base is reloaded from ``content/``; sessions and caches are
temporary). Objects are written with Django's serializer, foreign keys to permissions and content
types by natural key, so a backup restores into any freshly migrated database of the same version.

The file is written to a temporary name and renamed, so a crash never leaves half a backup.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import connection, transaction
from django.db.models import Model

from alsnav.errors import InputError

FORMAT = "alsnav-backup"
VERSION = 1

#: Apps whose data a backup holds, in an order in which they restore (dependencies first).
APPS = ("auth", "patients", "community", "careplan", "trials", "accounts")
#: Models rebuilt by migrations and not backed up (referred to by natural key instead).
SKIP = frozenset({"auth.permission"})
#: Models a fresh database already has rows of (made by migrations).
SEEDED = frozenset({"auth.group"})


@dataclass(frozen=True)
class BackupReport:
    path: Path
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def backed_up_models() -> list[type[Model]]:
    """The models a backup holds, dependencies first."""
    found: list[type[Model]] = []
    for label in APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        found.extend(m for m in config.get_models() if m._meta.label_lower not in SKIP)
    return _dependency_order(found)


def _dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    ordered: list[type[Model]] = []
    pending = list(models)
    while pending:
        progressed = False
        for model in list(pending):
            needs = {
                f.related_model
                for f in model._meta.get_fields()
                if f.many_to_one or (f.one_to_one and f.concrete)
                if f.related_model is not None and f.related_model is not model
            }
            if all(n in ordered or n not in pending for n in needs):
                ordered.append(model)
                pending.remove(model)
                progressed = True
        if not progressed:  # a cycle: keep the rest in app order
            ordered.extend(pending)
            break
    return ordered


def _objects() -> Iterator[Model]:
    for model in backed_up_models():
        yield from model._default_manager.order_by("pk").iterator()


def backup(path: Path) -> BackupReport:
    """Write a consistent backup of the database to ``path`` (JSON)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:  # the first statement of the transaction
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        objects = json.loads(
            serializers.serialize(
                "json", _objects(), use_natural_foreign_keys=True, use_natural_primary_keys=False
            )
        )
    counts = dict(sorted(Counter(str(o["model"]) for o in objects).items()))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "counts": counts,
        "objects": objects,
    }
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    return BackupReport(path, counts)


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError.single(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError.single(str(path), f"not a readable backup file: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError.single(str(path), f"not an ALS Navigator backup (format must be {FORMAT!r})")
    if document.get("version") != VERSION:
        found = document.get("version")
        raise InputError.single(f"{path}: version", f"backup version {found!r} is not {VERSION}")
    if not isinstance(document.get("objects"), list):
        raise InputError.single(f"{path}: objects", "must be a list")
    return document


def restore(path: Path, *, replace: bool = False) -> BackupReport:
    """Restore a backup. Refuses a database that already holds people's data unless ``replace``.

    All or nothing: on any problem the database is left as it was.
    """
    document = _read(path)
    models = backed_up_models()
    with transaction.atomic():
        # Groups are seeded by migrations (Moderators); they are replaced, not counted as data.
        existing = sum(m._default_manager.count() for m in models if m._meta.label_lower not in SEEDED)
        if existing and not replace:
            raise InputError.single(
                "database", f"already holds {existing} rows; restore into an empty database or pass --replace"
            )
        for model in reversed(models):
            model._default_manager.all().delete()
        try:
            text = json.dumps(document["objects"])
            for item in serializers.deserialize("json", text, handle_forward_references=True):
                item.save()
        except serializers.base.DeserializationError as exc:
            raise InputError.single(f"{path}: objects", f"cannot be restored: {exc}") from None
        _reset_sequences(models)
    counts = dict(sorted(Counter(str(o["model"]) for o in document["objects"]).items()))
    return BackupReport(Path(path), counts)


def _reset_sequences(models: list[type[Model]]) -> None:
    """After restoring explicit ids, make new rows get ids after them (PostgreSQL sequences)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
