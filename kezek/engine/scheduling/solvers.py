"""OR-Tools CP-SAT on a programme given as sparse matrices (the benchmark's second solver).

CP-SAT needs integer coefficients: a row with fractional coefficients is scaled by 1000 and
its bounds rounded inwards, which keeps every integer point that satisfied the original row
up to 1e-3. Every variable is integer here (``y`` too), which only tightens the model.

References
----------
.. [1] Perron, L. and Didier, F. CP-SAT. OR-Tools, Google. https://developers.google.com/optimization
"""

from __future__ import annotations

import math
import time

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array

__all__ = ["solve_with_cpsat"]

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
