"""``manage.py match_trials FILE [--as-of DATE] [--json]``: screen a patient record against the
studies in the application's database (the same output as ``alsnav trials match --json``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from alsnav.errors import InputError
from alsnav.facts import facts_from_record
from alsnav.progression.cli import load_record
from alsnav.trials.cli import render_text
from alsnav.trials.screen import match
from alsnav_web.trials.selectors import core_studies


class Command(BaseCommand):
    help = "Screen a patient record (JSON file) against the imported studies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--as-of", default=None)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError:
            raise CommandError(
                f"--as-of: expected a date written YYYY-MM-DD, got {options['as_of']!r}", returncode=2
            ) from None
        try:
            record = load_record(options["file"])
        except InputError as exc:
            raise CommandError("\n".join(str(p) for p in exc.problems), returncode=2) from None
        report = match(core_studies(), facts_from_record(record, as_of))
        if options["json"]:
            self.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(report), ending="")
