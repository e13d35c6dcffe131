"""Starting background jobs and reporting their progress.

A job function is a django-tasks task, decorated with :func:`job_task` under
``@task()``, that takes ``job_id`` and calls :func:`job_progress` as it goes;
pages poll the ``Job`` row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks.base import Task

from kezek.core.models import Job, JobStatus


def job_start(*, task: Task[..., Any], name: str, started_by: Any, **kwargs: Any) -> Job:
    """Record a job and enqueue ``task`` once the record is committed."""
    job = Job.objects.create(
        name=name, started_by=started_by, language=translation.get_language() or ""
    )
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


def job_task(function: Callable[..., None]) -> Callable[..., None]:
    """A job function that writes its messages in the starter's language and never hangs.

    The worker has no request, so no language: the one the person used when
    starting the job is put in force. An error the function did not expect
    (a corrupt upload the reader does not know) fails the job with its reason;
    before, the job stayed "running" for ever.
    """

    @functools.wraps(function)
    def run(*, job_id: int, **kwargs: Any) -> None:
        language = Job.objects.filter(pk=job_id).values_list("language", flat=True).first()
        with translation.override(language or None):
            try:
                function(job_id=job_id, **kwargs)
            except Exception as exc:
                job_finish(
                    job_id,
                    failed=True,
                    message=_("The job stopped on an unexpected error."),
                    report=f"{type(exc).__name__}: {exc}",
                )
                raise

    return run
