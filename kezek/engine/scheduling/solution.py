"""What a roster solver hands back: agents per candidate shift and per lunch start.

The roster, the block search and break placement all build or read it; it lives below them so
that none imports another to get it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import MilpModel

__all__ = ["RosterSolution", "objective_step", "roster_from_values", "round_up_to_step"]

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
