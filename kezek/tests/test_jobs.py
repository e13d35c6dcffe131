"""Background jobs record their progress, and only their owner sees it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.choices import JobStatus
from kezek.core.jobs import job_finish, job_progress, job_start
from kezek.core.models import Job
from kezek.core.tests.jobs_for_tests import count_to, fail_halfway, stopped_with_its_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_job_runs_after_commit_and_reports_done(world: World) -> None:
    person = PersonFactory.create(organisation=world.owner, roles=["planner"])

    job = job_start(task=count_to, name="Count", started_by=person, steps=4)
    job.refresh_from_db()

    assert job.status == JobStatus.DONE
    assert job.percent == 100
    assert job.message == "counted"


def test_an_unexpected_error_fails_the_job_in_the_starters_language(world: World) -> None:
    person = PersonFactory.create(organisation=world.owner, roles=["planner"])

    with translation.override("ru"):
        job = job_start(
            task=fail_halfway, name="Import", started_by=person, started_from="/wfm/queues/7/"
        )
    job.refresh_from_db()

    assert job.status == JobStatus.FAILED  # before: "running" at 50 % for ever
    assert job.language == "ru"
    assert job.message == "Задание остановлено из-за непредвиденной ошибки."
    assert job.report == "KeyError: 'a part of the file the reader did not expect'"
    assert job.percent == 50
    assert job.result_url == "/wfm/queues/7/"  # back, to try again


def test_a_job_whose_worker_is_being_stopped_fails_at_once(world: World) -> None:
    person = PersonFactory.create(organisation=world.owner, roles=["planner"])

    job = job_start(
        task=stopped_with_its_worker, name="Import", started_by=person, started_from="/again/"
    )
    job.refresh_from_db()

    assert job.status == JobStatus.FAILED  # before: "running" for ever
    assert job.message == "The worker running this job stopped; start it again."
    assert job.result_url == "/again/"


def test_the_files_of_a_job_are_deleted_when_it_ends(world: World) -> None:
    person = PersonFactory.create(organisation=world.owner, roles=["planner"])
    upload = default_storage.save("jobs/upload.csv", ContentFile(b"timestamp,calls\n"))

    job = job_start(task=count_to, name="Count", started_by=person, files=[upload], steps=1)
    job.refresh_from_db()

    assert job.status == JobStatus.DONE
    assert not default_storage.exists(upload)
    assert job.files == []


def test_the_progress_partial_is_served_to_htmx_and_hidden_from_others(
    client: Client, world: World
) -> None:
    owner = PersonFactory.create(organisation=world.owner, roles=["planner"])
    job = Job.objects.create(name="Forecast", started_by=owner, progress=0.4, status="running")
    outsider = PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"])

    client.force_login(owner)
    partial = client.get(reverse("job-detail", args=[job.pk]), headers={"HX-Request": "true"})
    client.force_login(outsider)
    foreign = client.get(reverse("job-detail", args=[job.pk]))

    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert b'value="40"' in partial.content
    assert foreign.status_code == 404


def test_progress_and_outcome_refuse_to_be_written_inside_another_transaction(
    world: World,
) -> None:
    # Inside a transaction the page polling the job would see nothing until it committed.
    person = PersonFactory.create(organisation=world.owner, roles=["planner"])
    job = Job.objects.create(name="Count", started_by=person)

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        job_progress(job.pk, fraction=0.5, message="half")
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        job_finish(job.pk, message="done")
    job_progress(job.pk, fraction=0.5, message="half")

    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (JobStatus.RUNNING, 0.5, "half")
