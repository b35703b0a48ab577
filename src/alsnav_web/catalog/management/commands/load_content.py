from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alsnav.errors import ContentError
from alsnav_web.catalog.services import content_load


class Command(BaseCommand):
    help = "Validate the reviewed content files and load them into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--content", type=Path, default=None, help="content directory")

    def handle(self, *args: Any, **options: Any) -> None:
        content_dir = options["content"] or Path(settings.ALSNAV_CONTENT_DIR)
        try:
            report = content_load(content_dir=content_dir)
        except ContentError as exc:
            raise CommandError("content is invalid:\n" + str(exc)) from exc
        self.stdout.write(
            f"content loaded: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.removed} removed"
        )
