"""Erlang B (M/M/N/N): the blocking probability, stable from 0.001 to 50,000 Erlangs.

Erlang B is also the building block of Erlang C and Erlang A: both are
rational functions of ``B(N, A)``. It is computed two ways:

* directly, in log space, as a ratio of the Poisson probability of ``N``
  (Loader's cancellation-free form) to the Poisson distribution function at
  ``N`` (``scipy.special.gammaincc``), as a short positive series where that
  ratio would underflow (``N`` far below ``A``), or by the recursion from zero
  for up to 24 agents; no factorials, so nothing overflows at 50,000 agents;
* one agent at a time, with the classical recursion
  ``B(n, A) = A B(n-1, A) / (n + A B(n-1, A))``, which the staffing search
  carries forward from a direct starting value (O(1) per added agent).

References
----------
.. [1] Erlang, A. K. (1917). Solution of some problems in the theory of
   probabilities of significance in automatic telephone exchanges.
.. [2] Loader, C. (2000). Fast and accurate computation of binomial probabilities.
.. [3] Jagerman, D. L. (1974). Some properties of the Erlang loss function.
   Bell System Technical Journal, 53(3), 525-551 (the recursion and its stability).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from kezek.engine.queueing._arrays import FloatArray, non_negative

__all__ = ["erlang_b", "erlang_b_next", "log_erlang_b"]

# Below A - 30 sqrt(A) - 10 agents the Poisson distribution function at N is
# smaller than about 1e-190 and heads for underflow; the series takes over there.
_POISSON_MARGIN_SD = 30.0
# Up to this many agents the recursion from zero is cheaper than the special functions.
_RECURSION_MAX_AGENTS = 24


def erlang_b(*, agents: ArrayLike, load_erlangs: ArrayLike) -> FloatArray:
    """Probability that a contact finds all ``agents`` busy in a loss system.

    Parameters
    ----------
    agents : array_like of int
        Number of agents (servers), 0 or more.
    load_erlangs : array_like of float
        Offered load in Erlangs (arrival rate times mean handle time), 0 or more.

    Returns
    -------
    numpy.ndarray
        Blocking probability ``B(N, A)`` in [0, 1], broadcast over the inputs
        (0-d for scalar inputs).

    Examples
    --------
    >>> round(float(erlang_b(agents=14, load_erlangs=10.0)), 6)
    0.056819
    """
    n = non_negative("agents", agents)
    if not np.array_equal(n, np.floor(n)):
        raise ValueError(f"agents must be whole numbers, got {agents!r}")
    a = non_negative("load_erlangs", load_erlangs)
    return np.exp(log_erlang_b(n, a))


def log_erlang_b(agents: FloatArray, load: FloatArray) -> FloatArray:
    """Natural log of ``B(N, A)`` for validated arrays (whole ``agents``, ``load`` >= 0)."""
    n, a = np.broadcast_arrays(np.asarray(agents, np.float64), np.asarray(load, np.float64))
    out = np.zeros(n.shape)  # log B(0, A) = 0
    out[(a == 0) & (n > 0)] = -np.inf
    busy = (a > 0) & (n > 0)
    few = busy & (n <= _RECURSION_MAX_AGENTS)
    near = busy & ~few & (n >= a - _POISSON_MARGIN_SD * np.sqrt(a) - 10.0)
    far = busy & ~few & ~near
    if few.any():
        out[few] = np.log(_blocking_by_recursion(n[few], a[few]))
    if near.any():
        nn, aa = n[near], a[near]
        log_pmf = log_poisson_pmf(nn, aa)
        out[near] = log_pmf - np.log(special.gammaincc(nn + 1.0, aa))
    if far.any():
        out[far] = -np.log(_inverse_blocking_series(n[far], a[far]))
    return out


def stirling_error(x: FloatArray) -> FloatArray:
    """``log Gamma(x + 1) - (x + 1/2) log x + x - log(2 pi) / 2``, accurate for large ``x``."""
    out = np.empty(x.shape)
    big = x > 15.0
    xb = x[big]
    out[big] = 1 / (12 * xb) - 1 / (360 * xb**3) + 1 / (1260 * xb**5) - 1 / (1680 * xb**7)
    xs = x[~big]
    out[~big] = special.gammaln(xs + 1) - (xs + 0.5) * np.log(xs) + xs - 0.5 * np.log(2 * np.pi)
    return out


def log_poisson_pmf(n: FloatArray, a: FloatArray) -> FloatArray:
    """``log(a^n e^-a / n!)`` for ``n, a > 0`` without the cancellation of ``n log a - a``.

    Written as ``n (log1p(d) - d) - log(2 pi n) / 2 - stirling_error(n)`` with
    ``d = (a - n) / n`` (Loader 2000, "Fast and accurate computation of binomial
    probabilities"): exact to a few ulps even at 50,000 agents.
    """
    d = (a - n) / n
    result: FloatArray = n * (np.log1p(d) - d) - 0.5 * np.log(2 * np.pi * n) - stirling_error(n)
    return result


def _blocking_by_recursion(n: FloatArray, a: FloatArray) -> FloatArray:
    """``B(N, A)`` for small ``N``: the recursion from ``B(0, A) = 1`` (exact, cheap)."""
    blocking = np.ones(n.shape)
    result = np.ones(n.shape)
    for k in range(1, int(n.max()) + 1):
        blocking = erlang_b_next(blocking, agents=np.float64(k), load=a)
        result = np.where(n == k, blocking, result)
    return result


def _inverse_blocking_series(n: FloatArray, a: FloatArray) -> FloatArray:
    """``1 / B(N, A) = sum_k N! / ((N - k)! A^k)``: positive terms, fast when ``N << A``."""
    term = np.ones(n.shape)
    total = np.ones(n.shape)
    k = 0.0
    while True:
        term = term * np.maximum(n - k, 0.0) / a
        total += term
        k += 1.0
        if not (term > 1e-17 * total).any():
            return total


def erlang_b_next(
    blocking: FloatArray, *, agents: FloatArray | np.float64, load: FloatArray
) -> FloatArray:
    """``B(N, A)`` from ``B(N - 1, A)``: one step of the Erlang B recursion."""
    carried = load * blocking
    result: FloatArray = carried / (agents + carried)
    return result
