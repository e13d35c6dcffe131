"""Forecasts of a queue: made from its history, overridden by planners, exported."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.engine.forecasting import (
    AhtForecaster,
    ForecastRows,
    IntervalCounts,
    LevelShapeForecaster,
    forecast_from_origin,
    forecast_totals,
)

# A planner's figure for an interval has the history's ceiling (and the forms import it here).
from kezek.engine.forecasting.history import MAX_INTERVAL_CALLS as MAX_INTERVAL_CALLS
from kezek.wfm.models import (
    Forecast,
    ForecastInterval,
    ForecastMethod,
    ForecastOverride,
    HistoryInterval,
    Queue,
)
from kezek.wfm.services.history import local_to_utc

MAX_HORIZON_DAYS = 84


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


def forecast_create(*, queue: Queue, origin: date, horizon_days: int, created_by: User) -> Forecast:
    """Forecast calls and AHT for every open interval of ``horizon_days`` days from ``origin``.

    Only history before ``origin`` is used. Special days are left out of the
    fit; in the horizon their forecast is multiplied by their factor, and a
    closed day (factor 0) gets no intervals. Days between the last imported one
    and the origin count as open unless declared closed. The models are fitted
    before the forecast is stored, in one short transaction.
    """
    if not 1 <= horizon_days <= MAX_HORIZON_DAYS:
        raise ValidationError(_("Forecast 1 to %(max)s days ahead.") % {"max": MAX_HORIZON_DAYS})
    history = history_counts(queue, before=origin)
    try:
        rows = forecast_from_origin(
            history=history.counts,
            origin=np.datetime64(origin, "D"),
            horizon_days=horizon_days,
            special_days=dict(queue.special_days.values_list("day", "factor")),
            # Imports may lag: days after the last one are open unless declared closed.
            rows_until_origin=False,
        )
    except ValueError as exc:
        raise ValidationError(
            _("The history cannot be forecast: %(error)s"), params={"error": str(exc)}
        ) from exc
    if rows.start.size == 0:
        raise ValidationError(_("No working day falls in the horizon."))
    forecast = Forecast(
        queue=queue,
        origin=origin,
        horizon_days=horizon_days,
        method=ForecastMethod.LEVEL_SHAPE,
        created_by=created_by,
    )
    forecast.full_clean()
    intervals = list(_intervals(forecast, queue, rows, _aht(history, rows, queue)))
    with transaction.atomic():
        forecast.save()  # the intervals take its id as they are created
        ForecastInterval.objects.bulk_create(intervals, batch_size=2000)
    return forecast


def _aht(history: _History, rows: ForecastRows, queue: Queue) -> npt.NDArray[np.float64]:
    """Forecast AHT (s) for each forecast row, from the handle times in the history.

    A history of calls only gets the queue's planned handle time everywhere.
    """
    days, handled = history.counts.matrix(history.handled)
    aht = history.counts.matrix(np.nan_to_num(history.aht_s, nan=0.0))[1]
    if not np.any(handled * aht > 0):
        if queue.handle_time_seconds:
            return np.full(rows.start.size, float(queue.handle_time_seconds))
        raise ValidationError(
            _(
                "The history has no handle times: import a file with an aht_s column, "
                "or set the queue's average handle time."
            )
        )
    model = AhtForecaster().fit(
        days=days, handled=handled, aht_s=np.where(handled > 0, aht, np.nan)
    )
    row_days = rows.start.astype("datetime64[D]")
    forecast_days, day_index = np.unique(row_days, return_inverse=True)
    slot = (rows.start - row_days).astype(np.int64) // history.counts.interval_minutes
    return np.asarray(model.predict(days=forecast_days)[day_index, slot], dtype=float)


def _intervals(
    forecast: Forecast, queue: Queue, rows: ForecastRows, aht: npt.NDArray[np.float64]
) -> Iterator[ForecastInterval]:
    """One row per forecast interval, in UTC; intervals skipped by a clock change are left out."""
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    for i, start in enumerate(rows.start.astype(datetime)):
        instant = local_to_utc(start, zone)
        if instant is None:
            continue  # skipped by the spring clock change
        mean = float(rows.calls[i])
        yield ForecastInterval(
            forecast=forecast,
            starts_at=instant,
            calls=mean,
            model_calls=mean,
            lower_80=float(rows.lower_80[i]),
            upper_80=float(rows.upper_80[i]),
            lower_95=float(rows.lower_95[i]),
            upper_95=float(rows.upper_95[i]),
            aht_seconds=float(aht[i]),
        )


def _too_many_calls() -> ValidationError:
    return ValidationError(
        {
            "calls": _("At most %(max)s calls per interval.")
            % {"max": number_format(MAX_INTERVAL_CALLS, 0, force_grouping=True)}
        }
    )


@transaction.atomic
def forecast_interval_override(
    *, interval: ForecastInterval, calls: float, reason: str, changed_by: User
) -> ForecastOverride:
    """Set the planner's figure for one interval, keeping the old figure and the reason."""
    if calls < 0:
        raise ValidationError({"calls": _("Calls cannot be negative.")})
    if not calls <= MAX_INTERVAL_CALLS:
        raise _too_many_calls()
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


MIN_DAY_CHANGE_PERCENT, MAX_DAY_CHANGE_PERCENT = -100.0, 500.0


@transaction.atomic
def forecast_day_scale(
    *, forecast: Forecast, day: date, percent: float, reason: str, changed_by: User
) -> int:
    """Change every interval of a local ``day`` by ``percent``, each kept as an override.

    A planner's figure for the whole day (a mailing, a system outage) without
    editing its intervals one by one; the day's shape is kept. Returns how
    many intervals changed.
    """
    if not MIN_DAY_CHANGE_PERCENT <= percent <= MAX_DAY_CHANGE_PERCENT:
        raise ValidationError(
            {
                "percent": _("The change must be between %(low)s and %(high)s per cent.")
                % {"low": int(MIN_DAY_CHANGE_PERCENT), "high": int(MAX_DAY_CHANGE_PERCENT)}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the forecast is changed.")})
    zone = zoneinfo.ZoneInfo(forecast.queue.time_zone)
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    intervals = list(
        forecast.intervals.select_for_update().filter(
            starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
        )
    )
    if not intervals:
        raise ValidationError(_("The forecast has no intervals on %(day)s.") % {"day": day})
    factor = 1.0 + percent / 100.0
    if any(not interval.calls * factor <= MAX_INTERVAL_CALLS for interval in intervals):
        raise _too_many_calls()
    overrides = [
        ForecastOverride(
            interval=interval,
            previous_calls=interval.calls,
            calls=interval.calls * factor,
            reason=reason.strip(),
            changed_by=changed_by,
        )
        for interval in intervals
    ]
    for override in overrides:
        override.clean_fields(exclude=["interval", "changed_by"])
    ForecastOverride.objects.bulk_create(overrides)
    for interval, override in zip(intervals, overrides, strict=True):
        interval.calls = override.calls
    ForecastInterval.objects.bulk_update(intervals, ["calls"])
    return len(intervals)


def forecast_long_range(
    *, queue: Queue, months: int = 18, growth_per_year: float = 0.0
) -> list[tuple[date, float, float, float]]:
    """Monthly calls after the last day of history, for capacity planning (nothing stored).

    Each row is (first day counted, calls, lower 80 %, upper 80 %): the first
    month is counted from the day after the history, the others from their 1st.
    Declared special days count with their factors.
    """
    last = (
        queue.history_intervals.order_by("-starts_at").values_list("starts_at", flat=True).first()
    )
    if last is None:
        return []
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    history = history_counts(queue, before=last.astimezone(zone).date() + timedelta(days=1))
    days, calls = history.counts.matrix()
    declared = dict(queue.special_days.values_list("day", "factor"))
    special = np.array(sorted(declared), dtype="datetime64[D]")
    try:
        model = LevelShapeForecaster().fit(days=days, calls=calls, special_days=special)
        totals = forecast_totals(
            model=model, months=months, growth_per_year=growth_per_year, special_days=declared
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    first = (model.last_day_ + np.timedelta64(1, "D")).astype(date)
    return [
        (max(start.astype(date), first), float(c), float(lo), float(hi))
        for start, c, lo, hi in zip(
            totals.period_start, totals.calls, totals.lower_80, totals.upper_80, strict=True
        )
    ]
