"""Erlang A (M/M/N+M, Palm's queue): callers who hang up after an exponential patience.

Notation (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn 2007):
arrival rate ``lambda``, handle rate ``mu = 1 / aht_s``, abandonment rate
``theta = 1 / patience_s``, ``N`` agents, load ``A = lambda / mu``, and

* ``x = N mu / theta``, ``y = lambda / theta`` (so ``y / x = A / N``),
* ``K(a, z) = a e^z z^-a gamma(a, z) = 1F1(1; a + 1; z) = 1 + z/(a+1) + ...``,
  the function GMR call ``A(x, y)``, evaluated in log space from the
  regularised incomplete gamma function (``scipy.special.gammainc``) in
  Loader's cancellation-free form, or by the series (``scipy.special.hyp1f1``)
  where that underflows,
* ``E = B(N, A)`` (Erlang B) and ``pi_N = E / (1 + (K(x, y) - 1) E)``, the
  probability that all agents are busy and nobody waits.

An arrival that has to wait reaches an agent after the "virtual wait" ``V``;
it is answered if its patience outlasts ``V``. Conditioning on the queue seen
on arrival (PASTA) gives ``u = exp(-theta V)`` the density
``pi_N x u^(x-1) exp(y (1 - u))`` on (0, 1) over all arrivals, from which every
measure below is an incomplete-gamma expression (``c = exp(-theta T)``):

* ``P(wait) = pi_N K(x, y)`` (GMR 2002, eq. for P{W > 0}),
* answered after waiting ``= pi_N x K(x+1, y) / (x+1)``, so
  ``P(abandon) = P(wait) - pi_N x K(x+1, y) / (x+1)``, i.e. GMR's
  ``P{Ab | W > 0} = 1 / (rho K) + 1 - 1 / rho`` with ``rho = A / N``,
* ``P(V > T) = pi_N K(x, y c) c^x e^{y (1 - c)}``,
* answered after ``T``: ``pi_N x c K(x+1, y c) c^x e^{y (1 - c)} / (x + 1)``,
* mean wait of all arrivals ``P(abandon) patience_s`` (Little's law on the queue),
* mean wait of answered contacts (ASA): ``E[V; answered]`` is
  ``pi_N x / theta`` times the integral of ``s exp(-(x+1) s + y (1 - e^-s))``
  over ``s > 0``, a log-concave integrand evaluated by Gauss-Legendre
  quadrature on two panels around its mode, cut where it falls below e^-40 of
  its peak.

References
----------
.. [1] Palm, C. (1943). Intensitätsschwankungen im Fernsprechverkehr.
   Ericsson Technics 44.
.. [2] Garnett, O., Mandelbaum, A. & Reiman, M. (2002). Designing a call center
   with impatient customers. Manufacturing & Service Operations Management
   4(3), 208-227, appendix (exact formulas for M/M/N+M).
.. [3] Loader, C. (2000). Fast and accurate computation of binomial
   probabilities (the ``log1p(d) - d`` and Stirling-error forms).
.. [4] Mandelbaum, A. & Zeltyn, S. (2007). Service engineering in action: the
   Palm/Erlang-A queue, with applications to call centers. In Advances in
   Services Innovations, Springer, 17-45.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from kezek.engine.queueing._arrays import FloatArray, mix, non_negative, positive, whole_agents
from kezek.engine.queueing.erlang_b import log_erlang_b, stirling_error
from kezek.engine.queueing.measures import QueueMeasures

__all__ = ["erlang_a_measures"]

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)
_DEPTH = 40.0  # the quadrature ignores the integrand below e^-40 of its peak
_CHUNK = 16_384  # intervals per quadrature batch (bounds memory at 64 nodes each)


@dataclass(frozen=True, slots=True)
class ErlangACore:
    """Erlang A measures at whole agents (``agents >= 1`` and ``contacts > 0``)."""

    wait: FloatArray
    abandon: FloatArray
    answered_within: FloatArray
    abandoned_within: FloatArray
    asa_s: FloatArray
    occupancy: FloatArray


def erlang_a_measures(
    *,
    agents: ArrayLike,
    contacts: ArrayLike,
    interval_s: ArrayLike,
    aht_s: ArrayLike,
    patience_s: ArrayLike,
    target_answer_s: ArrayLike = 20.0,
) -> QueueMeasures:
    """Erlang A measures for given agents, vectorised over intervals.

    Parameters
    ----------
    agents : array_like
        Agents on the phones. Fractional counts are linearly interpolated
        between their neighbours (flagged ``interpolated``).
    contacts : array_like
        Contacts offered in the interval.
    interval_s : array_like
        Interval length in seconds.
    aht_s : array_like
        Average handle time in seconds.
    patience_s : array_like
        Mean patience in seconds: how long callers wait, on average, before
        hanging up (exponentially distributed).
    target_answer_s : array_like, default 20
        The ``T`` of "X % answered within T seconds".

    Returns
    -------
    QueueMeasures
        With all three service-level definitions; ``asa_s`` is the mean wait
        of answered contacts, ``mean_wait_s`` that of all offered contacts.

    Examples
    --------
    >>> m = erlang_a_measures(agents=14, contacts=100, interval_s=1800, aht_s=180,
    ...                       patience_s=600)
    >>> round(float(m.service_level), 4), round(float(m.abandon_rate), 4)
    (0.9066, 0.0088)
    """
    n = whole_agents("agents", agents)
    arrays = np.broadcast_arrays(
        n,
        non_negative("contacts", contacts),
        positive("interval_s", interval_s),
        positive("aht_s", aht_s),
        positive("patience_s", patience_s),
        non_negative("target_answer_s", target_answer_s),
    )
    n, contacts_, interval, aht, patience, answer = (np.asarray(x, np.float64) for x in arrays)
    rate = contacts_ / interval
    low, high = np.floor(n), np.ceil(n)
    lo = _whole(low, rate, aht, patience, answer)
    hi = _whole(high, rate, aht, patience, answer)
    weight = n - low
    mixed = [mix(x, y, weight) for x, y in zip(lo, hi, strict=True)]
    wait, sl, sl_answered, sl_excl, asa, abandon, occupancy = mixed
    return QueueMeasures(
        agents=n,
        load_erlangs=rate * aht,
        wait_probability=wait,
        service_level=sl,
        service_level_answered=sl_answered,
        service_level_excluding_short_abandons=sl_excl,
        asa_s=asa,
        mean_wait_s=abandon * patience,
        occupancy=occupancy,
        abandon_rate=abandon,
        interpolated=weight > 0,
        model="erlang_a",
    )


def _whole(
    n: FloatArray, rate: FloatArray, aht: FloatArray, patience: FloatArray, answer: FloatArray
) -> tuple[FloatArray, ...]:
    """Measures at whole ``n`` with the degenerate cases (no contacts, no agents) filled in."""
    wait, abandon = np.zeros(n.shape), np.zeros(n.shape)
    sl, sl_answered, sl_excl = np.ones(n.shape), np.ones(n.shape), np.ones(n.shape)
    asa, occupancy = np.zeros(n.shape), np.zeros(n.shape)
    nobody = (n == 0) & (rate > 0)  # everyone hangs up
    wait[nobody], abandon[nobody], asa[nobody] = 1.0, 1.0, np.inf
    sl[nobody], sl_answered[nobody], sl_excl[nobody] = 0.0, 0.0, 0.0
    live = (n > 0) & (rate > 0)
    if live.any():
        core = erlang_a_core(n[live], rate[live], aht[live], patience[live], answer[live])
        answered = 1.0 - core.abandon
        wait[live], abandon[live], asa[live] = core.wait, core.abandon, core.asa_s
        sl[live] = core.answered_within
        sl_answered[live] = _ratio(core.answered_within, answered)
        sl_excl[live] = _ratio(core.answered_within, 1.0 - core.abandoned_within)
        occupancy[live] = core.occupancy
    return wait, sl, sl_answered, sl_excl, asa, abandon, occupancy


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    safe = np.where(denominator > 0, denominator, 1.0)
    result: FloatArray = np.where(denominator > 0, np.minimum(numerator / safe, 1.0), 0.0)
    return result


def erlang_a_core(
    n: FloatArray,
    rate: FloatArray,
    aht: FloatArray,
    patience: FloatArray,
    answer: FloatArray,
    *,
    with_asa: bool = True,
) -> ErlangACore:
    """Exact Erlang A measures for 1-d arrays with ``n >= 1`` and ``rate > 0`` (per second)."""
    x, y = n * patience / aht, rate * patience
    log_c = -answer / patience
    log_e = log_erlang_b(n, rate * aht)
    log_k1 = log_kummer(x + 1.0, y)  # K(x + 1, y)
    log_kt = log_kummer(x + 1.0, y * np.exp(log_c))  # K(x + 1, y c)
    log_x1 = np.log1p(x)
    log_k0 = np.logaddexp(0.0, np.log(y) + log_k1 - log_x1)  # K(x, y) = 1 + y K(x+1, y)/(x+1)
    with np.errstate(divide="ignore"):
        log_pi = log_e - np.logaddexp(np.log1p(-np.exp(log_e)), log_k0 + log_e)
    wait = np.minimum(np.exp(log_pi + log_k0), 1.0)
    served_wait = np.exp(log_pi + np.log(x) - log_x1 + log_k1)
    abandon = np.clip(_abandon(x, y, log_pi, log_k1, log_x1), 0.0, wait)
    log_ec = log_c * x - y * np.expm1(log_c)  # log(c^x e^{y (1 - c)})
    log_kt0 = np.logaddexp(0.0, np.log(y) + log_c + log_kt - log_x1)  # K(x, y c)
    late = np.exp(log_pi + log_kt0 + log_ec)  # P(V > T)
    served_late = np.exp(log_pi + np.log(x) - log_x1 + log_c + log_kt + log_ec)
    served_in_time = np.maximum(served_wait - served_late, 0.0)
    abandoned_within = np.maximum(wait - np.exp(log_c) * late - served_in_time, 0.0)
    answered = 1.0 - abandon
    asa = np.zeros(n.shape)
    if with_asa:
        asa = served_wait * _served_wait_mean(x, y) * patience / answered
    return ErlangACore(
        wait=wait,
        abandon=abandon,
        answered_within=np.clip(1.0 - wait + served_in_time, 0.0, 1.0),
        abandoned_within=abandoned_within,
        asa_s=asa,
        occupancy=np.minimum(rate * aht * answered / n, 1.0),
    )


def _abandon(
    x: FloatArray, y: FloatArray, log_pi: FloatArray, log_k1: FloatArray, log_x1: FloatArray
) -> FloatArray:
    """``pi_N (1 + (y - x) K(x+1, y) / (x + 1))`` without overflow on either side of y = x."""
    pi = np.exp(log_pi)
    over = y > x
    loaded = pi + np.exp(log_pi + np.log(np.where(over, y - x, 1.0)) + log_k1 - log_x1)
    bounded = np.exp(np.where(over, 0.0, log_k1 - log_x1))  # K(x+1, y)/(x+1) is small for y <= x
    spare = pi * (1.0 - (x - y) * bounded)
    result: FloatArray = np.where(over, loaded, spare)
    return result


def log_kummer(a: FloatArray, z: FloatArray) -> FloatArray:
    """``log K(a, z) = log 1F1(1; a + 1; z)`` for ``a > 0``, ``z >= 0``, without overflow.

    ``K(a, z) = e^z z^-a Gamma(a + 1) P(a, z)`` with ``P`` the regularised lower
    incomplete gamma function; its log is taken in Loader's stable form (see
    ``erlang_b.log_poisson_pmf``). Where ``P`` underflows (``z`` far below
    ``a``, so ``K`` is modest) the hypergeometric series is summed directly
    (``scipy.special.hyp1f1``); it is slow and less accurate near ``z = a`` for
    huge ``a``, which is why it is not used there.
    """
    share = np.asarray(special.gammainc(a, z), np.float64)
    usable = (share > 1e-280) & (z > 1e-3 * a)  # else the series converges in a few terms
    out = np.empty(a.shape)
    if usable.any():
        aa, zz = a[usable], z[usable]
        d = (zz - aa) / aa
        log_share = np.log(share[usable])
        out[usable] = (
            log_share - aa * (np.log1p(d) - d) + 0.5 * np.log(2 * np.pi * aa) + stirling_error(aa)
        )
    rest = ~usable
    if rest.any():
        out[rest] = np.log(np.asarray(special.hyp1f1(1.0, a[rest] + 1.0, z[rest]), np.float64))
    return out


def _served_wait_mean(x: FloatArray, y: FloatArray) -> FloatArray:
    """Mean of ``theta V`` over waiting contacts that are answered (1-d arrays)."""
    out = np.empty(x.shape)
    for start in range(0, x.size, _CHUNK):
        part = slice(start, start + _CHUNK)
        out[part] = _served_wait_mean_chunk(x[part], y[part])
    return out


def _served_wait_mean_chunk(x: FloatArray, y: FloatArray) -> FloatArray:
    x1 = (x + 1.0)[:, None]
    yy = y[:, None]
    mode = np.log(np.maximum(y / (x + 1.0), 1.0))[:, None]

    def phi(s: FloatArray) -> FloatArray:
        result: FloatArray = -x1 * s - yy * np.expm1(-s)
        return result

    peak = phi(mode)
    sigma = 1.0 / np.sqrt(x1)
    right = _newton_extent(
        lambda d: phi(mode + d) - peak + _DEPTH,
        lambda d: yy * np.exp(-(mode + d)) - x1,
        start=9.0 * sigma,
        limit=np.full(mode.shape, np.inf),
    )
    left = _newton_extent(
        lambda d: phi(mode - d) - peak + _DEPTH,
        lambda d: x1 - yy * np.exp(-(mode - d)),
        start=np.minimum(9.0 * sigma, mode),
        limit=mode,
    )
    total = np.zeros(x.shape)
    first = np.zeros(x.shape)
    for lo, hi in ((mode - left, mode), (mode, mode + right)):
        half = (hi - lo) / 2.0
        s = lo + half * (_NODES[None, :] + 1.0)
        mass = _WEIGHTS[None, :] * half * np.exp(phi(s) - peak)
        total += mass.sum(axis=1)
        first += (mass * s).sum(axis=1)
    result: FloatArray = first / total
    return result


def _newton_extent(
    gap: Callable[[FloatArray], FloatArray],
    slope: Callable[[FloatArray], FloatArray],
    *,
    start: FloatArray,
    limit: FloatArray,
) -> FloatArray:
    """Distance from the mode at which a concave log-integrand has fallen by ``_DEPTH``.

    ``gap`` is concave and decreasing in the distance, so after one Newton step
    every iterate lies at or beyond the root: the result always covers the
    integrand's mass, and a few steps make it tight. Capped at ``limit``.
    """
    d = start
    for _ in range(12):
        rate = slope(d)
        movable = rate < 0
        step = gap(d) / np.where(movable, rate, -1.0)
        d = np.clip(np.where(movable, d - step, d), 0.0, limit)
    return d
