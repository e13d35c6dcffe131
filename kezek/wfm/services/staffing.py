"""Staffing: the calculator, and publishing a forecast as agents per interval."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.engine.queueing import IntervalStaffing, staff_interval, staff_intervals
from kezek.wfm.models import Forecast, QueueingModel, StaffingPlan, StaffingRequirement
from kezek.wfm.services.forecasts import MAX_INTERVAL_CALLS

# The calculator's ceilings: past them the figures are no interval of a real centre, and
# the queueing maths would overflow instead of answering.
MAX_CALCULATOR_CALLS = MAX_INTERVAL_CALLS
MAX_INTERVAL_MINUTES = 24 * 60
MAX_CALCULATOR_SECONDS = 24 * 60 * 60
MAX_CALCULATOR_AGENTS = 1_000_000


@dataclass(frozen=True)
class StaffingCurve:
    """Service measures for a range of agent counts around the answer, for the chart."""

    agents: list[int]
    service_level: list[float]
    asa_seconds: list[float | None]
    abandon_rate: list[float | None]


def staffing_calculate(**params: Any) -> IntervalStaffing:
    """The engine's ``staff_interval``, with its ``ValueError`` turned into a form error."""
    try:
        return staff_interval(**params)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def staffing_curve(result: IntervalStaffing, **params: Any) -> StaffingCurve:
    """Measures from a few agents below the answer to a few above it."""
    low = max(1, result.agents - 6)
    counts = list(range(low, max(result.agents + 7, low + 8)))
    arrays: dict[str, Any] = {
        key: math.nan if value is None else value
        for key, value in params.items()
        if key != "agents"
    }
    table = staff_intervals(agents=np.array(counts, dtype=float), **arrays)
    return StaffingCurve(
        agents=counts,
        service_level=[float(v) for v in table.service_level],
        asa_seconds=[float(v) if math.isfinite(v) else None for v in table.asa_seconds],
        abandon_rate=[None if math.isnan(v) else float(v) for v in table.abandon_rate],
    )


@transaction.atomic
def staffing_plan_publish(*, forecast: Forecast, published_by: User) -> StaffingPlan:
    """Turn ``forecast`` into agents per interval with its queue's targets; make it current.

    Vendors roster against the current plan only, so the previous plan is
    retired in the same transaction: readers see the old plan or the new one.
    """
    forecast = Forecast.objects.select_for_update().select_related("queue").get(pk=forecast.pk)
    queue = forecast.queue
    intervals = list(forecast.intervals.order_by("starts_at"))
    if not intervals:
        raise ValidationError(_("The forecast has no intervals to staff."))
    try:
        table = staff_intervals(
            contacts=np.array([i.calls for i in intervals]),
            interval_s=queue.interval_minutes * 60,
            aht_s=np.array([i.aht_seconds for i in intervals]),
            target_service_level=queue.target_service_level,
            target_answer_s=queue.target_answer_seconds,
            max_occupancy=queue.max_occupancy,
            patience_s=math.nan if queue.patience_seconds is None else queue.patience_seconds,
            shrinkage=queue.shrinkage,
        )
    except ValueError as exc:
        raise ValidationError(
            _("The forecast cannot be staffed: %(error)s"), params={"error": str(exc)}
        ) from exc
    # Retire first: a partial unique constraint allows one current plan per forecast.
    forecast.plans.filter(is_current=True).update(is_current=False)
    plan = StaffingPlan(
        forecast=forecast,
        model=QueueingModel.ERLANG_C if queue.patience_seconds is None else QueueingModel.ERLANG_A,
        target_service_level=queue.target_service_level,
        target_answer_seconds=queue.target_answer_seconds,
        max_occupancy=queue.max_occupancy,
        shrinkage=queue.shrinkage,
        published_by=published_by,
    )
    plan.full_clean()
    plan.save()
    StaffingRequirement.objects.bulk_create(
        StaffingRequirement(
            plan=plan,
            starts_at=interval.starts_at,
            calls=interval.calls,
            aht_seconds=interval.aht_seconds,
            agents=int(table.agents[index]),
            scheduled_agents=int(table.scheduled_agents[index]),
            service_level=float(table.service_level[index]),
            asa_seconds=float(table.asa_seconds[index])
            if math.isfinite(table.asa_seconds[index])
            else None,
            occupancy=float(table.occupancy[index]),
        )
        for index, interval in enumerate(intervals)
    )
    return plan
