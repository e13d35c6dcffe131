"""Staff above or below standard, flagged only when the evidence supports it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import stats

from kezek.engine.sampling._checks import as_ratings, check_count, check_fraction, check_scale
from kezek.engine.sampling.comparisons import holm
from kezek.engine.sampling.intervals import wilson_interval


class StandardFlag(StrEnum):
    """Where one member of staff stands against the standard."""

    ABOVE = "above"
    BELOW = "below"
    WITHIN = "within"  # no evidence either way: the usual, honest answer
    SUPPRESSED = "suppressed"  # too few answers to say anything, not even a value


@dataclass(frozen=True, slots=True)
class StaffStanding:
    """One agent's share of successes (e.g. CSAT top-2-box) against the standard.

    Every number is ``None`` when the agent is suppressed.
    """

    agent: str
    flag: StandardFlag
    answers: int | None
    fraction: float | None
    low: float | None  # Wilson interval at 1 - alpha, not Holm-adjusted
    high: float | None
    p_value: float | None  # exact two-sided binomial test against the standard
    p_adjusted: float | None  # Holm-adjusted across the agents tested


def flag_proportions(
    *,
    counts_by_agent: Mapping[str, tuple[int, int]],
    standard: float,
    alpha: float = 0.05,
    min_group_size: int = 5,
) -> tuple[StaffStanding, ...]:
    """Flag agents whose success share is above or below ``standard`` beyond doubt.

    Each agent with at least ``min_group_size`` trials gets an exact two-sided
    binomial test of ``share == standard``; the p-values are Holm-adjusted across
    those agents, so with 30 agents and no real differences the chance of
    flagging anyone wrongly stays at ``alpha``. An agent is flagged "above" or
    "below" only when the adjusted p-value is at most ``alpha``; otherwise
    "within". Smaller groups are "suppressed" and carry no numbers. The Wilson
    interval shown is the unadjusted ``1 - alpha`` one, so with many agents it can
    exclude the standard for an agent still "within": the flag is the stricter,
    family-wise answer.

    Parameters
    ----------
    counts_by_agent : mapping of str to (int, int)
        ``(successes, trials)`` per agent, e.g. top-2-box answers and answers,
        or passed QA checks and checks.
    standard : float
        Expected share, strictly between 0 and 1 (e.g. CSAT 0.8).
    alpha : float
        Family-wise error rate across the agents tested.
    min_group_size : int
        Agents with fewer trials are suppressed.

    Returns
    -------
    tuple of StaffStanding
        One per agent, in the input order.

    References
    ----------
    Clopper, C. J., Pearson, E. S. (1934). *Biometrika* 26(4), 404-413 (exact binomial test).
    Holm, S. (1979). *Scandinavian Journal of Statistics* 6(2), 65-70.
    Wilson, E. B. (1927). *JASA* 22(158), 209-212.
    """
    standard = check_fraction("standard", standard)
    alpha = check_fraction("alpha", alpha)
    min_group_size = check_count("min_group_size", min_group_size, minimum=1)
    tested: dict[str, tuple[int, int, float]] = {}
    for agent, (successes, trials) in counts_by_agent.items():
        n = check_count(f"counts_by_agent[{agent!r}] trials", trials)
        s = check_count(f"counts_by_agent[{agent!r}] successes", successes)
        if s > n:
            raise ValueError(
                f"counts_by_agent[{agent!r}] successes must not exceed trials ({n}), got {s}"
            )
        if n >= min_group_size:
            tested[agent] = (s, n, _binomial_p_value(s, n, standard))
    adjusted = holm(p_values=[p for _, _, p in tested.values()], alpha=alpha)
    by_agent = dict(
        zip(tested, zip(adjusted.adjusted, adjusted.rejected, strict=True), strict=True)
    )
    standings = []
    for agent in counts_by_agent:
        if agent not in tested:
            standings.append(_suppressed(agent))
            continue
        s, n, p_value = tested[agent]
        p_adjusted, rejected = by_agent[agent]
        flag = StandardFlag.WITHIN
        if rejected:
            flag = StandardFlag.ABOVE if s / n > standard else StandardFlag.BELOW
        low, high = wilson_interval(s, n, 1.0 - alpha)
        standings.append(StaffStanding(agent, flag, n, s / n, low, high, p_value, p_adjusted))
    return tuple(standings)


def flag_staff(
    *,
    ratings_by_agent: Mapping[str, Sequence[int] | npt.ArrayLike],
    standard: float,
    scale_max: int,
    boxes: int = 2,
    scale_min: int | None = None,
    alpha: float = 0.05,
    min_group_size: int = 5,
) -> tuple[StaffStanding, ...]:
    """Flag agents whose top-box share (CSAT) is above or below ``standard`` beyond doubt.

    Counts each agent's ratings in the top ``boxes`` points of the scale (the
    scale rule of :func:`~kezek.engine.sampling.scores.top_box`) and hands the
    counts to :func:`flag_proportions`; see there for the test and its guarantees.

    Parameters
    ----------
    ratings_by_agent : mapping of str to sequence of int
        Each agent's ratings on ``scale_min..scale_max``.
    standard : float
        Expected top-box share, strictly between 0 and 1 (e.g. 0.8).
    scale_max, boxes, scale_min
        The scale and the top-box rule.
    alpha : float
        Family-wise error rate across the agents tested.
    min_group_size : int
        Agents with fewer ratings are suppressed.

    Returns
    -------
    tuple of StaffStanding
        One per agent, in the input order.
    """
    low, high, boxes = check_scale(scale_max, boxes, scale_min)
    counts: dict[str, tuple[int, int]] = {}
    for agent, ratings in ratings_by_agent.items():
        values = np.asarray(ratings)
        if values.size == 0:
            counts[agent] = (0, 0)
            continue
        checked = as_ratings(f"ratings_by_agent[{agent!r}]", values, low=low, high=high)
        counts[agent] = (int(np.count_nonzero(checked > high - boxes)), int(checked.size))
    return flag_proportions(
        counts_by_agent=counts, standard=standard, alpha=alpha, min_group_size=min_group_size
    )


def _suppressed(agent: str) -> StaffStanding:
    return StaffStanding(
        agent=agent,
        flag=StandardFlag.SUPPRESSED,
        answers=None,
        fraction=None,
        low=None,
        high=None,
        p_value=None,
        p_adjusted=None,
    )


@lru_cache(maxsize=4096)
def _binomial_p_value(successes: int, trials: int, standard: float) -> float:
    # Agents with 16 monitored calls share a handful of (successes, trials) pairs;
    # the exact test sums the binomial pmf, so remember the answers.
    return float(stats.binomtest(successes, trials, standard).pvalue)
