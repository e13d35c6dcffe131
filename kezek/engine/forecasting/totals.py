"""Weekly and monthly call totals up to 18 months ahead, for capacity planning.

Deliberately simple: each calendar day whose weekday the centre works
(``worked_weekdays_`` of the fitted model) gets the model's daily total (the
sum of its interval forecast: level × weekday factor × calendar day effects),
times its declared special-day factor (0 for a public holiday, whose next day
then gets the calls it held back, as in the interval forecast), grown by a
planner-given yearly growth rate, and the days are summed per ISO week (Monday
start) or calendar month. The level error (the replayed daily totals' relative
error, ``daily_variance_``) is taken as fully shared by the days of a period and
grows with the horizon as in
:class:`~kezek.engine.forecasting.models.LevelShapeForecaster`; bands are
normal approximations. No yearly seasonality is modelled: with less than two
years of history it cannot be estimated; planners add it as ``growth`` or as
day factors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.baselines import weekday
from kezek.engine.forecasting.models import LevelShapeForecaster
from kezek.engine.forecasting.runs import day_factors, declared_closed

__all__ = ["MAX_MONTHS", "PeriodTotals", "forecast_totals"]

MAX_MONTHS = 18
_Z80, _Z95 = 1.2816, 1.9600
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    """Calls per period (week or month), with 80 % and 95 % bands."""

    period_start: npt.NDArray[np.datetime64]
    calls: FloatArray
    lower_80: FloatArray
    upper_80: FloatArray
    lower_95: FloatArray
    upper_95: FloatArray


def forecast_totals(
    *,
    model: LevelShapeForecaster,
    months: int,
    period: str = "month",
    growth_per_year: float = 0.0,
    special_days: Mapping[date, float] | None = None,
) -> PeriodTotals:
    """Total calls per ``period`` ("week" or "month") for ``months`` months after the history.

    Parameters
    ----------
    model : LevelShapeForecaster
        Fitted on the history.
    months : int
        Months ahead, 1 to 18; the first period starts the day after the history.
    growth_per_year : float
        Expected yearly growth of traffic as a fraction (0.1 = +10 % a year).
    special_days : mapping of date to float, optional
        Declared days ahead and their factors: 0 closed, 0.5 half the calls,
        1.3 a campaign.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be between 1 and {MAX_MONTHS}, got {months!r}")
    if period not in ("week", "month"):
        raise ValueError(f"period must be 'week' or 'month', got {period!r}")
    if not growth_per_year > -1:
        raise ValueError(f"growth_per_year must be above -1, got {growth_per_year!r}")
    first = model.last_day_ + np.timedelta64(1, "D")
    end = (first.astype("datetime64[M]") + np.timedelta64(months, "M")).astype("datetime64[D]")
    days = np.arange(first, end, dtype="datetime64[D]")
    days = days[np.isin(weekday(days), model.worked_weekdays_)]
    ahead = (days - model.last_day_).astype(float)
    expected = model.predict(days=days, closed_days=declared_closed(special_days)).sum(axis=1)
    daily = expected * day_factors(days, special_days) * (1.0 + growth_per_year) ** (ahead / 365.25)
    if period == "week":
        keys = days - weekday(days).astype("timedelta64[D]")
    else:
        keys = days.astype("datetime64[M]").astype("datetime64[D]")
    starts, group = np.unique(keys, return_inverse=True)
    calls = np.asarray(np.bincount(group, weights=daily), dtype=float)
    mid_ahead = np.bincount(group, weights=ahead) / np.bincount(group)
    growth = 1.0 + model.level_variance_growth * (mid_ahead - 1.0)
    sd = np.sqrt(calls + model.daily_variance_ * growth * calls**2)
    return PeriodTotals(
        period_start=starts,
        calls=calls,
        lower_80=np.maximum(calls - _Z80 * sd, 0.0),
        upper_80=calls + _Z80 * sd,
        lower_95=np.maximum(calls - _Z95 * sd, 0.0),
        upper_95=calls + _Z95 * sd,
    )
