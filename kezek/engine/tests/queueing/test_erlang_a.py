"""Erlang A (M/M/N+M) against an independent birth-death solution and its limits."""

import math

import numpy as np
import pytest
from scipy import special, stats

from kezek.engine.queueing import erlang_a_measures, erlang_b, erlang_c_measures


def birth_death_reference(
    agents: int, contacts: float, aht_s: float, patience_s: float, answer_s: float
) -> dict[str, float]:
    """Measures from the truncated birth-death chain of M/M/N+M, state by state.

    Stationary probabilities from the balance equations (Palm 1943); an arrival
    that finds ``j`` waiting reaches an agent after a sum of exponentials with
    rates ``N mu + i theta``, i = 0..j, so ``exp(-theta V)`` is Beta(x, j + 1)
    with ``x = N mu / theta`` (Mandelbaum & Zeltyn 2007, section 3).
    """
    lam, mu, theta = contacts / 1800, 1 / aht_s, 1 / patience_s
    states = agents + 4_000
    log_p = [0.0]
    for k in range(1, states):
        death = k * mu if k <= agents else agents * mu + (k - agents) * theta
        log_p.append(log_p[-1] + math.log(lam / death))
    p = np.exp(np.array(log_p) - max(log_p))
    p /= p.sum()
    queue = np.maximum(np.arange(states) - agents, 0)
    abandon = theta * float(p @ queue) / lam
    x, c = agents * mu / theta, math.exp(-theta * answer_s)
    j = np.arange(states - agents)
    served = x / (x + j + 1)
    in_time = float(p[:agents].sum() + p[agents:] @ (served * stats.beta.sf(c, x + 1, j + 1)))
    wait_of_served = p[agents:] @ (
        served * (special.digamma(x + j + 2) - special.digamma(x + 1)) / theta
    )
    return {
        "wait": float(p[agents:].sum()),
        "abandon": abandon,
        "service_level": in_time,
        "asa": float(wait_of_served) / (1 - abandon),
    }


CASES = [
    (14, 100, 180, 600, 20),  # a calm queue with patient callers
    (10, 100, 180, 120, 20),  # agents = load: only abandonment keeps it stable
    (5, 100, 180, 30, 60),  # heavily understaffed, impatient callers
    (30, 100, 180, 600, 20),  # overstaffed
    (3, 50, 300, 100, 30),
    (40, 1000, 90, 45, 15),  # overloaded: 50 Erlangs on 40 agents
]


@pytest.mark.parametrize(("agents", "contacts", "aht_s", "patience_s", "answer_s"), CASES)
def test_measures_match_the_birth_death_chain(
    agents: int, contacts: float, aht_s: float, patience_s: float, answer_s: float
) -> None:
    want = birth_death_reference(agents, contacts, aht_s, patience_s, answer_s)
    got = erlang_a_measures(
        agents=agents, contacts=contacts, interval_s=1800, aht_s=aht_s,
        patience_s=patience_s, target_answer_s=answer_s,
    )  # fmt: skip
    assert float(got.wait_probability) == pytest.approx(want["wait"], rel=1e-9)
    assert float(got.abandon_rate) == pytest.approx(want["abandon"], rel=1e-9)
    assert float(got.service_level) == pytest.approx(want["service_level"], rel=1e-9)
    assert float(got.asa_s) == pytest.approx(want["asa"], rel=1e-8)


def test_abandonment_given_wait_matches_garnett_mandelbaum_reiman() -> None:
    # GMR (2002): P{Ab | W > 0} = 1 / (rho A(x, y)) + 1 - 1 / rho, rho = load / agents,
    # A(x, y) = 1F1(1; x + 1; y), x = N mu / theta, y = lambda / theta.
    agents, lam, mu, theta = 12, 100 / 1800, 1 / 180, 1 / 300
    rho, x, y = lam / (agents * mu), agents * mu / theta, lam / theta
    kummer = special.hyp1f1(1, x + 1, y)
    m = erlang_a_measures(agents=agents, contacts=100, interval_s=1800, aht_s=180, patience_s=300)
    conditional = float(m.abandon_rate / m.wait_probability)
    assert conditional == pytest.approx(1 / (rho * kummer) + 1 - 1 / rho, rel=1e-10)


def test_endless_patience_gives_erlang_c() -> None:
    a = erlang_a_measures(agents=14, contacts=100, interval_s=1800, aht_s=180, patience_s=1e10)
    c = erlang_c_measures(agents=14, contacts=100, interval_s=1800, aht_s=180)
    assert float(a.service_level) == pytest.approx(float(c.service_level), rel=1e-7)
    assert float(a.asa_s) == pytest.approx(float(c.asa_s), rel=1e-6)
    assert float(a.abandon_rate) < 1e-7


def test_no_patience_at_all_gives_erlang_b_losses() -> None:
    # Callers who hang up at once turn the queue into a loss system (Erlang B).
    m = erlang_a_measures(agents=14, contacts=100, interval_s=1800, aht_s=180, patience_s=1e-6)
    assert float(m.abandon_rate) == pytest.approx(
        float(erlang_b(agents=14, load_erlangs=10)), rel=1e-6
    )


def test_mean_wait_of_all_contacts_is_abandonment_times_patience() -> None:
    m = erlang_a_measures(agents=9, contacts=100, interval_s=1800, aht_s=180, patience_s=240)
    assert float(m.mean_wait_s) == pytest.approx(float(m.abandon_rate) * 240, rel=1e-12)


def test_service_level_definitions_are_ordered() -> None:
    m = erlang_a_measures(
        agents=[6, 9, 12, 15], contacts=100, interval_s=1800, aht_s=180, patience_s=90,
        target_answer_s=30,
    )  # fmt: skip
    assert np.all(m.service_level <= m.service_level_answered)
    assert np.all(m.service_level <= m.service_level_excluding_short_abandons)
    assert np.all(m.service_level_excluding_short_abandons <= 1)


def test_stable_from_a_thousandth_to_fifty_thousand_erlangs() -> None:
    loads = np.array([0.001, 0.1, 10.0, 2_000.0, 50_000.0, 50_000.0, 50_000.0])
    agents = np.array([1, 1, 5, 1_500, 40_000, 50_000, 60_000])
    m = erlang_a_measures(
        agents=agents, contacts=loads * 1800 / 180, interval_s=1800, aht_s=180,
        patience_s=[60, 600, 30, 120, 300, 10_000, 5],
    )  # fmt: skip
    for values in (m.wait_probability, m.service_level, m.asa_s, m.abandon_rate, m.occupancy):
        assert np.all(np.isfinite(values)), values
        assert np.all(values >= 0)
    assert np.all(m.service_level <= 1)
    assert np.all(m.abandon_rate <= 1)


def test_no_agents_lose_every_caller() -> None:
    m = erlang_a_measures(agents=0, contacts=10, interval_s=1800, aht_s=180, patience_s=60)
    assert float(m.abandon_rate) == 1.0
    assert float(m.service_level) == 0.0


def test_bad_patience_is_named() -> None:
    with pytest.raises(ValueError, match="patience_s must be a positive number"):
        erlang_a_measures(agents=1, contacts=1, interval_s=1800, aht_s=10, patience_s=0)
