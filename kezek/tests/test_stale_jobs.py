"""A job whose worker is gone is failed, with its task result and its files, and can be retried."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.choices import JobStatus
from kezek.core.jobs import job_progress, job_start, jobs_fail_stale
from kezek.core.models import Job
from kezek.core.tests.jobs_for_tests import compute_quietly, count_to, sleep_halfway

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOST = "The worker running this job stopped; start it again."
REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def planner(world: World) -> User:
    return PersonFactory.create(organisation=world.owner, roles=["planner"])


def _running_import(planner: User, *, heartbeat_age: timedelta) -> Job:
    """A history import a worker took and was running at 60 %, its last heartbeat that old."""
    upload = default_storage.save("wfm/imports/7/jan.csv", ContentFile(b"timestamp,calls\n"))
    with override_settings(TASKS=DATABASE_QUEUE):
        job = job_start(
            task=count_to,
            name="Import",
            started_by=planner,
            started_from="/wfm/queues/7/",
            files=[upload],
            steps=1,
        )
    DBTaskResult.objects.get().claim("a-worker")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=0.6, heartbeat_at=timezone.now() - heartbeat_age
    )
    return job


def test_the_clock_fails_a_job_whose_worker_stopped_beating(client: Client, planner: User) -> None:
    job = _running_import(planner, heartbeat_age=timedelta(seconds=301))

    call_command("periodic", "--once", stdout=io.StringIO())
    job.refresh_from_db()
    client.force_login(planner)
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()

    assert job.status == JobStatus.FAILED  # before: "running 60 %" for ever
    assert job.message == LOST
    assert job.percent == 60
    assert DBTaskResult.objects.get().status == "FAILED"
    assert DBTaskResult.objects.get().exception_class_path == "kezek.core.jobs.WorkerGone"
    assert not default_storage.exists("wfm/imports/7/jan.csv")
    assert job.files == []
    assert LOST in page
    assert 'href="/wfm/queues/7/">Back, to try again' in page


def test_a_job_whose_worker_beat_recently_is_left_running(planner: User) -> None:
    job = _running_import(planner, heartbeat_age=timedelta(seconds=290))

    call_command("periodic", "--once", stdout=io.StringIO())
    job.refresh_from_db()

    assert job.status == JobStatus.RUNNING
    assert DBTaskResult.objects.get().status == "RUNNING"
    assert default_storage.exists("wfm/imports/7/jan.csv")


@override_settings(JOB_STALE_SECONDS=60)
def test_the_job_page_notices_a_lost_worker_by_itself(client: Client, planner: User) -> None:
    job = _running_import(planner, heartbeat_age=timedelta(seconds=61))
    client.force_login(planner)

    partial = client.get(reverse("job-detail", args=[job.pk]), headers={"HX-Request": "true"})

    assert LOST in partial.content.decode()
    assert "hx-trigger" not in partial.content.decode()  # the page stops polling
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert DBTaskResult.objects.get().status == "FAILED"


def test_progress_is_a_heartbeat(planner: User) -> None:
    job = _running_import(planner, heartbeat_age=timedelta(hours=1))
    before = timezone.now()

    job_progress(job.pk, fraction=0.7, message="Storing the intervals")
    job.refresh_from_db()

    assert job.heartbeat_at is not None
    assert job.heartbeat_at >= before


@override_settings(JOB_STALE_SECONDS=1)
def test_a_job_computing_without_progress_still_beats(planner: User) -> None:
    # Three timeouts without a call to job_progress: only the heartbeat thread speaks for it.
    job = job_start(task=compute_quietly, name="Schedule", started_by=planner, seconds=3)
    job.refresh_from_db()

    assert job.status == JobStatus.DONE
    assert job.message == "0 jobs found stale"


def _job_message(database: Path, job_id: int) -> str:
    with contextlib.closing(sqlite3.connect(database)) as db:
        row = db.execute("SELECT message FROM core_job WHERE id = ?", [job_id]).fetchone()
    return str(row[0])


def _wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_worker_killed_mid_job_leaves_a_job_the_sweep_fails(
    planner: User, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the worker works on a file copy of the SQLite test database")
    with override_settings(TASKS=DATABASE_QUEUE):
        job = job_start(
            task=sleep_halfway,
            name="Import",
            started_by=planner,
            started_from="/wfm/queues/7/",
            files=["wfm/imports/7/jan.csv"],
            seconds=60,
        )
    # The worker is another process: it works on a file copy of the test database.
    database = tmp_path / "kezek.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(database)])
    upload = tmp_path / "media" / "wfm" / "imports" / "7" / "jan.csv"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"timestamp,calls\n")
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KEZEK_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "kezek.config.settings",
        "KEZEK_DEBUG": "true",  # as under scripts/run, where db_worker would reload
        "KEZEK_VAR_DIR": str(tmp_path),
        "KEZEK_JOB_STALE_SECONDS": "1",
    }
    environment.pop("DATABASE_URL", None)  # the default: kezek.sqlite3 in KEZEK_VAR_DIR
    worker = subprocess.Popen(
        [sys.executable, "-m", "kezek", "worker", "--interval=0.1", "--no-startup-delay"],
        cwd=REPOSITORY,
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: _job_message(database, job.pk) == "Storing the intervals", seconds=60)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        with pytest.raises(ProcessLookupError):  # no child of the worker goes on with the job
            os.killpg(worker.pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
    time.sleep(1.5)  # the timeout passes without a heartbeat
    # The sweep of the clock, here on the worker's database and files.
    with contextlib.closing(sqlite3.connect(database)) as worked_on:
        worked_on.backup(connection.connection)
    files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with override_settings(
        JOB_STALE_SECONDS=1, MEDIA_ROOT=tmp_path / "media", STORAGES={"default": files}
    ):
        swept = jobs_fail_stale()
    job.refresh_from_db()

    assert swept == 1
    assert (job.status, job.message, job.result_url, job.files) == (
        JobStatus.FAILED,
        LOST,
        "/wfm/queues/7/",
        [],
    )
    assert DBTaskResult.objects.get(task_path=sleep_halfway.module_path).status == "FAILED"
    assert not upload.exists()
