"""Input checks and array helpers shared by the queueing modules.

Every public function validates its own arguments with these helpers, so a
bad value fails with a message that names the argument (and, for arrays, the
first offending position): ``"aht_s must be a positive number, got 0"``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Relative slack when comparing an achieved measure with its target, so that a
#: target met exactly on paper is not missed by a rounding error in the last bit.
TARGET_TOLERANCE = 1e-12


def _describe(name: str, values: NDArray[Any], bad: NDArray[np.bool_]) -> tuple[str, object]:
    index = int(np.flatnonzero(bad.ravel())[0])
    value = values.ravel()[index]
    label = name if values.ndim == 0 else f"{name}[{index}]"
    shown: object = value.item() if hasattr(value, "item") else value
    return label, shown


def as_float(name: str, value: ArrayLike) -> FloatArray:
    """Return ``value`` as a float array, or raise naming ``name`` if it is not numeric."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    return array


def positive(name: str, value: ArrayLike) -> FloatArray:
    """Finite numbers above zero (times, durations)."""
    array = as_float(name, value)
    bad = ~(np.isfinite(array) & (array > 0))
    if bad.any():
        label, shown = _describe(name, array, bad)
        raise ValueError(f"{label} must be a positive number, got {shown!r}")
    return array


def non_negative(name: str, value: ArrayLike) -> FloatArray:
    """Finite numbers at or above zero (contact counts, answer thresholds)."""
    array = as_float(name, value)
    bad = ~(np.isfinite(array) & (array >= 0))
    if bad.any():
        label, shown = _describe(name, array, bad)
        raise ValueError(f"{label} must be zero or more, got {shown!r}")
    return array


def fraction_open(name: str, value: ArrayLike, *, upper_closed: bool = False) -> FloatArray:
    """Fractions in ``(0, 1)``, or ``(0, 1]`` when ``upper_closed``; NaN means "not set"."""
    array = as_float(name, value)
    inside = (array > 0) & ((array <= 1) if upper_closed else (array < 1))
    bad = ~(np.isnan(array) | inside)
    if bad.any():
        label, shown = _describe(name, array, bad)
        interval = "(0, 1]" if upper_closed else "(0, 1)"
        raise ValueError(f"{label} must be a fraction in {interval}, got {shown!r}")
    return array


def whole_agents(name: str, value: ArrayLike) -> FloatArray:
    """Agent counts: finite and at least zero (fractions allowed, see ``interpolated``)."""
    return non_negative(name, value)


def ceil_guarded(values: FloatArray) -> IntArray:
    """Ceiling that ignores float noise: 35.7 / 0.85 is 42, not 42.00000000000001 -> 43."""
    return np.ceil(np.round(values, 9)).astype(np.int64)


def optional(value: float | None) -> float:
    """``None`` (target not given) becomes NaN, the array encoding of "not set"."""
    return math.nan if value is None else float(value)


def mix(lower: FloatArray, upper: FloatArray, weight: FloatArray) -> FloatArray:
    """``(1 - weight) lower + weight upper`` where ``weight > 0``, else ``upper`` (inf-safe)."""
    out = np.array(upper, dtype=np.float64, copy=True)
    part = weight > 0
    out[part] = (1.0 - weight[part]) * lower[part] + weight[part] * upper[part]
    return out
