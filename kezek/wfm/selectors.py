"""Reads of workforce planning, always scoped by the access policy."""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncDate

from kezek.core.policy import Action, rows
from kezek.engine.forecasting.accuracy import coverage, wape
from kezek.engine.forecasting.day_effects import NEIGHBOUR_DAYS
from kezek.engine.forecasting.unusual_days import unusual_days
from kezek.engine.scheduling import net_coverage
from kezek.wfm.charts import broken_at_gaps, with_quiet_intervals
from kezek.wfm.models import (
    Forecast,
    ForecastInterval,
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


def forecast_intervals_for(user: Any, *, action: Action = "view") -> QuerySet[ForecastInterval]:
    return rows(user, ForecastInterval, action).select_related("forecast__queue")


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


@dataclass(frozen=True)
class ForecastReading:
    """A forecast's intervals and its queue's calls around it, read once for its page.

    ``intervals``: (local wall-clock start, interval) in time order; ``history``:
    (local start, calls) from ``history_days`` plus three weeks before the origin
    (an unusual day is judged against the weeks around it) to the horizon's end.
    """

    forecast: Forecast
    intervals: list[tuple[datetime, ForecastInterval]]
    history: list[tuple[datetime, int]]
    history_days: int

    @functools.cached_property
    def days(self) -> list[date]:
        """The local days the forecast covers, in order (read twice by the page: kept)."""
        return sorted({moment.date() for moment, _ in self.intervals})

    def intervals_on(self, day: date | None) -> list[ForecastInterval]:
        return [interval for moment, interval in self.intervals if moment.date() == day]

    @property
    def origin(self) -> datetime:
        """Midnight of the forecast's first day, local wall-clock time."""
        return datetime.combine(self.forecast.origin, datetime.min.time())


def read_forecast(user: Any, *, forecast: Forecast, history_days: int = 14) -> ForecastReading:
    """``forecast`` with its intervals and the calls of its queue from before it to its end."""
    queue = forecast.queue
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    origin = datetime.combine(forecast.origin, datetime.min.time(), tzinfo=zone)
    return ForecastReading(
        forecast=forecast,
        intervals=[
            (interval.starts_at.astimezone(zone).replace(tzinfo=None), interval)
            for interval in forecast.intervals.order_by("starts_at")
        ],
        history=_local_history(
            user,
            queue,
            origin - timedelta(days=history_days + NEIGHBOUR_DAYS),
            origin + timedelta(days=forecast.horizon_days),
        ),
        history_days=history_days,
    )


def forecast_chart(reading: ForecastReading) -> dict[str, Any]:
    """The history before the origin and the calls of the forecast days imported since, the
    forecast with its bands, special days and the days left out as unusual; local times."""
    forecast, queue = reading.forecast, reading.forecast.queue
    end = forecast.origin + timedelta(days=forecast.horizon_days)
    before_origin = [
        (moment, calls) for moment, calls in reading.history if moment < reading.origin
    ]
    first_shown = forecast.origin - timedelta(days=reading.history_days)
    shown = [(moment, calls) for moment, calls in reading.history if moment.date() >= first_shown]
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
        [moment for moment, _ in reading.intervals],
        step,
        *(
            [round(getattr(i, field), 2) for _, i in reading.intervals]
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
            for day in _unusual_days(before_origin, queue.interval_minutes, declared)
            if day >= first_shown
        ],
    }


def _local_history(
    user: Any, queue: Queue, start: datetime, end: datetime
) -> list[tuple[datetime, int]]:
    """(local wall-clock time, calls) of the queue's history from ``start`` until ``end``."""
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    return [
        (moment.astimezone(zone).replace(tzinfo=None), calls)
        for moment, calls in rows(user, HistoryInterval)
        .filter(queue=queue, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at")
        .values_list("starts_at", "calls")
    ]


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


@dataclass(frozen=True)
class DayAccuracy:
    """A forecast day against the calls that came: the model's figure and the planner's."""

    day: date
    actual: float
    model: float
    planner: float
    model_wape: float  # Σ|actual − forecast| / Σ actual over the day's intervals
    planner_wape: float
    within_80: float | None  # share of the forecast intervals whose calls fell in the 80 % band


@dataclass(frozen=True)
class ForecastAccuracy:
    """The days of a forecast whose calls came, and all of them together."""

    days: list[DayAccuracy]
    actual: float
    model: float
    planner: float
    model_wape: float
    planner_wape: float


def forecast_accuracy(reading: ForecastReading) -> ForecastAccuracy | None:
    """Each forecast day whose calls have been imported since against the forecast; None if none.

    Intervals with calls but no forecast (outside the hours forecast) count as
    forecast 0; intervals forecast but without a row count as 0 calls.
    """
    came: dict[date, dict[datetime, float]] = {}
    for moment, calls in reading.history:
        if moment >= reading.origin:
            came.setdefault(moment.date(), {})[moment] = calls
    planned: dict[date, dict[datetime, ForecastInterval]] = {}
    for moment, interval in reading.intervals:
        planned.setdefault(moment.date(), {})[moment] = interval
    days = [
        _day_accuracy(day, came[day], planned.get(day, {}))
        for day in sorted(came)
        if sum(came[day].values()) > 0
    ]
    if not days:
        return None
    actual = sum(d.actual for d in days)
    return ForecastAccuracy(
        days=days,
        actual=actual,
        model=sum(d.model for d in days),
        planner=sum(d.planner for d in days),
        model_wape=sum(d.model_wape * d.actual for d in days) / actual,
        planner_wape=sum(d.planner_wape * d.actual for d in days) / actual,
    )


def _day_accuracy(
    day: date, came: dict[datetime, float], planned: dict[datetime, ForecastInterval]
) -> DayAccuracy:
    moments = sorted(set(came) | set(planned))
    actual = np.array([[came.get(m, 0.0) for m in moments]])
    model = np.array([[planned[m].model_calls if m in planned else 0.0 for m in moments]])
    planner = np.array([[planned[m].calls if m in planned else 0.0 for m in moments]])
    in_band = [m for m in moments if m in planned]
    return DayAccuracy(
        day=day,
        actual=float(actual.sum()),
        model=float(model.sum()),
        planner=float(planner.sum()),
        model_wape=wape(actual=actual, forecast=model),
        planner_wape=wape(actual=actual, forecast=planner),
        within_80=coverage(
            actual=np.array([came.get(m, 0.0) for m in in_band]),
            lower=np.array([planned[m].lower_80 for m in in_band]),
            upper=np.array([planned[m].upper_80 for m in in_band]),
        )
        if in_band
        else None,
    )
