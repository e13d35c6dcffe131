"""``kezek worker``: run background jobs (django-tasks' database worker, under Kezek's name)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run background jobs from the database queue. Start several, on several machines, to share it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # db_worker reloads under DEBUG: the jobs then run in a child process,
        # which a kill of the worker's pid leaves running, orphaned.
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"]:
            raise CommandError(
                "kezek worker runs its jobs in its own process and never reloads: "
                "restart it after a code change."
            )
        super().handle(*args, **options)
