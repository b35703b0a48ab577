"""``alsnav backup PATH`` and ``alsnav restore PATH [--replace]``: plugged into the ``alsnav``
command line through the ``alsnav.commands`` entry point (the core never imports Django)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    p = subparsers.add_parser("backup", help="write a consistent backup of the application's database")
    p.add_argument("path", metavar="PATH", type=Path, help="the backup file to write (JSON)")
    p.set_defaults(handler=_cmd_backup)
    p = subparsers.add_parser("restore", help="restore a backup written by `alsnav backup`")
    p.add_argument("path", metavar="PATH", type=Path, help="the backup file to read")
    p.add_argument("--replace", action="store_true", help="replace the data already in the database")
    p.set_defaults(handler=_cmd_restore)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def _cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    _django()
    from alsnav_web.ops.backup import backup

    report = backup(args.path)
    out.write(f"backed up {report.total} rows to {report.path}\n")
    for label, count in report.counts.items():
        sys.stderr.write(f"  {label}: {count}\n")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    _django()
    from alsnav_web.ops.backup import restore

    report = restore(args.path, replace=args.replace)
    out.write(f"restored {report.total} rows from {report.path}\n")
    return EXIT_OK
