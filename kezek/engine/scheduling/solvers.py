"""The solvers of the roster's mixed-integer programme: HiGHS, and CP-SAT (the benchmark's second).

HiGHS [2]_ runs through ``scipy.optimize.milp`` on the :class:`.MilpModel`. CP-SAT needs integer coefficients: a row with fractional coefficients is scaled by 1000 and
its bounds rounded inwards, which keeps every integer point that satisfied the original row
up to 1e-3. Every variable is integer here (``y`` too), which only tightens the model.

References
----------
.. [1] Perron, L. and Didier, F. CP-SAT. OR-Tools, Google. https://developers.google.com/optimization
.. [2] Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
   Mathematical Programming Computation 10, 119-142 (HiGHS).
"""

from __future__ import annotations

import math
import time
import warnings

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from .model import MilpModel

__all__ = ["lp_relaxation", "solve_with_cpsat", "solve_with_highs"]

FloatArray = npt.NDArray[np.float64]
_SCALE = 1000


_INT_MAX = 2**62


def _integer_row(coefs: FloatArray, lower: float, upper: float) -> tuple[list[int], int, int]:
    scale = 1 if np.allclose(coefs, np.rint(coefs)) else _SCALE
    ints = [round(float(c) * scale) for c in coefs]
    lo = -_INT_MAX if math.isinf(lower) else math.ceil(lower * scale - 1e-6)
    hi = _INT_MAX if math.isinf(upper) else math.floor(upper * scale + 1e-6)
    return ints, lo, hi


def solve_with_cpsat(
    *,
    cost: FloatArray,
    upper: FloatArray,
    matrix: csr_array,
    row_lower: FloatArray,
    row_upper: FloatArray,
    time_limit_s: float,
    seed: int,
    workers: int = 2,
    hint: FloatArray | None = None,
) -> tuple[FloatArray, float, float, str]:
    """Minimise ``cost·v`` over integers ``0 <= v <= upper`` with ``lower <= A v <= upper``.

    ``hint`` gives starting values for the first ``len(hint)`` variables.
    Returns values, objective, proven bound and ``optimal`` or ``time_limit``.
    Deterministic for a given ``seed`` and ``workers`` unless the time limit cuts the search.
    """
    # Imported here: OR-Tools takes a second to load and only this path needs it.
    from ortools.sat.python import cp_model

    began = time.perf_counter()
    model = cp_model.CpModel()
    variables = [model.new_int_var(0, int(ub), f"v{i}") for i, ub in enumerate(upper)]
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    for r in range(matrix.shape[0]):
        span = slice(indptr[r], indptr[r + 1])
        ints, lo, hi = _integer_row(data[span], float(row_lower[r]), float(row_upper[r]))
        expr = cp_model.LinearExpr.weighted_sum([variables[c] for c in indices[span]], ints)
        model.add_linear_constraint(expr, lo, hi)
    nonzero = np.flatnonzero(cost)
    model.minimize(
        cp_model.LinearExpr.weighted_sum(
            [variables[i] for i in nonzero], [round(float(cost[i])) for i in nonzero]
        )
    )
    if hint is not None:
        for variable, value in zip(variables, hint, strict=False):
            model.add_hint(variable, round(float(value)))
    solver = cp_model.CpSolver()
    # The time limit counts from the call: building the model used part of it.
    solver.parameters.max_time_in_seconds = max(1.0, time_limit_s - (time.perf_counter() - began))
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no schedule in {time_limit_s} s")
    values = np.array([solver.value(v) for v in variables], dtype=np.float64)
    name = "optimal" if status == cp_model.OPTIMAL else "time_limit"
    return values, float(solver.objective_value), float(solver.best_objective_bound), name


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
