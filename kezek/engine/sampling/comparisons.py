"""Comparing groups: ordinal and proportion tests, Holm correction, minimum detectable difference."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

from kezek.engine.sampling._checks import check_count, check_fraction, z_two_sided


class Method(StrEnum):
    """Which test produced a comparison."""

    MANN_WHITNEY = "mann-whitney"
    KRUSKAL_WALLIS = "kruskal-wallis"
    TWO_PROPORTION_Z = "two-proportion-z"
    CHI_SQUARE = "chi-square"
    NOT_TESTED = "not-tested"  # fewer than two groups large enough to report


@dataclass(frozen=True, slots=True)
class HolmResult:
    """Holm-adjusted p-values and rejections, in the order the p-values were given."""

    adjusted: tuple[float, ...]
    rejected: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class ProportionTest:
    """Two-sided two-proportion z test of ``a`` against ``b``."""

    difference: float  # fraction_a - fraction_b
    z: float
    p_value: float


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """One omnibus test across the groups large enough to report."""

    test: Method
    statistic: float | None  # None when NOT_TESTED
    p_value: float | None
    groups: tuple[str, ...]  # groups tested
    suppressed: tuple[str, ...]  # groups left out for having fewer than min_group_size answers


@dataclass(frozen=True, slots=True)
class PairwiseComparison:
    """One pair of groups, with its Holm-adjusted p-value across all pairs."""

    group_a: str
    group_b: str
    difference: float  # mean_a - mean_b for ratings, fraction_a - fraction_b for proportions
    p_value: float
    p_adjusted: float
    significant: bool
    minimum_detectable_difference: float  # on the scale of ``difference``, 80 % power


def holm(*, p_values: Sequence[float], alpha: float = 0.05) -> HolmResult:
    """Holm's step-down adjustment, controlling the family-wise error rate at ``alpha``.

    The adjusted p-value of the ``i``-th smallest of ``m`` is the running maximum
    of ``(m - j + 1) p_(j)`` for ``j <= i``, capped at 1; a hypothesis is rejected
    when its adjusted p-value is at most ``alpha``.

    Parameters
    ----------
    p_values : sequence of float
        Raw p-values, each in [0, 1]; may be empty.
    alpha : float
        Family-wise error rate, strictly between 0 and 1.

    Returns
    -------
    HolmResult
        Adjusted p-values and rejections in input order.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6(2), 65-70.
    """
    alpha = check_fraction("alpha", alpha)
    raw = np.asarray(p_values, dtype=np.float64).reshape(-1)
    if np.any(~np.isfinite(raw) | (raw < 0) | (raw > 1)):
        raise ValueError("p_values must all lie in [0, 1]")
    m = raw.size
    order = np.argsort(raw, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * raw[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return HolmResult(
        adjusted=tuple(float(a) for a in adjusted),
        rejected=tuple(bool(a <= alpha) for a in adjusted),
    )


def two_proportion_z_test(
    *, successes_a: int, trials_a: int, successes_b: int, trials_b: int
) -> ProportionTest:
    """Two-sided z test of equal proportions with the pooled standard error.

    Equivalent to the chi-square test of a 2 x 2 table without continuity
    correction (``z**2`` is the chi-square statistic). When both groups are all
    successes or all failures there is no evidence of a difference: ``z = 0``,
    ``p_value = 1``.

    References
    ----------
    Fleiss, J. L., Levin, B., Paik, M. C. (2003). *Statistical Methods for Rates
    and Proportions*, 3rd ed., Wiley, §2.5.
    """
    n_a, s_a = _counts("a", successes_a, trials_a)
    n_b, s_b = _counts("b", successes_b, trials_b)
    difference = s_a / n_a - s_b / n_b
    pooled = (s_a + s_b) / (n_a + n_b)
    standard_error = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b))
    if standard_error == 0.0:
        return ProportionTest(difference=difference, z=0.0, p_value=1.0)
    z = difference / standard_error
    return ProportionTest(difference=difference, z=z, p_value=float(2.0 * stats.norm.sf(abs(z))))


def minimum_detectable_difference(
    *,
    trials_a: int,
    trials_b: int,
    baseline: float = 0.5,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Smallest difference of proportions a two-sided z test detects with ``power``.

    Solves the normal-approximation power equation
    ``z_(1-alpha/2) sqrt(pbar qbar (1/n_a + 1/n_b)) + z_power sqrt(p1 q1/n_a + p2 q2/n_b) = |p2 - p1|``
    for ``p2``, moving from ``baseline`` towards (and past) one half, the direction
    in which the variance grows, so the answer is the conservative one of the two.

    Parameters
    ----------
    trials_a, trials_b : int
        Group sizes, each at least 1.
    baseline : float
        Proportion in group ``a`` (e.g. the current CSAT); 0.5 is the worst case.
    alpha : float
        Two-sided significance level.
    power : float
        Wanted probability of detecting the difference.

    Returns
    -------
    float
        Difference as a fraction (``0.1`` is 10 points); ``math.inf`` when no
        proportion in [0, 1] is far enough from ``baseline`` to be detected.

    References
    ----------
    Fleiss, J. L., Levin, B., Paik, M. C. (2003). *Statistical Methods for Rates
    and Proportions*, 3rd ed., Wiley, §4.2, eq. (4.14) without continuity correction.
    """
    n_a = check_count("trials_a", trials_a, minimum=1)
    n_b = check_count("trials_b", trials_b, minimum=1)
    p1 = check_fraction("baseline", baseline)
    z_alpha = z_two_sided(1.0 - check_fraction("alpha", alpha))
    z_power = float(stats.norm.ppf(check_fraction("power", power)))
    sign = 1.0 if p1 <= 0.5 else -1.0
    room = 1.0 - p1 if sign > 0 else p1

    def shortfall(delta: float) -> float:
        p2 = p1 + sign * delta
        pooled = (n_a * p1 + n_b * p2) / (n_a + n_b)
        null_se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b))
        alt_se = math.sqrt(p1 * (1.0 - p1) / n_a + p2 * (1.0 - p2) / n_b)
        return z_alpha * null_se + z_power * alt_se - delta

    if shortfall(room) > 0:
        return math.inf
    return float(optimize.brentq(shortfall, 0.0, room, xtol=1e-12))


def compare_ratings(
    *, groups: Mapping[str, Sequence[int] | npt.ArrayLike], min_group_size: int = 5
) -> GroupComparison:
    """Test whether ratings differ across groups: Mann-Whitney U for two, Kruskal-Wallis for more.

    Both are rank tests, right for ordinal 1-5 or 0-10 answers; ties get mid-ranks.
    Groups with fewer than ``min_group_size`` answers are left out and listed as
    suppressed. When all answers are identical the p-value is 1.

    References
    ----------
    Mann, H. B., Whitney, D. R. (1947). *Ann. Math. Statist.* 18(1), 50-60.
    Kruskal, W. H., Wallis, W. A. (1952). *JASA* 47(260), 583-621.
    """
    kept, suppressed = _split_ratings(groups, min_group_size)
    names = tuple(kept)
    if len(kept) < 2:
        return GroupComparison(Method.NOT_TESTED, None, None, names, suppressed)
    samples = list(kept.values())
    if len(kept) == 2:
        result = stats.mannwhitneyu(samples[0], samples[1], alternative="two-sided")
        test = Method.MANN_WHITNEY
    elif np.unique(np.concatenate(samples)).size == 1:
        # Kruskal-Wallis divides by the tie correction, which is 0 when every
        # answer is the same; there is simply no evidence of a difference.
        return GroupComparison(Method.KRUSKAL_WALLIS, 0.0, 1.0, names, suppressed)
    else:
        result = stats.kruskal(*samples)
        test = Method.KRUSKAL_WALLIS
    return GroupComparison(test, float(result.statistic), float(result.pvalue), names, suppressed)


def compare_proportions(
    *, counts: Mapping[str, tuple[int, int]], min_group_size: int = 5
) -> GroupComparison:
    """Test whether a proportion (e.g. CSAT) differs across groups.

    Two groups: the two-proportion z test; more: the chi-square test of
    homogeneity without continuity correction. ``counts`` maps each group to
    ``(successes, trials)``; groups with fewer than ``min_group_size`` trials
    are left out and listed as suppressed.

    References
    ----------
    Fleiss, J. L., Levin, B., Paik, M. C. (2003). *Statistical Methods for Rates
    and Proportions*, 3rd ed., Wiley, §2.5 and §9.1.
    """
    kept, suppressed = _split_counts(counts, min_group_size)
    names = tuple(kept)
    if len(kept) < 2:
        return GroupComparison(Method.NOT_TESTED, None, None, names, suppressed)
    if len(kept) == 2:
        (s_a, n_a), (s_b, n_b) = kept.values()
        z = two_proportion_z_test(successes_a=s_a, trials_a=n_a, successes_b=s_b, trials_b=n_b)
        return GroupComparison(Method.TWO_PROPORTION_Z, z.z, z.p_value, names, suppressed)
    table = np.array([[s, n - s] for s, n in kept.values()], dtype=np.float64)
    if np.any(table.sum(axis=0) == 0):  # everyone succeeded, or no one did
        return GroupComparison(Method.CHI_SQUARE, 0.0, 1.0, names, suppressed)
    chi2, p_value, _, _ = stats.chi2_contingency(table, correction=False)
    return GroupComparison(Method.CHI_SQUARE, float(chi2), float(p_value), names, suppressed)


def pairwise_ratings(
    *,
    groups: Mapping[str, Sequence[int] | npt.ArrayLike],
    min_group_size: int = 5,
    alpha: float = 0.05,
    power: float = 0.8,
) -> tuple[PairwiseComparison, ...]:
    """Mann-Whitney U for every pair of reportable groups, Holm-adjusted across the pairs.

    ``difference`` is the difference of means, shown because people read means;
    the test itself compares the whole distributions. The minimum detectable
    difference is that of a two-sided test of means with the pooled standard
    deviation, ``(z_(1-alpha/2) + z_power) s sqrt(1/n_a + 1/n_b)``.
    """
    kept, _ = _split_ratings(groups, min_group_size)
    z_sum = z_two_sided(1.0 - check_fraction("alpha", alpha)) + float(
        stats.norm.ppf(check_fraction("power", power))
    )
    rows: list[tuple[str, str, float, float, float]] = []
    for (name_a, a), (name_b, b) in itertools.combinations(kept.items(), 2):
        pooled = np.concatenate([a, b])
        p_value = float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
        sd = math.sqrt(
            ((a.size - 1) * a.var(ddof=1) + (b.size - 1) * b.var(ddof=1)) / (pooled.size - 2)
        )
        mdd = z_sum * sd * math.sqrt(1.0 / a.size + 1.0 / b.size)
        rows.append((name_a, name_b, float(a.mean() - b.mean()), p_value, mdd))
    return _with_holm(rows, alpha)


def pairwise_proportions(
    *,
    counts: Mapping[str, tuple[int, int]],
    min_group_size: int = 5,
    alpha: float = 0.05,
    power: float = 0.8,
) -> tuple[PairwiseComparison, ...]:
    """Two-proportion z test for every pair of reportable groups, Holm-adjusted.

    The minimum detectable difference uses group ``a``'s proportion as baseline
    (see :func:`minimum_detectable_difference`).
    """
    kept, _ = _split_counts(counts, min_group_size)
    rows: list[tuple[str, str, float, float, float]] = []
    for (name_a, (s_a, n_a)), (name_b, (s_b, n_b)) in itertools.combinations(kept.items(), 2):
        test = two_proportion_z_test(successes_a=s_a, trials_a=n_a, successes_b=s_b, trials_b=n_b)
        # A baseline of exactly 0 or 1 has no variance; clamp it into the open interval.
        baseline = min(max(s_a / n_a, 1e-6), 1.0 - 1e-6)
        mdd = minimum_detectable_difference(
            trials_a=n_a, trials_b=n_b, baseline=baseline, alpha=alpha, power=power
        )
        rows.append((name_a, name_b, test.difference, test.p_value, mdd))
    return _with_holm(rows, alpha)


def _with_holm(
    rows: list[tuple[str, str, float, float, float]], alpha: float
) -> tuple[PairwiseComparison, ...]:
    adjusted = holm(p_values=[row[3] for row in rows], alpha=alpha)
    return tuple(
        PairwiseComparison(
            group_a=a,
            group_b=b,
            difference=difference,
            p_value=p_value,
            p_adjusted=p_adj,
            significant=rejected,
            minimum_detectable_difference=mdd,
        )
        for (a, b, difference, p_value, mdd), p_adj, rejected in zip(
            rows, adjusted.adjusted, adjusted.rejected, strict=True
        )
    )


def _counts(label: str, successes: int, trials: int) -> tuple[int, int]:
    n = check_count(f"trials_{label}", trials, minimum=1)
    s = check_count(f"successes_{label}", successes)
    if s > n:
        raise ValueError(f"successes_{label} must not exceed trials_{label} ({n}), got {s}")
    return n, s


def _split_ratings(
    groups: Mapping[str, Sequence[int] | npt.ArrayLike], min_group_size: int
) -> tuple[dict[str, npt.NDArray[np.float64]], tuple[str, ...]]:
    min_group_size = check_count("min_group_size", min_group_size, minimum=2)
    kept: dict[str, npt.NDArray[np.float64]] = {}
    suppressed: list[str] = []
    for name, values in groups.items():
        array = np.asarray(values, dtype=np.float64).reshape(-1)
        if not np.all(np.isfinite(array)):
            raise ValueError(f"groups[{name!r}] must hold finite numbers only")
        if array.size < min_group_size:
            suppressed.append(name)
        else:
            kept[name] = array
    return kept, tuple(suppressed)


def _split_counts(
    counts: Mapping[str, tuple[int, int]], min_group_size: int
) -> tuple[dict[str, tuple[int, int]], tuple[str, ...]]:
    min_group_size = check_count("min_group_size", min_group_size, minimum=1)
    kept: dict[str, tuple[int, int]] = {}
    suppressed: list[str] = []
    for name, (successes, trials) in counts.items():
        n = check_count(f"counts[{name!r}] trials", trials)
        s = check_count(f"counts[{name!r}] successes", successes)
        if s > n:
            raise ValueError(f"counts[{name!r}] successes must not exceed trials ({n}), got {s}")
        if n < min_group_size:
            suppressed.append(name)
        else:
            kept[name] = (s, n)
    return kept, tuple(suppressed)
