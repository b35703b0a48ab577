"""``manage.py import_trials PATH``: import ClinicalTrials.gov API v2 study JSON into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from alsnav.errors import InputError
from alsnav_web.trials.services import trials_import


class Command(BaseCommand):
    help = "Import ClinicalTrials.gov API v2 study JSON (a study, a studies response, or a folder of either)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = trials_import(path=options["path"], now=timezone.now())
        except InputError as exc:
            raise CommandError("\n".join(str(p) for p in exc.problems), returncode=2) from None
        counts = result.counts()
        self.stdout.write(
            f"created {counts['created']}, updated {counts['updated']}, unchanged {counts['unchanged']}"
            f" ({counts['files']} file(s) read)"
        )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"nothing was imported from {len(result.bad_files)} file(s) with problems", returncode=2
            )
