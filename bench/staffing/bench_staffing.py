"""Staffing benchmark: intervals per second for Kezek and pyworkforce, the ratio, agent agreement.

876,000 interval problems: 50 queues x 365 days x 48 half-hours. The intraday and
day-to-day shape comes from the US bank call counts in ../shared/data (5-minute
counts, 07:00-21:00, first 100 weekdays), scaled per queue so that peak loads run
from 1 to 2,000 Erlangs (loads clipped to 0.1-2,000 Erlangs); AHT, answer time and
service-level target vary by queue. Kezek solves all 876,000 in one vectorised call;
pyworkforce's ErlangC solves a random sample (it is O(N^2) per problem in Python),
in its own venv, in the same run. Timings are wall-clock on a shared machine.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from kezek.engine.queueing import staff_intervals

DATA = Path("../shared/data/us_bank_calls_5min_2003_first100days.csv.gz")
QUEUES, DAYS, SLOTS = 50, 365, 48


def daily_shapes() -> np.ndarray:
    """100 days x 48 half-hours of relative volume (nights and weekends filled in)."""
    counts: dict[str, np.ndarray] = {}
    with gzip.open(DATA, "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            day, clock = row["timestamp"][:10], row["timestamp"][11:16]
            slot = int(clock[:2]) * 2 + int(clock[3:5]) // 30
            counts.setdefault(day, np.zeros(SLOTS))[slot] += float(row["calls"])
    shapes = np.array([counts[d] for d in sorted(counts)])
    shapes /= shapes.max()
    trickle: np.ndarray = np.maximum(shapes, 0.01)  # the night: a trickle, never nothing
    return trickle


def problems(seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    shapes = daily_shapes()
    days = np.arange(DAYS)
    weekend = (days % 7) >= 5
    year = shapes[days % len(shapes)] * np.where(weekend, 0.35, 1.0)[:, None]
    peaks = np.geomspace(1.0, 2_000.0, QUEUES)
    loads = peaks[:, None] * year.ravel()[None, :] * rng.lognormal(0.0, 0.1, (QUEUES, DAYS * SLOTS))
    loads = np.clip(loads, 0.1, 2_000.0).ravel()
    aht = per_queue(rng.uniform(120.0, 600.0, QUEUES))
    return {
        "contacts": loads * 1800.0 / aht,
        "aht_s": aht,
        "answer_s": per_queue(rng.choice([15.0, 20.0, 30.0, 60.0], QUEUES)),
        "target": per_queue(rng.choice([0.7, 0.8, 0.9], QUEUES)),
        "load": loads,
    }


def per_queue(values: np.ndarray) -> np.ndarray:
    return np.repeat(np.asarray(values, float), DAYS * SLOTS)


def kezek(p: dict[str, np.ndarray], rows: np.ndarray | slice) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    table = staff_intervals(
        contacts=p["contacts"][rows], interval_s=1800.0, aht_s=p["aht_s"][rows],
        target_service_level=p["target"][rows], target_answer_s=p["answer_s"][rows],
    )  # fmt: skip
    return table.agents, time.perf_counter() - started


def peer(python: str, p: dict[str, np.ndarray], rows: np.ndarray) -> tuple[np.ndarray, float]:
    sample = [[float(p[k][i]) for k in ("contacts", "aht_s", "answer_s", "target")] for i in rows]
    done = subprocess.run(
        [python, str(Path(__file__).with_name("peer_pyworkforce.py"))],
        input=json.dumps(sample), capture_output=True, text=True, check=True,
    )  # fmt: skip
    answer = json.loads(done.stdout)
    return np.array(answer["agents"]), float(answer["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--peer-python", required=True)
    parser.add_argument("--sample", type=int, default=5_000, help="problems given to pyworkforce")
    parser.add_argument(
        "--heavy", type=int, default=200, help="extra loads >= 500 E, agreement only"
    )
    args = parser.parse_args()
    if not DATA.exists():
        print(
            f"staffing bench: {DATA} is absent (run from the repo root with ../shared/data); skipped."
        )
        return
    p = problems()
    total = p["load"].size
    print(f"problems: {total:,} ({QUEUES} queues x {DAYS} days x {SLOTS} half-hours), "
          f"loads {p['load'].min():.1f}-{p['load'].max():,.0f} Erlangs, mean {p['load'].mean():.1f}")  # fmt: skip
    kezek(p, slice(0, 1_000))  # warm-up (imports, caches)
    runs = [kezek(p, slice(None)) for _ in range(3)]
    all_agents, full_s = runs[0][0], min(seconds for _agents, seconds in runs)
    rows = np.random.default_rng(11).choice(total, size=min(args.sample, total), replace=False)
    sample_s = min(kezek(p, rows)[1] for _ in range(5))
    peer_agents, peer_s = peer(args.peer_python, p, rows)
    kezek_rate, sample_rate, peer_rate = total / full_s, rows.size / sample_s, rows.size / peer_s
    same = peer_agents == all_agents[rows]
    print(
        f"kezek       all {total:,} problems: {full_s:8.3f} s  {kezek_rate:12,.0f} intervals/s (best of 3)"
    )
    print(
        f"kezek       sample of {rows.size:,}:      {sample_s:8.3f} s  {sample_rate:12,.0f} intervals/s (best of 5)"
    )
    print(
        f"pyworkforce sample of {rows.size:,}:      {peer_s:8.3f} s  {peer_rate:12,.0f} intervals/s (ErlangC 0.5.1, best of 3)"
    )
    print(f"ratio kezek(all) / pyworkforce:    {kezek_rate / peer_rate:10,.0f}x   (goal >= 100x)")
    print(f"ratio kezek(sample) / pyworkforce: {sample_rate / peer_rate:10,.0f}x")
    print(f"agent agreement on the sample: {same.sum():,} / {rows.size:,} ({same.mean():.2%})")
    for i in np.flatnonzero(~same)[:10]:
        r = rows[i]
        print(f"  differs: load {p['load'][r]:.3f} E, AHT {p['aht_s'][r]:.0f} s, {p['target'][r]:.0%} in "
              f"{p['answer_s'][r]:.0f} s: kezek {all_agents[r]}, pyworkforce {peer_agents[i]}")  # fmt: skip
    heavy = np.random.default_rng(12).choice(np.flatnonzero(p["load"] >= 500), size=args.heavy)
    heavy_agents, _seconds = peer(args.peer_python, p, heavy)
    same_heavy = heavy_agents == all_agents[heavy]
    print(
        f"agent agreement on {heavy.size} loads of 500-2,000 Erlangs: {same_heavy.sum()} / {heavy.size}"
    )
    print(
        f"total agents over the year: {all_agents.sum():,}; machine: 2 cores shared with other work, timings noisy"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
