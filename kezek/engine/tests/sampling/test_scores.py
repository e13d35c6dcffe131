"""NPS, top-box share and the per-dimension summary."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kezek.engine.sampling import (
    DimensionSummary,
    Suppressed,
    nps,
    summarize_dimension,
    top_box,
    wilson_interval,
)

# 100 promoters, 30 passives, 80 detractors (issue 7 reference case).
REFERENCE_SCORES = [9] * 60 + [10] * 40 + [7] * 15 + [8] * 15 + [0] * 20 + [6] * 60


def test_nps_matches_the_reference_value_and_interval() -> None:
    # p = 100/210, d = 80/210: NPS = 9.52; Var = (p + d - (p - d)^2) / n (Rocks 2016)
    # gives a standard error of 6.355 points, so 9.52 ± 1.96 * 6.355 = [-2.93, 21.98].
    value, low, high = nps(REFERENCE_SCORES)
    assert round(value, 2) == 9.52
    assert round(low, 2) == -2.93
    assert round(high, 2) == 21.98


def test_nps_counts_nine_and_ten_as_promoters_and_zero_to_six_as_detractors() -> None:
    assert nps([9, 10, 7, 8])[0] == pytest.approx(50.0)
    assert nps([6, 0, 7, 8])[0] == pytest.approx(-50.0)


def test_nps_of_unanimous_promoters_is_100_with_no_width() -> None:
    assert nps([10, 9, 10]) == (100.0, 100.0, 100.0)


def test_nps_interval_stays_on_the_scale() -> None:
    value, low, high = nps([10, 10, 10, 10, 0])
    assert value == pytest.approx(60.0)
    assert low >= -100.0
    assert high == 100.0


def test_nps_interval_widens_with_confidence() -> None:
    _, low_95, high_95 = nps(REFERENCE_SCORES)
    _, low_99, high_99 = nps(REFERENCE_SCORES, confidence=0.99)
    assert low_99 < low_95
    assert high_95 < high_99


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=300))
def test_nps_interval_holds_the_score_and_stays_in_range(scores: list[int]) -> None:
    value, low, high = nps(scores)
    assert -100.0 <= low <= value <= high <= 100.0


def test_nps_standard_error_matches_a_multinomial_simulation() -> None:
    # Cross-check of the variance formula: the spread of NPS over 20,000 simulated
    # surveys of 210 answers with the reference shares.
    rng = np.random.default_rng(7)
    draws = rng.multinomial(210, [100 / 210, 30 / 210, 80 / 210], size=20_000)
    simulated_se = float(np.std(100.0 * (draws[:, 0] - draws[:, 2]) / 210))
    _value, low, high = nps(REFERENCE_SCORES)
    assert (high - low) / (2 * 1.959964) == pytest.approx(simulated_se, rel=0.03)


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ([], "^scores must not be empty"),
        ([11], "^scores must lie in 0..10"),
        ([-1, 5], "^scores must lie in 0..10"),
        ([7.5], "^scores must contain whole numbers"),
        (["9"], "^scores must contain whole numbers"),
    ],
)
def test_nps_rejects_answers_off_the_scale(scores: list[object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        nps(scores)  # type: ignore[arg-type]


def test_nps_rejects_a_bad_confidence() -> None:
    with pytest.raises(ValueError, match=r"^confidence "):
        nps([9, 10], confidence=1.5)


def test_top_box_is_the_share_of_the_top_two_points() -> None:
    assert top_box([1, 2, 3, 4, 5], 5) == pytest.approx(0.4)
    assert top_box([5, 5, 4, 3], 5, 1) == pytest.approx(0.5)
    assert top_box([1, 2, 3, 4, 5, 6, 7], 7, 3) == pytest.approx(3 / 7)


def test_top_box_of_a_zero_to_ten_scale_is_the_share_of_nine_and_ten() -> None:
    assert top_box([0, 5, 8, 9, 10], 10) == pytest.approx(0.4)
    assert top_box([0, 5, 8, 9, 10], 10, 2) == pytest.approx(0.4)


def test_top_box_can_be_told_the_scale_starts_at_one() -> None:
    assert top_box([1, 10, 9], 10, scale_min=1) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match=r"^ratings must lie in 1\.\.10, got 0"):
        top_box([0, 10], 10, scale_min=1)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([], 5), "^ratings must not be empty"),
        (([6], 5), r"^ratings must lie in 1\.\.5, got 6"),
        (([0, 3], 5), r"^ratings must lie in 1\.\.5, got 0"),
        (([11], 10), r"^ratings must lie in 0\.\.10, got 11"),
        (([3], 0), "^scale_max "),
        (([1], 1), "^scale_max "),
        (([3], 5, 0), "^boxes "),
        (([3], 5, 6), "^boxes must not exceed the 5 points"),
    ],
)
def test_top_box_rejects_bad_input_by_name(args: tuple[object, ...], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        top_box(*args)  # type: ignore[arg-type]


def test_summary_reports_distribution_mean_and_csat_with_intervals() -> None:
    ratings = [5, 4, 4, 3, 5, 2, 4, 5, 1, 4]
    summary = summarize_dimension(ratings=ratings, scale_max=5)
    assert isinstance(summary, DimensionSummary)
    assert not summary.suppressed
    assert summary.counts == (1, 1, 1, 4, 3)
    assert summary.answers == 10
    assert summary.mean == pytest.approx(3.7)
    # Half-width 0.9568: see test_intervals.test_mean_interval_matches_scipy_t_interval.
    assert summary.mean_high - summary.mean == pytest.approx(0.9568, abs=1e-4)
    assert summary.top_box_fraction == pytest.approx(0.7)
    assert (summary.top_box_low, summary.top_box_high) == wilson_interval(7, 10)


def test_summary_of_a_zero_to_ten_question_counts_eleven_points() -> None:
    summary = summarize_dimension(ratings=[0, 10, 10, 9, 5], scale_max=10)
    assert isinstance(summary, DimensionSummary)
    assert summary.scale_min == 0
    assert len(summary.counts) == 11
    assert summary.counts[0] == 1
    assert summary.counts[10] == 2


def test_summary_of_fewer_than_five_answers_is_suppressed_and_carries_no_value() -> None:
    summary = summarize_dimension(ratings=[5, 5, 1, 2], scale_max=5)
    assert summary == Suppressed(min_group_size=5)
    assert summary.suppressed
    assert not hasattr(summary, "answers")
    assert not hasattr(summary, "mean")


def test_summary_suppression_threshold_is_configurable() -> None:
    ratings = [5, 5, 1, 2, 4, 4]
    assert isinstance(summarize_dimension(ratings=ratings, scale_max=5), DimensionSummary)
    assert summarize_dimension(ratings=ratings, scale_max=5, min_group_size=10).suppressed


def test_summary_of_an_empty_group_is_suppressed() -> None:
    assert summarize_dimension(ratings=[], scale_max=5).suppressed


def test_summary_rejects_answers_outside_the_scale() -> None:
    with pytest.raises(ValueError, match=r"^ratings must lie in 1\.\.5, got 7"):
        summarize_dimension(ratings=[1, 2, 3, 4, 7], scale_max=5)


def test_summary_checks_the_scale_even_in_a_suppressed_group() -> None:
    with pytest.raises(ValueError, match=r"^ratings must lie in 1\.\.5, got 9"):
        summarize_dimension(ratings=[9], scale_max=5)
