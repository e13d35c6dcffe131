"""``kezek periodic``: enqueue the periodic jobs when they are due (run one of these).

At every tick it also fails the jobs whose worker stopped beating, itself rather
than through a worker: the workers may be the very thing that is gone.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kezek.core.jobs import jobs_fail_stale
from kezek.core.periodic import due

TICK_SECONDS = 30


class Command(BaseCommand):
    help = (
        "Enqueue periodic jobs (SLA sweep, survey reminders...) when due; workers run them. "
        "Fail the jobs whose worker stopped."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Enqueue every job and fail stale ones, once, then stop.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for entry in due(last_run, now):
                entry.task.enqueue()
                last_run[entry.task.module_path] = now
                self.stdout.write(f"enqueued {entry.task.module_path}")
            if failed := jobs_fail_stale():
                self.stdout.write(f"failed {failed} jobs whose worker stopped")
            if options["once"]:
                return
            time.sleep(TICK_SECONDS)
