"""Forecast runs on a validated history: from one origin, or rolling day by day.

Which days and intervals are forecast:

* from an origin: every calendar day of the horizon whose weekday has rows in
  the last four weeks of the history before the origin (a centre working
  Sunday to Thursday gets no Friday or Saturday forecast), and on each day the
  intervals that had rows on that weekday in those four weeks; a history that
  stops weeks before the origin still tells which days and hours are worked;
* rolling: exactly the days that have rows from the first day on, and on each
  of them exactly its intervals, each forecast from the days before it only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.baselines import weekday
from kezek.engine.forecasting.history import IntervalCounts
from kezek.engine.forecasting.models import IntervalForecast, LevelShapeForecaster

__all__ = [
    "MAX_HORIZON_DAYS",
    "MIN_HISTORY_DAYS",
    "ForecastRows",
    "day_factors",
    "declared_closed",
    "forecast_from_origin",
    "forecast_rolling",
]

MAX_HORIZON_DAYS = 84  # 12 weeks at interval level; longer is capacity planning (totals)
MIN_HISTORY_DAYS = 7
_RECENT = np.timedelta64(28, "D")
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ForecastRows:
    """One row per forecast interval: local start (datetime64[m]) and calls per interval."""

    start: npt.NDArray[np.datetime64]
    calls: FloatArray
    lower_80: FloatArray
    upper_80: FloatArray
    lower_95: FloatArray
    upper_95: FloatArray


def forecast_from_origin(
    *,
    history: IntervalCounts,
    origin: np.datetime64,
    horizon_days: int,
    model: LevelShapeForecaster | None = None,
    special_days: Mapping[date, float] | None = None,
    rows_until_origin: bool = True,
) -> ForecastRows:
    """Forecast the ``horizon_days`` calendar days from ``origin`` with history before it.

    ``special_days`` maps days to a factor (0 closed, 0.5 half the calls, 1.3 a
    campaign): they are left out of the fit, their forecast in the horizon is
    multiplied by the factor, and a closed day gets no rows.

    ``rows_until_origin``: the history runs up to the origin, so a worked day
    without rows before it was closed (the day after it gets the "after a
    closure" effect). False for a history that may stop short of the origin (a
    feed not loaded yet): the days after its last row are open unless
    ``special_days`` declares them closed.

    Raises
    ------
    ValueError
        The horizon is out of range, fewer than 7 days with rows precede the
        origin, or they span fewer calendar days than the horizon.
    """
    _check_horizon(horizon_days)
    first = np.asarray(origin).astype("datetime64[D]")
    closed = declared_closed(special_days)
    days, calls = history.matrix()
    train = (days < first) & ~np.isin(days, closed)
    _check_history(days[train], horizon_days, origin)
    fitted = _fit(model, days[train], calls[train], special_days=_declared(special_days))
    horizon = first + np.arange(horizon_days).astype("timedelta64[D]")
    factors = day_factors(horizon, special_days)
    worked = np.isin(weekday(horizon), fitted.worked_weekdays_)
    horizon, factors = horizon[worked], factors[worked]
    forecast = fitted.predict_interval(
        days=horizon,
        origin=first if rows_until_origin else None,
        day_factors=factors,
        closed_days=closed,
    )
    open_slots = _recent_slots(history, days[train][-1] + np.timedelta64(1, "D"))
    mask = open_slots[weekday(horizon)] & (factors > 0)[:, None]
    return _rows(forecast, mask, history.interval_minutes)


def forecast_rolling(
    *,
    history: IntervalCounts,
    first_day: np.datetime64,
    horizon_days: int = 1,
    model: LevelShapeForecaster | None = None,
    special_days: Mapping[date, float] | None = None,
) -> ForecastRows:
    """Forecast every day with rows from ``first_day`` on, ``horizon_days`` ahead.

    Day ``D`` is forecast by a model fitted on the days before
    ``D − (horizon_days − 1)`` only, for exactly the intervals ``D`` has rows for.
    ``special_days`` as for :func:`forecast_from_origin`: left out of every fit,
    and a forecast day among them is multiplied by its factor.
    """
    _check_horizon(horizon_days)
    special_at = _declared(special_days)
    days, calls = history.matrix()
    _, has_row = history.matrix(np.ones_like(history.calls))
    closed = np.isin(days, declared_closed(special_days))
    factors = day_factors(days, special_days)
    targets = np.flatnonzero(days >= np.asarray(first_day).astype("datetime64[D]"))
    if targets.size == 0:
        raise ValueError(f"the history has no day on or after {first_day}")
    parts = []
    for i in targets:
        cutoff = days[i] - np.timedelta64(horizon_days - 1, "D")
        train = (days < cutoff) & ~closed
        _check_history(days[train], horizon_days, cutoff)
        fitted = _fit(model, days[train], calls[train], special_days=special_at)
        forecast = fitted.predict_interval(
            days=days[i : i + 1], origin=cutoff, day_factors=factors[i : i + 1]
        )
        parts.append(_rows(forecast, has_row[i : i + 1] > 0, history.interval_minutes))
    return ForecastRows(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in ForecastRows.__slots__)
    )


def day_factors(
    days: npt.NDArray[np.datetime64], special_days: Mapping[date, float] | None
) -> FloatArray:
    """Each of ``days``' declared factor in ``special_days``, 1 where none is declared."""
    declared = {np.datetime64(day, "D"): float(f) for day, f in (special_days or {}).items()}
    return np.array([declared.get(day, 1.0) for day in days], dtype=float)


def _declared(special_days: Mapping[date, float] | None) -> npt.NDArray[np.datetime64]:
    return np.array(sorted(special_days or {}), dtype="datetime64[D]")


def declared_closed(special_days: Mapping[date, float] | None) -> npt.NDArray[np.datetime64]:
    """The days ``special_days`` declares closed (factor 0), as datetime64[D].

    A forecast run drops their rows, if any, so that they count as closures;
    the 18-month totals count them as closures ahead (``totals.py``).
    """
    days = [day for day, factor in (special_days or {}).items() if factor == 0]
    return np.array(days, dtype="datetime64[D]")


def _fit(
    model: LevelShapeForecaster | None,
    days: npt.NDArray[np.datetime64],
    calls: FloatArray,
    special_days: npt.NDArray[np.datetime64] | None = None,
) -> LevelShapeForecaster:
    fresh = LevelShapeForecaster() if model is None else LevelShapeForecaster(**model.get_params())
    return fresh.fit(
        days=days, calls=calls, special_days=np.array(special_days, dtype="datetime64[D]")
    )


def _check_history(
    days: npt.NDArray[np.datetime64], horizon_days: int, cutoff: np.datetime64
) -> None:
    """At least a week with rows, reaching back at least as far as the horizon reaches ahead."""
    if days.size < MIN_HISTORY_DAYS:
        raise ValueError(
            f"the history before {cutoff} has {days.size} days with rows; "
            f"at least {MIN_HISTORY_DAYS} are needed"
        )
    span = int((days[-1] - days[0]).astype(np.int64)) + 1 if days.size else 0
    if span < horizon_days:
        raise ValueError(
            f"the history before {cutoff} spans {span} days; "
            f"a {horizon_days}-day horizon needs at least {horizon_days}"
        )


def _recent_slots(history: IntervalCounts, end: np.datetime64) -> npt.NDArray[np.bool_]:
    """Per weekday, the intervals that had rows in the four weeks before ``end``."""
    days, has_row = history.matrix(np.ones_like(history.calls))
    recent = (days < end) & (days >= end - _RECENT)
    slots = np.zeros((7, has_row.shape[1]), dtype=bool)
    for w in range(7):
        slots[w] = has_row[recent & (weekday(days) == w)].any(axis=0)
    return slots


def _rows(
    forecast: IntervalForecast, mask: npt.NDArray[np.bool_], interval_minutes: int
) -> ForecastRows:
    offsets = np.arange(mask.shape[1]) * interval_minutes
    start = forecast.days.astype("datetime64[m]")[:, None] + offsets.astype("timedelta64[m]")
    return ForecastRows(
        start=start[mask],
        calls=forecast.mean[mask],
        lower_80=forecast.lower_80[mask],
        upper_80=forecast.upper_80[mask],
        lower_95=forecast.lower_95[mask],
        upper_95=forecast.upper_95[mask],
    )


def _check_horizon(horizon_days: int) -> None:
    if not 1 <= horizon_days <= MAX_HORIZON_DAYS:
        raise ValueError(
            f"horizon_days must be between 1 and {MAX_HORIZON_DAYS}, got {horizon_days!r}"
        )
