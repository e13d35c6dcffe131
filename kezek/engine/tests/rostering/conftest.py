"""Small grids, templates and a solver call for the rostering tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from kezek.engine.rostering import (
    Agent,
    Roster,
    RosterGoals,
    RosterRules,
    check_roster,
    make_roster,
)
from kezek.engine.scheduling import BreakRule, BreakToken, RequirementGrid, ShiftTemplate

MONDAY = dt.date(2024, 3, 4)
NO_BREAKS = BreakRule(break_minutes_per_hour=0)
EARLY = ShiftTemplate("early", 6 * 60, 6 * 60, 60, 8 * 60)
DAY = ShiftTemplate("day", 9 * 60, 9 * 60, 60, 8 * 60)
LATE = ShiftTemplate("late", 14 * 60, 14 * 60, 60, 8 * 60)
NIGHT = ShiftTemplate("night", 22 * 60, 22 * 60, 60, 8 * 60)


def hourly_grid(
    days: list[list[tuple[int, int, int]]], *, first: dt.date = MONDAY
) -> RequirementGrid:
    """An hourly grid over ``len(days)`` days; each day lists (from hour, to hour, agents)."""
    required = np.zeros((len(days), 24), dtype=np.int64)
    for d, spans in enumerate(days):
        for lo, hi, agents in spans:
            required[d, lo:hi] = agents
    n = len(days)
    return RequirementGrid(
        interval_minutes=60,
        required_agents=required.ravel(),
        wall_days=np.repeat(first.toordinal() + np.arange(n), 24).astype(np.int64),
        wall_minutes=np.tile(np.arange(24) * 60, n).astype(np.int64),
    )


def zoned_grid(
    first: dt.datetime, hours: int, required: Sequence[int], zone: str
) -> RequirementGrid:
    """An hourly grid in elapsed time from ``first`` (UTC), wall-clock in ``zone``."""
    tz = ZoneInfo(zone)
    local = [(first + dt.timedelta(hours=h)).astimezone(tz) for h in range(hours)]
    return RequirementGrid(
        interval_minutes=60,
        required_agents=np.asarray(required, dtype=np.int64),
        wall_days=np.array([t.date().toordinal() for t in local], dtype=np.int64),
        wall_minutes=np.array([t.hour * 60 + t.minute for t in local], dtype=np.int64),
    )


def agent(agent_id: str, low: float = 0, high: float = 40, **fields: Any) -> Agent:
    return Agent(agent_id, int(low * 60), int(high * 60), **fields)


def solve(
    agents: Sequence[Agent],
    templates: tuple[ShiftTemplate, ...],
    grid: RequirementGrid,
    *,
    rules: RosterRules | None = None,
    break_rule: BreakRule = NO_BREAKS,
    token: BreakToken | None = None,
    skill: str | None = None,
    goals: RosterGoals | None = None,
) -> Roster:
    """``make_roster`` whose output the independent checker agrees with."""
    roster = make_roster(
        agents=agents,
        templates=templates,
        grid=grid,
        rules=rules,
        break_rule=break_rule,
        token=token,
        skill=skill,
        goals=goals,
        time_limit_s=30,
    )
    again = check_roster(
        shifts=roster.shifts,
        agents=agents,
        templates=templates,
        grid=grid,
        rules=rules,
        skill=skill,
    )
    assert again == roster.violations
    return roster


def days_worked(roster: Roster, agent_id: str, grid: RequirementGrid) -> list[int]:
    """Day numbers (0 = the grid's first day) on which the agent starts a shift."""
    first = int(grid.wall_days[0])
    return sorted(
        int(grid.wall_days[s.start_min // grid.interval_minutes]) - first
        for s in roster.shifts
        if s.agent_id == agent_id
    )
