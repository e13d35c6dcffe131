"""Place each agent-shift's lunch and break segments, never above the break token.

The roster fixes every agent's shift and lunch. Breaks are then a transportation problem:
agent ``a`` must send its ``k`` segments to intervals of its break window (at most ``spi``
segments per interval, none at its lunch), and interval ``i`` can take
``spi × min(on floor - required, token - at lunch)`` segments without a short minute or an
extra agent off the floor. That is a maximum flow [1]_; integral capacities give an integral
flow. The roster's relaxation guarantees, up to lunch heterogeneity inside one candidate, that
the flow places every segment. Segments it cannot place go, in a second flow, wherever the
token alone allows (short intervals follow and are reported); any that still do not fit are
counted as unplaced. Inside an interval, segments go to 5-minute slots by McNaughton's
wrap-around rule [2]_, which balances the slots and never gives one agent one slot twice.

References
----------
.. [1] Dinic, E. A. (1970). Algorithm for solution of a problem of maximum flow in networks
   with power estimation. Soviet Mathematics Doklady 11, 1277-1280.
.. [2] McNaughton, R. (1959). Scheduling with deadlines and loss functions.
   Management Science 6(1), 1-12.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_array
from scipy.sparse.csgraph import maximum_flow

from .coverage import minute_counts
from .model import BreakToken, TemplateLayout
from .shifts import Candidates, RequirementGrid
from .solution import RosterSolution

__all__ = ["AgentShift", "BreakPlan", "place_breaks"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class AgentShift:
    """One agent working one shift; times in elapsed minutes from the grid start.

    ``breaks_min`` holds merged break segments ``(start, end)``; ``lunch_min`` the lunch.
    """

    template: str
    start_min: int
    end_min: int
    breaks_min: tuple[tuple[int, int], ...]
    lunch_min: tuple[int, int] | None

    @property
    def off_floor_min(self) -> tuple[tuple[int, int], ...]:
        """Breaks and lunch in time order (lunch included, as the schedule file shows it)."""
        lunch = (self.lunch_min,) if self.lunch_min else ()
        return tuple(sorted(self.breaks_min + lunch))


@dataclass(frozen=True, slots=True)
class BreakPlan:
    """Every agent-shift with its breaks; ``unplaced_break_minutes`` > 0 if the token forbade some."""

    agent_shifts: tuple[AgentShift, ...]
    unplaced_break_minutes: int


@dataclass(frozen=True, slots=True)
class _Agents:
    candidate: IntArray
    start: IntArray  # interval
    length: IntArray  # intervals
    lunch: IntArray  # offset in intervals, -1 when none
    lunch_length: IntArray
    segments: IntArray


def _agents(
    candidates: Candidates, layouts: tuple[TemplateLayout, ...], roster: RosterSolution
) -> _Agents:
    cand = np.repeat(np.arange(candidates.n_candidates), roster.agents)
    lunch = np.full(cand.shape[0], -1, dtype=np.int64)
    first = np.concatenate([[0], np.cumsum(roster.agents)])
    filled = np.zeros(candidates.n_candidates, dtype=np.int64)
    for j, offset, count in zip(
        roster.lunch_candidate, roster.lunch_offset, roster.lunch_agents, strict=True
    ):
        at = first[j] + filled[j]
        lunch[at : at + count] = offset
        filled[j] += count
    tpl = candidates.template_index[cand]
    lunch_len = np.array([layouts[t].lunch_length for t in tpl], dtype=np.int64)
    needs_lunch = (lunch < 0) & (lunch_len > 0)
    # Guard against a rounded roster that gave a candidate fewer lunches than agents.
    lunch[needs_lunch] = [layouts[t].lunch_offsets[0] for t in tpl[needs_lunch]]
    return _Agents(
        candidate=cand,
        start=candidates.start_interval[cand],
        length=np.array([layouts[t].length for t in tpl], dtype=np.int64),
        lunch=lunch,
        lunch_length=lunch_len,
        segments=np.array([layouts[t].break_segments for t in tpl], dtype=np.int64),
    )


def _edges(
    agents: _Agents, layouts: tuple[TemplateLayout, ...], tpl: IntArray
) -> tuple[IntArray, IntArray]:
    """Agent and absolute interval of every interval where that agent may take a segment."""
    owners, intervals = [], []
    for a in np.flatnonzero(agents.segments):
        w0, w1 = layouts[tpl[a]].window
        w = np.arange(w0, w1)
        if agents.lunch[a] >= 0:
            w = w[(w < agents.lunch[a]) | (w >= agents.lunch[a] + agents.lunch_length[a])]
        owners.append(np.full(w.size, a))
        intervals.append(agents.start[a] + w)
    if not owners:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(owners), np.concatenate(intervals)


def _max_flow(
    demand: IntArray,
    e_agent: IntArray,
    e_interval: IntArray,
    e_cap: IntArray,
    interval_cap: IntArray,
) -> IntArray:
    """Segments sent along each agent-interval edge by a maximum flow."""
    n_a, n_i = demand.shape[0], interval_cap.shape[0]
    source, sink = n_a + n_i, n_a + n_i + 1
    rows = np.concatenate([np.full(n_a, source), e_agent, n_a + np.arange(n_i)])
    cols = np.concatenate([np.arange(n_a), n_a + e_interval, np.full(n_i, sink)])
    caps = np.concatenate([demand, e_cap, interval_cap]).astype(np.int32)
    graph = coo_array((caps, (rows, cols)), shape=(sink + 1, sink + 1)).tocsr()
    flow = maximum_flow(graph, source, sink).flow.tocsr()
    return np.asarray(flow[e_agent, n_a + e_interval]).astype(np.int64).ravel()


def place_breaks(
    *,
    candidates: Candidates,
    grid: RequirementGrid,
    layouts: tuple[TemplateLayout, ...],
    token: BreakToken,
    roster: RosterSolution,
    segment_minutes: int,
) -> BreakPlan:
    """Turn the roster into agent-shifts with lunch and break segments.

    Parameters
    ----------
    candidates, grid, layouts, token, roster
        As given to and returned by :func:`.solve_roster`.
    segment_minutes : int
        Length of one break segment (``BreakRule.segment_minutes``).
    """
    agents = _agents(candidates, layouts, roster)
    tpl = candidates.template_index[agents.candidate]
    n = grid.n_intervals
    horizon = int(max(n, int((agents.start + agents.length).max(initial=0))))
    on_shift = minute_counts(
        starts_min=agents.start, ends_min=agents.start + agents.length, horizon_min=horizon
    )
    has_lunch = agents.lunch >= 0
    lunch_start = agents.start[has_lunch] + agents.lunch[has_lunch]
    at_lunch = minute_counts(
        starts_min=lunch_start,
        ends_min=lunch_start + agents.lunch_length[has_lunch],
        horizon_min=horizon,
    )
    spi = max(1, grid.interval_minutes // segment_minutes)
    required = np.concatenate([grid.required_agents, np.zeros(horizon - n, dtype=np.int64)])
    token_room = token.limit(on_shift) - (at_lunch if token.lunch_counts else 0)
    token_room[n:] = on_shift[n:]  # after the requirement ends nothing is measured
    slack_room = np.maximum(np.minimum(on_shift - at_lunch - required, token_room), 0)
    e_agent, e_interval = _edges(agents, layouts, tpl)
    demand = agents.segments
    placed = np.zeros(e_agent.shape[0], dtype=np.int64)
    if e_agent.size:
        # Spread first (one segment per agent and interval), allowing more only if needed.
        for per_edge in range(1, spi + 1):
            placed = _max_flow(
                demand, e_agent, e_interval, np.full(e_agent.size, per_edge), spi * slack_room
            )
            if placed.sum() == demand.sum():
                break
        if placed.sum() < demand.sum():
            used = np.bincount(e_interval, weights=placed, minlength=horizon).astype(np.int64)
            rest = demand - np.bincount(e_agent, weights=placed, minlength=demand.size).astype(
                np.int64
            )
            room = spi * np.maximum(token_room, 0) - used
            placed += _max_flow(rest, e_agent, e_interval, spi - placed, np.maximum(room, 0))
    unplaced = int(demand.sum() - placed.sum()) * segment_minutes
    slots = _slots(e_agent, e_interval, placed, spi)
    shifts = _agent_shifts(candidates, grid, agents, tpl, slots, segment_minutes)
    return BreakPlan(agent_shifts=shifts, unplaced_break_minutes=unplaced)


def _slots(
    e_agent: IntArray, e_interval: IntArray, placed: IntArray, spi: int
) -> dict[int, list[int]]:
    """Segment slots (absolute, in segments from the grid start) of every agent."""
    out: dict[int, list[int]] = {}
    keep = placed > 0
    a, i, u = e_agent[keep], e_interval[keep], placed[keep]
    order = np.lexsort((a, i))
    a, i, u = a[order], i[order], u[order]
    position = np.zeros_like(u)
    boundaries = np.flatnonzero(np.diff(i, prepend=-1))
    cum = np.cumsum(u) - u  # units before each edge, overall
    position = cum - np.repeat(cum[boundaries], np.diff(np.append(boundaries, u.size)))
    for agent, interval, units, pos in zip(a, i, u, position, strict=True):
        # McNaughton: position p in the interval's list goes to slot p mod spi.
        for p in range(int(pos), int(pos + units)):
            out.setdefault(int(agent), []).append(int(interval) * spi + p % spi)
    return out


def _merge(starts: list[int], length: int) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for s in sorted(starts):
        if merged and merged[-1][1] == s:
            merged[-1][1] = s + length
        else:
            merged.append([s, s + length])
    return tuple((a, b) for a, b in merged)


def _agent_shifts(
    candidates: Candidates,
    grid: RequirementGrid,
    agents: _Agents,
    tpl: IntArray,
    slots: dict[int, list[int]],
    segment_minutes: int,
) -> tuple[AgentShift, ...]:
    minutes = grid.interval_minutes
    shifts = []
    for a in range(agents.candidate.shape[0]):
        start = int(agents.start[a]) * minutes
        lunch = None
        if agents.lunch[a] >= 0:
            lunch_start = start + int(agents.lunch[a]) * minutes
            lunch = (lunch_start, lunch_start + int(agents.lunch_length[a]) * minutes)
        breaks = _merge([s * segment_minutes for s in slots.get(a, [])], segment_minutes)
        shifts.append(
            AgentShift(
                template=candidates.templates[tpl[a]].name,
                start_min=start,
                end_min=start + int(agents.length[a]) * minutes,
                breaks_min=breaks,
                lunch_min=lunch,
            )
        )
    return tuple(shifts)
