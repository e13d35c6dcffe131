"""Access rules of workforce planning.

The owner's planners, centre managers and admins change everything; other owner
staff read it. A vendor's staff read the queues it serves and what hangs off
them (published plans and schedules) and nothing of another vendor's queues.
Client companies see nothing here. ``may_plan`` is who changes plans at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, Q

from kezek.core.policy import EVERYTHING, Actor, capability, register
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


@capability("may_plan")
def plans(actor: Actor) -> bool:
    """The owner's planners, centre managers and admins: they change queues, forecasts,
    plans and schedules (of their own organisation's queues)."""
    return actor.is_superuser or (actor.is_owner_staff and actor.has(*PLANNING_ROLES))


def _queue_rule(actor: Actor, action: str, *, prefix: str, vendor_may_view: bool) -> Q | None:
    if not actor.is_authenticated:
        return None
    if actor.is_superuser:
        return EVERYTHING
    if actor.is_owner_staff:
        if action == "view" or plans(actor):
            return Q(**{f"{prefix}organisation_id": actor.organisation_id})
        return None
    if actor.is_vendor_staff and vendor_may_view and action == "view":
        return Q(**{f"{prefix}vendor_id": actor.organisation_id})
    return None


# Each model reaches its queue through a path; vendors may read what they roster against.
_QUEUE_PATHS: dict[type[Model], tuple[str, bool]] = {
    Queue: ("", True),
    HistoryImport: ("queue__", False),
    HistoryInterval: ("queue__", False),
    SpecialDay: ("queue__", False),
    Forecast: ("queue__", False),
    ForecastInterval: ("forecast__queue__", False),
    ForecastOverride: ("interval__forecast__queue__", False),
    StaffingPlan: ("forecast__queue__", True),
    StaffingRequirement: ("plan__forecast__queue__", True),
    Schedule: ("plan__forecast__queue__", True),
    ScheduledShift: ("schedule__plan__forecast__queue__", True),
    ShiftTemplate: ("", False),
}


def _rule_for(prefix: str, vendor_may_view: bool) -> Callable[[Actor, str], Q | None]:
    def rule(actor: Actor, action: str) -> Q | None:
        return _queue_rule(actor, action, prefix=prefix, vendor_may_view=vendor_may_view)

    return rule


for _model, (_prefix, _vendor_may_view) in _QUEUE_PATHS.items():
    register(_model)(_rule_for(_prefix, _vendor_may_view))
