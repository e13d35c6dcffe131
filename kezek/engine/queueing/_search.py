"""The agent searches behind ``staffing``: Erlang C steps forward, Erlang A bisects.

Internal: ``staffing.staff_intervals`` validates the inputs and builds the
``Problem``; these functions trust it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from kezek.engine.queueing._arrays import TARGET_TOLERANCE, FloatArray, IntArray, ceil_guarded
from kezek.engine.queueing.erlang_a import erlang_a_core
from kezek.engine.queueing.erlang_b import erlang_b_next, log_erlang_b
from kezek.engine.queueing.erlang_c import measures_from_b
from kezek.engine.queueing.measures import QueueMeasures

_TARGETS = "target_service_level, max_asa_s, max_abandon or max_occupancy"


@dataclass(frozen=True, slots=True)
class Problem:
    """Validated 1-d inputs, one entry per interval; NaN means "not set"."""

    rate: FloatArray  # contacts per second
    interval: FloatArray
    aht: FloatArray
    load: FloatArray  # Erlangs
    answer: FloatArray
    target_sl: FloatArray
    max_asa: FloatArray
    max_abandon: FloatArray
    max_occupancy: FloatArray
    patience: FloatArray
    agents: FloatArray
    erlang_a: NDArray[np.bool_]
    definition: str

    @classmethod
    def build(
        cls,
        contacts: FloatArray,
        interval: FloatArray,
        aht: FloatArray,
        target_sl: FloatArray,
        answer: FloatArray,
        max_asa: FloatArray,
        max_abandon: FloatArray,
        max_occupancy: FloatArray,
        patience: FloatArray,
        agents: FloatArray,
        *,
        definition: str,
    ) -> Problem:
        rate = contacts / interval
        return cls(
            rate=rate, interval=interval, aht=aht, load=rate * aht, answer=answer,
            target_sl=target_sl, max_asa=max_asa, max_abandon=max_abandon,
            max_occupancy=max_occupancy, patience=patience, agents=agents,
            erlang_a=~np.isnan(patience), definition=definition,
        )  # fmt: skip

    def subset(self, rows: IntArray) -> Problem:
        """The same problem restricted to ``rows``."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return Problem(**{k: v if k == "definition" else v[rows] for k, v in values.items()})

    def check_targets(self) -> None:
        """Solving needs a target; abandonment targets need Erlang A."""
        targets = (self.target_sl, self.max_asa, self.max_abandon, self.max_occupancy)
        untargeted = np.isnan(self.agents) & np.all([np.isnan(t) for t in targets], axis=0)
        if untargeted.any():
            where = _where(untargeted)
            raise ValueError(f"give at least one target{where}: {_TARGETS}")
        orphan = ~np.isnan(self.max_abandon) & ~self.erlang_a
        if orphan.any():
            where = _where(orphan)
            raise ValueError(
                f"max_abandon needs patience_s{where}: Erlang C assumes nobody abandons"
            )

    def pick_service_level(self, measures: QueueMeasures, rows: IntArray) -> FloatArray:
        """The service level of the chosen definition (Erlang A rows)."""
        del rows
        chosen: FloatArray = {
            "offered": measures.service_level,
            "answered": measures.service_level_answered,
            "excluding_short_abandons": measures.service_level_excluding_short_abandons,
        }[self.definition]
        return chosen


def _where(mask: NDArray[np.bool_]) -> str:
    return "" if mask.size == 1 else f" for interval {int(np.flatnonzero(mask)[0])}"


@dataclass(frozen=True, slots=True)
class Found:
    """Solved agents per row and, for Erlang C, the measures met there."""

    agents: IntArray
    fractional: FloatArray
    wait: FloatArray
    service_level: FloatArray
    asa: FloatArray
    occupancy: FloatArray

    def measures(self) -> tuple[FloatArray, ...]:
        """SL, ASA, occupancy, wait, abandonment (0: Erlang C has none)."""
        zeros = np.zeros(self.agents.shape)
        return self.service_level, self.asa, self.occupancy, self.wait, zeros


def interpolate(
    lower_n: FloatArray,
    upper_n: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    target: FloatArray,
    *,
    rising: bool,
) -> FloatArray:
    """Fractional agents where the measure, linear between the two counts, meets ``target``."""
    failing = ~np.isnan(target) & ((lower < target) if rising else (lower > target))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.nan_to_num(np.clip((target - lower) / (upper - lower), 0.0, 1.0), nan=1.0)
    result: FloatArray = np.where(failing, lower_n + share * (upper_n - lower_n), lower_n)
    return result


def _rate(asa: FloatArray) -> FloatArray:
    """Answering speed 1/ASA: 0 when nobody is answered, inf when nobody waits."""
    with np.errstate(over="ignore"):  # a denormal ASA is an infinite answering speed
        rate: FloatArray = np.divide(1.0, asa, out=np.full(asa.shape, np.inf), where=asa > 0)
    return rate


def _target_rate(max_asa: FloatArray) -> FloatArray:
    rate: FloatArray = np.full(max_asa.shape, np.nan)
    np.divide(1.0, max_asa, out=rate, where=~np.isnan(max_asa))
    return rate


def solve_erlang_c(p: Problem, max_agents: int) -> Found:
    """Fewest agents meeting the targets under Erlang C, stepping ``B(N, A)`` forward.

    The loop only finds each row's count and ``B`` there; the measures and the
    fractional agents are computed once afterwards, for every row at once.
    """
    occupancy_cap = np.where(np.isnan(p.max_occupancy), 1.0, p.max_occupancy)
    n_occ = np.where(np.isnan(p.max_occupancy), 0, ceil_guarded(p.load / occupancy_cap))
    n = np.maximum(np.floor(p.load) + 1.0, n_occ - 1.0)
    rate_t = _target_rate(p.max_asa)
    need_rate = bool((~np.isnan(rate_t)).any())
    state = {
        "row": np.arange(p.load.size), "n": n, "b": np.exp(log_erlang_b(n, p.load)),
        "load": p.load, "ratio": p.answer / p.aht, "aht": p.aht,
        "sl_floor": np.where(np.isnan(p.target_sl), -np.inf, p.target_sl - TARGET_TOLERANCE),
        "rate_floor": np.where(np.isnan(rate_t), -np.inf, rate_t * (1.0 - TARGET_TOLERANCE)),
        "n_occ": n_occ.astype(np.float64),
    }  # fmt: skip
    found_n, found_b = np.zeros(n.size), np.zeros(n.size)
    live = np.ones(n.size, dtype=bool)
    while live.any():
        if live.sum() * 2 < live.size:  # drop finished rows once they are the majority
            state, live = {k: v[live] for k, v in state.items()}, live[live]
        s = state
        spare = s["n"] - s["load"]  # > 0: the search starts at a stable count
        wait = s["n"] * s["b"] / (spare + s["load"] * s["b"])
        ok = live & (s["n"] >= s["n_occ"]) & (s["n"] <= max_agents)
        ok &= 1.0 - wait * np.exp(-spare * s["ratio"]) >= s["sl_floor"]
        if need_rate:
            with np.errstate(divide="ignore", over="ignore"):  # nobody waits: infinite speed
                ok &= spare / (wait * s["aht"]) >= s["rate_floor"]
        done = s["row"][ok]
        found_n[done], found_b[done] = s["n"][ok], s["b"][ok]
        live &= ~ok
        if (live & (s["n"] >= max_agents)).any():
            raise ValueError(f"the targets are unreachable with up to {max_agents} agents")
        s["n"] = s["n"] + 1.0
        s["b"] = erlang_b_next(s["b"], agents=s["n"], load=s["load"])
    return _found_c(p, found_n, found_b, rate_t)


def _found_c(p: Problem, n: FloatArray, b: FloatArray, rate_t: FloatArray) -> Found:
    """Measures at the solved counts and fractional agents from the count below."""
    wait, sl, asa = measures_from_b(n, p.load, b, p.aht, p.answer)
    below = n - 1.0
    saturated = below <= p.load  # below the first stable count: SL 0, nobody answered
    with np.errstate(divide="ignore", invalid="ignore"):
        b_below = np.where(saturated, 1.0, n * b / (p.load * (1.0 - b)))  # recursion backwards
    _wait, sl_below, asa_below = measures_from_b(below, p.load, b_below, p.aht, p.answer)
    lower_n = np.where(saturated, p.load, below)
    by_sl = interpolate(
        lower_n, n, np.where(saturated, 0.0, sl_below), sl, p.target_sl, rising=True
    )
    rate_below = np.where(saturated, 0.0, _rate(asa_below))
    by_asa = interpolate(lower_n, n, rate_below, _rate(asa), rate_t, rising=True)
    occ = p.max_occupancy
    by_occ = np.where(np.isnan(occ), lower_n, p.load / np.where(np.isnan(occ), 1.0, occ))
    fractional = np.minimum(np.maximum.reduce([by_sl, by_asa, by_occ]), n)
    agents = n.astype(np.int64)
    return Found(agents, fractional, wait, sl, asa, p.load / n)


def _erlang_a_values(p: Problem, n: FloatArray) -> tuple[FloatArray, ...]:
    """SL (chosen definition), 1/ASA, abandonment and occupancy at whole ``n`` (>= 0)."""
    sl, rate = np.zeros(n.size), np.zeros(n.size)
    abandon, occupancy = np.ones(n.size), np.ones(n.size)
    staffed = n > 0
    if staffed.any():
        core = erlang_a_core(
            n[staffed], p.rate[staffed], p.aht[staffed], p.patience[staffed], p.answer[staffed],
            with_asa=bool((~np.isnan(p.max_asa[staffed])).any()),
        )  # fmt: skip
        answered = 1.0 - core.abandon
        by_definition = {
            "offered": core.answered_within,
            "answered": core.answered_within / np.maximum(answered, 1e-300),
            "excluding_short_abandons": core.answered_within
            / np.maximum(1.0 - core.abandoned_within, 1e-300),
        }
        sl[staffed] = np.minimum(by_definition[p.definition], 1.0)
        rate[staffed] = _rate(core.asa_s)
        abandon[staffed], occupancy[staffed] = core.abandon, core.occupancy
    return sl, rate, abandon, occupancy


def _meets(p: Problem, n: FloatArray) -> NDArray[np.bool_]:
    sl, rate, abandon, occupancy = _erlang_a_values(p, n)
    tol = TARGET_TOLERANCE
    ok = np.isnan(p.target_sl) | (sl >= p.target_sl - tol)
    ok &= np.isnan(p.max_asa) | (rate >= _target_rate(p.max_asa) * (1.0 - tol))
    ok &= np.isnan(p.max_abandon) | (abandon <= p.max_abandon + tol)
    ok &= np.isnan(p.max_occupancy) | (occupancy <= p.max_occupancy + tol)
    result: NDArray[np.bool_] = ok & (n > 0)
    return result


def solve_erlang_a(p: Problem, max_agents: int) -> Found:
    """Fewest agents meeting the targets under Erlang A: gallop up, then bisect."""
    lo = np.zeros(p.load.size)
    hi = np.minimum(np.maximum(np.ceil(p.load), 1.0), float(max_agents))
    pending = np.flatnonzero(~_meets(p, hi))
    while pending.size:
        if (hi[pending] >= max_agents).any():
            raise ValueError(f"the targets are unreachable with up to {max_agents} agents")
        lo[pending] = hi[pending]
        hi[pending] = np.minimum(2.0 * hi[pending], float(max_agents))
        pending = pending[~_meets(p.subset(pending), hi[pending])]
    while (gap := np.flatnonzero(hi - lo > 1.0)).size:
        mid = np.floor((lo[gap] + hi[gap]) / 2.0)
        good = _meets(p.subset(gap), mid)
        hi[gap[good]], lo[gap[~good]] = mid[good], mid[~good]
    lower = _erlang_a_values(p, hi - 1.0)
    upper = _erlang_a_values(p, hi)
    targets = (p.target_sl, _target_rate(p.max_asa), p.max_abandon, p.max_occupancy)
    rising = (True, True, False, False)
    fractional = np.maximum.reduce(
        [
            interpolate(hi - 1.0, hi, lo_v, up_v, t, rising=r)
            for lo_v, up_v, t, r in zip(lower, upper, targets, rising, strict=True)
        ]
    )
    nothing = np.zeros(hi.size)
    return Found(hi.astype(np.int64), fractional, nothing, nothing, nothing, nothing)
