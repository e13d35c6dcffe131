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
"""

from __future__ import annotations

import time
from typing import Literal

from .model import BreakToken, build_model, template_layouts
from .search import search_schedule
from .shifts import BreakRule, Candidates, RequirementGrid
from .solution import RosterSolution, roster_from_values, round_up_to_step
from .solvers import solve_with_cpsat, solve_with_highs

__all__ = ["RosterSolution", "solve_roster"]

# Nodes per block in the block search: measured to lose nothing on the benchmark weeks against
# 5, 20, 30, 50 and 200 (the cutoff prunes the tree) and to be the quickest; see decision 0002.
ROOT_ONLY = 1


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
