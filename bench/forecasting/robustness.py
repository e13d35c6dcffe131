"""Robustness: the real histories with undeclared holidays, spikes, level shifts, new hours.

A real centre's history is rarely clean: bank holidays with a few calls, a day
of zeros in an export, a half day, a one-day campaign, a client won or lost,
new opening hours. Each scenario alters the real files of ``windows.py`` in one
such way, then forecasts every day of the same windows one day ahead from the
days before it only, with Kezek and the planners' three baselines. Days that
were altered themselves are not scored (nobody forecasts an undeclared
holiday); the days after them are, and lasting changes are scored on every day.

Run with the product venv: ``.venv/bin/python bench/forecasting/robustness.py``
(about a minute). Figures only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, Self

import numpy as np
from windows import DATA, real_counts

from kezek.engine.forecasting import (
    LastFourWeekdaysMean,
    LevelShapeForecaster,
    LevelTimesWeekdayShape,
    SameWeekdayLastWeek,
    rmse,
    rolling_backtest,
)

WINDOWS = (("us", 20, 50), ("us", 50, 70), ("us", 70, 100), ("anon", 14, 28), ("anon", 10, 28))
Alter = Callable[[np.ndarray, int], None]  # changes calls in place from day index i


def _scale_day(factor: float) -> Alter:
    def alter(calls: np.ndarray, i: int) -> None:
        calls[i] *= factor

    return alter


def _half_day(calls: np.ndarray, i: int) -> None:
    calls[i, calls.shape[1] // 2 :] = 0


def _step(factor: float) -> Alter:
    def alter(calls: np.ndarray, i: int) -> None:
        calls[i:] *= factor

    return alter


def _growth(calls: np.ndarray, i: int) -> None:
    calls *= (1.005 ** np.arange(calls.shape[0]))[:, None]


def _earlier_closing(calls: np.ndarray, i: int) -> None:
    calls[i:, 3 * calls.shape[1] // 4 :] = 0


def _later_closing(calls: np.ndarray, i: int) -> None:
    calls[:i, 3 * calls.shape[1] // 4 :] = 0


# (name, alteration, lasting): isolated alterations hit a day a week (US) or every
# fifth day (Anonymous Bank), from three days before the window on.
SCENARIOS: tuple[tuple[str, Alter | None, bool], ...] = (
    ("as recorded", None, False),
    ("holidays with 25 % of the calls", _scale_day(0.25), False),
    ("days of zeros", _scale_day(0.0), False),
    ("half days", _half_day, False),
    ("one-day spikes x1.8", _scale_day(1.8), False),
    ("lasting step +30 %", _step(1.3), True),
    ("lasting step -30 %", _step(0.7), True),
    ("lasting step +70 %", _step(1.7), True),
    ("growth 0.5 % a day", _growth, True),
    ("last quarter of the day closed", _earlier_closing, True),
    ("last quarter of the day opened", _later_closing, True),
)


class _Kezek:
    """Kezek's point forecast in the baselines' fit/predict protocol."""

    def fit(self, *, days: np.ndarray, calls: np.ndarray) -> Self:
        self.model = LevelShapeForecaster(calibration_days=0).fit(days=days, calls=calls)
        return self

    def predict(self, *, days: np.ndarray) -> np.ndarray:
        return self.model.predict(days=days, origin=days[0])


def _score(
    make: Callable[[], Any], days: np.ndarray, calls: np.ndarray, first: int, scored: np.ndarray
) -> float:
    bt = rolling_backtest(make_model=make, days=days, calls=calls, first_day=days[first])
    return rmse(actual=bt.actual[scored], forecast=bt.forecast[scored])


def scenario(
    name: str, alter: Alter | None, lasting: bool, sets: dict[str, tuple[np.ndarray, np.ndarray]]
) -> None:
    cells = []
    t0 = time.perf_counter()
    for key, first, end in WINDOWS:
        days, calls = sets[key]
        days, calls = days[:end], calls[:end].copy()
        altered: list[int] = []
        if alter is not None and lasting:
            alter(calls, first - 3)
        elif alter is not None:
            altered = list(range(first - 3, end, 7 if key == "us" else 5))
            for i in altered:
                alter(calls, i)
        scored = np.array([i not in altered for i in range(first, end)])
        ours = _score(_Kezek, days, calls, first, scored)
        best = min(
            _score(make, days, calls, first, scored)
            for make in (SameWeekdayLastWeek, LastFourWeekdaysMean, LevelTimesWeekdayShape)
        )
        cells.append(f"{ours:6.2f} / {best:6.2f} {(1 - ours / best) * 100:+5.1f}%")
    print(f"| {name} | " + " | ".join(cells) + f" | {time.perf_counter() - t0:4.1f} s |")


def main() -> int:
    if not DATA.is_dir():
        print(f"bench/forecasting: {DATA} is absent; nothing to measure.")
        return 0
    sets = {}
    for key, history in real_counts().items():
        days, calls = history.matrix()
        sets[key] = (days, calls[:, calls.any(axis=0)])
    print("\n## Robustness: Kezek / best baseline RMSE and the gain, rolling one day ahead")
    print("| scenario | " + " | ".join(f"{k} {a}-{b}" for k, a, b in WINDOWS) + " | time |")
    print("|---" * (len(WINDOWS) + 2) + "|")
    for name, alter, lasting in SCENARIOS:
        scenario(name, alter, lasting, sets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
