"""Group comparisons, Holm's correction and the minimum detectable difference."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from kezek.engine.sampling import (
    Method,
    compare_proportions,
    compare_ratings,
    holm,
    minimum_detectable_difference,
    pairwise_proportions,
    pairwise_ratings,
    two_proportion_z_test,
)


def test_holm_matches_the_textbook_example() -> None:
    # Holm (1979) procedure on the four p-values of the Wikipedia "Holm-Bonferroni method"
    # example: at alpha 0.05 H1 (0.01 < 0.05/3) and H4 (0.005 < 0.05/4) are rejected,
    # then H3 (0.03 > 0.05/2) stops the procedure.
    result = holm(p_values=[0.01, 0.04, 0.03, 0.005])
    assert result.rejected == (True, False, False, True)
    assert result.adjusted == pytest.approx((0.03, 0.06, 0.06, 0.02))


def test_holm_matches_pingouin_documentation_example() -> None:
    # pingouin.holm docstring: [.50, .003, .32, .054, .0003] -> [.64, .012, .64, .162, .0015].
    result = holm(p_values=[0.50, 0.003, 0.32, 0.054, 0.0003])
    assert result.adjusted == pytest.approx((0.64, 0.012, 0.64, 0.162, 0.0015))
    assert result.rejected == (False, True, False, False, True)


def test_holm_of_nothing_is_nothing() -> None:
    assert holm(p_values=[]).adjusted == ()


def _holm_by_definition(p_values: list[float], alpha: float) -> list[bool]:
    # Holm (1979) as written: walk the sorted p-values, reject while p_(i) <= alpha/(m-i+1).
    m = len(p_values)
    rejected = [False] * m
    for step, index in enumerate(sorted(range(m), key=lambda i: p_values[i])):
        if p_values[index] > alpha / (m - step):
            break
        rejected[index] = True
    return rejected


@given(
    st.lists(st.floats(min_value=0.0, max_value=1.0), max_size=30),
    st.sampled_from([0.01, 0.05, 0.1]),
)
def test_holm_rejects_what_the_sequential_definition_rejects(
    p_values: list[float], alpha: float
) -> None:
    result = holm(p_values=p_values, alpha=alpha)
    # Away from the exact boundary the adjusted p-values and the step-down agree.
    if all(abs(a - alpha) > 1e-12 for a in result.adjusted):
        assert list(result.rejected) == _holm_by_definition(p_values, alpha)
    for raw, adjusted in zip(p_values, result.adjusted, strict=True):
        assert raw <= adjusted <= min(1.0, raw * len(p_values)) + 1e-15


def test_holm_rejects_p_values_off_the_unit_interval() -> None:
    with pytest.raises(ValueError, match=r"^p_values must all lie in"):
        holm(p_values=[0.2, 1.2])


def test_two_proportion_z_squared_is_the_uncorrected_chi_square() -> None:
    result = two_proportion_z_test(successes_a=40, trials_a=50, successes_b=30, trials_b=50)
    chi2, p_value, _, _ = stats.chi2_contingency([[40, 10], [30, 20]], correction=False)
    assert result.z**2 == pytest.approx(chi2)
    assert result.p_value == pytest.approx(p_value)
    # By hand: pooled 0.7, se = sqrt(0.7 * 0.3 * (1/50 + 1/50)) = 0.09165, z = 0.2 / 0.09165.
    assert result.z == pytest.approx(2.1822, abs=1e-4)
    assert result.difference == pytest.approx(0.2)


def test_two_proportion_test_of_two_unanimous_groups_finds_nothing() -> None:
    result = two_proportion_z_test(successes_a=5, trials_a=5, successes_b=9, trials_b=9)
    assert (result.z, result.p_value) == (0.0, 1.0)


def test_two_proportion_test_names_the_bad_count() -> None:
    with pytest.raises(ValueError, match=r"^successes_b must not exceed trials_b"):
        two_proportion_z_test(successes_a=1, trials_a=5, successes_b=6, trials_b=5)


def test_compare_ratings_uses_mann_whitney_for_two_groups() -> None:
    a, b = [1, 2, 3, 4, 5, 3], [3, 4, 5, 5, 5, 4]
    result = compare_ratings(groups={"January": a, "February": b})
    expected = stats.mannwhitneyu(a, b, alternative="two-sided")
    assert result.test is Method.MANN_WHITNEY
    assert (result.statistic, result.p_value) == pytest.approx(
        (expected.statistic, expected.pvalue)
    )


def test_compare_ratings_uses_kruskal_wallis_for_more_and_suppresses_small_groups() -> None:
    groups = {"a": [1, 2, 3, 4, 5], "b": [3, 4, 5, 5, 5], "c": [1, 1, 1, 2, 2], "tiny": [5]}
    result = compare_ratings(groups=groups)
    expected = stats.kruskal(groups["a"], groups["b"], groups["c"])
    assert result.test is Method.KRUSKAL_WALLIS
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.groups == ("a", "b", "c")
    assert result.suppressed == ("tiny",)


def test_compare_ratings_with_one_reportable_group_tests_nothing() -> None:
    result = compare_ratings(groups={"a": [1, 2, 3, 4, 5], "b": [1, 2]})
    assert result.test is Method.NOT_TESTED
    assert result.p_value is None
    assert result.statistic is None
    assert result.suppressed == ("b",)


def test_compare_ratings_of_identical_answers_finds_no_difference() -> None:
    result = compare_ratings(groups={"a": [4] * 5, "b": [4] * 6, "c": [4] * 7})
    assert result.p_value == 1.0


def test_compare_proportions_uses_chi_square_for_three_groups() -> None:
    counts = {"a": (40, 50), "b": (30, 50), "c": (20, 50), "small": (1, 3)}
    result = compare_proportions(counts=counts)
    chi2, p_value, _, _ = stats.chi2_contingency([[40, 10], [30, 20], [20, 30]], correction=False)
    assert result.test is Method.CHI_SQUARE
    assert (result.statistic, result.p_value) == pytest.approx((chi2, p_value))
    assert result.statistic == pytest.approx(50 / 3)  # by hand: sum (O - E)^2 / E
    assert result.suppressed == ("small",)


def test_compare_proportions_uses_the_z_test_for_two_groups() -> None:
    result = compare_proportions(counts={"a": (40, 50), "b": (30, 50)})
    assert result.test is Method.TWO_PROPORTION_Z
    assert result.statistic == pytest.approx(2.1822, abs=1e-4)


def test_compare_proportions_of_unanimous_groups_finds_nothing() -> None:
    result = compare_proportions(counts={"a": (5, 5), "b": (6, 6), "c": (9, 9)})
    assert result.p_value == 1.0


def test_minimum_detectable_difference_matches_the_fleiss_sample_size() -> None:
    # Fleiss, Levin & Paik (2003) eq. 4.14 without continuity correction: detecting
    # 0.5 vs 0.6 at alpha 0.05 (two-sided) with 80 % power needs 387.3 -> 388 per group.
    assert minimum_detectable_difference(trials_a=388, trials_b=388) <= 0.1
    assert minimum_detectable_difference(trials_a=387, trials_b=387) > 0.1


def test_minimum_detectable_difference_gives_the_promised_power_in_simulation() -> None:
    trials = 200
    delta = minimum_detectable_difference(trials_a=trials, trials_b=trials, baseline=0.7)
    rng = np.random.default_rng(11)
    a = rng.binomial(trials, 0.7, size=20_000)
    b = rng.binomial(trials, 0.7 - delta, size=20_000)  # towards one half
    pooled = (a + b) / (2 * trials)
    z = (a - b) / trials / np.sqrt(pooled * (1 - pooled) * 2 / trials)
    power = float(np.mean(np.abs(z) > stats.norm.ppf(0.975)))
    assert power == pytest.approx(0.8, abs=0.02)


def test_minimum_detectable_difference_shrinks_as_groups_grow() -> None:
    sizes = [20, 50, 100, 400, 1600]
    mdds = [minimum_detectable_difference(trials_a=n, trials_b=n) for n in sizes]
    assert mdds == sorted(mdds, reverse=True)
    # Quadrupling both groups roughly halves it.
    assert mdds[4] == pytest.approx(mdds[3] / 2, rel=0.01)


def test_minimum_detectable_difference_is_infinite_when_nothing_could_be_detected() -> None:
    assert minimum_detectable_difference(trials_a=2, trials_b=2) == math.inf


def test_minimum_detectable_difference_names_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"^trials_b "):
        minimum_detectable_difference(trials_a=10, trials_b=0)
    with pytest.raises(ValueError, match=r"^power "):
        minimum_detectable_difference(trials_a=10, trials_b=10, power=1.0)


def test_pairwise_proportions_are_holm_adjusted_across_all_pairs() -> None:
    counts = {"a": (40, 50), "b": (30, 50), "c": (20, 50)}
    pairs = pairwise_proportions(counts=counts)
    assert [(p.group_a, p.group_b) for p in pairs] == [("a", "b"), ("a", "c"), ("b", "c")]
    raw = [
        two_proportion_z_test(successes_a=sa, trials_a=na, successes_b=sb, trials_b=nb).p_value
        for (sa, na), (sb, nb) in itertools.combinations(counts.values(), 2)
    ]
    assert [p.p_value for p in pairs] == pytest.approx(raw)
    assert [p.p_adjusted for p in pairs] == pytest.approx(list(holm(p_values=raw).adjusted))
    # a vs b: raw p 0.029 alone would be "significant"; after Holm it is not.
    assert [p.significant for p in pairs] == [False, True, False]
    assert pairs[0].minimum_detectable_difference == pytest.approx(
        minimum_detectable_difference(trials_a=50, trials_b=50, baseline=0.8)
    )


def test_pairwise_ratings_report_mean_differences_and_a_detectable_difference() -> None:
    groups = {"a": [1, 2, 3, 4, 5], "b": [3, 4, 5, 5, 5], "c": [1, 1, 1, 2, 2], "d": [5]}
    pairs = pairwise_ratings(groups=groups)
    assert len(pairs) == 3  # "d" is suppressed
    b_vs_c = pairs[2]
    assert b_vs_c.difference == pytest.approx(3.0)
    assert b_vs_c.p_value == pytest.approx(
        stats.mannwhitneyu(groups["b"], groups["c"], alternative="two-sided").pvalue
    )
    # Variances 0.8 and 0.3, pooled sd sqrt((3.2 + 1.2) / 8) = 0.7416;
    # (1.96 + 0.8416) * 0.7416 * sqrt(2/5) = 1.3141.
    assert b_vs_c.minimum_detectable_difference == pytest.approx(1.3141, abs=1e-3)
