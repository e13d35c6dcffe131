"""From a requirement and shift templates to a schedule: roster, then breaks, then coverage."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from .breaks import AgentShift, place_breaks
from .coverage import Coverage, coverage_of, minute_counts
from .model import BreakToken, shortfall_penalty_minutes, template_layouts
from .roster import ROOT_ONLY, solve_roster
from .search import search_schedule
from .shifts import (
    BreakRule,
    RequirementGrid,
    ShiftTemplate,
    expand_candidates,
    uncovered_required_intervals,
)

__all__ = ["Schedule", "make_schedule"]


@dataclass(frozen=True, slots=True)
class Schedule:
    """The chosen agent-shifts with breaks, their coverage and what the solver proved.

    Attributes
    ----------
    agent_shifts : tuple of AgentShift
    coverage : Coverage
        Net coverage against the requirement, minute by minute.
    on_break_by_minute : ndarray of int
        Agents on a break (lunch not included) in each minute of the requirement.
    paid_minutes : int
        Paid time of all agent-shifts (lunch unpaid).
    objective_minutes : float
        Paid minutes plus ``shortfall_penalty_minutes`` per short agent-interval.
    bound_minutes : float
        Proven lower bound on ``objective_minutes`` (HiGHS dual bound, at least the LP
        relaxation of the roster model, which relaxes the exact minute-level problem).
    shortfall_penalty_minutes : float
    status, solver : str
    solve_seconds : float
    unplaced_break_minutes : int
        Break minutes the token left no room for (0 unless the token is very tight).
    """

    agent_shifts: tuple[AgentShift, ...]
    coverage: Coverage
    on_break_by_minute: npt.NDArray[np.int64]
    paid_minutes: int
    objective_minutes: float
    bound_minutes: float
    shortfall_penalty_minutes: float
    status: str
    solver: str
    solve_seconds: float
    unplaced_break_minutes: int

    @property
    def paid_hours(self) -> float:
        return self.paid_minutes / 60

    @property
    def lower_bound_hours(self) -> float:
        return self.bound_minutes / 60

    @property
    def gap(self) -> float:
        """``(objective - bound) / objective``, a fraction; 0 for an empty schedule."""
        if self.objective_minutes <= 0:
            return 0.0
        return max(0.0, (self.objective_minutes - self.bound_minutes) / self.objective_minutes)


def make_schedule(
    *,
    templates: tuple[ShiftTemplate, ...],
    grid: RequirementGrid,
    rule: BreakRule | None = None,
    token: BreakToken | None = None,
    max_overstaffed_agents: int | None = None,
    time_limit_s: float = 60.0,
    solver: Literal["auto", "highs", "cp-sat"] = "auto",
    seed: int = 0,
    relative_gap: float = 0.002,
    node_limit: int | None = None,
) -> Schedule:
    """Schedule agent-shifts at least paid time so that net coverage meets the requirement.

    Parameters
    ----------
    templates, grid, rule, token, max_overstaffed_agents
        See :func:`.expand_candidates`, :class:`.BreakRule`, :class:`.BreakToken` and
        :func:`.solve_roster`.
    time_limit_s : float
        Wall-clock safety limit for the solvers (break placement comes on top).
    solver : {"auto", "highs", "cp-sat"}
        ``auto``: the deterministic block search (:mod:`.search`); ``highs`` and ``cp-sat``
        solve the exact model of the whole horizon with one solver (for the benchmark).
    seed : int
        CP-SAT's random seed.
    relative_gap, node_limit : float, int
        HiGHS stops within ``relative_gap`` of its bound or after ``node_limit`` nodes,
        whichever comes first; by default 1 node per block with ``auto`` (the root, with the
        repaired roster as cutoff), no node limit with ``highs``.

    Raises
    ------
    ValueError
        When a template is invalid for the grid, or a required interval is covered by no
        template (the message names the first such interval by index).
    """
    if time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be positive, got {time_limit_s}")
    if node_limit is not None and node_limit < 1:
        raise ValueError(f"node_limit must be at least 1, got {node_limit}")
    rule = rule or BreakRule()
    token = token or BreakToken()
    began = time.perf_counter()
    candidates = expand_candidates(templates=templates, grid=grid)
    uncovered = uncovered_required_intervals(candidates=candidates, grid=grid)
    if uncovered.size:
        raise ValueError(
            f"required interval {int(uncovered[0])} is covered by no shift template "
            f"({uncovered.size} such intervals)"
        )
    if candidates.n_candidates == 0:
        return _empty(grid)
    layouts = template_layouts(candidates=candidates, grid=grid, rule=rule)
    if solver == "auto":
        roster, plan = search_schedule(
            candidates=candidates,
            grid=grid,
            layouts=layouts,
            rule=rule,
            token=token,
            max_overstaffed_agents=max_overstaffed_agents,
            time_limit_s=time_limit_s,
            relative_gap=relative_gap,
            node_limit=node_limit or ROOT_ONLY,
        )
    else:
        roster = solve_roster(
            candidates=candidates,
            grid=grid,
            rule=rule,
            token=token,
            max_overstaffed_agents=max_overstaffed_agents,
            time_limit_s=time_limit_s,
            solver=solver,
            seed=seed,
            relative_gap=relative_gap,
            node_limit=node_limit,
        )
        plan = place_breaks(
            candidates=candidates,
            grid=grid,
            layouts=layouts,
            token=token,
            roster=roster,
            segment_minutes=rule.segment_minutes,
        )
    coverage = coverage_of(plan.agent_shifts, grid)
    paid = sum(s.end_min - s.start_min - _length(s.lunch_min) for s in plan.agent_shifts)
    penalty = shortfall_penalty_minutes(
        np.array([t.paid_minutes for t in templates], dtype=np.float64)
    )
    objective = paid + penalty * coverage.shortfall_agent_intervals
    return Schedule(
        agent_shifts=plan.agent_shifts,
        coverage=coverage,
        on_break_by_minute=_on_break(plan.agent_shifts, grid),
        paid_minutes=paid,
        objective_minutes=objective,
        bound_minutes=roster.bound_minutes,
        shortfall_penalty_minutes=penalty,
        status=roster.status,
        solver=roster.solver,
        solve_seconds=time.perf_counter() - began,
        unplaced_break_minutes=plan.unplaced_break_minutes,
    )


def _length(span: tuple[int, int] | None) -> int:
    return 0 if span is None else span[1] - span[0]


def _on_break(shifts: tuple[AgentShift, ...], grid: RequirementGrid) -> npt.NDArray[np.int64]:
    spans = [seg for s in shifts for seg in s.breaks_min]
    return minute_counts(
        starts_min=np.array([a for a, _ in spans], dtype=np.int64),
        ends_min=np.array([b for _, b in spans], dtype=np.int64),
        horizon_min=grid.n_intervals * grid.interval_minutes,
    )


def _empty(grid: RequirementGrid) -> Schedule:
    coverage = coverage_of((), grid)
    idle = _on_break((), grid)
    return Schedule((), coverage, idle, 0, 0.0, 0.0, 0.0, "optimal", "none", 0.0, 0)
