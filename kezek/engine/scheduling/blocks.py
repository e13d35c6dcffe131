"""Independent blocks of time: stretches of the requirement that no candidate shift crosses.

Coverage, breaks and the break token are all counted per interval, so where no candidate shift
runs across the boundary between two intervals the scheduling problem falls apart into the
stretches before and after it. Solving each stretch on its own is exact and far quicker than
the whole horizon at once (a week of a centre closed at night is seven one-day problems).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import TemplateLayout
from .shifts import Candidates, RequirementGrid

__all__ = ["Block", "independent_blocks"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Block:
    """Intervals ``[first, stop)`` with the candidates that start in them (global indices).

    ``candidates`` and ``grid`` are the block's own problem, counted from ``first``.
    """

    first: int
    stop: int
    members: IntArray
    candidates: Candidates
    grid: RequirementGrid


def _crossed(candidates: Candidates, layouts: tuple[TemplateLayout, ...], n: int) -> IntArray:
    """How many candidates run across the start of each interval ``0..n-1``."""
    lengths = np.array([layouts[t].length for t in candidates.template_index], dtype=np.int64)
    starts = candidates.start_interval
    diff = np.zeros(n + 1, dtype=np.int64)
    np.add.at(diff, np.minimum(starts + 1, n), 1)
    np.add.at(diff, np.minimum(starts + lengths, n), -1)
    return np.cumsum(diff[:-1])


def independent_blocks(
    *, candidates: Candidates, layouts: tuple[TemplateLayout, ...], grid: RequirementGrid
) -> tuple[Block, ...]:
    """Split the horizon where no candidate crosses; blocks needing no agent are left out.

    Candidates are sorted by start interval (:func:`.expand_candidates`), so each block's
    members are a contiguous run of them.
    """
    n = grid.n_intervals
    cuts = np.flatnonzero(_crossed(candidates, layouts, n) == 0)
    edges = np.unique(np.concatenate([cuts, [0, n]]))
    blocks = []
    for first, stop in itertools.pairwise(edges):
        if not grid.required_agents[first:stop].any():
            continue
        inside = (candidates.start_interval >= first) & (candidates.start_interval < stop)
        members = np.flatnonzero(inside).astype(np.int64)
        blocks.append(
            Block(
                first=int(first),
                stop=int(stop),
                members=members,
                candidates=Candidates(
                    templates=candidates.templates,
                    template_index=candidates.template_index[members],
                    start_interval=candidates.start_interval[members] - first,
                ),
                grid=RequirementGrid(
                    interval_minutes=grid.interval_minutes,
                    required_agents=grid.required_agents[first:stop],
                    wall_days=grid.wall_days[first:stop],
                    wall_minutes=grid.wall_minutes[first:stop],
                ),
            )
        )
    return tuple(blocks)
