"""Background jobs of workforce planning; each calls a service and reports progress."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from kezek.accounts.models import User
from kezek.core.jobs import job_finish, job_progress, job_task
from kezek.wfm.models import Queue, Schedule, ShiftTemplate, StaffingPlan
from kezek.wfm.services.history import history_records_from_file, history_store
from kezek.wfm.services.schedules import schedule_build


@task()
@job_task
def history_import(
    *,
    job_id: int,
    queue_id: int,
    stored_name: str,
    file_name: str,
    kind: str,
    user_id: int,
    columns: dict[str, str] | None = None,
) -> None:
    """Validate the whole uploaded file, then store every interval or none.

    The upload is one of the job's files: ``job_task`` deletes it however the job ends.
    """
    queue = Queue.objects.get(pk=queue_id)
    try:
        job_progress(job_id, fraction=0.1, message=_("Reading and checking every row"))
        with tempfile.TemporaryDirectory() as folder:
            # The engine reads paths (it tells .gz and .xlsx by the name): copy the upload out.
            local = Path(folder) / Path(file_name).name
            with default_storage.open(stored_name, "rb") as upload:
                local.write_bytes(upload.read())
            records = history_records_from_file(
                path=local,
                kind=kind,
                columns=columns,
                interval_minutes=queue.interval_minutes,
                target_answer_s=queue.target_answer_seconds,
                time_zone=queue.time_zone,
            )
        job_progress(job_id, fraction=0.6, message=_("Storing the intervals"))
        history_store(
            queue=queue,
            records=records,
            file_name=file_name,
            file_format=kind,
            imported_by=User.objects.get(pk=user_id),
        )
    except ValidationError as exc:
        job_finish(
            job_id,
            failed=True,
            message=ngettext(
                "Nothing was imported: the file has %(count)s problem.",
                "Nothing was imported: the file has %(count)s problems.",
                len(exc.messages),
            )
            % {"count": len(exc.messages)},
            report="\n".join(exc.messages),
            result_url=reverse("wfm:queue-detail", args=[queue.pk]),
        )
    else:
        job_finish(
            job_id,
            message=_("%(count)s intervals imported.") % {"count": len(records)},
            result_url=reverse("wfm:queue-detail", args=[queue.pk]),
        )


@task()
@job_task
def schedule_build_job(
    *,
    job_id: int,
    plan_id: int,
    template_ids: list[int],
    user_id: int,
    break_minutes_per_hour: int,
    max_on_break_share: float,
) -> None:
    """Build a schedule for a staffing plan and point the job at it."""
    plan = StaffingPlan.objects.select_related("forecast__queue").get(pk=plan_id)
    templates = list(ShiftTemplate.objects.filter(pk__in=template_ids).order_by("name"))
    try:
        schedule = schedule_build(
            plan=plan,
            templates=templates,
            created_by=User.objects.get(pk=user_id),
            break_minutes_per_hour=break_minutes_per_hour,
            max_on_break_share=max_on_break_share,
            progress=lambda fraction, message: job_progress(
                job_id, fraction=fraction, message=message
            ),
        )
    except ValidationError as exc:
        job_finish(
            job_id,
            failed=True,
            message=" ".join(exc.messages)[:500],
            report="\n".join(exc.messages),
            result_url=reverse("wfm:plan-detail", args=[plan.pk]),
        )
        return
    Schedule.objects.filter(pk=schedule.pk).update(job_id=job_id)
    job_finish(
        job_id,
        message=_("%(shifts)s agent-shifts, %(hours)s paid hours, %(short)s short agent-intervals.")
        % {
            "shifts": schedule.shifts.count(),
            "hours": round(schedule.paid_hours or 0, 1),
            "short": schedule.shortfall_agent_intervals,
        },
        result_url=reverse("wfm:schedule-detail", args=[schedule.pk]),
    )
