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

import numpy as np
import numpy.typing as npt

__all__ = [
    "close_intervals",
    "denoise_shapes",
    "gaussian_kernel",
    "newly_closed",
    "shape_basis",
    "smooth_shape",
    "weekday_shapes",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CLOSING_DAYS = 3  # days in a row without calls where calls were expected
CLOSING_EXPECTED = 3.0  # calls expected in the interval on each of them


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


def newly_closed(calls: FloatArray, weekdays: npt.NDArray[np.int64]) -> BoolArray:
    """Intervals the centre has stopped working: new opening hours.

    An interval is closed when it had no call on each of the last
    ``CLOSING_DAYS`` days although the same weekdays before them (up to four)
    gave it at least ``CLOSING_EXPECTED`` calls on each of those days' totals:
    by chance, under Poisson counts, that happens less than once in 8,000 times.
    """
    closed = np.zeros(calls.shape[1], dtype=bool)
    if calls.shape[0] <= CLOSING_DAYS:
        return closed
    closed[:] = True
    for j in range(calls.shape[0] - CLOSING_DAYS, calls.shape[0]):
        before = np.flatnonzero(weekdays[: calls.shape[0] - CLOSING_DAYS] == weekdays[j])[-4:]
        reference = calls[before].sum(axis=0)
        if before.size == 0 or reference.sum() <= 0:
            return np.zeros(calls.shape[1], dtype=bool)
        expected = calls[j].sum() * reference / reference.sum()
        closed &= (calls[j] == 0) & (expected >= CLOSING_EXPECTED)
    return closed


def close_intervals(shape: FloatArray, closed: BoolArray) -> FloatArray:
    """``shape`` (one row or a matrix of rows) with ``closed`` intervals at 0, rows renormalised.

    A row left with nothing open (or a NaN row) is returned as it was.
    """
    if not closed.any():
        return shape
    out = np.where(closed, 0.0, shape)
    total = out.sum(axis=-1, keepdims=True)
    return np.where(total > 0, out / np.where(total > 0, total, 1.0), shape)
