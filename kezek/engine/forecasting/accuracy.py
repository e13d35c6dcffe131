"""Forecast accuracy measures on day × interval matrices."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["coverage", "daily_mape", "rmse", "wape"]

FloatArray = npt.NDArray[np.float64]


def _pair(actual: FloatArray, forecast: FloatArray) -> tuple[FloatArray, FloatArray]:
    a, f = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    if a.shape != f.shape:
        raise ValueError(f"forecast must have the shape of actual {a.shape}, got {f.shape}")
    if a.size == 0:
        raise ValueError("actual must hold at least one value")
    return a, f


def rmse(*, actual: FloatArray, forecast: FloatArray) -> float:
    """Root mean squared error, in calls per interval."""
    a, f = _pair(actual, forecast)
    return float(np.sqrt(np.mean((a - f) ** 2)))


def wape(*, actual: FloatArray, forecast: FloatArray, group: int = 1) -> float:
    """Weighted absolute percentage error, Σ|a − f| / Σa, as a fraction.

    Parameters
    ----------
    actual, forecast : ndarray, shape (n_days, n_intervals)
        Calls per interval.
    group : int
        Sum this many consecutive intervals of each day first (6 turns 5-minute
        intervals into 30-minute ones); a last, shorter group is kept as it is.
    """
    a, f = _pair(actual, forecast)
    if a.ndim != 2 or group < 1:
        raise ValueError(
            f"group must be a whole number >= 1 on a (days, intervals) matrix, got {group}"
        )
    starts = np.arange(0, a.shape[1], group)
    a, f = np.add.reduceat(a, starts, axis=1), np.add.reduceat(f, starts, axis=1)
    total = a.sum()
    if total <= 0:
        raise ValueError("actual must have some calls for a WAPE")
    return float(np.abs(a - f).sum() / total)


def daily_mape(*, actual: FloatArray, forecast: FloatArray) -> float:
    """Mean absolute percentage error of daily totals (rows), as a fraction."""
    a, f = _pair(actual, forecast)
    day_a, day_f = a.sum(axis=1), f.sum(axis=1)
    if np.any(day_a <= 0):
        raise ValueError("every day must have calls for a daily MAPE")
    return float(np.mean(np.abs(day_a - day_f) / day_a))


def coverage(*, actual: FloatArray, lower: FloatArray, upper: FloatArray) -> float:
    """Fraction of actual values inside ``[lower, upper]``."""
    a, lo = _pair(actual, lower)
    _, hi = _pair(actual, upper)
    return float(np.mean((a >= lo) & (a <= hi)))
