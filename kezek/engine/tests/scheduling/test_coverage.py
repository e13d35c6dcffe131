"""Net coverage arithmetic: breaks and lunch reduce coverage minute by minute."""

from __future__ import annotations

import numpy as np

from kezek.engine.scheduling import minute_counts, net_coverage


def _a(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_minute_counts_clips_spans_to_the_horizon() -> None:
    counts = minute_counts(starts_min=_a(-5, 3), ends_min=_a(2, 20), horizon_min=6)
    assert counts.tolist() == [1, 1, 0, 1, 1, 1]


def test_a_five_minute_break_makes_its_fifteen_minute_interval_short() -> None:
    # Two agents on 0-30; one takes 5-10. Interval 0 (0-15) needs 2: its worst minute has 1.
    coverage = net_coverage(
        shift_starts_min=_a(0, 0),
        shift_ends_min=_a(30, 30),
        off_starts_min=_a(5),
        off_ends_min=_a(10),
        required_agents=_a(2, 2),
        interval_minutes=15,
    )
    assert coverage.net_by_minute[:15].tolist() == [2] * 5 + [1] * 5 + [2] * 5
    assert coverage.min_net_by_interval.tolist() == [1, 2]
    assert coverage.shortfall_by_interval.tolist() == [1, 0]
    assert coverage.shortfall_agent_intervals == 1
    assert coverage.max_off_floor == 1


def test_overstaffing_counts_the_surplus_of_the_worst_minute() -> None:
    coverage = net_coverage(
        shift_starts_min=_a(0, 0, 0),
        shift_ends_min=_a(30, 30, 30),
        off_starts_min=_a(20),
        off_ends_min=_a(25),
        required_agents=_a(1, 1),
        interval_minutes=15,
    )
    assert coverage.overstaffed_by_interval.tolist() == [2, 1]
    assert coverage.overstaffed_agent_intervals == 3


def test_shifts_outside_the_requirement_are_ignored() -> None:
    coverage = net_coverage(
        shift_starts_min=_a(30),
        shift_ends_min=_a(90),
        off_starts_min=_a(),
        off_ends_min=_a(),
        required_agents=_a(0, 1),
        interval_minutes=15,
    )
    assert coverage.shortfall_by_interval.tolist() == [0, 1]
