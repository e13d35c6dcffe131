"""Starting background jobs, reporting their progress, and failing those whose worker is gone.

A job function is a django-tasks task, decorated with :func:`job_task` under
``@task()``, that takes ``job_id`` and calls :func:`job_progress` as it goes;
pages poll the ``Job`` row.

While a job runs, its row carries a heartbeat; a job whose heartbeat is older
than ``settings.JOB_STALE_SECONDS`` lost its worker (killed, out of memory, the
machine gone) and :func:`jobs_fail_stale` fails it so its starter can try again.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from kezek.core.choices import JobStatus
from kezek.core.models import Job

logger = logging.getLogger(__name__)

# A worker is declared gone after missing about this many heartbeats in a row.
HEARTBEATS_PER_TIMEOUT = 5


class WorkerGone(Exception):
    """Recorded on the task result of a job whose worker stopped beating."""


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
    transaction.on_commit(lambda: _enqueue(job, task, kwargs))
    return job


def _enqueue(job: Job, task: Task[..., Any], kwargs: dict[str, Any]) -> None:
    result = task.enqueue(job_id=job.pk, **kwargs)
    Job.objects.filter(pk=job.pk).update(task_result_id=result.id)


def job_progress(job_id: int, *, fraction: float, message: str = "") -> None:
    """Record progress (0..1), a heartbeat too, for the pages that poll the job.

    Called by the job outside its transactions, and durable to make sure: inside
    another transaction the progress would show only when that one commits, and
    the job's row would stay locked against its heartbeat until then.
    """
    with transaction.atomic(durable=True):
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.RUNNING,
            progress=max(0.0, min(1.0, fraction)),
            message=message[:500],
            heartbeat_at=timezone.now(),
        )


def job_finish(
    job_id: int, *, message: str = "", result_url: str = "", report: str = "", failed: bool = False
) -> None:
    """Record the outcome; a failed job keeps the progress it had reached.

    ``result_url`` is where the person goes next: the result, or after a
    failure the page to try again from (by default the one it was started from).
    Durable like :func:`job_progress`: an outcome inside another transaction
    would be lost if that one rolled back, and the job would look running.
    """
    changes: dict[str, object] = {
        "status": JobStatus.FAILED if failed else JobStatus.DONE,
        "message": message[:500],
        "result_url": result_url or (F("started_from") if failed else ""),
        "report": report,
    }
    if not failed:
        changes["progress"] = 1.0
    with transaction.atomic(durable=True):
        Job.objects.filter(pk=job_id).update(**changes)


def job_task(function: Callable[..., None]) -> Callable[..., None]:
    """A job function that speaks the starter's language, beats while it runs and never hangs.

    The worker has no request, so no language: the one the person used when
    starting the job is put in force. An error the function did not expect
    (a corrupt upload the reader does not know) fails the job with its reason;
    before, the job stayed "running" for ever. A thread keeps the heartbeat going
    while the function computes, even when it reports no progress for minutes.
    The job's files are deleted at the end, whatever the outcome.
    """

    @functools.wraps(function)
    def run(*, job_id: int, **kwargs: Any) -> None:
        language = Job.objects.filter(pk=job_id).values_list("language", flat=True).first()
        Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, heartbeat_at=timezone.now())
        with translation.override(language or None), _heartbeat(job_id):
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


@contextlib.contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    stop = threading.Event()
    beater = threading.Thread(
        target=_beat, args=(job_id, stop), name=f"job-{job_id}-heartbeat", daemon=True
    )
    beater.start()
    try:
        yield
    finally:
        stop.set()
        beater.join()


def _beat(job_id: int, stop: threading.Event) -> None:
    every = settings.JOB_STALE_SECONDS / HEARTBEATS_PER_TIMEOUT
    try:
        while not stop.wait(every):
            try:
                Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
            except DatabaseError:
                # A database busy with the job's own writes: the timeout allows missed beats.
                logger.warning("Job %s missed a heartbeat", job_id, exc_info=True)
    finally:
        connections.close_all()  # this thread's connections only


def job_files_delete(job_id: int) -> None:
    """Delete the files the job owns from the storage, and forget them."""
    names = Job.objects.filter(pk=job_id).values_list("files", flat=True).first() or []
    for name in names:
        default_storage.delete(name)
    Job.objects.filter(pk=job_id).update(files=[])


def jobs_fail_stale(jobs: QuerySet[Job] | None = None) -> int:
    """Fail the running jobs (of ``jobs``, else all) whose worker stopped beating; how many.

    Each is failed with a message in its starter's language and a link back to
    where it was started, its task result is failed too and its files deleted.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
    candidates = Job.objects.all() if jobs is None else jobs
    return sum(_fail_lost(job, cutoff) for job in _stale(candidates, cutoff))


def _stale(jobs: QuerySet[Job], cutoff: datetime) -> QuerySet[Job]:
    """Running jobs with no heartbeat since ``cutoff`` (rows from before heartbeats: no update)."""
    return jobs.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None, updated_at__lt=cutoff)
    )


def _fail_lost(job: Job, cutoff: datetime) -> bool:
    with translation.override(job.language or None):
        message = _worker_stopped()
    # Again conditional: a job that beat or finished since it was read is left alone.
    failed = _stale(Job.objects.filter(pk=job.pk), cutoff).update(
        status=JobStatus.FAILED, message=message, result_url=job.started_from
    )
    if not failed:
        return False
    _task_result_fail(job.task_result_id)
    job_files_delete(job.pk)
    logger.warning("Job %s failed: its worker stopped beating", job.pk)
    return True


def _task_result_fail(result_id: str) -> None:
    try:
        result = DBTaskResult.objects.get(pk=result_id, status=TaskResultStatus.RUNNING)
    except (DBTaskResult.DoesNotExist, ValidationError):
        return  # finished meanwhile, or not a database task result (no id, another backend)
    result.set_failed(
        WorkerGone(f"No heartbeat from its worker for {settings.JOB_STALE_SECONDS} seconds.")
    )


def _worker_stopped() -> str:
    return _("The worker running this job stopped; start it again.")
