"""Erlang B: exact rational references and stability over the whole load range."""

from fractions import Fraction
from math import factorial

import numpy as np
import pytest

from kezek.engine.queueing import erlang_b


def exact_erlang_b(agents: int, load: Fraction) -> float:
    """B(N, A) = (A^N / N!) / sum_k A^k / k!, in exact rational arithmetic (Erlang 1917)."""
    terms = [load**k / factorial(k) for k in range(agents + 1)]
    return float(terms[-1] / sum(terms))


@pytest.mark.parametrize(
    ("agents", "load"),
    [(1, "1"), (2, "1"), (14, "10"), (10, "5"), (7, "2"), (120, "100"), (3, "1/1000"), (60, "80")],
)
def test_blocking_matches_the_exact_rational_formula(agents: int, load: str) -> None:
    expected = exact_erlang_b(agents, Fraction(load))
    assert float(erlang_b(agents=agents, load_erlangs=float(Fraction(load)))) == pytest.approx(
        expected, rel=1e-12
    )


def test_blocking_matches_the_classic_table_value() -> None:
    # Erlang B tables (e.g. Cooper 1981, table; 5 Erlangs on 10 trunks): 1.84 %.
    assert float(erlang_b(agents=10, load_erlangs=5.0)) == pytest.approx(0.01838, abs=5e-6)


def test_blocking_equals_the_recursion_carried_from_zero_for_large_loads() -> None:
    for load in (0.001, 0.5, 37.3, 2_000.0, 50_000.0):
        blocking = 1.0
        checkpoints = {}
        for n in range(1, int(load * 1.1) + 60):
            blocking = load * blocking / (n + load * blocking)
            checkpoints[n] = blocking
        agents = np.array(sorted(checkpoints)[:: max(1, len(checkpoints) // 50)])
        got = erlang_b(agents=agents, load_erlangs=load)
        want = np.array([checkpoints[n] for n in agents])
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-300)


def test_blocking_stays_finite_from_tiny_to_huge_loads() -> None:
    loads = np.array([0.001, 0.01, 1.0, 100.0, 10_000.0, 50_000.0])
    for agents in (0, 1, 2, 10, 1_000, 50_500, 100_000):
        values = erlang_b(agents=agents, load_erlangs=loads)
        assert np.all(np.isfinite(values))
        assert np.all((values >= 0) & (values <= 1))


def test_no_agents_block_everyone_and_no_load_blocks_no_one() -> None:
    assert float(erlang_b(agents=0, load_erlangs=3.0)) == 1.0
    assert float(erlang_b(agents=4, load_erlangs=0.0)) == 0.0


def test_fractional_agents_are_refused_with_the_argument_named() -> None:
    with pytest.raises(ValueError, match="agents must be whole numbers"):
        erlang_b(agents=2.5, load_erlangs=1.0)
    with pytest.raises(ValueError, match="load_erlangs must be zero or more"):
        erlang_b(agents=2, load_erlangs=-1.0)
