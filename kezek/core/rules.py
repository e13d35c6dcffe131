"""Access rules for core records."""

from __future__ import annotations

from django.db.models import Q

from kezek.core.models import Job
from kezek.core.policy import EVERYTHING, Actor, register


@register(Job)
def job_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    return EVERYTHING if actor.is_admin else Q(started_by_id=actor.user_id)
