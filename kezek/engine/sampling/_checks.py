"""Argument checks shared by the sampling modules; every message names the argument."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import stats


def check_fraction(name: str, value: float) -> float:
    """Return ``value`` as a float when it lies strictly between 0 and 1."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0.0 < float(value) < 1.0
    ):
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


def check_count(name: str, value: int, *, minimum: int = 0) -> int:
    """Return ``value`` as an int when it is a whole number of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return int(value)


def z_two_sided(confidence: float) -> float:
    """Standard normal quantile leaving ``(1 - confidence) / 2`` in each tail."""
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


ZERO_BASED_SCALE_MAX = 10  # the 0-10 likelihood scale starts at 0; other scales start at 1


def as_ratings(
    name: str, values: Sequence[int] | npt.ArrayLike, *, low: int, high: int
) -> npt.NDArray[np.int64]:
    """Whole-number ratings in ``low..high`` as a 1-D int array; reject anything else.

    Integral floats (``4.0``) are accepted because spreadsheets and numpy often
    deliver them; ``4.5``, NaN, text and booleans are not ratings.
    """
    if isinstance(values, (str, bytes)):
        raise ValueError(f"{name} must be a sequence of whole numbers, got {values!r}")
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of whole numbers")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must contain whole numbers only, got dtype {array.dtype}")
    if array.dtype.kind == "f" and not np.all(np.isfinite(array) & (array == np.round(array))):
        bad = array[~(np.isfinite(array) & (array == np.round(array)))][0]
        raise ValueError(f"{name} must contain whole numbers only, got {float(bad)!r}")
    ints = array.astype(np.int64)
    outside = (ints < low) | (ints > high)
    if outside.any():
        raise ValueError(f"{name} must lie in {low}..{high}, got {int(ints[outside][0])}")
    return ints


def check_scale(scale_max: int, boxes: int, scale_min: int | None) -> tuple[int, int, int]:
    """Check a scale and top-box rule; return ``(scale_min, scale_max, boxes)``."""
    high = check_count("scale_max", scale_max, minimum=1)
    if scale_min is None:
        low = 0 if high == ZERO_BASED_SCALE_MAX else 1
    elif isinstance(scale_min, bool) or not isinstance(scale_min, numbers.Integral):
        raise ValueError(f"scale_min must be a whole number, got {scale_min!r}")
    else:
        low = int(scale_min)
    if low >= high:
        raise ValueError(f"scale_max must be above the scale minimum ({low}), got {high}")
    points = high - low + 1
    boxes = check_count("boxes", boxes, minimum=1)
    if boxes > points:
        raise ValueError(f"boxes must not exceed the {points} points of the scale, got {boxes}")
    return low, high, boxes
