"""Job functions for the job tests (tasks must live at module level)."""

import time

from django.utils.translation import gettext as _
from django_tasks import task

from kezek.core.jobs import job_finish, job_progress, job_task, jobs_fail_stale


@task()
@job_task
def count_to(*, job_id: int, steps: int) -> None:
    for step in range(1, steps + 1):
        job_progress(job_id, fraction=step / steps, message=f"{step} of {steps}")
    job_finish(job_id, message="counted", result_url="/done/")


@task()
@job_task
def fail_halfway(*, job_id: int) -> None:
    job_progress(job_id, fraction=0.5, message=_("Reading and checking every row"))
    raise KeyError("a part of the file the reader did not expect")


@task()
@job_task
def stopped_with_its_worker(*, job_id: int) -> None:
    job_progress(job_id, fraction=0.3, message="working")
    raise SystemExit(1)  # what db_worker raises in the job on a second Ctrl+C


@task()
@job_task
def compute_quietly(*, job_id: int, seconds: float) -> None:
    """Compute without reporting progress, then sweep as the clock would meanwhile."""
    time.sleep(seconds)
    job_finish(job_id, message=f"{jobs_fail_stale()} jobs found stale")


@task()
@job_task
def sleep_halfway(*, job_id: int, seconds: float) -> None:
    job_progress(job_id, fraction=0.6, message="Storing the intervals")
    time.sleep(seconds)
    job_finish(job_id, message="slept")
