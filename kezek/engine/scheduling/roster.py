"""How many agents work each candidate shift: a mixed-integer programme with implicit breaks.

Variables (one interval ``i`` of the grid has ``spi`` break segments' room per agent):

* ``x[j]`` integer: agents working candidate ``j``;
* ``z[j, o]`` integer: of those, agents whose lunch starts ``o`` intervals after the start;
* ``y[j, w]`` continuous: break segments that agents of ``j`` take in interval ``start + w``;
* ``s[i]`` integer: agents short in interval ``i``.

Minimise paid minutes ``sum(paid[j] x[j])`` plus a penalty per short agent-interval that is
dearer than any shift, subject to: every agent takes its lunch (``sum_o z = x``) and its ``k``
break segments (``sum_w y = k x``), at most ``spi`` segments per agent per interval and none at
lunch, net coverage ``spi (on shift - at lunch) - breaks + spi s >= spi required`` and the
break token ``breaks + spi at lunch <= spi N`` in every interval. Lunch counts against the
token. This is the implicit break model of Aykin [1]_ aggregated per interval; it relaxes the
exact minute-level problem, so the solver's proven bound is a true lower bound, and integral
``x``, ``z`` let :mod:`.breaks` turn the aggregate into per-agent breaks by max-flow.

References
----------
.. [1] Aykin, T. (1996). Optimal shift scheduling with multiple break windows.
   Management Science 42(4), 591-602.
.. [2] Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
   Mathematical Programming Computation 10, 119-142 (HiGHS).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp

from .model import BreakToken, MilpModel, build_fluid_model, build_model, template_layouts
from .shifts import BreakRule, Candidates, RequirementGrid
from .solvers import solve_with_cpsat

__all__ = ["RosterSolution", "solve_roster"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RosterSolution:
    """Agents per candidate and per lunch start, and what the solver proved.

    Attributes
    ----------
    agents : ndarray of int, shape (n_candidates,)
    lunch_candidate, lunch_offset, lunch_agents : ndarray of int
        Agents of candidate ``lunch_candidate`` whose lunch starts ``lunch_offset`` intervals
        after the shift start.
    objective_minutes : float
        Paid minutes plus the shortfall penalty, as the model counts them.
    bound_minutes : float
        The solver's proven lower bound on ``objective_minutes`` (at least the LP relaxation).
    status : str
        ``optimal``, ``time_limit``, ``lp_rounded`` (no integer solution in time: the LP
        relaxation rounded up) or ``spread`` (the even-spread HiGHS solution).
    solver : str
    solve_seconds : float
    alternatives : tuple of RosterSolution
        Other rosters worth placing breaks for (the even-spread HiGHS solution when CP-SAT
        ran); :func:`.make_schedule` keeps whichever covers best after break placement.
    """

    agents: IntArray
    lunch_candidate: IntArray
    lunch_offset: IntArray
    lunch_agents: IntArray
    objective_minutes: float
    bound_minutes: float
    status: str
    solver: str
    solve_seconds: float
    alternatives: tuple[RosterSolution, ...] = ()


def solve_roster(
    *,
    candidates: Candidates,
    grid: RequirementGrid,
    rule: BreakRule,
    token: BreakToken,
    max_overstaffed_agents: int | None = None,
    time_limit_s: float = 60.0,
    solver: Literal["auto", "highs", "cp-sat"] = "auto",
    seed: int = 0,
    relative_gap: float = 0.002,
) -> RosterSolution:
    """Choose agents per candidate shift at least paid time, shortfall penalised.

    Parameters
    ----------
    candidates, grid, rule, token
        See :func:`.expand_candidates`, :class:`.BreakRule`, :class:`BreakToken`.
    max_overstaffed_agents : int, optional
        Net agents may exceed the requirement by at most this many in any interval.
    time_limit_s : float
        Wall-clock limit for the solver; the best solution found by then is returned.
    solver : {"auto", "highs", "cp-sat"}
        ``auto`` (chosen by benchmark, see ``docs/decisions/0002-scheduling-solver.md``):
        HiGHS through :func:`scipy.optimize.milp` when there are no breaks or lunches;
        otherwise HiGHS solves the evenly-spread restriction (:func:`.build_fluid_model`)
        and CP-SAT searches the exact model from that start. ``highs`` and ``cp-sat`` run
        one solver on the exact model.
    seed : int
        Random seed of CP-SAT (HiGHS runs with its fixed default seed).
    relative_gap : float
        HiGHS stops once the incumbent is within this fraction of the proven bound; stopping
        on the gap rather than on time keeps the result the same from run to run.
    """
    if time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be positive, got {time_limit_s}")
    if max_overstaffed_agents is not None and max_overstaffed_agents < 0:
        raise ValueError(
            f"max_overstaffed_agents must not be negative, got {max_overstaffed_agents}"
        )
    layouts = template_layouts(candidates=candidates, grid=grid, rule=rule)
    model = build_model(
        candidates=candidates,
        grid=grid,
        layouts=layouts,
        rule=rule,
        token=token,
        max_overstaffed_agents=max_overstaffed_agents,
    )
    began = time.perf_counter()
    exact = model.y_j.size == 0 and model.z_j.size == 0
    if solver == "highs" or (solver == "auto" and exact):
        values, objective, bound, status = _solve_with_highs(model, time_limit_s, relative_gap)
    elif solver == "cp-sat":
        values, objective, bound, status = solve_with_cpsat(
            cost=model.cost,
            upper=model.upper,
            matrix=model.matrix,
            row_lower=model.row_lower,
            row_upper=model.row_upper,
            time_limit_s=time_limit_s,
            seed=seed,
        )
    elif solver == "auto":
        fluid = build_fluid_model(
            candidates=candidates, grid=grid, layouts=layouts, rule=rule, token=token
        )
        seed_values, *_ = _solve_with_highs(fluid, time_limit_s / 4, relative_gap)
        spread = _with_lunches(model, np.ceil(seed_values[: model.n_x] - 1e-6), time_limit_s / 4)
        lp_bound = _lp_bound(model, time_limit_s / 4)
        # Keep 15 % of the limit for placing breaks (twice) and measuring coverage.
        left = max(1.0, 0.85 * time_limit_s - (time.perf_counter() - began))
        try:
            values, objective, bound, status = solve_with_cpsat(
                cost=model.cost,
                upper=model.upper,
                matrix=model.matrix,
                row_lower=model.row_lower,
                row_upper=model.row_upper,
                time_limit_s=left,
                seed=seed,
                hint=spread[: model.n_x],
            )
        except RuntimeError:
            values, objective, bound, status = spread, float("nan"), lp_bound, "spread"
        bound = max(bound, lp_bound)
        alternative = _solution(
            model, spread, float("nan"), bound, "spread", "highs", time.perf_counter() - began
        )
    else:
        raise ValueError(f"solver must be 'auto', 'highs' or 'cp-sat', got {solver!r}")
    step = _objective_step(model.cost)
    if step and np.isfinite(bound):
        # Every objective value is a multiple of step, so the bound rounds up to one.
        bound = step * np.ceil(bound / step - 1e-9)
    result = _solution(model, values, objective, bound, status, solver, time.perf_counter() - began)
    if solver == "auto" and not exact:
        result = replace(
            result, alternatives=(replace(alternative, bound_minutes=result.bound_minutes),)
        )
    return result


def _solve_with_highs(
    model: MilpModel, time_limit_s: float, relative_gap: float
) -> tuple[FloatArray, float, float, str]:
    constraints = LinearConstraint(model.matrix, model.row_lower, model.row_upper)
    bounds = Bounds(np.zeros_like(model.upper), model.upper)
    began = time.perf_counter()
    # The LP relaxation first: its value is the bound we report when the search stops on
    # time (HiGHS then reports its dual bound unreliably), and its rounding is the fallback.
    relaxed = milp(
        model.cost, bounds=bounds, constraints=constraints, options={"time_limit": time_limit_s}
    )
    if relaxed.x is None:
        raise RuntimeError(f"the solver found no schedule in {time_limit_s} s: {relaxed.message}")
    lp_bound = float(relaxed.fun)
    left = time_limit_s - (time.perf_counter() - began)
    result = None
    if left > 0:
        result = milp(
            model.cost,
            integrality=model.integrality,
            bounds=bounds,
            constraints=constraints,
            options={"time_limit": left, "mip_rel_gap": relative_gap},
        )
    if result is None or result.x is None:
        return np.asarray(relaxed.x), float("nan"), lp_bound, "lp_rounded"
    bound = lp_bound
    if result.status == 0 and result.mip_dual_bound is not None:
        bound = max(lp_bound, float(result.mip_dual_bound))
    status = "optimal" if result.status == 0 else "time_limit"
    return np.asarray(result.x), float(result.fun), bound, status


def _with_lunches(model: MilpModel, agents: FloatArray, time_limit_s: float) -> FloatArray:
    """The exact model's LP with the agents fixed; lunches then rounded by largest remainder."""
    lower = np.zeros_like(model.upper)
    upper = model.upper.copy()
    lower[: model.n_x] = upper[: model.n_x] = agents
    relaxed = milp(
        model.cost,
        bounds=Bounds(lower, upper),
        constraints=LinearConstraint(model.matrix, model.row_lower, model.row_upper),
        options={"time_limit": time_limit_s},
    )
    values = np.zeros_like(model.upper)
    values[: model.n_x] = agents
    if relaxed.x is not None:
        values = np.asarray(relaxed.x)
    _, lunch = _round_up(model, values)
    values[model.n_x : model.n_x + lunch.shape[0]] = lunch
    return values


def _lp_bound(model: MilpModel, time_limit_s: float) -> float:
    """Value of the LP relaxation (minus infinity if it does not finish in time)."""
    relaxed = milp(
        model.cost,
        bounds=Bounds(np.zeros_like(model.upper), model.upper),
        constraints=LinearConstraint(model.matrix, model.row_lower, model.row_upper),
        options={"time_limit": time_limit_s},
    )
    return float(relaxed.fun) if relaxed.x is not None else float("-inf")


def _objective_step(cost: FloatArray) -> float:
    """The objective moves in whole multiples of this (costs are whole minutes)."""
    ints = np.rint(cost[cost > 0]).astype(np.int64)
    if ints.size == 0 or not np.allclose(ints, cost[cost > 0]):
        return 0.0
    return float(np.gcd.reduce(ints))


def _solution(
    model: MilpModel,
    values: FloatArray,
    objective: float,
    bound: float,
    status: str,
    solver: str,
    seconds: float,
) -> RosterSolution:
    n_z = model.z_j.shape[0]
    if status in ("lp_rounded", "spread"):
        agents, lunch = _round_up(model, values)
        objective = float(model.cost[: model.n_x] @ agents)
    else:
        agents = np.rint(values[: model.n_x]).astype(np.int64)
        lunch = np.rint(values[model.n_x : model.n_x + n_z]).astype(np.int64)
    keep = lunch > 0
    return RosterSolution(
        agents=agents,
        lunch_candidate=model.z_j[keep],
        lunch_offset=model.z_o[keep],
        lunch_agents=lunch[keep],
        objective_minutes=objective,
        bound_minutes=bound,
        status=status,
        solver=solver,
        solve_seconds=seconds,
    )


def _round_up(model: MilpModel, values: FloatArray) -> tuple[IntArray, IntArray]:
    """Agents rounded up; each candidate's lunches given out by largest remainder."""
    agents = np.ceil(values[: model.n_x] - 1e-6).astype(np.int64)
    z = values[model.n_x : model.n_x + model.z_j.shape[0]]
    lunch = np.floor(z + 1e-6).astype(np.int64)
    for j in np.unique(model.z_j):
        idx = np.flatnonzero(model.z_j == j)
        missing = int(agents[j] - lunch[idx].sum())
        order = idx[np.argsort(-(z[idx] - lunch[idx]), kind="stable")]
        for k in range(missing):
            lunch[order[k % order.size]] += 1
    return agents, lunch
