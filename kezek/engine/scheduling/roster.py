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
break token ``breaks (+ spi at lunch if lunch counts) <= spi N`` in every interval. This is the
implicit break model of Bechtold and Jacobs [1]_ and Aykin [2]_ aggregated per interval; it
relaxes the exact minute-level problem, so the solver's proven bound is a true lower bound, and
integral ``x``, ``z`` let :mod:`.breaks` turn the aggregate into per-agent breaks by max-flow.

References
----------
.. [1] Bechtold, S. E. and Jacobs, L. W. (1990). Implicit modeling of flexible break
   assignments in optimal shift scheduling. Management Science 36(11), 1339-1351.
.. [2] Aykin, T. (1996). Optimal shift scheduling with multiple break windows.
   Management Science 42(4), 591-602.
.. [3] Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
   Mathematical Programming Computation 10, 119-142 (HiGHS).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp

from .model import BreakToken, MilpModel, build_model, template_layouts
from .shifts import BreakRule, Candidates, RequirementGrid
from .solvers import solve_with_cpsat

__all__ = ["RosterSolution", "solve_roster"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
# Nodes per block in the block search: measured to lose nothing on the benchmark weeks against
# 5, 20, 30, 50 and 200 (the cutoff prunes the tree) and to be the quickest; see decision 0002.
ROOT_ONLY = 1


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
        ``optimal`` (within the relative gap of the bound), ``node_limit`` (the deterministic
        node limit stopped the search), ``time_limit``, or ``lp_rounded`` (no integer solution
        in time: the LP relaxation rounded up).
    solver : str
    solve_seconds : float
    alternatives : tuple of RosterSolution
        Other rosters worth placing breaks for; :func:`.make_schedule` keeps whichever covers
        best after break placement. Empty since the block search places breaks itself.
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
    node_limit: int | None = None,
) -> RosterSolution:
    """Choose agents per candidate shift at least paid time, shortfall penalised.

    Parameters
    ----------
    candidates, grid, rule, token
        See :func:`.expand_candidates`, :class:`.BreakRule`, :class:`BreakToken`.
    max_overstaffed_agents : int, optional
        Net agents may exceed the requirement by at most this many in any interval.
    time_limit_s : float
        Wall-clock safety limit; the best solution found by then is returned.
    solver : {"auto", "highs", "cp-sat"}
        ``auto`` (chosen by benchmark, see ``docs/decisions/0002-scheduling-solver.md``):
        the block search of :func:`.search.search_schedule` (independent blocks of time, a
        covering repaired by break placement, then HiGHS on the exact model of each block).
        ``highs`` and ``cp-sat`` run one solver on the exact model of the whole horizon.
    seed : int
        Random seed of CP-SAT (HiGHS runs with its fixed default seed).
    relative_gap : float
        HiGHS stops once the incumbent is within this fraction of the proven bound.
    node_limit : int, optional
        Branch-and-bound nodes HiGHS may explore: by default 1 per block (its root node, with
        the repaired roster as cutoff) with ``auto``, and no limit with ``highs`` alone.
        Stopping on the gap or on nodes rather than on time keeps the result the same from
        run to run.
    """
    if time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be positive, got {time_limit_s}")
    if max_overstaffed_agents is not None and max_overstaffed_agents < 0:
        raise ValueError(
            f"max_overstaffed_agents must not be negative, got {max_overstaffed_agents}"
        )
    if node_limit is not None and node_limit < 1:
        raise ValueError(f"node_limit must be at least 1, got {node_limit}")
    layouts = template_layouts(candidates=candidates, grid=grid, rule=rule)
    if solver == "auto":
        # Imported here: the search places breaks, and break placement imports this module.
        from .search import search_schedule

        roster, _ = search_schedule(
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
        return roster
    if solver not in ("highs", "cp-sat"):
        raise ValueError(f"solver must be 'auto', 'highs' or 'cp-sat', got {solver!r}")
    model = build_model(
        candidates=candidates,
        grid=grid,
        layouts=layouts,
        rule=rule,
        token=token,
        max_overstaffed_agents=max_overstaffed_agents,
    )
    began = time.perf_counter()
    if solver == "highs":
        values, objective, bound, status = solve_with_highs(
            model,
            time_limit_s=time_limit_s,
            relative_gap=relative_gap,
            node_limit=node_limit or 2**31 - 1,
        )
    else:
        values, objective, bound, status = solve_with_cpsat(
            cost=model.cost,
            upper=model.upper,
            matrix=model.matrix,
            row_lower=model.row_lower,
            row_upper=model.row_upper,
            time_limit_s=time_limit_s,
            seed=seed,
        )
    bound = round_up_to_step(bound, model.cost)
    return roster_from_values(
        model, values, objective, bound, status, solver, time.perf_counter() - began
    )


def _milp(model: MilpModel, options: dict[str, float], integral: bool) -> object:
    constraints = LinearConstraint(model.matrix, model.row_lower, model.row_upper)
    lower = np.zeros_like(model.upper) if model.lower is None else model.lower
    bounds = Bounds(lower, model.upper)
    with warnings.catch_warnings():
        # HiGHS options scipy does not name (objective_bound) pass through with a warning.
        warnings.simplefilter("ignore", RuntimeWarning)
        return milp(
            model.cost,
            integrality=model.integrality if integral else None,
            bounds=bounds,
            constraints=constraints,
            options=options,
        )


def lp_relaxation(model: MilpModel, *, time_limit_s: float) -> tuple[FloatArray | None, float]:
    """Values and objective of the LP relaxation (``None``, -inf if not solved in time)."""
    relaxed = _milp(model, {"time_limit": max(time_limit_s, 0.1)}, integral=False)
    x = getattr(relaxed, "x", None)
    if x is None:
        return None, float("-inf")
    return np.asarray(x), float(getattr(relaxed, "fun", float("-inf")))


def solve_with_highs(
    model: MilpModel,
    *,
    time_limit_s: float,
    relative_gap: float,
    node_limit: int,
    cutoff: float | None = None,
) -> tuple[FloatArray, float, float, str]:
    """HiGHS on ``model``: values, objective, proven bound and status.

    ``cutoff`` (HiGHS ``objective_bound``) prunes every node that cannot beat it. With a
    cutoff the values are ``nan`` when nothing better was found; status ``optimal`` then
    means HiGHS proved nothing better exists (and the bound is the cutoff). With a cutoff the
    LP relaxation is not solved first (the bound is then -inf unless HiGHS proves more). Without a cutoff
    and without an integer solution the LP relaxation is returned, status ``lp_rounded``.
    """
    began = time.perf_counter()
    if cutoff is None:
        relaxed, lp_bound = lp_relaxation(model, time_limit_s=time_limit_s)
        if relaxed is None:
            raise RuntimeError(f"the solver found no schedule in {time_limit_s} s")
    else:
        # With a cutoff the caller holds a roster and its bound: no LP fallback is needed.
        relaxed, lp_bound = np.zeros_like(model.cost), float("-inf")
    options: dict[str, float] = {
        "time_limit": max(0.1, time_limit_s - (time.perf_counter() - began)),
        "mip_rel_gap": relative_gap,
        "node_limit": node_limit,
    }
    if cutoff is not None:
        options["objective_bound"] = cutoff
    result = _milp(model, options, integral=True)
    x = getattr(result, "x", None)
    raw = getattr(result, "fun", None)
    fun = float(raw) if x is not None and raw is not None else float("nan")
    found = x is not None and np.isfinite(fun) and (cutoff is None or fun < cutoff)
    if not found and cutoff is not None:
        if getattr(result, "status", None) == 2:
            # Infeasible below the cutoff: nothing beats the roster that set it.
            return np.full_like(relaxed, np.nan), float("nan"), max(lp_bound, cutoff), "optimal"
        return np.full_like(relaxed, np.nan), float("nan"), lp_bound, _stop_reason(result)
    if not found:
        return relaxed, float("nan"), lp_bound, "lp_rounded"
    status, bound = _stop_reason(result), lp_bound
    dual = getattr(result, "mip_dual_bound", None)
    if status == "optimal" and dual is not None:
        # HiGHS's dual bound is trusted only when it proved the gap (see the decision record).
        bound = max(lp_bound, min(float(dual), fun))
    return np.asarray(x), fun, bound, status


def _stop_reason(result: object) -> str:
    if getattr(result, "status", None) == 0:
        return "optimal"
    return "time_limit" if "Time limit" in str(getattr(result, "message", "")) else "node_limit"


def objective_step(cost: FloatArray) -> float:
    """The objective moves in whole multiples of this (costs are whole minutes); 0 if not."""
    ints = np.rint(cost[cost > 0]).astype(np.int64)
    if ints.size == 0 or not np.allclose(ints, cost[cost > 0]):
        return 0.0
    return float(np.gcd.reduce(ints))


def round_up_to_step(bound: float, cost: FloatArray) -> float:
    """A proven bound rounded up to the next value the objective can take."""
    step = objective_step(cost)
    if step and np.isfinite(bound):
        return float(step * np.ceil(bound / step - 1e-9))
    return bound


def roster_from_values(
    model: MilpModel,
    values: FloatArray,
    objective: float,
    bound: float,
    status: str,
    solver: str,
    seconds: float,
) -> RosterSolution:
    """The roster a solver's values describe (rounded up when they are an LP relaxation)."""
    n_z = model.z_j.shape[0]
    if status == "lp_rounded":
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
