"""The roster with breaks, block by block: a covering repaired by break placement, then HiGHS.

For every independent block of time (:mod:`.blocks`):

1. **Repair** (deterministic, a fraction of a second per day). Solve the covering without
   breaks (an interval matrix when there are no lunches, so its LP is integral [1]_), place
   the breaks by max-flow (:func:`.place_breaks`) and raise the requirement by one agent in
   every interval left short (and, when the token left breaks unplaced, where the token was
   full in those agents' windows); repeat until nothing is short. The breaks of the first
   covering often fit into its slack, so this lands within a few per cent of the optimum.
2. **Exact model** (:func:`.build_model`, the implicit-break programme of Bechtold and Jacobs
   [2]_ / Aykin [3]_), solved by HiGHS with the repaired roster's objective as a cutoff
   (``objective_bound``): only better rosters are searched for, which prunes most of the tree.
   The search stops on the relative gap or a node limit, never on time unless the safety
   limit strikes, so the result does not depend on machine load.
3. Breaks are placed for both rosters; the one with the fewest unplaced break minutes, then
   fewest short agent-intervals, then least paid time, is kept.

The bound reported is the sum over blocks of the LP relaxation (or HiGHS's proven bound when
it closed the gap), each rounded up to a value the objective can take.

References
----------
.. [1] Bartholdi, J. J., Orlin, J. B. and Ratliff, H. D. (1980). Cyclic scheduling via integer
   programs with circular ones. Operations Research 28(5), 1074-1085.
.. [2] Bechtold, S. E. and Jacobs, L. W. (1990). Implicit modeling of flexible break
   assignments in optimal shift scheduling. Management Science 36(11), 1339-1351.
.. [3] Aykin, T. (1996). Optimal shift scheduling with multiple break windows.
   Management Science 42(4), 591-602.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .blocks import Block, independent_blocks
from .breaks import AgentShift, BreakPlan, place_breaks
from .coverage import Coverage, coverage_of, minute_counts
from .model import (
    BreakToken,
    MilpModel,
    TemplateLayout,
    build_model,
    shortfall_penalty_minutes,
    template_layouts,
)
from .shifts import BreakRule, Candidates, RequirementGrid
from .solution import RosterSolution, objective_step, roster_from_values, round_up_to_step
from .solvers import lp_relaxation, solve_with_highs

__all__ = ["search_schedule"]

IntArray = npt.NDArray[np.int64]
_REPAIR_ROUNDS = 30
_GREED = 3.0  # a block or window may take this many times its fair share of time left
_WINDOW_DAYS = 2  # blocks longer than this many days are improved a day at a time


@dataclass(frozen=True, slots=True)
class _Tried:
    """A roster with its breaks placed, ranked by (unplaced, short, paid)."""

    roster: RosterSolution
    plan: BreakPlan
    coverage: Coverage
    paid_minutes: int

    def objective(self, penalty: float) -> float:
        """Paid minutes plus ``penalty`` per short agent-interval."""
        return self.paid_minutes + penalty * self.coverage.shortfall_agent_intervals

    @property
    def rank(self) -> tuple[int, int, int]:
        short = self.coverage.shortfall_agent_intervals
        return (self.plan.unplaced_break_minutes, short, self.paid_minutes)


@dataclass(frozen=True, slots=True)
class _Problem:
    """One block's problem and the settings shared by its solves."""

    block: Block
    layouts: tuple[TemplateLayout, ...]
    rule: BreakRule
    token: BreakToken
    max_overstaffed_agents: int | None
    relative_gap: float
    node_limit: int


def search_schedule(
    *,
    candidates: Candidates,
    grid: RequirementGrid,
    layouts: tuple[TemplateLayout, ...],
    rule: BreakRule,
    token: BreakToken,
    max_overstaffed_agents: int | None,
    time_limit_s: float,
    relative_gap: float,
    node_limit: int,
) -> tuple[RosterSolution, BreakPlan]:
    """Roster and placed breaks for the whole horizon, solved block by block.

    ``time_limit_s`` is a safety limit shared among the blocks in proportion to their
    candidates; the gap and ``node_limit`` stop the search in the usual case.
    """
    began = time.perf_counter()
    blocks = independent_blocks(candidates=candidates, layouts=layouts, grid=grid)
    weights = np.array([b.members.size for b in blocks], dtype=np.float64)
    results = []
    for k, block in enumerate(blocks):
        left = 0.9 * time_limit_s - (time.perf_counter() - began)
        # Up to three times its fair share: most blocks stop early on the gap or nodes.
        share = max(0.5, left * min(1.0, _GREED * weights[k] / max(weights[k:].sum(), 1.0)))
        problem = _Problem(
            block, layouts, rule, token, max_overstaffed_agents, relative_gap, node_limit
        )
        results.append(_solve_block(problem, share))
    return _combine(candidates, grid, blocks, results, time.perf_counter() - began)


def _solve_block(problem: _Problem, time_limit_s: float) -> _Tried:
    began = time.perf_counter()
    block = problem.block
    model = build_model(
        candidates=block.candidates,
        grid=block.grid,
        layouts=problem.layouts,
        rule=problem.rule,
        token=problem.token,
        max_overstaffed_agents=problem.max_overstaffed_agents,
    )
    _, lp = lp_relaxation(model, time_limit_s=time_limit_s)
    bound = round_up_to_step(lp, model.cost)
    penalty = shortfall_penalty_minutes(model.cost[: model.n_x])
    best, cutoff = None, None
    if (model.y_j.size or model.z_j.size) and problem.max_overstaffed_agents is None:
        # No shortfall comes first: the repair may use most of the block's time.
        best = _repair(problem, 0.6 * time_limit_s)
        if _proven(best, bound, penalty, problem.relative_gap):
            return _with(best, bound, "optimal")
        if best.plan.unplaced_break_minutes == 0:
            # Unplaced breaks break the model's rules: such a roster sets no cutoff.
            cutoff = best.objective(penalty) - max(objective_step(model.cost), 1.0) / 2
    left = max(0.5, time_limit_s - (time.perf_counter() - began))
    long_block = block.grid.n_intervals > _WINDOW_DAYS * _per_day(block.grid)
    if best is not None and cutoff is not None and long_block:
        best, status = _by_windows(problem, model, best, penalty, left)
        return _with(
            best,
            bound,
            "optimal" if _proven(best, bound, penalty, problem.relative_gap) else status,
        )
    values, objective, proven, status = solve_with_highs(
        model,
        time_limit_s=left,
        relative_gap=problem.relative_gap,
        node_limit=problem.node_limit,
        cutoff=cutoff,
    )
    bound = max(bound, round_up_to_step(proven, model.cost))
    if not np.isnan(values).any():
        tried = _place(problem, roster_from_values(model, values, objective, bound, status, "", 0))
        if best is None or tried.rank < best.rank:
            best = tried
    if best is None:  # unreachable: without a cutoff HiGHS always returns values
        raise RuntimeError("no roster for the block")
    if _proven(best, bound, penalty, problem.relative_gap):
        return _with(best, bound, "optimal")
    # HiGHS may have closed its gap while break placement fell short of its roster.
    return _with(best, bound, "node_limit" if status == "optimal" else status)


def _per_day(grid: RequirementGrid) -> int:
    return 1440 // grid.interval_minutes


def _by_windows(
    problem: _Problem, model: MilpModel, best: _Tried, penalty: float, time_limit_s: float
) -> tuple[_Tried, str]:
    """Fix and optimise: one day's candidates at a time re-solved, all others held fixed.

    A long block (a centre open around the clock) is too large for HiGHS to finish even its
    root node in time; each day with the rest of the roster fixed is as small as a one-day
    block, and the node limit, not the clock, stops it.
    """
    began = time.perf_counter()
    starts = problem.block.candidates.start_interval
    per_day = _per_day(problem.block.grid)
    days = range(0, int(starts.max(initial=0)) + 1, per_day)
    status = "node_limit"
    for k, first in enumerate(days):
        inside = (starts >= first) & (starts < first + per_day)
        left = time_limit_s - (time.perf_counter() - began)
        if not inside.any() or left <= 0:
            status = "time_limit" if left <= 0 else status
            continue
        cutoff = None
        if best.plan.unplaced_break_minutes == 0:
            cutoff = best.objective(penalty) - max(objective_step(model.cost), 1.0) / 2
        try:
            values, objective, _, stop = solve_with_highs(
                _fixed(problem, model, best, ~inside),
                time_limit_s=max(0.5, left * min(1.0, _GREED / (len(days) - k))),
                relative_gap=problem.relative_gap,
                node_limit=problem.node_limit,
                cutoff=cutoff,
            )
        except RuntimeError:
            continue  # defensive: HiGHS found the held roster infeasible
        status = "time_limit" if stop == "time_limit" else status
        if np.isnan(values).any():
            continue
        tried = _place(problem, roster_from_values(model, values, objective, 0.0, stop, "", 0))
        if tried.rank < best.rank:
            best = tried
    return best, status


def _fixed(
    problem: _Problem, model: MilpModel, tried: _Tried, hold: npt.NDArray[np.bool_]
) -> MilpModel:
    """``model`` with agents, lunches and breaks of the candidates in ``hold`` as in ``tried``.

    Breaks are fixed too (as placed), so that the solver is left with one window's columns.
    """
    values = np.zeros_like(model.upper)
    roster = tried.roster
    values[: model.n_x] = roster.agents
    z_col = {(int(j), int(o)): k for k, (j, o) in enumerate(zip(model.z_j, model.z_o, strict=True))}
    for j, o, a in zip(
        roster.lunch_candidate, roster.lunch_offset, roster.lunch_agents, strict=True
    ):
        values[model.n_x + z_col[int(j), int(o)]] = a
    y0 = model.n_x + model.z_j.size
    y_col = {(int(j), int(w)): k for k, (j, w) in enumerate(zip(model.y_j, model.y_w, strict=True))}
    starts = problem.block.candidates.start_interval
    owner = np.repeat(np.arange(model.n_x), roster.agents)
    minutes, segment = problem.block.grid.interval_minutes, problem.rule.segment_minutes
    for j, shift in zip(owner, tried.plan.agent_shifts, strict=True):
        if not hold[j]:
            continue
        for first, stop in shift.breaks_min:
            for minute in range(first, stop, segment):
                values[y0 + y_col[int(j), minute // minutes - int(starts[j])]] += 1
    held = np.concatenate([hold, hold[model.z_j], hold[model.y_j]])
    lower = np.zeros_like(model.upper)
    upper = model.upper.copy()
    lower[: held.size][held] = upper[: held.size][held] = values[: held.size][held]
    return dataclasses.replace(model, upper=upper, lower=lower)


def _proven(tried: _Tried, bound: float, penalty: float, relative_gap: float) -> bool:
    """All breaks placed and the objective within ``relative_gap`` of the proven bound."""
    objective = tried.objective(penalty)
    return tried.plan.unplaced_break_minutes == 0 and objective * (1 - relative_gap) <= bound


def _with(tried: _Tried, bound: float, status: str) -> _Tried:
    roster = dataclasses.replace(tried.roster, bound_minutes=bound, status=status)
    return dataclasses.replace(tried, roster=roster)


def _place(problem: _Problem, roster: RosterSolution) -> _Tried:
    block = problem.block
    plan = place_breaks(
        candidates=block.candidates,
        grid=block.grid,
        layouts=problem.layouts,
        token=problem.token,
        roster=roster,
        segment_minutes=problem.rule.segment_minutes,
    )
    coverage = coverage_of(plan.agent_shifts, block.grid)
    paid = sum(s.end_min - s.start_min - _length(s.lunch_min) for s in plan.agent_shifts)
    return _Tried(roster, plan, coverage, paid)


def _repair(problem: _Problem, time_limit_s: float) -> _Tried:
    """Cover a raised requirement without breaks until the placed breaks leave none short."""
    began = time.perf_counter()
    block = problem.block
    cover_rule = dataclasses.replace(problem.rule, break_minutes_per_hour=0)
    cover_layouts = template_layouts(candidates=block.candidates, grid=block.grid, rule=cover_rule)
    required = block.grid.required_agents.copy()
    best = None
    for _ in range(_REPAIR_ROUNDS):
        grid = dataclasses.replace(block.grid, required_agents=required)
        model = build_model(
            candidates=block.candidates,
            grid=grid,
            layouts=cover_layouts,
            rule=cover_rule,
            token=BreakToken(),
            max_overstaffed_agents=None,
        )
        # Lunch counts continuous (three times quicker with lunches), then rounded per shift.
        integrality = model.integrality.copy()
        integrality[model.n_x : model.n_x + model.z_j.size] = 0
        model = dataclasses.replace(model, integrality=integrality)
        left = max(0.1, time_limit_s - (time.perf_counter() - began))
        values, objective, _, _ = solve_with_highs(
            model, time_limit_s=left, relative_gap=problem.relative_gap, node_limit=50
        )
        roster = roster_from_values(model, values, objective, 0.0, "lp_rounded", "highs", 0.0)
        tried = _place(problem, roster)
        if best is None or tried.rank < best.rank:
            best = tried
        raise_by = _shortages(problem, tried)
        if not raise_by.any() or time.perf_counter() - began > time_limit_s:
            break
        required = required + raise_by
    if best is None:  # unreachable: the loop runs at least once
        raise RuntimeError("no covering for the block")
    return best


def _shortages(problem: _Problem, tried: _Tried) -> IntArray:
    """One more agent where the placed breaks left an interval short, or breaks unplaced."""
    grid = problem.block.grid
    raise_by = (tried.coverage.shortfall_by_interval > 0).astype(np.int64)
    if tried.plan.unplaced_break_minutes == 0:
        return raise_by
    minutes = grid.interval_minutes
    on_break = _on_break(tried.plan.agent_shifts, grid.n_intervals * minutes)
    limit = problem.token.limit(tried.coverage.on_shift_by_minute)
    full = np.asarray((on_break >= limit).reshape(-1, minutes).any(axis=1), dtype=np.bool_)
    rule = problem.rule
    for shift in tried.plan.agent_shifts:
        owed = (shift.end_min - shift.start_min - _length(shift.lunch_min)) // 60
        taken = sum(b - a for a, b in shift.breaks_min)
        if (
            taken
            >= owed * rule.break_minutes_per_hour // rule.segment_minutes * rule.segment_minutes
        ):
            continue
        w0 = min((shift.start_min + rule.no_break_first_minutes) // minutes, grid.n_intervals)
        w1 = min((shift.end_min - rule.no_break_last_minutes) // minutes, grid.n_intervals)
        window = np.arange(w0, w1)
        target = window[full[window]] if full[window].any() else window
        raise_by[target] = 1
    return raise_by


def _length(span: tuple[int, int] | None) -> int:
    return 0 if span is None else span[1] - span[0]


def _on_break(shifts: tuple[AgentShift, ...], horizon_min: int) -> IntArray:
    spans = [seg for s in shifts for seg in s.breaks_min]
    return minute_counts(
        starts_min=np.array([a for a, _ in spans], dtype=np.int64),
        ends_min=np.array([b for _, b in spans], dtype=np.int64),
        horizon_min=horizon_min,
    )


def _combine(
    candidates: Candidates,
    grid: RequirementGrid,
    blocks: tuple[Block, ...],
    results: list[_Tried],
    seconds: float,
) -> tuple[RosterSolution, BreakPlan]:
    """The blocks' rosters and agent-shifts on the whole horizon's candidates and clock."""
    agents = np.zeros(candidates.n_candidates, dtype=np.int64)
    lunch: tuple[list[IntArray], list[IntArray], list[IntArray]] = ([], [], [])
    shifts: list[AgentShift] = []
    for block, tried in zip(blocks, results, strict=True):
        r = tried.roster
        agents[block.members] = r.agents
        lunch[0].append(block.members[r.lunch_candidate])
        lunch[1].append(r.lunch_offset)
        lunch[2].append(r.lunch_agents)
        shift_by = block.first * grid.interval_minutes
        shifts.extend(_moved(s, shift_by) for s in tried.plan.agent_shifts)
    statuses = {t.roster.status for t in results}
    # The weakest block's status speaks for the whole.
    status = next(
        (s for s in ("lp_rounded", "time_limit", "node_limit") if s in statuses), "optimal"
    )
    roster = RosterSolution(
        agents=agents,
        lunch_candidate=_joined(lunch[0]),
        lunch_offset=_joined(lunch[1]),
        lunch_agents=_joined(lunch[2]),
        objective_minutes=float(sum(t.roster.objective_minutes for t in results)),
        bound_minutes=float(sum(t.roster.bound_minutes for t in results)),
        status=status,
        solver="highs",
        solve_seconds=seconds,
    )
    unplaced = sum(t.plan.unplaced_break_minutes for t in results)
    return roster, BreakPlan(agent_shifts=tuple(shifts), unplaced_break_minutes=unplaced)


def _joined(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def _moved(shift: AgentShift, by_min: int) -> AgentShift:
    lunch = (
        None
        if shift.lunch_min is None
        else (shift.lunch_min[0] + by_min, shift.lunch_min[1] + by_min)
    )
    return AgentShift(
        template=shift.template,
        start_min=shift.start_min + by_min,
        end_min=shift.end_min + by_min,
        breaks_min=tuple((a + by_min, b + by_min) for a, b in shift.breaks_min),
        lunch_min=lunch,
    )
