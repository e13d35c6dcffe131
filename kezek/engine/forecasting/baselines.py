"""The planners' spreadsheet methods, as estimators: what Kezek must beat.

Each is fitted on a day × interval matrix (days without rows are simply absent)
and predicts whole days from the weekday of each day.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import numpy.typing as npt

__all__ = ["LastFourWeekdaysMean", "LevelTimesWeekdayShape", "SameWeekdayLastWeek", "weekday"]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]


def weekday(days: DayArray) -> npt.NDArray[np.int64]:
    """Weekday of each day, Monday = 0 … Sunday = 6."""
    # 1970-01-01, day 0 of datetime64[D], was a Thursday (weekday 3).
    return (days.astype("datetime64[D]").astype(np.int64) + 3) % 7


def check_history(days: DayArray, calls: FloatArray) -> tuple[DayArray, FloatArray]:
    """Validate a day × interval history; return it as sorted datetime64[D] and float."""
    d = np.asarray(days).astype("datetime64[D]")
    x = np.asarray(calls, dtype=float)
    if x.ndim != 2 or x.shape[0] != d.size:
        raise ValueError(
            f"calls must be a (days, intervals) matrix for {d.size} days, got {x.shape}"
        )
    if d.size == 0:
        raise ValueError("the history must hold at least one day")
    if np.any(np.diff(d.astype(np.int64)) <= 0):
        raise ValueError("days must be distinct and in increasing order")
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError("calls must be finite numbers >= 0")
    return d, x


class _WeekdayBaseline:
    """Shared fit: keep the history; predict day by day from its same weekdays."""

    def fit(self, *, days: DayArray, calls: FloatArray) -> Self:
        self.days_, self.calls_ = check_history(days, calls)
        self.weekday_ = weekday(self.days_)
        return self

    def predict(self, *, days: DayArray) -> FloatArray:
        target = np.asarray(days).astype("datetime64[D]")
        return np.array(
            [self._one_day(day, int(w)) for day, w in zip(target, weekday(target), strict=True)]
        )

    def _same_weekday(self, w: int, count: int) -> FloatArray:
        rows = np.flatnonzero(self.weekday_ == w)[-count:]
        if rows.size == 0:
            raise ValueError(f"the history has no day with weekday {w} (Monday = 0)")
        return self.calls_[rows]

    def _one_day(self, day: np.datetime64, w: int) -> FloatArray:
        raise NotImplementedError


class SameWeekdayLastWeek(_WeekdayBaseline):
    """The last day in the history with the same weekday ("same day last week")."""

    def _one_day(self, day: np.datetime64, w: int) -> FloatArray:
        return np.array(self._same_weekday(w, 1)[-1], dtype=float)


class LastFourWeekdaysMean(_WeekdayBaseline):
    """Mean of the last four days in the history with the same weekday."""

    def _one_day(self, day: np.datetime64, w: int) -> FloatArray:
        return np.asarray(self._same_weekday(w, 4).mean(axis=0), dtype=float)


class LevelTimesWeekdayShape(_WeekdayBaseline):
    """Mean daily total of the last five days × intraday shape of the last four same weekdays."""

    def _one_day(self, day: np.datetime64, w: int) -> FloatArray:
        level = self.calls_[-5:].sum(axis=1).mean()
        same = self._same_weekday(w, 4).sum(axis=0)
        return np.asarray(level * same / max(same.sum(), 1e-12), dtype=float)
