"""Sample sizes for a proportion: Cochran's formula with the finite-population correction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kezek.engine.sampling import margin_of_error, sample_size


@pytest.mark.parametrize(
    ("population", "needed"),
    [
        # Cochran (1977) §4.4: n0 = 1.96^2 * 0.25 / 0.05^2 = 384.15, n = n0 / (1 + (n0 - 1) / N).
        # Raosoft's calculator formula n = N x / ((N - 1) E^2 + x), x = z^2 r (1 - r), is the
        # same expression rearranged, so its published figures (370 for 10,000) agree.
        (None, 385),
        (10_000, 370),
        (1_000, 278),
        (500, 218),
        (100, 80),
        (50, 45),
        (1, 1),
        (0, 0),
    ],
)
def test_matches_cochran_at_95_percent_and_5_points(population: int | None, needed: int) -> None:
    assert sample_size(population) == needed


def test_accepts_the_contract_arguments_positionally() -> None:
    # 99 % and ±3 points, unlimited: 2.5758^2 * 0.25 / 0.03^2 = 1843.2 -> 1844.
    assert sample_size(None, 0.99, 0.03) == 1844
    # A planned proportion of 0.2 needs fewer: 1.96^2 * 0.16 / 0.0025 = 245.9 -> 246.
    assert sample_size(None, 0.95, 0.05, 0.2) == 246


def test_never_asks_for_more_than_the_population() -> None:
    assert sample_size(10, 0.99, 0.01) == 10


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"population": -1}, "population"),
        ({"population": 10.5}, "population"),
        ({"population": True}, "population"),
        ({"population": 100, "confidence": 1.0}, "confidence"),
        ({"population": 100, "confidence": 0}, "confidence"),
        ({"population": 100, "confidence": 95}, "confidence"),
        ({"population": 100, "margin": 0}, "margin"),
        ({"population": 100, "margin": -0.05}, "margin"),
        ({"population": 100, "p": 1.0}, "p"),
    ],
)
def test_rejects_bad_arguments_by_name(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name} "):
        sample_size(**kwargs)  # type: ignore[arg-type]


@given(
    population=st.integers(min_value=1, max_value=10**7),
    confidence=st.floats(min_value=0.5, max_value=0.999),
    margin=st.floats(min_value=0.005, max_value=0.5),
)
def test_grows_with_population_and_stays_below_the_unlimited_figure(
    population: int, confidence: float, margin: float
) -> None:
    n = sample_size(population, confidence, margin)
    assert 1 <= n <= population
    assert n <= sample_size(population + 1, confidence, margin)
    assert n <= sample_size(None, confidence, margin)


@given(
    population=st.one_of(st.none(), st.integers(min_value=1, max_value=10**7)),
    margin=st.floats(min_value=0.005, max_value=0.45),
    shrink=st.floats(min_value=0.5, max_value=0.99),
)
def test_a_wider_margin_never_needs_more_answers(
    population: int | None, margin: float, shrink: float
) -> None:
    assert sample_size(population, 0.95, margin) >= sample_size(population, 0.95, margin / shrink)


def test_margin_of_error_runs_the_sample_size_backwards() -> None:
    # 370 answers from 10,000 give ±5 points, just as sample_size promised.
    assert margin_of_error(answers=370, population=10_000) == pytest.approx(0.05, abs=1e-4)
    assert margin_of_error(answers=385) <= 0.05 < margin_of_error(answers=384)
    assert margin_of_error(answers=100, population=100) == 0.0


@given(
    population=st.integers(min_value=2, max_value=10**6),
    margin=st.floats(min_value=0.01, max_value=0.3),
)
def test_the_sample_size_achieves_its_margin(population: int, margin: float) -> None:
    n = sample_size(population, 0.95, margin)
    assert margin_of_error(answers=n, population=population) <= margin + 1e-9


def test_margin_of_error_refuses_more_answers_than_population() -> None:
    with pytest.raises(ValueError, match=r"^answers must not exceed population"):
        margin_of_error(answers=11, population=10)
