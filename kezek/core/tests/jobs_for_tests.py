"""A job function for the job-progress tests (tasks must live at module level)."""

from django_tasks import task

from kezek.core.jobs import job_finish, job_progress


@task()
def count_to(*, job_id: int, steps: int) -> None:
    for step in range(1, steps + 1):
        job_progress(job_id, fraction=step / steps, message=f"{step} of {steps}")
    job_finish(job_id, message="counted", result_url="/done/")
