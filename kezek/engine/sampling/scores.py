"""Survey scores: NPS, top-box (CSAT) share, and a per-dimension summary."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from kezek.engine.sampling._checks import (
    as_ratings,
    check_count,
    check_fraction,
    check_scale,
    z_two_sided,
)
from kezek.engine.sampling.intervals import mean_interval, wilson_interval

NPS_SCALE_MAX = 10
NPS_PROMOTER_MIN = 9  # 9-10 promote
NPS_DETRACTOR_MAX = 6  # 0-6 detract; 7-8 are passive


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A group too small to report: it carries no value, not even its exact size."""

    suppressed: ClassVar[bool] = True
    min_group_size: int


@dataclass(frozen=True, slots=True)
class DimensionSummary:
    """Distribution, mean (t interval) and top-box share (Wilson interval) of one question."""

    suppressed: ClassVar[bool] = False
    answers: int
    scale_min: int
    scale_max: int
    counts: tuple[int, ...]  # answers per scale point, scale_min first
    mean: float
    mean_low: float
    mean_high: float
    top_box_fraction: float
    top_box_low: float
    top_box_high: float


def nps(scores: Sequence[int], *, confidence: float = 0.95) -> tuple[float, float, float]:
    """Net Promoter Score with its Wald confidence interval, on the -100..100 scale.

    ``NPS = 100 (p - d)`` where ``p`` and ``d`` are the shares of promoters (9-10)
    and detractors (0-6) of 0-10 answers. Promoter, passive and detractor counts
    are one multinomial sample, so ``Var(p - d) = (p + d - (p - d)^2) / n``.
    The interval is clipped to [-100, 100]. Positional ``scores`` is part of the
    stable surveys contract (issue 7, item 6).

    Parameters
    ----------
    scores : sequence of int
        Answers to a 0-10 "how likely are you to recommend" question.
    confidence : float
        Two-sided confidence level, a fraction strictly between 0 and 1.

    Returns
    -------
    tuple of float
        ``(nps, low, high)``, each in -100..100.

    Raises
    ------
    ValueError
        ``scores`` is empty or holds a value outside 0..10; ``confidence`` is
        outside (0, 1).

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review* 81(12).
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
    *The American Statistician* 70(4), 365-372 (the Wald interval used here).
    """
    z = z_two_sided(check_fraction("confidence", confidence))
    ratings = as_ratings("scores", scores, low=0, high=NPS_SCALE_MAX)
    n = int(ratings.size)
    promoters = int(np.count_nonzero(ratings >= NPS_PROMOTER_MIN)) / n
    detractors = int(np.count_nonzero(ratings <= NPS_DETRACTOR_MAX)) / n
    difference = promoters - detractors
    # Exactly 0 when every answer is in one class; max() stops -1e-17 reaching sqrt.
    variance = max(0.0, promoters + detractors - difference * difference) / n
    half = z * math.sqrt(variance)
    return (
        100.0 * difference,
        max(-100.0, 100.0 * (difference - half)),
        min(100.0, 100.0 * (difference + half)),
    )


def top_box(
    ratings: Sequence[int], scale_max: int, boxes: int = 2, *, scale_min: int | None = None
) -> float:
    """Share of ratings in the top ``boxes`` points of the scale (CSAT is top-2-box).

    The top box is counted from the top: a rating counts when it is at least
    ``scale_max - boxes + 1``. The bottom of the scale only decides which ratings
    are valid. By default a 0-10 scale (``scale_max=10``) starts at 0, so top-2
    of 0-10 is the share of 9-10; every other scale starts at 1 (1-5, 1-7). Pass
    ``scale_min`` to say otherwise (e.g. ``scale_min=1`` for a 1-10 scale).
    Positional parameters are part of the stable surveys contract (issue 7, item 6).

    Parameters
    ----------
    ratings : sequence of int
        Answers, each in ``scale_min..scale_max``.
    scale_max : int
        Highest point of the scale.
    boxes : int
        How many top points count, ``1..(scale_max - scale_min + 1)``.
    scale_min : int, optional
        Lowest point of the scale; see above for the default.

    Returns
    -------
    float
        Fraction in [0, 1].

    Raises
    ------
    ValueError
        ``ratings`` empty or outside the scale, or ``scale_max``/``boxes``/``scale_min``
        inconsistent; the message names the argument.
    """
    low, high, boxes = check_scale(scale_max, boxes, scale_min)
    values = as_ratings("ratings", ratings, low=low, high=high)
    return float(np.count_nonzero(values > high - boxes) / values.size)


def summarize_dimension(
    *,
    ratings: Sequence[int] | npt.ArrayLike,
    scale_max: int,
    scale_min: int | None = None,
    boxes: int = 2,
    confidence: float = 0.95,
    min_group_size: int = 5,
) -> DimensionSummary | Suppressed:
    """Summarise the answers to one rating question for one group (client, month, ...).

    Parameters
    ----------
    ratings : sequence of int
        Answers on the scale ``scale_min..scale_max`` (see :func:`top_box`).
    scale_max, scale_min, boxes
        The scale and the top-box rule, as in :func:`top_box`.
    confidence : float
        Level of both intervals, a fraction strictly between 0 and 1.
    min_group_size : int
        Groups with fewer answers are returned as :class:`Suppressed`; at least 2,
        since a t interval needs two values.

    Returns
    -------
    DimensionSummary or Suppressed
        The summary, or ``Suppressed`` for a group too small to report.

    References
    ----------
    Wilson, E. B. (1927). *JASA* 22(158), 209-212 (top-box interval).
    """
    min_group_size = check_count("min_group_size", min_group_size, minimum=2)
    confidence = check_fraction("confidence", confidence)
    low, high, boxes = check_scale(scale_max, boxes, scale_min)
    if np.asarray(ratings).size == 0:
        return Suppressed(min_group_size=min_group_size)
    # Check before suppressing: an answer off the scale is bad data in any group.
    values = as_ratings("ratings", ratings, low=low, high=high)
    if values.size < min_group_size:
        return Suppressed(min_group_size=min_group_size)
    in_top = int(np.count_nonzero(values > high - boxes))
    mean = mean_interval(values=values, confidence=confidence)
    top_low, top_high = wilson_interval(in_top, int(values.size), confidence)
    return DimensionSummary(
        answers=int(values.size),
        scale_min=low,
        scale_max=high,
        counts=tuple(int(c) for c in np.bincount(values - low, minlength=high - low + 1)),
        mean=mean.mean,
        mean_low=mean.low,
        mean_high=mean.high,
        top_box_fraction=in_top / values.size,
        top_box_low=top_low,
        top_box_high=top_high,
    )
