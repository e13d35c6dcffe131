"""Background jobs of the service desk."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from kezek.servicedesk.services.requests import requests_auto_close
from kezek.servicedesk.services.sla import sla_sweep


@task()
def sla_sweep_task() -> dict[str, int]:
    """Send due SLA warnings and escalate due breaches (run every minute or so)."""
    result = sla_sweep(now=timezone.now())
    return {"warned": result.warned, "breached": result.breached, "escalated": result.escalated}


@task()
def auto_close_task() -> dict[str, int]:
    """Close requests resolved ``SERVICEDESK_AUTO_CLOSE_DAYS`` ago that nobody reopened."""
    after = timedelta(days=settings.SERVICEDESK_AUTO_CLOSE_DAYS)
    return {"closed": requests_auto_close(now=timezone.now(), after=after)}
