"""Small requirement grids for the scheduling tests."""

from __future__ import annotations

import datetime as dt

import numpy as np

from kezek.engine.scheduling import RequirementGrid


def day_grid(
    required: list[int], *, interval_minutes: int = 60, start_minute: int = 0
) -> RequirementGrid:
    """One day's grid from ``start_minute`` on 2024-03-04 (no DST change)."""
    n = len(required)
    minutes = start_minute + np.arange(n) * interval_minutes
    return RequirementGrid(
        interval_minutes=interval_minutes,
        required_agents=np.array(required, dtype=np.int64),
        wall_days=(dt.date(2024, 3, 4).toordinal() + minutes // 1440).astype(np.int64),
        wall_minutes=(minutes % 1440).astype(np.int64),
    )
