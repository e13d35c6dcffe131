"""Wilson score intervals for proportions and t intervals for means."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from kezek.engine.sampling import mean_interval, wilson_interval, wilson_intervals


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        (81, 100, 0.7222, 0.8749),  # issue 7 reference value
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score):
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_matches_published_wilson_intervals(
    successes: int, trials: int, low: float, high: float
) -> None:
    assert wilson_interval(successes, trials) == pytest.approx((low, high), abs=5e-5)


@given(
    trials=st.integers(min_value=1, max_value=5_000),
    data=st.data(),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_agrees_with_scipy_and_contains_the_observed_share(
    trials: int, data: st.DataObject, confidence: float
) -> None:
    successes = data.draw(st.integers(min_value=0, max_value=trials))
    low, high = wilson_interval(successes, trials, confidence)
    reference = stats.binomtest(successes, trials).proportion_ci(confidence, method="wilson")
    assert (low, high) == pytest.approx((reference.low, reference.high), abs=1e-12)
    assert 0.0 <= low <= successes / trials <= high <= 1.0


def test_is_exactly_zero_or_one_at_the_ends() -> None:
    assert wilson_interval(0, 7)[0] == 0.0
    assert wilson_interval(7, 7)[1] == 1.0


def test_widens_with_confidence() -> None:
    narrow = wilson_interval(40, 50, 0.8)
    wide = wilson_interval(40, 50, 0.99)
    assert wide[0] < narrow[0]
    assert narrow[1] < wide[1]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((0, 0), "trials"),
        ((1, -3), "trials"),
        ((11, 10), "successes"),
        ((-1, 10), "successes"),
        ((1.5, 10), "successes"),
        ((5, 10, 1.0), "confidence"),
        ((5, 10, 0.0), "confidence"),
        ((5, 10, 95), "confidence"),
    ],
)
def test_rejects_bad_counts_by_name(args: tuple[float, ...], name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name} "):
        wilson_interval(*args)  # type: ignore[arg-type]


def test_vectorised_form_matches_the_scalar_one() -> None:
    successes = np.array([0, 3, 81, 263])
    trials = np.array([5, 16, 263, 263])
    low, high = wilson_intervals(successes=successes, trials=trials)
    expected = [wilson_interval(int(s), int(n)) for s, n in zip(successes, trials, strict=True)]
    assert low.tolist() == pytest.approx([e[0] for e in expected], abs=1e-15)
    assert high.tolist() == pytest.approx([e[1] for e in expected], abs=1e-15)


def test_vectorised_form_rejects_empty_groups() -> None:
    with pytest.raises(ValueError, match=r"^trials must be at least 1"):
        wilson_intervals(successes=[0, 1], trials=[0, 2])


@pytest.mark.slow
@pytest.mark.parametrize(("trials", "share"), [(16, 0.8), (30, 0.5), (100, 0.2), (400, 0.1)])
def test_covers_the_true_share_about_95_percent_of_the_time(trials: int, share: float) -> None:
    # Exact coverage for these cases is 0.945, 0.957, 0.941 and 0.945 (sum of binomial
    # probabilities of the outcomes whose interval holds the share); 20,000 draws
    # estimate it to about ±0.003 (one standard error 0.0016).
    rng = np.random.default_rng(20240607)
    successes = rng.binomial(trials, share, size=20_000)
    low, high = wilson_intervals(successes=successes, trials=np.full_like(successes, trials))
    coverage = float(np.mean((low <= share) & (share <= high)))
    assert coverage == pytest.approx(0.95, abs=0.015)


def test_mean_interval_matches_scipy_t_interval() -> None:
    ratings = [5, 4, 4, 3, 5, 2, 4, 5, 1, 4]
    result = mean_interval(values=ratings)
    low, high = stats.t.interval(0.95, len(ratings) - 1, loc=3.7, scale=stats.sem(ratings))
    assert result.mean == pytest.approx(3.7)
    assert (result.low, result.high) == pytest.approx((low, high), abs=1e-12)
    # By hand: s = 1.3375, t(0.975, 9) = 2.2622, half-width 2.2622 * 1.3375 / sqrt(10) = 0.9568.
    assert result.high - result.mean == pytest.approx(0.9568, abs=1e-4)


def test_mean_interval_of_identical_ratings_has_no_width() -> None:
    result = mean_interval(values=[4, 4, 4])
    assert (result.low, result.mean, result.high) == (4.0, 4.0, 4.0)


def test_mean_interval_needs_two_values() -> None:
    with pytest.raises(ValueError, match=r"^values must hold at least 2 numbers"):
        mean_interval(values=[3])
