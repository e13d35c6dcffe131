"""``kezek worker``: run background jobs (django-tasks' database worker, under Kezek's name)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run background jobs from the database queue. Start several, on several machines, to share it."
