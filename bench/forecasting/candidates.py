"""Method selection: rolling one-day-ahead RMSE of candidate forecasters on both real files.

Run with the product venv: ``.venv/bin/python bench/forecasting/candidates.py``.
Candidates: weekday profiles (mean of the last 4 same weekdays), level × shape
variants of Kezek's forecaster without and with SVD denoising (fixed ranks, or
the rank picked per history), and different level smoothing. Prints figures only;
the figures that chose the defaults are quoted in the report of issue 4.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
from windows import DATA, real_counts

from kezek.engine.forecasting import (
    LastFourWeekdaysMean,
    LevelShapeForecaster,
    rmse,
    rolling_backtest,
)
from kezek.engine.forecasting.backtest import DayForecaster

CANDIDATES: dict[str, dict[str, object]] = {
    "level x shape, raw weekday means": {"shape_rank": 0},
    "level x shape, SVD rank 2": {"shape_rank": 2},
    "level x shape, SVD rank 3": {"shape_rank": 3},
    "level x shape, SVD rank 6": {"shape_rank": 6},
    "level x shape, rank per history (default)": {},
    "  same, level smoothing 0.3": {"level_smoothing": 0.3},
    "  same, level smoothing 0.8": {"level_smoothing": 0.8},
    "  same, no shrinkage to all-days shape": {"shape_shrinkage": 0.0},
    "  same, 6 weeks of shapes": {"shape_weeks": 6},
}


def load() -> dict[str, tuple[np.ndarray, np.ndarray, int]]:
    counts = real_counts()
    us, anon = counts["us"], counts["anon"]
    out = {}
    for name, counts, test_days in (("US bank 5-min", us, 30), ("Anon. Bank 30-min", anon, 14)):
        days, calls = counts.matrix()
        out[name] = (days, calls[:, calls.any(axis=0)], test_days)
    return out


def score(
    make: Callable[[], DayForecaster], days: np.ndarray, calls: np.ndarray, test_days: int
) -> float:
    bt = rolling_backtest(make_model=make, days=days, calls=calls, first_day=days[-test_days])
    return rmse(actual=bt.actual, forecast=bt.forecast)


def main() -> int:
    if not DATA.is_dir():
        print(f"{DATA} is absent; nothing to measure.")
        return 0
    sets = load()
    base = {n: score(LastFourWeekdaysMean, *s) for n, s in sets.items()}
    print(f"{'candidate':44s} " + " ".join(f"{n:>26s}" for n in sets) + "   time s")
    print(
        f"{'weekday profile (mean of last 4 same days)':44s} "
        + " ".join(f"{base[n]:17.3f} (+0.0%)" for n in sets)
    )
    for label, params in CANDIDATES.items():
        t0 = time.perf_counter()
        cells = []
        for n, s in sets.items():
            value = score(lambda p=params: LevelShapeForecaster(calibration_days=0, **p), *s)  # type: ignore[misc]
            cells.append(f"{value:17.3f} ({(1 - value / base[n]) * 100:+.1f}%)")
        print(f"{label:44s} " + " ".join(cells) + f" {time.perf_counter() - t0:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
