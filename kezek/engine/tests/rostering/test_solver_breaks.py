"""Breaks and lunches as kezek schedule places them, the token kept, the same roster twice."""

from __future__ import annotations

import numpy as np

from kezek.engine.rostering import make_roster
from kezek.engine.scheduling import BreakRule, BreakToken, RequirementGrid, ShiftTemplate

from .conftest import MONDAY, agent, solve

QUARTER = 15
LUNCH_SHIFT = ShiftTemplate("full", 7 * 60, 9 * 60, 30, 510, 30)
SHORT_SHIFT = ShiftTemplate("part", 8 * 60, 14 * 60, 30, 240, 0)


def _quarter_grid(days: int, agents: int) -> RequirementGrid:
    per_day = 1440 // QUARTER
    required = np.zeros((days, per_day), dtype=np.int64)
    required[:5, 8 * 4 : 17 * 4] = agents
    return RequirementGrid(
        interval_minutes=QUARTER,
        required_agents=required.ravel(),
        wall_days=np.repeat(MONDAY.toordinal() + np.arange(days), per_day).astype(np.int64),
        wall_minutes=np.tile(np.arange(per_day) * QUARTER, days).astype(np.int64),
    )


def test_every_shift_gets_its_breaks_and_lunch_under_the_token() -> None:
    grid = _quarter_grid(7, 3)
    pool = [agent(f"a{k}", low=16, high=40) for k in range(6)]
    roster = solve(
        pool,
        (LUNCH_SHIFT, SHORT_SHIFT),
        grid,
        break_rule=BreakRule(),
        token=BreakToken(max_on_break=1),
    )
    assert roster.violations == ()
    assert roster.shortfall_agent_intervals == 0
    assert roster.unplaced_break_minutes == 0
    assert int(roster.on_break_by_minute.max()) <= 1
    for s in roster.shifts:
        paid = (
            s.end_min
            - s.start_min
            - (0 if s.lunch_min is None else s.lunch_min[1] - s.lunch_min[0])
        )
        assert sum(b - a for a, b in s.breaks_min) == (paid // 60) * 5
        assert (s.lunch_min is not None) == (s.template == "full")
        for a, b in s.breaks_min:
            assert s.start_min + 60 <= a
            assert b <= s.end_min - 60
    # The plan wants nine 4-hour shifts a day, two a day for some agent: six agents, one shift
    # a day each with 11 hours' rest, need longer shifts and more paid time.
    assert roster.paid_minutes > roster.plan.paid_minutes


def test_a_pool_that_can_work_the_plan_costs_the_plans_paid_time() -> None:
    grid = _quarter_grid(7, 3)
    pool = [agent(f"a{k}", high=40) for k in range(12)]
    roster = solve(
        pool,
        (LUNCH_SHIFT, SHORT_SHIFT),
        grid,
        break_rule=BreakRule(),
        token=BreakToken(max_on_break=1),
    )
    assert roster.shortfall_agent_intervals == 0
    assert roster.paid_minutes == roster.plan.paid_minutes


def test_the_same_input_gives_the_same_roster() -> None:
    grid = _quarter_grid(7, 2)
    pool = [agent(f"a{k}", low=8, high=32) for k in range(5)]
    args = {
        "agents": pool,
        "templates": (LUNCH_SHIFT, SHORT_SHIFT),
        "grid": grid,
        "time_limit_s": 30.0,
    }
    first = make_roster(**args)  # type: ignore[arg-type]
    second = make_roster(**args)  # type: ignore[arg-type]
    assert first.shifts == second.shifts
    assert first.status == second.status


def test_weekend_shifts_are_spread_over_the_agents() -> None:
    per_day = 1440 // QUARTER
    required = np.zeros((14, per_day), dtype=np.int64)
    required[:, 8 * 4 : 12 * 4] = 1
    grid = RequirementGrid(
        interval_minutes=QUARTER,
        required_agents=required.ravel(),
        wall_days=np.repeat(MONDAY.toordinal() + np.arange(14), per_day).astype(np.int64),
        wall_minutes=np.tile(np.arange(per_day) * QUARTER, 14).astype(np.int64),
    )
    pool = [agent(f"a{k}", high=40) for k in range(4)]
    roster = solve(pool, (SHORT_SHIFT,), grid, break_rule=BreakRule(break_minutes_per_hour=0))
    weekend = [load.weekend_shifts for load in roster.loads]
    assert sum(weekend) == 4
    # The first free agent would take every weekend (the matching did, before the work
    # patterns spread a rich pool's days and weighed weekends).
    assert weekend == [1, 1, 1, 1]
    assert roster.weekend_shift_std == 0.0
