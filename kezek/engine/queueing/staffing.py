"""Staffing: the fewest agents per interval meeting every target at once, then shrinkage.

Targets, any combination, at least one: service level (``target_service_level``
of contacts answered within ``target_answer_s``), ``max_asa_s``, ``max_abandon``
(Erlang A only) and ``max_occupancy``. Every measure improves as agents are
added, so the answer is the first agent count at which all targets hold:

* Erlang C: start at the first stable count (``floor(A) + 1``, or just below
  the occupancy bound ``A / max_occupancy``), get ``B(N, A)`` there directly,
  then add one agent at a time carrying the Erlang B recursion forward: O(1)
  per agent, O(N) at worst, vectorised over all intervals at once.
* Erlang A: every measure is a closed form in N (see ``erlang_a``), so the
  search gallops up and bisects: O(log N) evaluations per interval.

``fractional_agents`` is the linear interpolation, between the last failing
and the first passing agent count, of the binding target (service level, 1/ASA,
abandonment, occupancy; the occupancy bound ``A / max_occupancy`` is exact):
an interpolated figure, not a queueing result.

Scheduled agents add shrinkage: ``ceil(agents / (1 - shrinkage))``.

References
----------
.. [1] Koole, G. (2013). Call Center Optimization, ch. 5 (staffing one interval).
.. [2] Gans, N., Koole, G. & Mandelbaum, A. (2003). Telephone call centers:
   tutorial, review, and research prospects. MSOM 5(2), 79-141.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kezek.engine.queueing import _arrays as chk
from kezek.engine.queueing._arrays import FloatArray, IntArray, ceil_guarded
from kezek.engine.queueing._search import Problem, solve_erlang_a, solve_erlang_c
from kezek.engine.queueing.erlang_a import erlang_a_measures
from kezek.engine.queueing.erlang_c import erlang_c_measures

__all__ = [
    "MAX_AGENTS",
    "SERVICE_LEVEL_DEFINITIONS",
    "IntervalStaffing",
    "StaffingTable",
    "scheduled_agents",
    "staff_interval",
    "staff_intervals",
]

ServiceLevelDefinition = Literal["offered", "answered", "excluding_short_abandons"]
SERVICE_LEVEL_DEFINITIONS: tuple[ServiceLevelDefinition, ...] = (
    "offered",
    "answered",
    "excluding_short_abandons",
)
MAX_AGENTS = 1_000_000
"""The most agents the search tries in one interval: a target that needs more is unreachable."""


@dataclass(frozen=True, slots=True)
class IntervalStaffing:
    """Staffing of one interval; the fields are the keys of ``kezek staffing --json``.

    Attributes
    ----------
    agents : int
        Agents needed on the phones (or the count evaluated).
    scheduled_agents : int
        Agents to schedule: ``ceil(agents / (1 - shrinkage))``.
    service_level : float
        Share of offered contacts answered within ``target_answer_s`` (or the
        chosen ``service_level_definition`` for Erlang A).
    asa_seconds : float
        Average speed of answer of answered contacts, seconds (``inf`` if the
        evaluated agents cannot keep up under Erlang C).
    occupancy : float
        Share of agents' time spent handling contacts.
    wait_probability : float
        Share of contacts that queue.
    abandon_rate : float or None
        Share of offered contacts that hang up; ``None`` for Erlang C.
    model : str
        ``"erlang_c"`` or ``"erlang_a"``.
    """

    agents: int
    scheduled_agents: int
    service_level: float
    asa_seconds: float
    occupancy: float
    wait_probability: float
    abandon_rate: float | None
    model: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready mapping; an infinite ASA becomes ``None`` (JSON has no infinity)."""
        return {
            "agents": self.agents,
            "scheduled_agents": self.scheduled_agents,
            "service_level": self.service_level,
            "asa_seconds": self.asa_seconds if math.isfinite(self.asa_seconds) else None,
            "occupancy": self.occupancy,
            "wait_probability": self.wait_probability,
            "abandon_rate": self.abandon_rate,
            "model": self.model,
        }


@dataclass(frozen=True, slots=True)
class StaffingTable:
    """Staffing of many intervals: 1-d arrays, one entry per interval.

    The first eight attributes match ``IntervalStaffing`` (``abandon_rate`` is
    NaN on Erlang C rows); ``fractional_agents`` is interpolated (see the module
    docstring) and ``load_erlangs`` is the offered load.
    """

    agents: IntArray
    scheduled_agents: IntArray
    service_level: FloatArray
    asa_seconds: FloatArray
    occupancy: FloatArray
    wait_probability: FloatArray
    abandon_rate: FloatArray
    model: NDArray[np.str_]
    fractional_agents: FloatArray
    load_erlangs: FloatArray

    def __len__(self) -> int:
        return int(self.agents.size)

    def row(self, index: int) -> IntervalStaffing:
        """The staffing of interval ``index`` as an ``IntervalStaffing``."""
        abandon = float(self.abandon_rate[index])
        return IntervalStaffing(
            agents=int(self.agents[index]),
            scheduled_agents=int(self.scheduled_agents[index]),
            service_level=float(self.service_level[index]),
            asa_seconds=float(self.asa_seconds[index]),
            occupancy=float(self.occupancy[index]),
            wait_probability=float(self.wait_probability[index]),
            abandon_rate=None if math.isnan(abandon) else abandon,
            model=str(self.model[index]),
        )


def scheduled_agents(agents: ArrayLike, *, shrinkage: ArrayLike) -> IntArray:
    """Agents to schedule so that ``agents`` remain after ``shrinkage``.

    ``ceil(agents / (1 - shrinkage))``, rounding away float noise first
    (14 / 0.7 is 20, not 20.000000000000004 -> 21).

    Examples
    --------
    >>> int(scheduled_agents(14, shrinkage=0.3))
    20
    """
    on_phones = chk.non_negative("agents", agents)
    shrink = chk.as_float("shrinkage", shrinkage)
    _check_shrinkage(shrink)
    return ceil_guarded(on_phones / (1.0 - shrink))


def staff_interval(
    *,
    contacts: float,
    interval_s: float,
    aht_s: float,
    target_service_level: float | None = None,
    target_answer_s: float = 20.0,
    max_asa_s: float | None = None,
    max_abandon: float | None = None,
    max_occupancy: float | None = None,
    patience_s: float | None = None,
    shrinkage: float = 0.0,
    agents: int | None = None,
    service_level_definition: ServiceLevelDefinition = "offered",
) -> IntervalStaffing:
    """Agents for one interval (``agents=None``), or the service of ``agents`` given.

    Parameters
    ----------
    contacts : float
        Contacts offered in the interval (0 gives 0 agents).
    interval_s : float
        Interval length, seconds.
    aht_s : float
        Average handle time, seconds.
    target_service_level : float, optional
        Share of contacts to answer within ``target_answer_s``, in (0, 1).
    target_answer_s : float, default 20
        Answer threshold ``T`` of the service level, seconds; the reported
        ``service_level`` uses it even when no service-level target is set.
    max_asa_s : float, optional
        Highest acceptable average speed of answer, seconds.
    max_abandon : float, optional
        Highest acceptable share of abandoned contacts, in (0, 1); Erlang A only.
    max_occupancy : float, optional
        Highest acceptable occupancy, in (0, 1].
    patience_s : float, optional
        Mean caller patience, seconds: given, the model is Erlang A; ``None``
        means callers never hang up (Erlang C).
    shrinkage : float, default 0
        Share of paid time off the phones, in [0, 1).
    agents : int, optional
        Evaluate this many agents instead of solving (targets then optional).
    service_level_definition : {"offered", "answered", "excluding_short_abandons"}
        Which service level Erlang A reports and targets (see ``QueueMeasures``).

    Returns
    -------
    IntervalStaffing

    Raises
    ------
    ValueError
        An argument is out of its domain, no target is given when solving, or
        no agent count up to one million meets the targets; the message names
        the argument.

    Examples
    --------
    >>> s = staff_interval(contacts=100, interval_s=1800, aht_s=180,
    ...                    target_service_level=0.8, target_answer_s=20, shrinkage=0.3)
    >>> s.agents, s.scheduled_agents, round(s.service_level, 4), round(s.asa_seconds, 2)
    (14, 20, 0.8884, 7.84)
    """
    table = staff_intervals(
        contacts=contacts,
        interval_s=interval_s,
        aht_s=aht_s,
        target_service_level=chk.optional(target_service_level),
        target_answer_s=target_answer_s,
        max_asa_s=chk.optional(max_asa_s),
        max_abandon=chk.optional(max_abandon),
        max_occupancy=chk.optional(max_occupancy),
        patience_s=chk.optional(patience_s),
        shrinkage=shrinkage,
        agents=chk.optional(agents),
        service_level_definition=service_level_definition,
    )
    return table.row(0)


def staff_intervals(
    *,
    contacts: ArrayLike,
    interval_s: ArrayLike,
    aht_s: ArrayLike,
    target_service_level: ArrayLike = math.nan,
    target_answer_s: ArrayLike = 20.0,
    max_asa_s: ArrayLike = math.nan,
    max_abandon: ArrayLike = math.nan,
    max_occupancy: ArrayLike = math.nan,
    patience_s: ArrayLike = math.nan,
    shrinkage: ArrayLike = 0.0,
    agents: ArrayLike = math.nan,
    service_level_definition: ServiceLevelDefinition = "offered",
    max_agents: int = MAX_AGENTS,
) -> StaffingTable:
    """Vectorised ``staff_interval``: every argument a scalar or a 1-d array per interval.

    NaN in a target, ``patience_s`` or ``agents`` means "not set" for that
    interval (no such target; Erlang C; solve). Rows with patience use Erlang A,
    the others Erlang C, in one call. ``max_agents`` bounds the search: a target
    that needs more is reported as unreachable.

    Returns
    -------
    StaffingTable
        One entry per interval, in input order.
    """
    problem = _problem(
        contacts,
        interval_s,
        aht_s,
        target_service_level,
        target_answer_s,
        max_asa_s,
        max_abandon,
        max_occupancy,
        patience_s,
        agents,
        service_level_definition,
    )
    shrink = chk.as_float("shrinkage", shrinkage)
    _check_shrinkage(shrink)
    shrink = np.broadcast_to(shrink, problem.load.shape)
    agents_out, fractional, measures = _solve_and_measure(problem, max_agents)
    return StaffingTable(
        agents=agents_out,
        scheduled_agents=ceil_guarded(agents_out / (1.0 - shrink)),
        service_level=measures[0],
        asa_seconds=measures[1],
        occupancy=measures[2],
        wait_probability=measures[3],
        abandon_rate=np.where(problem.erlang_a, measures[4], np.nan),
        model=np.where(problem.erlang_a, "erlang_a", "erlang_c"),
        fractional_agents=fractional,
        load_erlangs=problem.load,
    )


def _check_shrinkage(shrink: FloatArray) -> None:
    bad = ~((shrink >= 0) & (shrink < 1))
    if bad.any():
        index = int(np.flatnonzero(bad.ravel())[0])
        label = "shrinkage" if shrink.ndim == 0 else f"shrinkage[{index}]"
        raise ValueError(
            f"{label} must be a fraction in [0, 1), got {float(shrink.ravel()[index])!r}"
        )


def _problem(
    contacts: ArrayLike,
    interval_s: ArrayLike,
    aht_s: ArrayLike,
    target_sl: ArrayLike,
    answer_s: ArrayLike,
    max_asa_s: ArrayLike,
    max_abandon: ArrayLike,
    max_occupancy: ArrayLike,
    patience_s: ArrayLike,
    agents: ArrayLike,
    definition: str,
) -> Problem:
    """Validate every argument (naming it) and broadcast them to 1-d arrays."""
    if definition not in SERVICE_LEVEL_DEFINITIONS:
        raise ValueError(
            f"service_level_definition must be one of {', '.join(SERVICE_LEVEL_DEFINITIONS)}, got {definition!r}"
        )
    patience = chk.as_float("patience_s", patience_s)
    _positive_or_nan("patience_s", patience)
    given = chk.as_float("agents", agents)
    _whole_or_nan("agents", given)
    asa = chk.as_float("max_asa_s", max_asa_s)
    _positive_or_nan("max_asa_s", asa)
    arrays = np.broadcast_arrays(
        np.atleast_1d(chk.non_negative("contacts", contacts)),
        chk.positive("interval_s", interval_s),
        chk.positive("aht_s", aht_s),
        chk.fraction_open("target_service_level", target_sl),
        chk.non_negative("target_answer_s", answer_s),
        asa,
        chk.fraction_open("max_abandon", max_abandon),
        chk.fraction_open("max_occupancy", max_occupancy, upper_closed=True),
        patience,
        given,
    )
    flat = [np.ascontiguousarray(a, dtype=np.float64).ravel() for a in arrays]
    problem = Problem.build(*flat, definition=definition)
    problem.check_targets()
    return problem


def _positive_or_nan(name: str, values: FloatArray) -> None:
    bad = ~(np.isnan(values) | (np.isfinite(values) & (values > 0)))
    if bad.any():
        index = int(np.flatnonzero(bad.ravel())[0])
        label = name if values.ndim == 0 else f"{name}[{index}]"
        raise ValueError(f"{label} must be a positive number, got {float(values.ravel()[index])!r}")


def _whole_or_nan(name: str, values: FloatArray) -> None:
    bad = ~(np.isnan(values) | ((values >= 0) & (values == np.floor(values)) & np.isfinite(values)))
    if bad.any():
        index = int(np.flatnonzero(bad.ravel())[0])
        label = name if values.ndim == 0 else f"{name}[{index}]"
        raise ValueError(
            f"{label} must be a whole number of agents, 0 or more, got {float(values.ravel()[index])!r}"
        )


def _solve_and_measure(
    problem: Problem, max_agents: int
) -> tuple[IntArray, FloatArray, list[FloatArray]]:
    """Agents (given or solved), fractional agents and the reported measures per row."""
    size = problem.load.size
    agents = np.zeros(size, np.int64)
    fractional = np.zeros(size)
    out = [np.ones(size), np.zeros(size), np.zeros(size), np.zeros(size), np.zeros(size)]
    solve = np.isnan(problem.agents) & (problem.load > 0)
    given = ~np.isnan(problem.agents)
    agents[given] = problem.agents[given].astype(np.int64)
    fractional[given] = problem.agents[given]
    c_rows = np.flatnonzero(solve & ~problem.erlang_a)
    if c_rows.size:
        if c_rows.size == size:  # the common case: every row is an Erlang C problem
            found = solve_erlang_c(problem, max_agents)
            return found.agents, found.fractional, list(found.measures())
        found = solve_erlang_c(problem.subset(c_rows), max_agents)
        agents[c_rows], fractional[c_rows] = found.agents, found.fractional
        for target, values in zip(out, found.measures(), strict=True):
            target[c_rows] = values
    evaluate = given | (solve & problem.erlang_a)
    a_rows = np.flatnonzero(solve & problem.erlang_a)
    if a_rows.size:
        found = solve_erlang_a(problem.subset(a_rows), max_agents)
        agents[a_rows], fractional[a_rows] = found.agents, found.fractional
    _evaluate(problem, np.flatnonzero(evaluate), agents, out)
    return agents, fractional, out


def _evaluate(problem: Problem, rows: IntArray, agents: IntArray, out: list[FloatArray]) -> None:
    """Fill ``out`` (SL, ASA, occupancy, wait, abandon) for ``rows`` at ``agents``."""
    for is_a in (False, True):
        part = rows[problem.erlang_a[rows] == is_a]
        if not part.size:
            continue
        common = {
            "agents": agents[part],
            "contacts": problem.rate[part] * problem.interval[part],
            "interval_s": problem.interval[part],
            "aht_s": problem.aht[part],
            "target_answer_s": problem.answer[part],
        }
        if is_a:
            m = erlang_a_measures(**common, patience_s=problem.patience[part])
            sl = problem.pick_service_level(m, part)
        else:
            m = erlang_c_measures(**common)
            sl = m.service_level
        for target, values in zip(
            out, (sl, m.asa_s, m.occupancy, m.wait_probability, m.abandon_rate), strict=True
        ):
            target[part] = values
