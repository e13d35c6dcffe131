"""Intraday shapes: weekday means, their denoising by singular vectors, kernel smoothing.

A shape is the share of a day's calls in each interval (it sums to 1). The
weekday shapes are recency-weighted means of the days' shares, shrunk towards
the all-days shape, then projected on the main right singular vectors of the
day × interval share matrix and smoothed across neighbouring intervals.

References
----------
Shen, H. & Huang, J. Z. (2008). Interday forecasting and intraday updating of
call center arrivals. M&SOM 10(3), 391–410 (SVD of the day × interval matrix).
Wand, M. P. & Jones, M. C. (1995). Kernel Smoothing. Chapman & Hall, ch. 2
(Nadaraya–Watson kernel weighted means).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "NewHours",
    "adjust_to_new_hours",
    "denoise_shapes",
    "gaussian_kernel",
    "new_hours",
    "shape_basis",
    "smooth_shape",
    "weekday_shapes",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
HOURS_DAYS = 3  # days in a row that show new opening hours
HOURS_EXPECTED = 9.0  # calls expected over them in an interval now without any (e^-9)
HOURS_CALLS = 3.0  # calls a day on average in an interval newly opened
CLOSED_RUN = 5  # days in a row without a call: the interval was closed


def weekday_shapes(
    share: FloatArray, weekdays: npt.NDArray[np.int64], weight: FloatArray, shrinkage: float
) -> FloatArray:
    """Weighted mean shape per weekday shrunk to the all-days one; row 7 is all days."""
    overall = weight @ share / weight.sum()
    means = np.full((8, share.shape[1]), np.nan)
    means[7] = overall
    for w in np.unique(weekdays):
        mine = weekdays == w
        means[w] = (weight[mine] @ share[mine] + shrinkage * overall) / (
            weight[mine].sum() + shrinkage
        )
    return means


def shape_basis(shares: FloatArray, rank: int) -> FloatArray | None:
    """Top ``rank`` right singular vectors of ``shares`` (rows), or None if too few rows.

    Computed from the eigenvectors of the small day × day Gram matrix, with
    einsum rather than BLAS: the same vectors as an SVD, without multi-threaded
    BLAS, which slows these small products tenfold on a busy machine.
    """
    if rank == 0 or shares.shape[0] <= rank:
        return None
    import scipy.linalg  # here, not at the top: it doubles the engine's import time

    n = shares.shape[0]
    gram = np.einsum("ik,jk->ij", shares, shares)
    values, vectors = scipy.linalg.eigh(gram, subset_by_index=[n - rank, n - 1])
    keep = values > 1e-12 * max(values[-1], 1e-300)
    basis = np.einsum("ij,ik->jk", vectors[:, keep], shares) / np.sqrt(values[keep])[:, None]
    return np.asarray(basis[::-1], dtype=float)


def denoise_shapes(
    means: FloatArray, basis: FloatArray | None, rank: int, kernel: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Project each weekday shape on the first ``rank`` basis vectors, then smooth it.

    NaN rows (weekdays never seen) stay NaN.
    """
    part = None if basis is None or rank == 0 else basis[:rank]
    shapes = np.array(
        [row if np.isnan(row[0]) else smooth_shape(_project(row, part), kernel) for row in means]
    )
    return shapes[:7], shapes[7]


def gaussian_kernel(sd_intervals: float) -> FloatArray:
    """Gaussian weights over ±3 standard deviations (in intervals); [1] below a tenth."""
    if sd_intervals < 0.1:
        return np.ones(1)
    reach = np.arange(-int(np.ceil(3 * sd_intervals)), int(np.ceil(3 * sd_intervals)) + 1)
    return np.asarray(np.exp(-0.5 * (reach / sd_intervals) ** 2), dtype=float)


def smooth_shape(shape: FloatArray, kernel: FloatArray) -> FloatArray:
    """Kernel-weighted mean of each open interval's neighbours; closed intervals stay 0.

    Five-minute shares are noisy even after the projection (a share of 0.6 %
    is about 190 Poisson calls a day, ±7 %); neighbours a few minutes apart
    share the same underlying rate, so averaging them removes noise faster
    than it adds bias. At the edges of the day and next to closed intervals
    the weights are renormalised over the open neighbours only.
    """
    if kernel.size == 1:
        return shape
    half = min(kernel.size // 2, (shape.size - 1) // 2)  # no longer than the day
    kernel = kernel[kernel.size // 2 - half : kernel.size // 2 + half + 1]
    is_open = shape > 0
    weight = np.convolve(is_open.astype(float), kernel, mode="same")
    smooth = np.convolve(shape, kernel, mode="same")
    out = np.where(is_open, smooth / np.maximum(weight, 1e-12), 0.0)
    total = out.sum()
    return out / total if total > 0 else shape


def _project(shape: FloatArray, basis: FloatArray | None) -> FloatArray:
    """Projection of ``shape`` on ``basis``, clipped at 0 and renormalised."""
    if basis is None:
        return shape
    smooth = np.maximum(basis.T @ (basis @ shape), 0.0)
    smooth[shape == 0] = 0.0  # an interval never worked stays closed
    total = smooth.sum()
    return smooth / total if total > 0 else shape


@dataclass(frozen=True, slots=True)
class NewHours:
    """Intervals the centre has stopped or started working, and since which day."""

    closed: BoolArray
    opened: BoolArray
    since: npt.NDArray[np.int64]  # first day (row) of the new hours per interval; 0: none
    opened_share: FloatArray  # (7, intervals): each weekday's mean share since then


def new_hours(calls: FloatArray, weekdays: npt.NDArray[np.int64]) -> NewHours:
    """Opening hours that changed: intervals closed or opened for ``HOURS_DAYS`` days or more.

    Closed: no call on each of the days at the end of the history although the
    same weekdays before them (up to four each) would have brought
    ``HOURS_EXPECTED`` calls together on those days' totals (by chance, under
    Poisson counts: less than once in 8,000 times), at least one on each of
    ``HOURS_DAYS`` of them. Opened: after ``CLOSED_RUN`` days in a row without
    a call, calls on ``HOURS_DAYS`` days or more, ``HOURS_CALLS`` a day on
    average (a weekday that stays closed then, a short Friday, does not break
    it).
    """
    n, width = calls.shape
    totals = calls.sum(axis=1)
    closed, closed_since = _closed(calls, weekdays, totals)
    opened, opened_since = _opened(calls)
    since = np.where(closed, closed_since, np.where(opened, opened_since, 0))
    share = calls / np.where(totals > 0, totals, 1.0)[:, None]
    after = np.arange(n)[:, None] >= since[None, :]
    everyday = (share * after).sum(axis=0) / np.maximum(after.sum(axis=0), 1)
    opened_share = np.zeros((7, width))
    for w in range(7):
        mine = after & (weekdays == w)[:, None]
        seen = mine.sum(axis=0)
        by_weekday = (share * mine).sum(axis=0) / np.maximum(seen, 1)
        opened_share[w] = np.where(opened, np.where(seen > 0, by_weekday, everyday), 0.0)
    return NewHours(closed, opened, since.astype(np.int64), opened_share)


def _closed(
    calls: FloatArray, weekdays: npt.NDArray[np.int64], totals: FloatArray
) -> tuple[BoolArray, npt.NDArray[np.int64]]:
    """Intervals without a call lately where the same weekdays before expected some."""
    n, width = calls.shape
    busy = calls[::-1] > 0
    since = np.where(busy.any(axis=0), n - np.argmax(busy, axis=0), 0)
    candidate = (since > 0) & (n - since >= HOURS_DAYS)
    closed = np.zeros(width, bool)
    for start in np.unique(since[candidate]):
        reference = _weekday_reference(calls, weekdays, int(start))
        if reference is not None:
            expected = totals[start:, None] * reference[weekdays[start:]]
            # Evidence from several days, not one odd day (a half day) among closed ones.
            days_expecting = (expected >= 1.0).sum(axis=0)
            closed |= (
                candidate
                & (since == start)
                & (expected.sum(axis=0) >= HOURS_EXPECTED)
                & (days_expecting >= HOURS_DAYS)
            )
    return closed, since


def _opened(calls: FloatArray) -> tuple[BoolArray, npt.NDArray[np.int64]]:
    """Intervals busy lately after ``CLOSED_RUN`` days in a row without a call."""
    n, width = calls.shape
    if n <= CLOSED_RUN:
        return np.zeros(width, bool), np.zeros(width, np.int64)
    quiet = np.vstack([np.zeros(width), np.cumsum(calls == 0, axis=0)])
    runs = (quiet[CLOSED_RUN:] - quiet[:-CLOSED_RUN]) == CLOSED_RUN  # window [i, i + run)
    last = np.where(runs.any(axis=0), n - CLOSED_RUN - np.argmax(runs[::-1], axis=0), -1)
    since = np.where(last >= 0, last + CLOSED_RUN, n)
    after = np.arange(n)[:, None] >= since[None, :]
    days_with_calls = ((calls > 0) & after).sum(axis=0)
    mean_since = (calls * after).sum(axis=0) / np.maximum(after.sum(axis=0), 1)
    opened = (days_with_calls >= HOURS_DAYS) & (mean_since >= HOURS_CALLS) & (last >= 0)
    return opened, since.astype(np.int64)


def _weekday_reference(
    calls: FloatArray, weekdays: npt.NDArray[np.int64], start: int
) -> FloatArray | None:
    """Share of each interval on each weekday's last four days before ``start``, shape (7, k).

    None when a weekday of the days from ``start`` on has no calls before it.
    """
    reference = np.zeros((7, calls.shape[1]))
    for w in np.unique(weekdays[start:]):
        before = np.flatnonzero(weekdays[:start] == w)[-4:]
        total = calls[before].sum()
        if before.size == 0 or total <= 0:
            return None
        reference[w] = calls[before].sum(axis=0) / total
    return reference


def adjust_to_new_hours(
    share: FloatArray, weekdays: npt.NDArray[np.int64], hours: NewHours
) -> FloatArray:
    """Day × interval shares with the days before each change put on the new hours.

    Before the change, a closed interval gets 0 and an opened one the share
    its weekday has had since; each day's other intervals are scaled so that
    it sums to 1 again.
    """
    if not (hours.closed.any() or hours.opened.any()):
        return share
    days = np.arange(share.shape[0])[:, None]
    replaced = (days < hours.since[None, :]) & (hours.closed | hours.opened)[None, :]
    new_value = np.where(replaced, hours.opened_share[weekdays], 0.0)
    kept = np.where(replaced, 0.0, share)
    total = kept.sum(axis=1, keepdims=True)
    room = 1.0 - new_value.sum(axis=1, keepdims=True)
    adjusted = np.where(replaced, new_value, kept * room / np.where(total > 0, total, 1.0))
    return np.where(total > 0, adjusted, share)
