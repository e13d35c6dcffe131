"""Starting background jobs and reporting their progress.

A job function is a django-tasks task that takes ``job_id`` as its first
argument and calls :func:`job_progress` as it goes; pages poll the ``Job`` row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task

from kezek.core.models import Job, JobStatus


def job_start(*, task: Task[..., Any], name: str, started_by: Any, **kwargs: Any) -> Job:
    """Record a job and enqueue ``task`` once the record is committed."""
    job = Job.objects.create(name=name, started_by=started_by)
    # Enqueue after commit: a worker must never pick up a job whose row it cannot see yet.
    transaction.on_commit(lambda: task.enqueue(job_id=job.pk, **kwargs))
    return job


def job_progress(job_id: int, *, fraction: float, message: str = "") -> None:
    """Record progress (0..1); called from inside the job, outside its transactions."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, progress=max(0.0, min(1.0, fraction)), message=message[:500]
    )


def job_finish(
    job_id: int, *, message: str = "", result_url: str = "", report: str = "", failed: bool = False
) -> None:
    """Record the outcome; a failed job keeps the progress it had reached.

    ``result_url`` is where the person goes next: the result, or after a
    failure the page to try again from.
    """
    changes: dict[str, object] = {
        "status": JobStatus.FAILED if failed else JobStatus.DONE,
        "message": message[:500],
        "result_url": result_url,
        "report": report,
    }
    if not failed:
        changes["progress"] = 1.0
    Job.objects.filter(pk=job_id).update(**changes)
