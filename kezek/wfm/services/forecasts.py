"""Forecasts of a queue: made from its history, overridden by planners, exported."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.engine.forecasting import (
    AhtForecaster,
    IntervalCounts,
    IntervalForecast,
    LevelShapeForecaster,
    forecast_totals,
    weekday,
)
from kezek.wfm.models import (
    Forecast,
    ForecastInterval,
    ForecastOverride,
    HistoryInterval,
    Queue,
    SpecialDay,
)

MAX_HORIZON_DAYS = 84
RECENT_DAYS = 28


@dataclass(frozen=True)
class _History:
    counts: IntervalCounts
    handled: npt.NDArray[np.float64]
    aht_s: npt.NDArray[np.float64]


def history_counts(queue: Queue, *, before: date) -> _History:
    """The queue's history before ``before`` as local-time interval counts.

    On the day clocks go back the repeated hour's intervals share their local
    times: their calls are added together, as the wall-clock grid has one slot.
    """
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    limit = datetime.combine(before, datetime.min.time(), tzinfo=zone)
    rows = list(
        HistoryInterval.objects.filter(queue=queue, starts_at__lt=limit)
        .order_by("starts_at")
        .values_list("starts_at", "calls", "handled", "aht_seconds")
    )
    if not rows:
        raise ValidationError(_("The queue has no history before %(day)s.") % {"day": before})
    local = np.array(
        [row[0].astimezone(zone).replace(tzinfo=None) for row in rows], dtype="datetime64[m]"
    )
    starts, slot = np.unique(local, return_inverse=True)
    calls = np.bincount(slot, weights=[r[1] for r in rows]).astype(float)
    handled = np.bincount(slot, weights=[r[2] if r[2] is not None else r[1] for r in rows]).astype(
        float
    )
    seconds = np.bincount(
        slot, weights=[(r[3] or 0.0) * (r[2] if r[2] is not None else r[1]) for r in rows]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        aht = np.where(handled > 0, seconds / handled, np.nan)
    counts = IntervalCounts(
        start=starts,
        calls=calls,
        interval_minutes=queue.interval_minutes,
        handled=handled,
        aht_s=aht,
    )
    return _History(counts=counts, handled=handled, aht_s=aht)


@transaction.atomic
def forecast_create(*, queue: Queue, origin: date, horizon_days: int, created_by: User) -> Forecast:
    """Forecast calls and AHT for every open interval of ``horizon_days`` days from ``origin``.

    Only history before ``origin`` is used. Special days are left out of the
    fit; in the horizon their forecast is multiplied by their factor, and a
    closed day (factor 0) gets no intervals.
    """
    if not 1 <= horizon_days <= MAX_HORIZON_DAYS:
        raise ValidationError(_("Forecast 1 to %(max)s days ahead.") % {"max": MAX_HORIZON_DAYS})
    history = history_counts(queue, before=origin)
    days, calls = history.counts.matrix()
    special = dict(queue.special_days.values_list("day", "factor"))
    try:
        model = LevelShapeForecaster().fit(
            days=days,
            calls=calls,
            special_days=np.array(sorted(special), dtype="datetime64[D]"),
        )
    except ValueError as exc:
        raise ValidationError(
            _("The history cannot be forecast: %(error)s"), params={"error": str(exc)}
        ) from exc
    horizon = np.datetime64(origin, "D") + np.arange(horizon_days).astype("timedelta64[D]")
    factors = np.array([special.get(d.astype(date), 1.0) for d in horizon])
    keep = np.isin(weekday(horizon), model.worked_weekdays_) & (factors > 0)
    horizon, factors = horizon[keep], factors[keep]
    if horizon.size == 0:
        raise ValidationError(_("No working day falls in the horizon."))
    result = model.predict_interval(days=horizon, day_factors=factors)
    aht = _aht(history, days, horizon)
    open_slots = _open_slots(history.counts, days)[weekday(horizon)]
    forecast = Forecast(
        queue=queue,
        origin=origin,
        horizon_days=horizon_days,
        method=f"level-shape (rank {model.shape_rank_})",
        created_by=created_by,
    )
    forecast.full_clean()
    forecast.save()
    ForecastInterval.objects.bulk_create(
        _intervals(forecast, queue, horizon, result, aht, open_slots), batch_size=2000
    )
    return forecast


def _aht(
    history: _History, days: npt.NDArray[np.datetime64], horizon: npt.NDArray[np.datetime64]
) -> npt.NDArray[np.float64]:
    handled = history.counts.matrix(history.handled)[1]
    aht = history.counts.matrix(np.nan_to_num(history.aht_s, nan=0.0))[1]
    if not np.any(handled * aht > 0):
        raise ValidationError(
            _("The history has no handle times: import files with an aht_s column.")
        )
    aht = np.where(handled > 0, aht, np.nan)
    model = AhtForecaster().fit(days=days, handled=handled, aht_s=aht)
    return model.predict(days=horizon)


def _open_slots(counts: IntervalCounts, days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.bool_]:
    """Per weekday, the intervals that had rows in the last four weeks of history."""
    has_row = counts.matrix(np.ones_like(counts.calls))[1]
    recent = days > days[-1] - np.timedelta64(RECENT_DAYS, "D")
    slots = np.zeros((7, has_row.shape[1]), dtype=bool)
    for w in range(7):
        slots[w] = has_row[recent & (weekday(days) == w)].any(axis=0)
    return slots


def _intervals(
    forecast: Forecast,
    queue: Queue,
    horizon: npt.NDArray[np.datetime64],
    result: IntervalForecast,
    aht: npt.NDArray[np.float64],
    open_slots: npt.NDArray[np.bool_],
) -> Iterator[ForecastInterval]:
    """One row per open interval, in UTC; intervals skipped by a clock change are left out."""
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    step = queue.interval_minutes
    for i, day in enumerate(horizon.astype(date)):
        for k in np.flatnonzero(open_slots[i]):
            local = datetime.combine(day, datetime.min.time()) + timedelta(minutes=int(k) * step)
            aware = local.replace(tzinfo=zone)
            if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
                continue  # skipped by the spring clock change
            mean = float(result.mean[i, k])
            yield ForecastInterval(
                forecast=forecast,
                starts_at=aware.astimezone(UTC),
                calls=mean,
                model_calls=mean,
                lower_80=float(result.lower_80[i, k]),
                upper_80=float(result.upper_80[i, k]),
                lower_95=float(result.lower_95[i, k]),
                upper_95=float(result.upper_95[i, k]),
                aht_seconds=float(aht[i, k]),
            )


@transaction.atomic
def forecast_interval_override(
    *, interval: ForecastInterval, calls: float, reason: str, changed_by: User
) -> ForecastOverride:
    """Set the planner's figure for one interval, keeping the old figure and the reason."""
    if calls < 0:
        raise ValidationError({"calls": _("Calls cannot be negative.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the forecast is changed.")})
    interval = ForecastInterval.objects.select_for_update().get(pk=interval.pk)
    override = ForecastOverride(
        interval=interval,
        previous_calls=interval.calls,
        calls=calls,
        reason=reason.strip(),
        changed_by=changed_by,
    )
    override.full_clean()
    override.save()
    ForecastInterval.objects.filter(pk=interval.pk).update(calls=calls)
    return override


@transaction.atomic
def special_day_set(*, queue: Queue, day: date, factor: float, reason: str) -> SpecialDay:
    """Declare (or redeclare) a special day of ``queue``."""
    queue.special_days.filter(day=day).delete()
    special = SpecialDay(queue=queue, day=day, factor=factor, reason=reason.strip())
    special.full_clean()
    special.save()
    return special


def forecast_long_range(
    *, queue: Queue, months: int = 18, growth_per_year: float = 0.0
) -> list[tuple[date, float, float, float]]:
    """Monthly calls after the last day of history, for capacity planning (nothing stored).

    Each row is (first day of the month, calls, lower 80 %, upper 80 %).
    """
    last = (
        queue.history_intervals.order_by("-starts_at").values_list("starts_at", flat=True).first()
    )
    if last is None:
        return []
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    history = history_counts(queue, before=last.astimezone(zone).date() + timedelta(days=1))
    days, calls = history.counts.matrix()
    special = np.array(
        sorted(queue.special_days.values_list("day", flat=True)), dtype="datetime64[D]"
    )
    try:
        model = LevelShapeForecaster().fit(days=days, calls=calls, special_days=special)
        totals = forecast_totals(model=model, months=months, growth_per_year=growth_per_year)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    return [
        (start.astype(date), float(c), float(lo), float(hi))
        for start, c, lo, hi in zip(
            totals.period_start, totals.calls, totals.lower_80, totals.upper_80, strict=True
        )
    ]
