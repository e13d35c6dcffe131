"""Erlang C measures against published worked examples and exact formulas."""

from fractions import Fraction
from math import exp, factorial

import numpy as np
import pytest

from kezek.engine.queueing import erlang_c, erlang_c_measures

TEN_ERLANGS = {"contacts": 100, "interval_s": 1800, "aht_s": 180}


def exact_erlang_c(agents: int, load: int) -> float:
    """C(N, A) from the textbook sum, in exact rationals (Cooper 1981, eq. 3.5.12)."""
    a = Fraction(load)
    top = a**agents / factorial(agents) * agents / (agents - a)
    return float(top / (sum(a**k / factorial(k) for k in range(agents)) + top))


def test_ten_erlangs_on_fourteen_agents_match_the_worked_example() -> None:
    # Call Centre Helper's Erlang C worked example (100 calls / 30 min, AHT 180 s,
    # 80/20): 14 agents, P(wait) 17.41 %, SL 88.84 %, ASA 7.84 s, occupancy 71.43 %;
    # the same figures as pyworkforce's test_expected_erlangc_results (3 decimals).
    m = erlang_c_measures(agents=14, **TEN_ERLANGS, target_answer_s=20)
    assert float(m.wait_probability) == pytest.approx(0.1741, abs=5e-5)
    assert float(m.service_level) == pytest.approx(0.8884, abs=5e-5)
    assert float(m.asa_s) == pytest.approx(7.84, abs=5e-3)
    assert float(m.occupancy) == pytest.approx(0.7143, abs=5e-5)


def test_asa_is_wait_probability_times_aht_over_spare_agents() -> None:
    # ASA = Pw * AHT / (N - A) (Cooper 1981, eq. 3.5.15): 0.174132 * 180 / 4 = 7.8359 s.
    m = erlang_c_measures(agents=14, **TEN_ERLANGS)
    assert float(m.asa_s) == pytest.approx(float(m.wait_probability) * 180 / 4, rel=1e-12)
    assert float(m.asa_s) == pytest.approx(7.83594, abs=1e-5)


def test_fifteen_agents_give_the_published_over_occupancy_case() -> None:
    # pyworkforce test_over_occupancy_erlangc: 15 agents, SL 0.941, occupancy 0.667, Pw 0.102
    # (its ASA of 0.33 min is 19.8 s).
    m = erlang_c_measures(agents=15, **TEN_ERLANGS, target_answer_s=19.8)
    assert round(float(m.service_level), 3) == 0.941
    assert round(float(m.occupancy), 3) == 0.667
    assert round(float(m.wait_probability), 3) == 0.102


@pytest.mark.parametrize(("agents", "load"), [(14, 10), (2, 1), (11, 10), (60, 50), (5, 1)])
def test_wait_probability_matches_the_exact_textbook_sum(agents: int, load: int) -> None:
    assert float(erlang_c(agents=agents, load_erlangs=load)) == pytest.approx(
        exact_erlang_c(agents, load), rel=1e-12
    )


def test_service_level_follows_the_exponential_wait_tail() -> None:
    # SL(T) = 1 - C exp(-(N - A) T / AHT), Cooper 1981 eq. 3.5.14.
    c = exact_erlang_c(12, 10)
    m = erlang_c_measures(agents=12, **TEN_ERLANGS, target_answer_s=45)
    assert float(m.service_level) == pytest.approx(1 - c * exp(-2 * 45 / 180), rel=1e-12)


def test_agents_that_cannot_keep_up_give_no_service() -> None:
    m = erlang_c_measures(agents=[9, 10], **TEN_ERLANGS)
    np.testing.assert_array_equal(m.wait_probability, [1.0, 1.0])
    np.testing.assert_array_equal(m.service_level, [0.0, 0.0])
    assert np.all(np.isinf(m.asa_s))


def test_a_load_just_under_the_agents_stays_finite_and_nearly_always_waits() -> None:
    m = erlang_c_measures(agents=100, contacts=99.999 * 1800 / 180, interval_s=1800, aht_s=180)
    assert 0.99 < float(m.wait_probability) < 1.0
    assert np.isfinite(m.asa_s)
    assert float(m.asa_s) > 1e5


def test_huge_and_tiny_loads_give_finite_measures() -> None:
    loads = np.array([0.001, 0.1, 50_000.0])
    agents = np.array([1, 2, 50_300])
    m = erlang_c_measures(agents=agents, contacts=loads * 10, interval_s=1800, aht_s=180)
    for values in (m.wait_probability, m.service_level, m.asa_s, m.occupancy):
        assert np.all(np.isfinite(values))
    assert float(m.service_level[0]) == pytest.approx(1 - 0.001 * exp(-0.999 * 20 / 180), rel=1e-9)


def test_fractional_agents_are_interpolated_and_flagged() -> None:
    m = erlang_c_measures(agents=[13, 13.25, 14], **TEN_ERLANGS)
    assert list(m.interpolated) == [False, True, False]
    expected = 0.75 * m.service_level[0] + 0.25 * m.service_level[2]
    assert float(m.service_level[1]) == pytest.approx(float(expected), rel=1e-12)


def test_no_contacts_means_perfect_service() -> None:
    m = erlang_c_measures(agents=0, contacts=0, interval_s=1800, aht_s=180)
    assert (float(m.service_level), float(m.asa_s), float(m.occupancy)) == (1.0, 0.0, 0.0)


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="aht_s must be a positive number, got 0"):
        erlang_c_measures(agents=1, contacts=1, interval_s=1800, aht_s=0)
    with pytest.raises(ValueError, match=r"contacts\[1\] must be zero or more"):
        erlang_c_measures(agents=1, contacts=[1, -2], interval_s=1800, aht_s=10)
