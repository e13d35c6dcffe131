"""Rolling-origin backtests: forecast each day from the history before it only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, Self

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.baselines import check_history

__all__ = ["Backtest", "DayForecaster", "rolling_backtest"]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]


class DayForecaster(Protocol):
    """Anything with ``fit(days=, calls=)`` and ``predict(days=)`` over whole days."""

    def fit(self, *, days: DayArray, calls: FloatArray) -> Self: ...

    def predict(self, *, days: DayArray) -> FloatArray: ...


@dataclass(frozen=True, slots=True)
class Backtest:
    """Actual and forecast calls for each backtested day, shape (n_days, intervals)."""

    days: DayArray
    actual: FloatArray
    forecast: FloatArray


def rolling_backtest(
    *,
    make_model: Callable[[], DayForecaster],
    days: DayArray,
    calls: FloatArray,
    first_day: np.datetime64,
    horizon_days: int = 1,
) -> Backtest:
    """Forecast every day with rows from ``first_day`` on, ``horizon_days`` ahead.

    The forecast of day ``D`` is made by a fresh model fitted on the days before
    ``D − (horizon_days − 1)`` only: with ``horizon_days=1``, everything before
    ``D``. Nothing at or after the cut-off is ever shown to the model.

    Parameters
    ----------
    make_model : callable
        Returns a new, unfitted forecaster.
    days, calls : ndarray
        Days with rows (datetime64[D], increasing) and their calls per interval.
    first_day : numpy.datetime64
        First day to forecast.
    horizon_days : int
        Days ahead (1 = next day).
    """
    days, calls = check_history(days, calls)
    if horizon_days < 1:
        raise ValueError(f"horizon_days must be at least 1, got {horizon_days!r}")
    targets = np.flatnonzero(days >= np.asarray(first_day).astype("datetime64[D]"))
    if targets.size == 0:
        raise ValueError(f"the history has no day on or after first_day {first_day}")
    forecast = np.empty((targets.size, calls.shape[1]))
    for row, i in enumerate(targets):
        cutoff = days[i] - np.timedelta64(horizon_days - 1, "D")
        train = days < cutoff
        model = make_model().fit(days=days[train], calls=calls[train])
        forecast[row] = model.predict(days=days[i : i + 1])[0]
    return Backtest(days=days[targets], actual=calls[targets], forecast=forecast)
