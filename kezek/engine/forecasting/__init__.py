"""Traffic forecasting: history parsing, forecasters, backtests and accuracy measures.

Pure numpy (scipy for one small eigen-decomposition); no pandas, statsmodels or
statsforecast, so the engine imports fast. See ``models.py`` for the method and
``bench/forecasting`` for how it was chosen.
"""

from kezek.engine.forecasting.accuracy import coverage, daily_mape, rmse, wape
from kezek.engine.forecasting.aht import AhtForecaster
from kezek.engine.forecasting.backtest import Backtest, DayForecaster, rolling_backtest
from kezek.engine.forecasting.baselines import (
    LastFourWeekdaysMean,
    LevelTimesWeekdayShape,
    SameWeekdayLastWeek,
    weekday,
)
from kezek.engine.forecasting.call_times import (
    CallTimeColumns,
    parse_call_times,
    read_call_times,
)
from kezek.engine.forecasting.calls import (
    ANONYMOUS_BANK_COLUMNS,
    CallColumns,
    CallRecords,
    IntervalStats,
    aggregate_calls,
    parse_call_records,
    read_call_records,
)
from kezek.engine.forecasting.carryover import Carryover, after_closure_prior, estimate_carryover
from kezek.engine.forecasting.day_effects import DAY_CLASSES, day_classes, fit_day_effects
from kezek.engine.forecasting.history import (
    HistoryError,
    IntervalCounts,
    TimestampFormat,
    format_timestamps,
    parse_interval_counts,
    read_interval_counts,
    read_rows,
)
from kezek.engine.forecasting.models import IntervalForecast, LevelShapeForecaster
from kezek.engine.forecasting.runs import ForecastRows, forecast_from_origin, forecast_rolling
from kezek.engine.forecasting.totals import PeriodTotals, forecast_totals
from kezek.engine.io import RowProblem

__all__ = [
    "ANONYMOUS_BANK_COLUMNS",
    "DAY_CLASSES",
    "AhtForecaster",
    "Backtest",
    "CallColumns",
    "CallRecords",
    "CallTimeColumns",
    "Carryover",
    "DayForecaster",
    "ForecastRows",
    "HistoryError",
    "IntervalCounts",
    "IntervalForecast",
    "IntervalStats",
    "LastFourWeekdaysMean",
    "LevelShapeForecaster",
    "LevelTimesWeekdayShape",
    "PeriodTotals",
    "RowProblem",
    "SameWeekdayLastWeek",
    "TimestampFormat",
    "after_closure_prior",
    "aggregate_calls",
    "coverage",
    "daily_mape",
    "day_classes",
    "estimate_carryover",
    "fit_day_effects",
    "forecast_from_origin",
    "forecast_rolling",
    "forecast_totals",
    "format_timestamps",
    "parse_call_records",
    "parse_call_times",
    "parse_interval_counts",
    "read_call_records",
    "read_call_times",
    "read_interval_counts",
    "read_rows",
    "rmse",
    "rolling_backtest",
    "wape",
    "weekday",
]
