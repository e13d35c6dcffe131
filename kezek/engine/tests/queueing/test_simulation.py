"""Discrete-event simulation (simpy) of M/M/N and M/M/N+M confirming SL, ASA and abandonment.

Each case simulates one long stationary run with a fixed seed, drops a warm-up,
cuts the rest into batches and checks that the exact figure lies within four
standard errors of the batch mean (the batch-means confidence interval,
e.g. Law 2015, Simulation Modeling and Analysis, section 9.5.3).
"""

import math
import random
from collections.abc import Generator
from dataclasses import dataclass
from statistics import fmean, stdev
from typing import Any

import pytest
import simpy

from kezek.engine.queueing import erlang_a_measures, erlang_c_measures

CALLS = 24_000
WARM_UP = 2_000
BATCHES = 20


@dataclass
class Call:
    wait: float = math.nan
    answered: bool = False


def simulate(
    agents: int, load: float, aht_s: float, patience_s: float | None, answer_s: float, seed: int
) -> list[list[Call]]:
    """Calls in arrival order, cut into batches after the warm-up."""
    rng = random.Random(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=agents)
    calls = [Call() for _ in range(CALLS)]

    def caller(call: Call) -> Generator[simpy.Event, Any, None]:
        arrived = env.now
        with desk.request() as request:
            if patience_s is None:
                yield request
                answered = True
            else:
                outcome = yield request | env.timeout(rng.expovariate(1 / patience_s))
                answered = request in outcome
            call.wait, call.answered = env.now - arrived, answered
            if answered:
                yield env.timeout(rng.expovariate(1 / aht_s))

    def arrivals() -> Generator[simpy.Event, Any, None]:
        for call in calls:
            yield env.timeout(rng.expovariate(load / aht_s))
            env.process(caller(call))

    env.process(arrivals())
    env.run()
    kept = calls[WARM_UP:]
    size = len(kept) // BATCHES
    return [kept[i * size : (i + 1) * size] for i in range(BATCHES)]


def batch_figures(batch: list[Call], answer_s: float) -> tuple[float, float, float]:
    answered = [c for c in batch if c.answered]
    in_time = sum(1 for c in answered if c.wait <= answer_s)
    return in_time / len(batch), fmean(c.wait for c in answered), 1 - len(answered) / len(batch)


CASES = [
    # agents, load (Erlangs), AHT s, patience s (None: Erlang C), T s
    (14, 10.0, 180, None, 20),
    (5, 3.0, 300, None, 30),
    (55, 50.0, 120, None, 20),
    (3, 1.2, 240, None, 15),
    (14, 10.0, 180, 600, 20),
    (10, 10.0, 180, 120, 20),
    (8, 10.0, 180, 60, 30),
    (30, 25.0, 240, 300, 15),
    (3, 2.0, 300, 100, 30),
    (50, 55.0, 90, 45, 15),
    (20, 15.0, 180, 1000, 60),
    (6, 4.0, 200, 30, 10),
]


@pytest.mark.slow
@pytest.mark.parametrize(("agents", "load", "aht_s", "patience_s", "answer_s"), CASES)
def test_simulation_confirms_service_level_asa_and_abandonment(
    agents: int, load: float, aht_s: float, patience_s: float | None, answer_s: float
) -> None:
    batches = simulate(agents, load, aht_s, patience_s, answer_s, seed=agents * 1_000 + int(load))
    figures = [batch_figures(b, answer_s) for b in batches]
    common: dict[str, Any] = {"agents": agents, "contacts": load * 1800 / aht_s, "interval_s": 1800,
              "aht_s": aht_s, "target_answer_s": answer_s}  # fmt: skip
    if patience_s is None:
        m = erlang_c_measures(**common)
    else:
        m = erlang_a_measures(**common, patience_s=patience_s)
    exact = (float(m.service_level), float(m.asa_s), float(m.abandon_rate))
    for column, (name, want) in enumerate(
        zip(("service level", "ASA", "abandon rate"), exact, strict=True)
    ):
        values = [f[column] for f in figures]
        mean, error = fmean(values), stdev(values) / math.sqrt(len(values))
        assert abs(mean - want) <= 4 * error + 1e-9, (
            f"{name}: simulated {mean:.5f} +/- {error:.5f}, exact {want:.5f}"
        )
