"""Honest evaluation: rolling one-day-ahead over non-overlapping windows of both real files.

The defaults were tuned on the US bank's last 30 days (days 70-100); the other
windows were not looked at while tuning. Each window forecasts its days with
``forecast_rolling`` (the code path of ``kezek forecast --rolling-from``) on the
history truncated at the window's end, so every day sees only the days before
it. Prints RMSE per interval, the gain over the best of the three planners'
baselines, the empirical band coverage and the time. Figures only.

Run with the product venv: ``.venv/bin/python bench/forecasting/windows.py``.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import time
from pathlib import Path

import numpy as np

from kezek.engine.forecasting import (
    IntervalCounts,
    LastFourWeekdaysMean,
    LevelTimesWeekdayShape,
    SameWeekdayLastWeek,
    aggregate_calls,
    coverage,
    forecast_rolling,
    read_call_records,
    read_interval_counts,
    rmse,
    rolling_backtest,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
# (data set, first forecast day index, end index exclusive) over the days with rows.
WINDOWS = (
    ("US bank days 20-50", "us", 20, 50),
    ("US bank days 50-70", "us", 50, 70),
    ("US bank days 70-100 (tuning window)", "us", 70, 100),
    ("Anonymous Bank days 14-28 (30-min)", "anon", 14, 28),
    ("Anonymous Bank days 10-28 (30-min)", "anon", 10, 28),
)


def truncate(counts: IntervalCounts, end: np.datetime64) -> IntervalCounts:
    keep = counts.start < end.astype("datetime64[m]")
    changes = {
        f.name: getattr(counts, f.name)[keep]
        for f in dataclasses.fields(counts)
        if isinstance(getattr(counts, f.name), np.ndarray)
        and getattr(counts, f.name).shape == counts.start.shape
    }
    return dataclasses.replace(counts, **changes)


def window(name: str, counts: IntervalCounts, first: int, end: int) -> None:
    days, calls = counts.matrix()
    calls = calls[:, calls.any(axis=0)]
    stop = days[end - 1] + np.timedelta64(1, "D")
    base = {}
    for label, make in (
        ("same weekday last week", SameWeekdayLastWeek),
        ("mean of last 4", LastFourWeekdaysMean),
        ("level x shape", LevelTimesWeekdayShape),
    ):
        bt = rolling_backtest(
            make_model=make, days=days[:end], calls=calls[:end], first_day=days[first]
        )
        base[label] = rmse(actual=bt.actual, forecast=bt.forecast)
    t0 = time.perf_counter()
    rows = forecast_rolling(history=truncate(counts, stop), first_day=days[first])
    seconds = time.perf_counter() - t0
    shape = (end - first, -1)
    actual = calls[first:end]
    ours = rmse(actual=actual, forecast=rows.calls.reshape(shape))
    best_name = min(base, key=lambda k: base[k])
    c80 = coverage(
        actual=actual, lower=rows.lower_80.reshape(shape), upper=rows.upper_80.reshape(shape)
    )
    c95 = coverage(
        actual=actual, lower=rows.lower_95.reshape(shape), upper=rows.upper_95.reshape(shape)
    )
    print(
        f"{name:38s} Kezek {ours:7.3f}  best baseline {base[best_name]:7.3f} ({best_name})  "
        f"gain {(1 - ours / base[best_name]) * 100:+5.1f}%  coverage 80% {c80 * 100:5.1f}  "
        f"95% {c95 * 100:5.1f}  {seconds:5.1f}s"
    )


@functools.cache
def real_counts() -> dict[str, IntervalCounts]:
    """The two real histories: the US bank's 5-minute counts, the Anonymous Bank in 30 minutes.

    Read once per process: bench.py, windows.py and robustness.py all use them.
    """
    return {
        "us": read_interval_counts(
            path=DATA / "us_bank_calls_5min_2003_first100days.csv.gz", interval_minutes=5
        ),
        "anon": aggregate_calls(
            records=read_call_records(path=DATA / "anonymous_bank_1999_02_calls.tsv.gz"),
            interval_minutes=30,
        ).counts,
    }


def main() -> int:
    if not DATA.is_dir():
        print(f"bench/forecasting: {DATA} is absent; nothing to measure.")
        return 0
    sets = real_counts()
    print("\n## Non-overlapping windows, rolling one day ahead (RMSE per interval)")
    for name, key, first, end in WINDOWS:
        window(name, sets[key], first, end)
    return 0


if __name__ == "__main__":
    sys.exit(main())
