"""statsforecast MSTL, rolling one day ahead (runs in bench/forecasting/.venv-peers).

Usage: peer_mstl.py IN.npz OUT.npz
IN holds ``calls`` (days × intervals, only the intervals the centre has rows for),
``first`` (index of the first day to forecast), ``seasons`` (season lengths in
intervals) and ``window`` (days of history given to each fit). Each day is
forecast from the observations of the ``window`` days before it, laid end to end
(days without rows are left out, as fpp3 does for these data). The window keeps
the run affordable: MSTL's STL step costs about 0.2-0.5 s per day of history per
fit on the US bank series (169 intervals a day).
"""

from __future__ import annotations

import sys
import time

t_import = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # type: ignore[import-untyped]  # noqa: E402
from statsforecast import StatsForecast  # noqa: E402
from statsforecast.models import MSTL  # noqa: E402

IMPORT_S = time.perf_counter() - t_import


def fit_predict(series: np.ndarray, seasons: list[int], horizon: int) -> np.ndarray:
    frame = pd.DataFrame({"unique_id": "q", "ds": np.arange(series.size), "y": series})
    sf = StatsForecast(models=[MSTL(season_length=seasons)], freq=1, n_jobs=1)
    out = sf.forecast(df=frame, h=horizon)
    return np.asarray(np.maximum(out["MSTL"].to_numpy(), 0.0), dtype=float)


def main() -> None:
    data = np.load(sys.argv[1])
    calls, first, window = data["calls"], int(data["first"]), int(data["window"])
    seasons = [int(s) for s in data["seasons"]]
    width = calls.shape[1]
    t0 = time.perf_counter()
    fit_predict(calls[:first].ravel()[: 3 * seasons[-1]].astype(float), seasons, width)
    warmup_s = time.perf_counter() - t0
    forecasts = []
    t0 = time.perf_counter()
    for i in range(first, calls.shape[0]):
        history = calls[max(i - window, 0) : i].ravel().astype(float)
        forecasts.append(fit_predict(history, seasons, width))
    run_s = time.perf_counter() - t0
    np.savez(
        sys.argv[2], forecast=np.array(forecasts), import_s=IMPORT_S, warmup_s=warmup_s, run_s=run_s
    )


if __name__ == "__main__":
    main()
