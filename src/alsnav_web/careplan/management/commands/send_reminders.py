"""``manage.py send_reminders``: e-mail opted-in people about due tests. Run once a day (cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from alsnav_web.careplan.services import send_reminders


class Command(BaseCommand):
    help = "E-mail opted-in people when a test is due or no ALSFRS-R was entered for a while (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--base-url", default="", help="site address for the link, e.g. https://alsnav.example"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date: must be a date written YYYY-MM-DD, got '{options['date']}'"
                ) from None
        sent = send_reminders(today=today, base_url=options["base_url"])
        self.stdout.write(f"{sent} reminder e-mail(s) sent\n")
