"""Erlang C (M/M/N): waiting probability, service level, ASA and occupancy.

Poisson arrivals at rate ``lambda``, exponential handle times with mean
``aht_s``, ``N`` agents, an unlimited queue served first come first served and
callers who never hang up. With ``A = lambda * aht_s`` Erlangs and ``N > A``:

* ``P(wait) = C(N, A) = N B / (N - A (1 - B))`` with ``B = B(N, A)`` (Erlang B),
* ``SL(T) = 1 - C(N, A) exp(-(N - A) T / aht_s)``,
* ``ASA = C(N, A) aht_s / (N - A)``, occupancy ``A / N``.

With ``N <= A`` the queue grows without bound: ``P(wait) = 1``, ``SL = 0``,
``ASA = inf`` and occupancy 1.

References
----------
.. [1] Erlang, A. K. (1917), see ``erlang_b``.
.. [2] Cooper, R. B. (1981). Introduction to Queueing Theory, 2nd ed.,
   North-Holland, section 3.5 (M/M/s waiting-time distribution).
.. [3] Koole, G. (2013). Call Center Optimization, MG books, ch. 5: the worked
   example of 10 Erlangs, 80 % in 20 s -> 14 agents, SL 88.8 %.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from kezek.engine.queueing._arrays import FloatArray, mix, non_negative, positive, whole_agents
from kezek.engine.queueing.erlang_b import log_erlang_b
from kezek.engine.queueing.measures import QueueMeasures

__all__ = ["erlang_c", "erlang_c_measures"]


def erlang_c(*, agents: ArrayLike, load_erlangs: ArrayLike) -> FloatArray:
    """Probability that a contact has to queue, ``C(N, A)``.

    Parameters
    ----------
    agents : array_like of int
        Agents on the phones.
    load_erlangs : array_like of float
        Offered load in Erlangs.

    Returns
    -------
    numpy.ndarray
        ``C(N, A)`` in [0, 1]; 1 where ``N <= A``.

    Examples
    --------
    >>> round(float(erlang_c(agents=14, load_erlangs=10.0)), 4)
    0.1741
    """
    n = whole_agents("agents", agents)
    if not np.array_equal(n, np.floor(n)):
        raise ValueError(f"agents must be whole numbers, got {agents!r}")
    a = non_negative("load_erlangs", load_erlangs)
    n, a = np.broadcast_arrays(n, a)
    return wait_probability_from_b(n, a, np.exp(log_erlang_b(n, a)))


def wait_probability_from_b(n: FloatArray, a: FloatArray, blocking: FloatArray) -> FloatArray:
    """``C(N, A)`` from ``B(N, A)``; 1 where the agents cannot keep up."""
    stable = n > a
    safe_n = np.where(stable, n, a + 1.0)
    wait = safe_n * blocking / (safe_n - a * (1.0 - blocking))
    return np.where(stable, np.minimum(wait, 1.0), 1.0)


def measures_from_b(
    n: FloatArray, a: FloatArray, blocking: FloatArray, aht_s: FloatArray, answer_s: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Waiting probability, service level and ASA (s) for whole ``n`` and its ``B(n, A)``."""
    wait = wait_probability_from_b(n, a, blocking)
    stable = n > a
    spare = np.where(stable, n - a, 1.0)
    sl = np.where(stable, 1.0 - wait * np.exp(-spare * answer_s / aht_s), 0.0)
    asa = np.where(stable, wait * aht_s / spare, np.inf)
    return wait, sl, asa


def erlang_c_measures(
    *,
    agents: ArrayLike,
    contacts: ArrayLike,
    interval_s: ArrayLike,
    aht_s: ArrayLike,
    target_answer_s: ArrayLike = 20.0,
) -> QueueMeasures:
    """Erlang C measures for given agents, vectorised over intervals.

    Parameters
    ----------
    agents : array_like
        Agents on the phones (after shrinkage). A fractional count is answered
        by linear interpolation between its neighbours (flagged ``interpolated``).
    contacts : array_like
        Contacts offered in the interval.
    interval_s : array_like
        Interval length in seconds (1800 for 30 minutes).
    aht_s : array_like
        Average handle time in seconds.
    target_answer_s : array_like, default 20
        The ``T`` of "X % answered within T seconds".

    Returns
    -------
    QueueMeasures
        Arrays broadcast over the inputs; see ``QueueMeasures`` for definitions.

    Examples
    --------
    >>> m = erlang_c_measures(agents=14, contacts=100, interval_s=1800, aht_s=180)
    >>> round(float(m.service_level), 4), round(float(m.asa_s), 2)
    (0.8884, 7.84)
    """
    n = whole_agents("agents", agents)
    contacts_ = non_negative("contacts", contacts)
    interval = positive("interval_s", interval_s)
    aht = positive("aht_s", aht_s)
    answer = non_negative("target_answer_s", target_answer_s)
    n, contacts_, interval, aht, answer = np.broadcast_arrays(n, contacts_, interval, aht, answer)
    a = contacts_ * aht / interval
    low, high = np.floor(n), np.ceil(n)
    lo = _whole(low, a, aht, answer)
    hi = _whole(high, a, aht, answer)
    weight = n - low
    mixed = [mix(x, y, weight) for x, y in zip(lo, hi, strict=True)]
    wait, sl, asa, occupancy = mixed
    zeros = np.zeros(n.shape)
    return QueueMeasures(
        agents=n,
        load_erlangs=a,
        wait_probability=wait,
        service_level=sl,
        service_level_answered=sl,
        service_level_excluding_short_abandons=sl,
        asa_s=asa,
        mean_wait_s=asa,
        occupancy=occupancy,
        abandon_rate=zeros,
        interpolated=weight > 0,
        model="erlang_c",
    )


def _whole(
    n: FloatArray, a: FloatArray, aht: FloatArray, answer: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Measures at whole ``n``; no contacts means no waiting, whatever ``n`` is."""
    wait, sl, asa = measures_from_b(n, a, np.exp(log_erlang_b(n, a)), aht, answer)
    idle = a == 0
    occupancy = np.where(idle, 0.0, np.where(n > a, a / np.where(n > 0, n, 1.0), 1.0))
    return (
        np.where(idle, 0.0, wait),
        np.where(idle, 1.0, sl),
        np.where(idle, 0.0, asa),
        occupancy,
    )
