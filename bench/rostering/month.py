"""Four real weeks of requirements from ../shared/data, the templates and the agent pools.

Requirements: the Anonymous Bank's calls of 1999-02-01 (Monday) .. 1999-02-28 (Sunday), four
whole ISO weeks, counted per 15 minutes by the time they left the VRU (outcome AGENT or HANG),
during the bank's opening hours (Sunday-Thursday 07:00-24:00, Friday 07:00-14:00, Saturday
19:00-24:00), smoothed by a moving median of five intervals (the data hold a few bursts of
redials, 178 and 237 agents at scale 5 among neighbours of 40), multiplied by ``scale`` (a
larger centre with the same pattern), then the fewest
agents answering 80 % within 20 s by Erlang C with the month's mean handle time. A fixed
helper, independent of kezek.engine.queueing (as bench/scheduling/week.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import math
from pathlib import Path

import numpy as np

from kezek.engine.rostering import Agent, agent_from_cells
from kezek.engine.scheduling import RequirementGrid, ShiftTemplate

FIRST_DAY = dt.date(1999, 2, 1)
N_DAYS = 28
OPEN_HOURS = {6: (7, 24), 0: (7, 24), 1: (7, 24), 2: (7, 24), 3: (7, 24), 4: (7, 14), 5: (19, 24)}


def erlang_c_agents(*, load: float, aht_s: float, target_answer_s: float, level: float) -> int:
    """Fewest agents meeting the service level for ``load`` Erlangs (Erlang C); 0 for none."""
    if load <= 0:
        return 0
    n = max(1, math.floor(load) + 1)
    while True:
        b = 1.0
        for k in range(1, n + 1):
            b = load * b / (k + load * b)
        wait = n * b / (n - load * (1 - b))
        if 1 - wait * math.exp(-(n - load) * target_answer_s / aht_s) >= level:
            return n
        n += 1


def _seconds(text: str) -> int:
    h, m, s = (int(p) for p in text.split(":"))
    return h * 3600 + m * 60 + s


def month_requirement(data: Path, *, scale: float, interval_minutes: int = 15) -> RequirementGrid:
    per_day = 1440 // interval_minutes
    counts = np.zeros((N_DAYS, per_day))
    service = []
    with gzip.open(data / "anonymous_bank_1999_02_calls.tsv.gz", "rt") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["outcome"] not in ("AGENT", "HANG"):
                continue
            day = int(row["date"][4:6]) - 1
            seconds = _seconds(row["vru_exit"]) or _seconds(row["vru_entry"])
            counts[day, seconds // 60 // interval_minutes] += 1
            if row["outcome"] == "AGENT" and int(row["ser_time"]) > 0:
                service.append(int(row["ser_time"]))
    aht = float(np.mean(service))
    padded = np.pad(counts, ((0, 0), (2, 2)), mode="edge")
    counts = np.median(np.lib.stride_tricks.sliding_window_view(padded, 5, axis=1), axis=2)
    req = np.zeros((N_DAYS, per_day), dtype=np.int64)
    for d in range(N_DAYS):
        lo, hi = OPEN_HOURS[(FIRST_DAY + dt.timedelta(days=d)).weekday()]
        for i in range(lo * 60 // interval_minutes, hi * 60 // interval_minutes):
            load = scale * counts[d, i] * aht / (interval_minutes * 60)
            req[d, i] = erlang_c_agents(load=load, aht_s=aht, target_answer_s=20, level=0.8)
    return RequirementGrid(
        interval_minutes=interval_minutes,
        required_agents=req.ravel(),
        wall_days=np.repeat(FIRST_DAY.toordinal() + np.arange(N_DAYS), per_day).astype(np.int64),
        wall_minutes=np.tile(np.arange(per_day) * interval_minutes, N_DAYS).astype(np.int64),
    )


def centre_templates() -> tuple[ShiftTemplate, ...]:
    """A full-time 8.5-hour shift with a 30-minute lunch and 6- and 4-hour part-time shifts."""
    return (
        ShiftTemplate("FT8", 420, 930, 30, 510, 30),
        ShiftTemplate("PT6", 420, 1080, 30, 360, 0),
        ShiftTemplate("PT4", 420, 1200, 30, 240, 0),
    )


# Contract: share of the pool, weekly hours (min, max), templates the agent may work.
CONTRACTS = (
    (0.5, (32, 40), "FT8;PT6"),
    (0.3, (16, 30), "PT6;PT4"),
    (0.2, (0, 16), "PT4"),
)
# Availability patterns (the bank is open Sunday-Thursday 07-24, Friday 07-14, Saturday 19-24).
AVAILABILITY = (
    (0.5, ""),
    (0.2, "Sun-Thu 07:00-17:00;Fri 07:00-14:00"),
    (0.15, "Sun-Thu 12:00-24:00;Sat 18:00-24:00"),
    (0.15, "Sun-Fri 07:00-24:00"),
)
LEAVE_SHARE = 0.25  # agents with one block of 1-5 days of leave in the four weeks


def agent_pool(size: int, *, seed: int = 7) -> list[Agent]:
    """A fixed pool of mixed contracts, availability and leave (seeded, the same every run)."""
    rng = np.random.default_rng(seed)
    contract = rng.choice(len(CONTRACTS), size=size, p=[c[0] for c in CONTRACTS])
    pattern = rng.choice(len(AVAILABILITY), size=size, p=[a[0] for a in AVAILABILITY])
    agents = []
    for k in range(size):
        _, (low, high), shifts = CONTRACTS[contract[k]]
        leave = ""
        if rng.random() < LEAVE_SHARE:
            first, days = int(rng.integers(0, N_DAYS)), int(rng.integers(1, 6))
            dates = [
                FIRST_DAY + dt.timedelta(days=d) for d in range(first, min(first + days, N_DAYS))
            ]
            leave = ";".join(d.isoformat() for d in dates)
        agents.append(
            agent_from_cells(
                agent_id=f"agent{k + 1:04d}",
                min_hours_per_week=str(low),
                max_hours_per_week=str(high),
                availability=AVAILABILITY[pattern[k]][1],
                unavailable_dates=leave,
                shifts=shifts,
                where=f"pool row {k + 1}",
            )
        )
    return agents


def weekly_capacity_hours(agents: list[Agent]) -> float:
    """Mean over the four weeks of the pool's weekly maximum hours, less leave (pro rata)."""
    total = 0.0
    for a in agents:
        away = len(a.unavailable_dates)
        total += a.max_minutes_per_week / 60 * (N_DAYS - away) / N_DAYS
    return total
