"""Reads of workforce planning, always scoped by the access policy."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncDate

from kezek.core.policy import Action, rows
from kezek.engine.forecasting.day_effects import NEIGHBOUR_DAYS
from kezek.engine.forecasting.unusual_days import unusual_days
from kezek.engine.scheduling import net_coverage
from kezek.wfm.charts import broken_at_gaps, with_quiet_intervals
from kezek.wfm.models import (
    Forecast,
    HistoryImport,
    HistoryInterval,
    Queue,
    Schedule,
    ShiftTemplate,
    StaffingPlan,
)


def queues_for(user: Any, *, action: Action = "view") -> QuerySet[Queue]:
    return rows(user, Queue, action).select_related("organisation", "vendor").order_by("name")


def history_imports_for(user: Any, *, queue: Queue) -> QuerySet[HistoryImport]:
    return rows(user, HistoryImport).filter(queue=queue).select_related("imported_by")


def forecasts_for(user: Any, *, action: Action = "view") -> QuerySet[Forecast]:
    return rows(user, Forecast, action).select_related("queue", "created_by")


def staffing_plans_for(user: Any, *, action: Action = "view") -> QuerySet[StaffingPlan]:
    return rows(user, StaffingPlan, action).select_related("forecast__queue", "published_by")


def daily_calls(user: Any, *, queue: Queue) -> list[tuple[date, int]]:
    """Calls per day of ``queue``'s history, by the day in the queue's time zone."""
    totals = (
        rows(user, HistoryInterval)
        .filter(queue=queue)
        .annotate(day=TruncDate("starts_at", tzinfo=zoneinfo.ZoneInfo(queue.time_zone)))
        .values("day")
        .annotate(calls=Sum("calls"))
        .order_by("day")
    )
    return [(row["day"], row["calls"]) for row in totals]


def shift_templates_for(user: Any, *, action: Action = "view") -> QuerySet[ShiftTemplate]:
    return rows(user, ShiftTemplate, action).order_by("name")


def schedules_for(user: Any, *, action: Action = "view") -> QuerySet[Schedule]:
    return rows(user, Schedule, action).select_related("plan__forecast__queue", "created_by")


@dataclass(frozen=True)
class CoverageSeries:
    """Required against net scheduled agents per interval (local times), for the chart."""

    starts: list[str]
    required: list[int]
    net: list[int]
    shortfall: list[int]


def schedule_coverage(schedule: Schedule) -> CoverageSeries:
    """Recompute net coverage minute by minute from the stored agent-shifts and breaks."""
    plan = schedule.plan
    queue = plan.forecast.queue
    step = timedelta(minutes=queue.interval_minutes)
    needs = dict(plan.requirements.values_list("starts_at", "agents"))
    first, last = min(needs), max(needs)
    starts = [first + i * step for i in range(int((last - first) / step) + 1)]
    shifts = list(schedule.shifts.all())

    def minutes(moment: datetime) -> int:
        return int((moment - first).total_seconds() // 60)

    breaks = [
        (datetime.fromisoformat(a), datetime.fromisoformat(b)) for s in shifts for a, b in s.breaks
    ]
    coverage = net_coverage(
        shift_starts_min=np.array([minutes(s.starts_at) for s in shifts], dtype=np.int64),
        shift_ends_min=np.array([minutes(s.ends_at) for s in shifts], dtype=np.int64),
        off_starts_min=np.array([minutes(a) for a, _ in breaks], dtype=np.int64),
        off_ends_min=np.array([minutes(b) for _, b in breaks], dtype=np.int64),
        required_agents=np.array([needs.get(s, 0) for s in starts], dtype=np.int64),
        interval_minutes=queue.interval_minutes,
    )
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    return CoverageSeries(
        starts=[s.astimezone(zone).strftime("%Y-%m-%d %H:%M") for s in starts],
        required=[needs.get(s, 0) for s in starts],
        net=[int(v) for v in coverage.min_net_by_interval],
        shortfall=[int(v) for v in coverage.shortfall_by_interval],
    )


def forecast_chart(user: Any, *, forecast: Forecast, history_days: int = 14) -> dict[str, Any]:
    """History before the origin, the forecast with its bands, special and unusual days, local."""
    queue = forecast.queue
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    origin = datetime.combine(forecast.origin, datetime.min.time(), tzinfo=zone)
    # Three weeks more than shown: an unusual day is judged against the weeks around it.
    reach = history_days + NEIGHBOUR_DAYS
    history = [
        (moment.astimezone(zone).replace(tzinfo=None), calls)
        for moment, calls in rows(user, HistoryInterval)
        .filter(queue=queue, starts_at__gte=origin - timedelta(days=reach), starts_at__lt=origin)
        .order_by("starts_at")
        .values_list("starts_at", "calls")
    ]
    first_shown = forecast.origin - timedelta(days=history_days)
    shown = [(moment, calls) for moment, calls in history if moment.date() >= first_shown]
    intervals = list(forecast.intervals.order_by("starts_at"))
    end = forecast.origin + timedelta(days=forecast.horizon_days)
    special = list(
        queue.special_days.filter(
            day__gte=first_shown - timedelta(days=NEIGHBOUR_DAYS), day__lt=end
        ).values_list("day", "factor", "reason")
    )
    declared = {day for day, _, _ in special}
    step = timedelta(minutes=queue.interval_minutes)
    history_points = with_quiet_intervals(shown, step)
    history_x, (history_y,) = broken_at_gaps(
        [moment for moment, _ in history_points], step, [calls for _, calls in history_points]
    )
    x, (calls, model, lower_80, upper_80, lower_95, upper_95) = broken_at_gaps(
        [i.starts_at.astimezone(zone).replace(tzinfo=None) for i in intervals],
        step,
        *(
            [round(getattr(i, field), 2) for i in intervals]
            for field in ("calls", "model_calls", "lower_80", "upper_80", "lower_95", "upper_95")
        ),
    )
    return {
        "history_x": history_x,
        "history_y": history_y,
        "x": x,
        "calls": calls,
        "model": model,
        "lower_80": lower_80,
        "upper_80": upper_80,
        "lower_95": lower_95,
        "upper_95": upper_95,
        "special": [
            {"day": d.isoformat(), "factor": f, "reason": r}
            for d, f, r in special
            if d >= first_shown
        ],
        "unusual": [
            day.isoformat()
            for day in _unusual_days(history, queue.interval_minutes, declared)
            if day >= first_shown
        ],
    }


def _unusual_days(
    history: list[tuple[datetime, int]], interval_minutes: int, declared: set[date]
) -> list[date]:
    """The days of ``history`` (local time, calls) the forecaster leaves out as unusual."""
    by_day: dict[date, np.ndarray] = {}
    for moment, calls in history:
        if moment.date() in declared:
            continue  # declared special days are left out of the fit anyway
        counts = by_day.setdefault(moment.date(), np.zeros(24 * 60 // interval_minutes))
        counts[(moment.hour * 60 + moment.minute) // interval_minutes] += calls
    if not by_day:
        return []
    days = sorted(by_day)
    found = unusual_days(np.array(days, dtype="datetime64[D]"), np.array([by_day[d] for d in days]))
    return [day for day, out in zip(days, found.left_out, strict=True) if out]
