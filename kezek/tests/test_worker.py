"""``kezek worker`` runs the jobs in its own process, never under the autoreloader."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.choices import JobStatus
from kezek.core.jobs import job_start
from kezek.core.tests.jobs_for_tests import count_to

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def _signals_restored() -> Iterator[None]:
    """The worker installs its own SIGINT and SIGTERM handlers; pytest needs its own back."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def _refuse_to_reload(main_func: object) -> None:
    raise AssertionError("kezek worker went under the autoreloader")


@pytest.mark.usefixtures("_signals_restored")
@override_settings(DEBUG=True, TASKS=DATABASE_QUEUE)
def test_under_debug_the_worker_runs_the_job_in_its_own_process(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = PersonFactory.create(organisation=world.owner, roles=["planner"])
    job = job_start(task=count_to, name="Count", started_by=person, steps=2)
    # Under the reloader the job would run in a child process that a kill -9
    # of the worker's pid leaves running: here the reloader may not start at all.
    monkeypatch.setattr(db_worker, "run_with_reloader", _refuse_to_reload)

    call_command("worker", "--max-tasks=1", "--no-startup-delay", "--interval=0", verbosity=0)
    job.refresh_from_db()

    assert job.status == JobStatus.DONE
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_refuses_to_reload() -> None:
    with pytest.raises(CommandError, match="never reloads"):
        call_command("worker", "--reload", "--batch")
