"""Average handle time per interval: a shrunk, call-weighted weekday × interval mean.

The AHT of weekday ``w`` in interval ``k`` is the handle time of the calls
handled in the last ``weeks`` weeks on that weekday and interval, over their
number, shrunk towards the same interval on all weekdays, itself shrunk
towards the overall AHT, each with ``prior_calls`` pseudo-calls (empirical
Bayes; handle times drift slowly and are noisy when few calls are handled).
"""

from __future__ import annotations

from typing import Self

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.baselines import weekday

__all__ = ["AhtForecaster"]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]


class AhtForecaster:
    """Forecast the average handle time per interval (seconds), scikit-learn style.

    Parameters
    ----------
    weeks : int
        Weeks of history used, counted back from the last day.
    prior_calls : float
        Pseudo-calls of the broader mean mixed into each estimate (>= 0).

    Attributes
    ----------
    aht_s_ : ndarray, shape (7, intervals_per_day)
        Forecast AHT in seconds per weekday (Monday = 0) and interval.
    overall_aht_s_ : float
        Call-weighted AHT over the window, seconds.
    """

    def __init__(self, *, weeks: int = 8, prior_calls: float = 30.0) -> None:
        self.weeks = weeks
        self.prior_calls = prior_calls

    def fit(self, *, days: DayArray, handled: FloatArray, aht_s: FloatArray) -> Self:
        """Learn from calls handled and their AHT (s) per day × interval (NaN AHT: none).

        Raises
        ------
        ValueError
            Shapes disagree, a count or AHT is negative, or nothing was handled.
        """
        if self.weeks < 1 or self.prior_calls < 0:
            raise ValueError(
                f"weeks must be >= 1 and prior_calls >= 0, got {self.weeks}, {self.prior_calls}"
            )
        d = np.asarray(days).astype("datetime64[D]")
        n = np.asarray(handled, dtype=float)
        aht = np.asarray(aht_s, dtype=float)
        if n.shape != aht.shape or n.ndim != 2 or n.shape[0] != d.size:
            raise ValueError(
                f"handled and aht_s must be (days, intervals) matrices for {d.size} days"
            )
        if np.any(n < 0) or np.any(aht[n > 0] < 0) or np.any(~np.isfinite(aht[n > 0])):
            raise ValueError(
                "handled must be >= 0 and aht_s a number >= 0 where calls were handled"
            )
        recent = d > d.max() - np.timedelta64(7 * self.weeks, "D")
        n, seconds = n[recent], np.where(n[recent] > 0, aht[recent] * n[recent], 0.0)
        if n.sum() <= 0:
            raise ValueError("no call was handled in the window: the AHT is unknown")
        self.overall_aht_s_ = float(seconds.sum() / n.sum())
        slot = _shrunk(seconds.sum(axis=0), n.sum(axis=0), self.overall_aht_s_, self.prior_calls)
        w = weekday(d[recent])
        self.aht_s_ = np.empty((7, n.shape[1]))
        for day_w in range(7):
            mine = w == day_w
            self.aht_s_[day_w] = _shrunk(
                seconds[mine].sum(axis=0), n[mine].sum(axis=0), slot, self.prior_calls
            )
        return self

    def predict(self, *, days: DayArray) -> FloatArray:
        """AHT in seconds per interval of ``days``, shape (n_days, intervals_per_day)."""
        return np.asarray(self.aht_s_[weekday(np.asarray(days).astype("datetime64[D]"))])


def _shrunk(
    seconds: FloatArray, calls: FloatArray, prior: FloatArray | float, prior_calls: float
) -> FloatArray:
    """(seconds + prior_calls·prior) / (calls + prior_calls); the prior where nothing was handled."""
    prior_arr = np.broadcast_to(np.asarray(prior, dtype=float), calls.shape)
    weight = calls + prior_calls
    total = seconds + prior_calls * prior_arr
    return np.asarray(np.divide(total, weight, out=prior_arr.copy(), where=weight > 0), dtype=float)
