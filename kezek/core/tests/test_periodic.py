"""Periodic jobs: each is enqueued when its period has passed, and ``kezek periodic --once`` runs them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kezek.core.periodic import due, periodic_tasks


def test_the_sla_sweep_and_survey_jobs_are_registered() -> None:
    paths = {entry.task.module_path for entry in periodic_tasks()}

    assert "kezek.servicedesk.tasks.sla_sweep_task" in paths
    assert "kezek.surveys.tasks.send_reminders" in paths


def test_a_job_is_due_again_only_after_its_period() -> None:
    sweep = next(e for e in periodic_tasks() if e.task.module_path.endswith("sla_sweep_task"))
    last_run = {sweep.task.module_path: 1000.0}

    assert sweep not in due(last_run, 1000.0 + sweep.every_seconds - 1)
    assert sweep in due(last_run, 1000.0 + sweep.every_seconds)


@pytest.mark.django_db
def test_periodic_once_enqueues_every_job() -> None:
    out = io.StringIO()

    call_command("periodic", "--once", stdout=out)

    assert out.getvalue().count("enqueued") == len(periodic_tasks())
