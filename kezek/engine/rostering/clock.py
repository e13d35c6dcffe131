"""Elapsed minutes of the requirement grid against local dates, weekdays and ISO weeks.

The engine counts time in elapsed minutes from the grid's first interval (as
:mod:`kezek.engine.scheduling` does); rules about days and weeks read local dates. A shift
belongs to the local date on which it starts; ISO weeks run Monday to Sunday in local dates.
Past the end of the grid, wall-clock time runs on from the last interval (no DST change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kezek.engine.scheduling import RequirementGrid

__all__ = ["PeriodClock", "monday", "weekday"]

IntArray = npt.NDArray[np.int64]
MINUTES_PER_DAY = 1440


@dataclass(frozen=True, slots=True)
class PeriodClock:
    """The roster period of a grid: its dates, and the wall-clock time of any elapsed minute."""

    interval_minutes: int
    wall_keys: IntArray  # per interval: local day ordinal × 1440 + wall-clock minute

    @classmethod
    def of(cls, grid: RequirementGrid) -> PeriodClock:
        keys = grid.wall_days.astype(np.int64) * MINUTES_PER_DAY + grid.wall_minutes
        return cls(grid.interval_minutes, keys)

    @property
    def first_ordinal(self) -> int:
        return int(self.wall_keys[0] // MINUTES_PER_DAY)

    @property
    def last_ordinal(self) -> int:
        return int(self.wall_keys[-1] // MINUTES_PER_DAY)

    @property
    def first_date(self) -> dt.date:
        return dt.date.fromordinal(self.first_ordinal)

    @property
    def last_date(self) -> dt.date:
        return dt.date.fromordinal(self.last_ordinal)

    @property
    def horizon_minutes(self) -> int:
        return int(self.wall_keys.shape[0]) * self.interval_minutes

    def wall_key(self, minutes: IntArray | int) -> IntArray:
        """Local ``day ordinal × 1440 + minute`` of elapsed ``minutes`` (vectorised)."""
        m = np.asarray(minutes, dtype=np.int64)
        i = np.clip(m // self.interval_minutes, 0, self.wall_keys.shape[0] - 1)
        return self.wall_keys[i] + (m - i * self.interval_minutes)

    def day_of(self, minutes: IntArray | int) -> IntArray:
        """Local day ordinal of elapsed ``minutes``."""
        return self.wall_key(minutes) // MINUTES_PER_DAY


def weekday(ordinal: int) -> int:
    """Monday = 0 of a proleptic ordinal (ordinal 1 is Monday, 1 January of year 1)."""
    return (ordinal - 1) % 7


def monday(ordinal: int) -> int:
    """Ordinal of the Monday of the ISO week holding ``ordinal``."""
    return ordinal - weekday(ordinal)
