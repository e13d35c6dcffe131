"""Starting background jobs and reporting their progress.

A job function is a django-tasks task, decorated with :func:`job_task` under
``@task()``, that takes ``job_id`` and calls :func:`job_progress` as it goes;
pages poll the ``Job`` row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks.base import Task

from kezek.core.models import Job, JobStatus


def job_start(
    *,
    task: Task[..., Any],
    name: str,
    started_by: Any,
    started_from: str = "",
    files: list[str] | None = None,
    **kwargs: Any,
) -> Job:
    """Record a job and enqueue ``task`` once the record is committed.

    ``started_from`` is the page to try again from if the job fails; ``files``
    are names in the default storage that the job owns: they are deleted when
    it ends, however it ends.
    """
    job = Job.objects.create(
        name=name,
        started_by=started_by,
        language=translation.get_language() or "",
        started_from=started_from,
        files=files or [],
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
    failure the page to try again from (by default the one it was started from).
    """
    changes: dict[str, object] = {
        "status": JobStatus.FAILED if failed else JobStatus.DONE,
        "message": message[:500],
        "result_url": result_url or (F("started_from") if failed else ""),
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
    before, the job stayed "running" for ever. The job's files are deleted at
    the end, whatever the outcome.
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
            except BaseException:
                # The worker is being stopped (a second Ctrl+C, SystemExit): say so now.
                job_finish(job_id, failed=True, message=_worker_stopped())
                raise
            finally:
                job_files_delete(job_id)

    return run


def job_files_delete(job_id: int) -> None:
    """Delete the files the job owns from the storage, and forget them."""
    names = Job.objects.filter(pk=job_id).values_list("files", flat=True).first() or []
    for name in names:
        default_storage.delete(name)
    Job.objects.filter(pk=job_id).update(files=[])


def _worker_stopped() -> str:
    return _("The worker running this job stopped; start it again.")
