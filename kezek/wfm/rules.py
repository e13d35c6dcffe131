"""Access rules of workforce planning.

The owner's planners, centre managers and admins change everything; other owner
staff read it. A vendor's staff read the queues it serves and what hangs off
them (published plans and schedules) and nothing of another vendor's queues.
Client companies see nothing here.
"""

from __future__ import annotations

from django.db.models import Q

from kezek.core.policy import EVERYTHING, Actor, register
from kezek.wfm.models import (
    Forecast,
    ForecastInterval,
    ForecastOverride,
    HistoryImport,
    HistoryInterval,
    Queue,
    Schedule,
    ScheduledShift,
    ShiftTemplate,
    SpecialDay,
    StaffingPlan,
    StaffingRequirement,
)

PLANNING_ROLES = ("planner", "centre_manager", "admin")


def _queue_rule(actor: Actor, action: str, *, prefix: str, vendor_may_view: bool) -> Q | None:
    if not actor.is_authenticated:
        return None
    if actor.is_superuser:
        return EVERYTHING
    if actor.is_owner_staff:
        if action == "view" or actor.is_admin or actor.has(*PLANNING_ROLES):
            return Q(**{f"{prefix}organisation_id": actor.organisation_id})
        return None
    if actor.is_vendor_staff and vendor_may_view and action == "view":
        return Q(**{f"{prefix}vendor_id": actor.organisation_id})
    return None


@register(Queue)
def queue_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="", vendor_may_view=True)


@register(HistoryImport)
def history_import_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="queue__", vendor_may_view=False)


@register(HistoryInterval)
def history_interval_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="queue__", vendor_may_view=False)


@register(Forecast)
def forecast_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="queue__", vendor_may_view=False)


@register(ForecastInterval)
def forecast_interval_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="forecast__queue__", vendor_may_view=False)


@register(ForecastOverride)
def forecast_override_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="interval__forecast__queue__", vendor_may_view=False)


@register(StaffingPlan)
def staffing_plan_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="forecast__queue__", vendor_may_view=True)


@register(StaffingRequirement)
def staffing_requirement_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="plan__forecast__queue__", vendor_may_view=True)


@register(Schedule)
def schedule_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="plan__forecast__queue__", vendor_may_view=True)


@register(ScheduledShift)
def scheduled_shift_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(
        actor, action, prefix="schedule__plan__forecast__queue__", vendor_may_view=True
    )


@register(ShiftTemplate)
def shift_template_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="", vendor_may_view=False)


@register(SpecialDay)
def special_day_rule(actor: Actor, action: str) -> Q | None:
    return _queue_rule(actor, action, prefix="queue__", vendor_may_view=False)
