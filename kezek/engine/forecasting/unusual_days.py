"""Unusual days in a history: holidays, outages and half days nobody declared.

A history holds days that say nothing about the next ordinary day: a bank
holiday on which a few calls still came in, a day of zeros in an export, a
half day before a holiday, a one-day campaign. Left in, such a day drags the
level down (or up) for the days after it and bends the shape of its weekday
for weeks. Each day is compared with the median of the same weekdays within
``day_effects.NEIGHBOUR_DAYS`` on either side:

* its total: unusual below ``LOW_RATIO`` or above ``HIGH_RATIO`` of theirs;
* its intraday shape: unusual when its total variation distance from their
  median shape exceeds ``SHAPE_SPREAD`` times the history's median distance
  (so the test scales with the noise of a small queue).

An unusual day is left out of the fit only while it stands alone: a run of
``REGIME_DAYS`` unusual days in a row is a change (a new client, new opening
hours) that the model must follow, so such runs are kept. A day left out
because it was quiet counts as a closure for the calendar effects: the day
after it gets the "after a closure" effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.day_effects import same_weekdays_near

__all__ = ["UnusualDays", "unusual_days"]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]
BoolArray = npt.NDArray[np.bool_]
LOW_RATIO = 0.6
HIGH_RATIO = 1.6
SHAPE_SPREAD = 3.0
REGIME_DAYS = 3
MIN_NEIGHBOURS = 3
AGREEMENT = 1.25  # two reference days within 25 % of each other are enough


@dataclass(frozen=True, slots=True)
class UnusualDays:
    """Per day of the history: left out of the fit, and counted as a closure."""

    left_out: BoolArray
    quiet: BoolArray


def unusual_days(days: DayArray, calls: FloatArray) -> UnusualDays:
    """Flag the isolated unusual days of a validated history (see the module docstring)."""
    totals = calls.sum(axis=1)
    share = np.divide(calls, totals[:, None], out=np.zeros_like(calls), where=totals[:, None] > 0)
    flagged, _ = _flag(days, totals, share, np.ones(days.size, dtype=bool))
    # Again with the unusual days out of the references, so a day of zeros
    # among four Fridays does not make the other three look unusual.
    flagged, quiet = _flag(days, totals, share, ~flagged)
    left_out = flagged & ~_in_long_runs(flagged)
    return UnusualDays(left_out=left_out, quiet=left_out & quiet)


def _flag(
    days: DayArray, totals: FloatArray, share: FloatArray, reference: BoolArray
) -> tuple[BoolArray, BoolArray]:
    """Unusual and quiet days, against the ``reference`` days of the same weekday nearby."""
    neighbours = same_weekdays_near(days)
    ratio = np.ones(days.size)
    distance = np.full(days.size, np.nan)
    for j in range(days.size):
        near = reference & neighbours[j]
        if not _enough(totals[near]):
            continue
        typical_total = float(np.median(totals[near]))
        typical = np.median(share[near], axis=0)
        if typical_total > 0 and typical.sum() > 0:
            ratio[j] = totals[j] / typical_total
            distance[j] = 0.5 * np.abs(share[j] - typical / typical.sum()).sum()
    odd_shape = np.zeros(days.size, dtype=bool)
    if np.isfinite(distance).any():
        limit = SHAPE_SPREAD * float(np.nanmedian(distance))
        odd_shape = np.nan_to_num(distance, nan=0.0) > limit
    quiet = ratio < LOW_RATIO
    return quiet | (ratio > HIGH_RATIO) | odd_shape, quiet


def _enough(totals: FloatArray) -> bool:
    """Enough reference days: ``MIN_NEIGHBOURS`` of them, or two that agree with each other."""
    if totals.size >= MIN_NEIGHBOURS:
        return True
    return totals.size == 2 and min(totals) * AGREEMENT >= max(totals) > 0


def _in_long_runs(flagged: BoolArray) -> BoolArray:
    """Days in a run of at least ``REGIME_DAYS`` consecutive flagged days."""
    out = np.zeros(flagged.size, dtype=bool)
    start = None
    for i, flag in enumerate([*flagged.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= REGIME_DAYS:
                out[start:i] = True
            start = None
    return out
