"""Lasting shifts of the daily level: a client won or lost, a service moved in or out.

The level smoother follows a shift within days, but the slow level it reverts
to, the weekday factors and the calendar day effects (each compared with the
same weekdays around it) would take weeks to forget the old level, and until
then the forecast sits between the two. So before the fit, the history is
searched for steps in its daily totals (weekday effects removed, in logs), the
largest first (binary segmentation): a step is kept when its means stand out
from the day-to-day noise by ``MIN_SCORE`` standard errors, its medians differ
by at least ``MIN_SHIFT``, and at least ``MIN_DAYS_AFTER`` days follow it, each
at least half the step away from the level before. The days before a kept
step are then rescaled to the level after it, so the rest of the model sees
one level; intraday shapes, being shares, are unchanged.

References
----------
Scott, A. J. & Knott, M. (1974). A cluster analysis method for grouping means
in the analysis of variance. Biometrics 30(3), 507–512 (binary segmentation).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.baselines import weekday

__all__ = ["rescale_level_shifts"]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]
MIN_SHIFT = np.log(1.15)  # a step of 15 % or more
MIN_SCORE = 5.0
MIN_DAYS_AFTER = 3
MIN_DAYS_BEFORE = 14
MAX_SHIFTS = 3
NOISE_FLOOR = 0.01  # day-to-day noise of at least 1 %, so a noiseless history has a scale


def rescale_level_shifts(days: DayArray, calls: FloatArray) -> FloatArray:
    """``calls`` with the days before each lasting level shift rescaled to the level after it."""
    totals = calls.sum(axis=1)
    if np.any(totals <= 0) or days.size < MIN_DAYS_BEFORE + MIN_DAYS_AFTER:
        return calls
    log_totals = np.log(totals)
    w = weekday(days)
    z = log_totals.copy()
    for day in np.unique(w):
        z[w == day] -= np.median(log_totals[w == day])
    # Noise from day-to-day differences, which a step barely touches.
    noise = max(float(np.median(np.abs(np.diff(z)))) / 0.6745 / np.sqrt(2.0), NOISE_FLOOR)
    scale = np.zeros(days.size)
    for _ in range(MAX_SHIFTS):
        found = _largest_step(z, noise)
        if found is None:
            break
        start, step = found
        z[:start] += step
        scale[:start] += step
    return calls * np.exp(scale)[:, None]


def _largest_step(z: FloatArray, noise: float) -> tuple[int, float] | None:
    """Where the mean of ``z`` steps most clearly, and by how much, if it steps enough."""
    n = z.size
    starts = np.arange(MIN_DAYS_BEFORE, n - MIN_DAYS_AFTER + 1)
    if starts.size == 0:
        return None
    cumulative = np.cumsum(z)
    before = cumulative[starts - 1] / starts
    after = (cumulative[-1] - cumulative[starts - 1]) / (n - starts)
    steps = after - before
    scores = np.abs(steps) / (noise * np.sqrt(1.0 / starts + 1.0 / (n - starts)))
    best = int(np.argmax(scores))
    start = int(starts[best])
    # Medians, so that a few odd days (a half day not yet recognised) cannot
    # pass for a step; and each of the first days after it must be at least
    # half the step away from the level before, in its direction.
    step = float(np.median(z[start:]) - np.median(z[:start]))
    first_after = (z[start : start + MIN_DAYS_AFTER] - np.median(z[:start])) * np.sign(step)
    if (
        scores[best] < MIN_SCORE
        or abs(step) < MIN_SHIFT
        or np.sign(step) != np.sign(steps[best])
        or np.any(first_after < abs(step) / 2)
    ):
        return None
    return start, step
