"""A real week of requirements from ../shared/data, and the benchmark's shift templates.

Requirements: calls that reached the queue or an agent (outcome AGENT or HANG) in the
Anonymous Bank's week 1999-02-07 (Sunday) .. 1999-02-13, counted per 15 minutes by the time
they left the VRU, during the bank's opening hours (Sunday-Thursday 07:00-24:00, Friday
07:00-14:00, Saturday 19:00-24:00; the few stray night calls are left to the VRU). Agents per
interval: the fewest with 80 % of calls answered within 20 s by Erlang C, with the week's
mean handle time of answered calls. A fixed helper here, independent of kezek.engine.queueing.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import math
from pathlib import Path

import numpy as np

from kezek.engine.scheduling import RequirementGrid, ShiftTemplate

WEEK = [dt.date(1999, 2, 7) + dt.timedelta(days=d) for d in range(7)]
OPEN_HOURS = {6: (7, 24), 0: (7, 24), 1: (7, 24), 2: (7, 24), 3: (7, 24), 4: (7, 14), 5: (19, 24)}


def erlang_c_agents(
    *,
    calls: float,
    aht_s: float,
    interval_s: float,
    target_answer_s: float,
    target_service_level: float,
) -> int:
    """Fewest agents meeting the service level (Erlang C); 0 for no calls."""
    if calls <= 0:
        return 0
    load = calls * aht_s / interval_s
    n = max(1, math.floor(load) + 1)
    while True:
        # Erlang B by recursion, then C.
        b = 1.0
        for k in range(1, n + 1):
            b = load * b / (k + load * b)
        wait_probability = n * b / (n - load * (1 - b))
        sl = 1 - wait_probability * math.exp(-(n - load) * target_answer_s / aht_s)
        if sl >= target_service_level:
            return n
        n += 1


def _seconds(text: str) -> int:
    h, m, s = (int(p) for p in text.split(":"))
    return h * 3600 + m * 60 + s


def anonymous_bank_week(
    data: Path, interval_minutes: int = 15
) -> tuple[RequirementGrid, dict[str, float]]:
    per_day = 1440 // interval_minutes
    counts = np.zeros((7, per_day))
    service = []
    with gzip.open(data / "anonymous_bank_1999_02_calls.tsv.gz", "rt") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["outcome"] not in ("AGENT", "HANG"):
                continue
            day = dt.date(1999, 2, int(row["date"][4:6]))
            if day not in WEEK:
                continue
            seconds = _seconds(row["vru_exit"]) or _seconds(row["vru_entry"])
            counts[WEEK.index(day), seconds // 60 // interval_minutes] += 1
            if row["outcome"] == "AGENT" and int(row["ser_time"]) > 0:
                service.append(int(row["ser_time"]))
    aht = float(np.mean(service))
    req = np.zeros((7, per_day), dtype=np.int64)
    for d, day in enumerate(WEEK):
        lo, hi = OPEN_HOURS[day.weekday()]
        for i in range(lo * 60 // interval_minutes, hi * 60 // interval_minutes):
            req[d, i] = erlang_c_agents(
                calls=counts[d, i],
                aht_s=aht,
                interval_s=interval_minutes * 60,
                target_answer_s=20,
                target_service_level=0.8,
            )
    n = 7 * per_day
    grid = RequirementGrid(
        interval_minutes=interval_minutes,
        required_agents=req.ravel(),
        wall_days=np.repeat([d.toordinal() for d in WEEK], per_day).astype(np.int64),
        wall_minutes=np.tile(np.arange(per_day) * interval_minutes, 7).astype(np.int64),
    )
    assert grid.n_intervals == n
    return grid, {"aht_s": aht, "calls": float(counts.sum())}


def bank_templates(data: Path) -> tuple[ShiftTemplate, ...]:
    """The 8 six-hour templates of anonymous_bank_shift_templates.csv, fixed starts."""
    with (data / "anonymous_bank_shift_templates.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    templates = []
    for k in range(1, 9):
        hours = [int(r["Hour"]) - 1 for r in rows if r[f"Shift{k}"] == "1"]
        start, length = hours[0] * 60, len(hours) * 60
        templates.append(ShiftTemplate(f"Shift{k}", start, start, 60, length, 0))
    return tuple(templates)


def flexible_templates(*, lunch: bool, any_hour: bool = False) -> tuple[ShiftTemplate, ...]:
    """4-, 6- and 8-hour shifts starting every 15 minutes (the 8-hour one 8.5 h with a lunch).

    ``any_hour``: starts at any time of day, so shifts may cross midnight and the week no
    longer falls apart into days (the engine's around-the-clock path).
    """
    if any_hour:
        hours = {"F4": (0, 1425), "F6": (0, 1425), "F8": (0, 1425)}
    else:
        hours = {"F4": (360, 1200), "F6": (360, 1080), "F8": (360, 930 if lunch else 960)}
    eight = (
        ShiftTemplate("F8L", *hours["F8"], 15, 510, 30)
        if lunch
        else ShiftTemplate("F8", *hours["F8"], 15, 480, 0)
    )
    return (
        ShiftTemplate("F4", *hours["F4"], 15, 240, 0),
        ShiftTemplate("F6", *hours["F6"], 15, 360, 0),
        eight,
    )
