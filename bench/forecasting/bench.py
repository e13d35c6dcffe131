"""Rolling one-day-ahead backtest of Kezek's forecaster on two real call centres.

Prints, per data set: RMSE at the interval, WAPE of 30-minute sums, daily-total
MAPE and run time for Kezek, the three planners' baselines and statsforecast
MSTL (in its own venv, a subprocess of this run), the ratio to the best baseline,
and the empirical coverage of Kezek's 80 % / 95 % bands. Figures only.

Timings are wall-clock on a machine other engineers share (2 cores): noisy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import robustness
import windows
from windows import DATA, real_counts

from kezek.engine.forecasting import (
    AhtForecaster,
    DayForecaster,
    IntervalCounts,
    LastFourWeekdaysMean,
    LevelTimesWeekdayShape,
    SameWeekdayLastWeek,
    coverage,
    daily_mape,
    forecast_from_origin,
    forecast_rolling,
    rmse,
    rolling_backtest,
    wape,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PEER_PYTHON = HERE / ".venv-peers" / "bin" / "python"
MSTL_WINDOW_DAYS = 20


@dataclass(frozen=True)
class DataSet:
    name: str
    counts: IntervalCounts
    test_days: int
    seasons: tuple[int, int]  # MSTL: intervals per day, per week (worked days only)


@dataclass(frozen=True)
class Result:
    method: str
    forecast: np.ndarray
    seconds: float
    note: str = ""


def datasets() -> list[DataSet]:
    counts = real_counts()
    us, anon = counts["us"], counts["anon"]
    return [
        DataSet("US bank 2003, 5-min, last 30 days", us, 30, (169, 169 * 5)),
        DataSet("Anonymous Bank 1999-02, 30-min, last 14 days", anon, 14, (48, 48 * 7)),
    ]


def observed(ds: DataSet) -> tuple[np.ndarray, np.ndarray]:
    """Days and calls on the intervals that have rows (US: 07:00-21:00; Anonymous Bank: all)."""
    days, calls = ds.counts.matrix()
    _, has_row = ds.counts.matrix(np.ones_like(ds.counts.calls))
    return days, calls[:, has_row.any(axis=0)]


def run_baselines(ds: DataSet) -> list[Result]:
    days, calls = observed(ds)
    out = []
    makers: list[tuple[str, Callable[[], DayForecaster]]] = [
        ("same weekday last week", SameWeekdayLastWeek),
        ("mean of last 4 same weekdays", LastFourWeekdaysMean),
        ("level last 5 days x shape last 4", LevelTimesWeekdayShape),
    ]
    for name, make in makers:
        t0 = time.perf_counter()
        bt = rolling_backtest(
            make_model=make, days=days, calls=calls, first_day=days[-ds.test_days]
        )
        out.append(Result(name, bt.forecast, time.perf_counter() - t0))
    return out


def run_kezek(ds: DataSet) -> tuple[Result, dict[str, float]]:
    days, calls = observed(ds)
    t0 = time.perf_counter()
    rows = forecast_rolling(history=ds.counts, first_day=days[-ds.test_days])
    seconds = time.perf_counter() - t0
    shape = (ds.test_days, calls.shape[1])
    actual = calls[-ds.test_days :]
    bands = {
        "coverage_80": coverage(
            actual=actual, lower=rows.lower_80.reshape(shape), upper=rows.upper_80.reshape(shape)
        ),
        "coverage_95": coverage(
            actual=actual, lower=rows.lower_95.reshape(shape), upper=rows.upper_95.reshape(shape)
        ),
    }
    return Result("Kezek (LevelShape)", rows.calls.reshape(shape), seconds), bands


def run_mstl(ds: DataSet) -> Result | None:
    if not PEER_PYTHON.exists():
        print("  (statsforecast venv absent: run bench/forecasting/run without --quick)")
        return None
    days, calls = observed(ds)
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.npz", Path(tmp) / "out.npz"
        np.savez(
            source,
            calls=calls,
            first=days.size - ds.test_days,
            seasons=np.array(ds.seasons),
            window=MSTL_WINDOW_DAYS,
        )
        t0 = time.perf_counter()
        subprocess.run(
            [str(PEER_PYTHON), str(HERE / "peer_mstl.py"), str(source), str(target)], check=True
        )
        total = time.perf_counter() - t0
        out = np.load(target)
        note = (
            f"process {total:.1f}s = import {float(out['import_s']):.1f}s + first fit (warm-up) "
            f"{float(out['warmup_s']):.1f}s + rolling {float(out['run_s']):.1f}s; window {MSTL_WINDOW_DAYS} days"
        )
        return Result("statsforecast MSTL", out["forecast"], float(out["run_s"]), note)


def time_cli(ds: DataSet, history: Path) -> float:
    days, _ = observed(ds)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "kezek"),
                "forecast",
                "--history",
                str(history),
                "--interval-minutes",
                str(ds.counts.interval_minutes),
                "--rolling-from",
                str(days[-ds.test_days]),
                "--horizon-days",
                "1",
                "--output",
                str(Path(tmp) / "out.csv"),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "kezek.config.settings"},
        )
        return time.perf_counter() - t0


def report(ds: DataSet, results: list[Result], bands: dict[str, float]) -> None:
    _, calls = observed(ds)
    actual = calls[-ds.test_days :]
    group = 30 // ds.counts.interval_minutes
    scores = {r.method: rmse(actual=actual, forecast=r.forecast) for r in results}
    best_baseline = min(
        v for k, v in scores.items() if not k.startswith(("Kezek", "statsforecast"))
    )
    print(
        f"\n## {ds.name}: {actual.shape[0]} days x {actual.shape[1]} intervals, mean {actual.mean():.1f} calls/interval"
    )
    print(
        f"{'method':36s} {'RMSE':>8s} {'vs best baseline':>17s} {'WAPE 30-min':>12s} {'daily MAPE':>11s} {'time s':>8s}"
    )
    for r in results:
        gain = 1 - scores[r.method] / best_baseline
        print(
            f"{r.method:36s} {scores[r.method]:8.3f} {gain * 100:+16.1f}% "
            f"{wape(actual=actual, forecast=r.forecast, group=group) * 100:11.2f}% "
            f"{daily_mape(actual=actual, forecast=r.forecast) * 100:10.2f}% {r.seconds:8.2f}"
        )
        if r.note:
            print(f"{'':36s} {r.note}")
    if "statsforecast MSTL" in scores:
        k, m = scores["Kezek (LevelShape)"], scores["statsforecast MSTL"]
        print(f"Kezek RMSE / MSTL RMSE = {k / m:.3f}")
    print(
        f"Kezek bands, empirical coverage: 80% -> {bands['coverage_80'] * 100:.1f}%, 95% -> {bands['coverage_95'] * 100:.1f}%"
    )
    print(f"Poisson floor (RMSE if the true rate were known): {np.sqrt(actual.mean()):.3f}")


def horizon_check(ds: DataSet, horizon_days: int = 14) -> None:
    """Weekly origins, ``horizon_days`` ahead: Kezek vs the 4-same-weekday mean, and band coverage."""
    days, calls = observed(ds)
    _, has_row = ds.counts.matrix(np.ones_like(ds.counts.calls))
    slots = has_row.any(axis=0)
    first, last = days[-ds.test_days], days[-1]
    origins = [d for d in days[days >= first] if d + np.timedelta64(horizon_days - 1, "D") <= last]
    origins = origins[:: max(1, len(origins) // 4)][:4]
    actual: list[np.ndarray] = []
    base: list[np.ndarray] = []
    ours: list[np.ndarray] = []
    lo80: list[np.ndarray] = []
    hi80: list[np.ndarray] = []
    lo95: list[np.ndarray] = []
    hi95: list[np.ndarray] = []
    for origin in origins:
        rows = forecast_from_origin(history=ds.counts, origin=origin, horizon_days=horizon_days)
        index = {t: i for i, t in enumerate(rows.start)}
        train = days < origin
        baseline = LastFourWeekdaysMean().fit(days=days[train], calls=calls[train])
        for d in days[(days >= origin) & (days < origin + np.timedelta64(horizon_days, "D"))]:
            stamps = d.astype("datetime64[m]") + (
                np.flatnonzero(slots) * ds.counts.interval_minutes
            ).astype("timedelta64[m]")
            pick = [index[t] for t in stamps]
            actual.append(calls[days == d][0])
            base.append(baseline.predict(days=np.array([d]))[0])
            for out, arr in (
                (ours, rows.calls),
                (lo80, rows.lower_80),
                (hi80, rows.upper_80),
                (lo95, rows.lower_95),
                (hi95, rows.upper_95),
            ):
                out.append(arr[pick])
    a = np.array(actual)
    k, b = rmse(actual=a, forecast=np.array(ours)), rmse(actual=a, forecast=np.array(base))
    c80 = coverage(actual=a, lower=np.array(lo80), upper=np.array(hi80))
    c95 = coverage(actual=a, lower=np.array(lo95), upper=np.array(hi95))
    print(
        f"{horizon_days}-day horizon from {len(origins)} origins ({a.shape[0]} days): Kezek RMSE {k:.3f}, "
        f"mean of last 4 same weekdays {b:.3f} ({(1 - k / b) * 100:+.1f}%); "
        f"coverage 80% -> {c80 * 100:.1f}%, 95% -> {c95 * 100:.1f}%"
    )


def aht_check(test_days: int = 14) -> None:
    """Anonymous Bank, 30-min: AHT per interval, rolling one day ahead, vs the last 4 same weekdays."""
    counts = real_counts()["anon"]
    if counts.handled is None or counts.aht_s is None:  # aggregate_calls always fills them
        raise SystemExit("aggregate_calls gave no handled or aht_s column")
    days, handled = counts.matrix(counts.handled)
    _, aht = counts.matrix(np.nan_to_num(counts.aht_s))
    seconds = handled * aht
    err_k, err_b, weight = 0.0, 0.0, 0.0
    for i in range(days.size - test_days, days.size):
        model = AhtForecaster().fit(days=days[:i], handled=handled[:i], aht_s=aht[:i])
        ours = model.predict(days=days[i : i + 1])[0]
        same = np.flatnonzero((days[:i].astype(np.int64) - days[i].astype(np.int64)) % 7 == 0)[-4:]
        n = handled[same].sum(axis=0)
        base = np.divide(
            seconds[same].sum(axis=0), n, out=np.full(n.shape, model.overall_aht_s_), where=n > 0
        )
        err_k += float((handled[i] * np.abs(ours - aht[i])).sum())
        err_b += float((handled[i] * np.abs(base - aht[i])).sum())
        weight += float(handled[i].sum())
    print(
        f"AHT per 30-min interval, Anonymous Bank, last {test_days} days (call-weighted MAE): "
        f"Kezek {err_k / weight:.1f} s, last 4 same weekdays {err_b / weight:.1f} s "
        f"({(1 - err_k / err_b) * 100:+.1f}%)"
    )


def main() -> int:
    if not DATA.is_dir():
        print(f"bench/forecasting: {DATA} is absent; nothing to measure.")
        return 0
    quick = "--quick" in sys.argv
    print(
        f"bench/forecasting  (load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; timings noisy)"
    )
    for ds in datasets():
        results = run_baselines(ds)
        kezek, bands = run_kezek(ds)
        results.append(kezek)
        mstl = None if quick else run_mstl(ds)
        if mstl is not None:
            results.append(mstl)
        report(ds, results, bands)
        horizon_check(ds, horizon_days=14 if ds.test_days >= 28 else 7)
    aht_check()
    windows.main()
    robustness.main()
    us = datasets()[0]
    cli_s = time_cli(us, DATA / "us_bank_calls_5min_2003_first100days.csv.gz")
    print(
        f"\n`kezek forecast --rolling-from` on the US bank (30 days, whole process incl. Django start): {cli_s:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
