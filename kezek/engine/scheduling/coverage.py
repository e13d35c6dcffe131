"""Net coverage: agents on shift and not on break or lunch, minute by minute.

All times are elapsed minutes from the start of the requirement's first interval. A shift
covers ``[start, end)``; a break or lunch segment ``[start, end)`` takes its agent off the
floor for those minutes. An interval counts as short by the largest gap between the required
and the net agents over its minutes (a 5-minute break inside a 15-minute interval makes the
whole interval short if it leaves too few agents), and overstaffed by the smallest surplus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .shifts import RequirementGrid

__all__ = ["Coverage", "OnShift", "coverage_of", "minute_counts", "net_coverage"]

IntArray = npt.NDArray[np.int64]


def minute_counts(*, starts_min: IntArray, ends_min: IntArray, horizon_min: int) -> IntArray:
    """How many ``[start, end)`` spans cover each minute of ``[0, horizon_min)``.

    Spans are clipped to the horizon; empty spans count nothing.
    """
    starts = np.clip(np.asarray(starts_min, dtype=np.int64), 0, horizon_min)
    ends = np.clip(np.asarray(ends_min, dtype=np.int64), 0, horizon_min)
    keep = ends > starts
    diff = np.zeros(horizon_min + 1, dtype=np.int64)
    np.add.at(diff, starts[keep], 1)
    np.add.at(diff, ends[keep], -1)
    return np.cumsum(diff[:-1])


@dataclass(frozen=True, slots=True)
class Coverage:
    """Required versus net scheduled agents.

    Attributes
    ----------
    on_shift_by_minute, off_floor_by_minute, net_by_minute : ndarray of int
        Agents on shift, on break or lunch, and on shift and available, per minute.
    min_net_by_interval : ndarray of int
        The fewest net agents in any minute of each interval.
    shortfall_by_interval, overstaffed_by_interval : ndarray of int
        ``max(required - min_net, 0)`` and ``max(min_net - required, 0)`` per interval.
    """

    on_shift_by_minute: IntArray
    off_floor_by_minute: IntArray
    net_by_minute: IntArray
    min_net_by_interval: IntArray
    shortfall_by_interval: IntArray
    overstaffed_by_interval: IntArray

    @property
    def shortfall_agent_intervals(self) -> int:
        return int(self.shortfall_by_interval.sum())

    @property
    def overstaffed_agent_intervals(self) -> int:
        return int(self.overstaffed_by_interval.sum())

    @property
    def max_off_floor(self) -> int:
        """Most agents on break or lunch at any one minute."""
        return int(self.off_floor_by_minute.max(initial=0))


def net_coverage(
    *,
    shift_starts_min: IntArray,
    shift_ends_min: IntArray,
    off_starts_min: IntArray,
    off_ends_min: IntArray,
    required_agents: IntArray,
    interval_minutes: int,
) -> Coverage:
    """Net coverage of a schedule against a requirement, minute by minute.

    Parameters
    ----------
    shift_starts_min, shift_ends_min : array of int
        One entry per agent-shift, elapsed minutes.
    off_starts_min, off_ends_min : array of int
        One entry per break or lunch segment (of any agent), elapsed minutes; each must lie
        inside its agent's shift.
    required_agents : array of int, shape (n_intervals,)
    interval_minutes : int
    """
    required = np.asarray(required_agents, dtype=np.int64)
    if interval_minutes <= 0:
        raise ValueError(f"interval_minutes must be positive, got {interval_minutes}")
    horizon = required.shape[0] * interval_minutes
    on_shift = minute_counts(
        starts_min=shift_starts_min, ends_min=shift_ends_min, horizon_min=horizon
    )
    off = minute_counts(starts_min=off_starts_min, ends_min=off_ends_min, horizon_min=horizon)
    net = on_shift - off
    min_net = net.reshape(-1, interval_minutes).min(axis=1)
    return Coverage(
        on_shift_by_minute=on_shift,
        off_floor_by_minute=off,
        net_by_minute=net,
        min_net_by_interval=min_net,
        shortfall_by_interval=np.maximum(required - min_net, 0),
        overstaffed_by_interval=np.maximum(min_net - required, 0),
    )


class OnShift(Protocol):
    """An agent on a shift, placed (an anonymous slot's or a named agent's): its minutes."""

    @property
    def start_min(self) -> int: ...
    @property
    def end_min(self) -> int: ...
    @property
    def off_floor_min(self) -> tuple[tuple[int, int], ...]: ...


def coverage_of(shifts: Sequence[OnShift], grid: RequirementGrid) -> Coverage:
    """Net coverage of placed agent-shifts against ``grid``'s requirement."""
    off = [seg for s in shifts for seg in s.off_floor_min]
    return net_coverage(
        shift_starts_min=np.array([s.start_min for s in shifts], dtype=np.int64),
        shift_ends_min=np.array([s.end_min for s in shifts], dtype=np.int64),
        off_starts_min=np.array([a for a, _ in off], dtype=np.int64),
        off_ends_min=np.array([b for _, b in off], dtype=np.int64),
        required_agents=grid.required_agents,
        interval_minutes=grid.interval_minutes,
    )
