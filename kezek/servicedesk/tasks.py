"""Background jobs of the service desk."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kezek.servicedesk.services.sla import sla_sweep


@task()
def sla_sweep_task() -> dict[str, int]:
    """Send due SLA warnings and escalate due breaches (run every minute or so)."""
    result = sla_sweep(now=timezone.now())
    return {"warned": result.warned, "breached": result.breached, "escalated": result.escalated}
