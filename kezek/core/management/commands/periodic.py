"""``kezek periodic``: enqueue the periodic jobs when they are due (run one of these)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kezek.core.periodic import due

TICK_SECONDS = 30


class Command(BaseCommand):
    help = "Enqueue periodic jobs (SLA sweep, survey reminders...) when due; workers run them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue every job once and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for entry in due(last_run, now):
                entry.task.enqueue()
                last_run[entry.task.module_path] = now
                self.stdout.write(f"enqueued {entry.task.module_path}")
            if options["once"]:
                return
            time.sleep(TICK_SECONDS)
