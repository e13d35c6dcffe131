from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kezek.engine.forecasting.aht import AhtForecaster
from kezek.engine.forecasting.calls import aggregate_calls, read_call_records
from kezek.engine.forecasting.models import LevelShapeForecaster
from kezek.engine.forecasting.totals import forecast_totals


def test_aht_is_the_call_weighted_mean_when_no_prior_is_mixed_in(anonymous_bank: Path) -> None:
    stats = aggregate_calls(records=read_call_records(path=anonymous_bank), interval_minutes=30)
    assert stats.counts.handled is not None
    assert stats.counts.aht_s is not None
    days, handled = stats.counts.matrix(stats.counts.handled)
    _, aht = stats.counts.matrix(np.nan_to_num(stats.counts.aht_s))
    model = AhtForecaster(prior_calls=0).fit(days=days, handled=handled, aht_s=aht)
    # 1999-02-01 (a Monday) 10:00-10:30: 45 calls handled in 190.867 s on average
    # (counted with awk on the raw file, see test_calls.py).
    monday = model.predict(days=np.array(["1999-02-08"], dtype="datetime64[D]"))[0]
    assert monday[20] == pytest.approx(190.867, abs=1e-3)
    # 2,952 calls handled over the two days, mean ser_time 160.32 s (awk).
    assert model.overall_aht_s_ == pytest.approx(160.32, abs=0.01)


def test_aht_of_a_quiet_interval_leans_on_the_broader_means() -> None:
    days = np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[D]")
    handled = np.array([[1.0, 100.0], [0.0, 100.0]])
    aht = np.array([[600.0, 200.0], [np.nan, 200.0]])
    model = AhtForecaster(prior_calls=30).fit(days=days, handled=handled, aht_s=aht)
    monday = model.predict(days=days[:1])[0]
    overall = (600 + 200 * 200) / 201
    slot = (600 + 30 * overall) / 31
    assert monday[0] == pytest.approx((600 + 30 * slot) / 31)
    assert 200 < monday[0] < 600


def test_monthly_totals_count_the_working_days_of_each_month() -> None:
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-03-01"))
    days = days[((days.astype(np.int64) + 3) % 7) < 5]  # Monday to Friday
    calls = np.full((days.size, 4), 250.0)  # 1000 calls every working day
    model = LevelShapeForecaster().fit(days=days, calls=calls)
    # Deterministic history: no level error was seen, bands are count noise only.
    assert model.residual_scale_ == (0.5, 0.0)
    totals = forecast_totals(model=model, months=18, period="month")
    assert totals.period_start.size == 18
    assert str(totals.period_start[0]) == "2024-03-01"
    # March 2024 has 21 weekdays, April 22.
    assert totals.calls[:2] == pytest.approx([21_000, 22_000])
    assert np.all(totals.lower_95 <= totals.lower_80)
    assert np.all(totals.upper_80 <= totals.upper_95)


def test_totals_bands_widen_with_the_horizon_when_days_vary() -> None:
    rng = np.random.default_rng(3)
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-04-01"))
    calls = rng.poisson(250.0 * rng.normal(1.0, 0.05, size=(days.size, 1)), size=(days.size, 4))
    model = LevelShapeForecaster().fit(days=days, calls=calls.astype(float))
    totals = forecast_totals(model=model, months=18, period="month")
    widths = (totals.upper_95 - totals.lower_95) / totals.calls
    assert model.residual_scale_[1] > 0
    assert np.all(np.diff(widths[1:]) > 0)  # further out, less certain


def test_totals_bands_come_from_the_daily_totals_not_the_intervals_shapes() -> None:
    # 2,000 calls every day, spread over the intervals differently each day: the
    # intervals vary by about 30 %, the day's total not at all.
    rng = np.random.default_rng(5)
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-03-01"))
    spread = np.linspace(1.0, 8.0, 20) * rng.lognormal(0.0, 0.3, size=(days.size, 20))
    calls = 2000.0 * spread / spread.sum(axis=1, keepdims=True)
    model = LevelShapeForecaster().fit(days=days, calls=calls)

    march = forecast_totals(model=model, months=1, period="month")

    assert model.residual_scale_[1] > 0.03  # the intervals' relative error is large
    assert model.daily_variance_ == pytest.approx(0.0, abs=1e-4)
    assert march.calls[0] == pytest.approx(31 * 2000, rel=1e-6)
    # Count noise only: before, the intervals' shape error made it 0-100,000 calls.
    assert march.lower_80[0] > 0.99 * march.calls[0]
    assert march.upper_80[0] < 1.01 * march.calls[0]


def test_weekly_totals_grow_with_the_planned_growth() -> None:
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-03-04"))
    calls = np.full((days.size, 2), 50.0)  # every day, 100 calls
    model = LevelShapeForecaster().fit(days=days, calls=calls)
    totals = forecast_totals(model=model, months=12, period="week", growth_per_year=0.10)
    assert str(totals.period_start[0]) == "2024-03-04"  # a Monday
    assert totals.calls[0] == pytest.approx(700 * 1.1 ** (4 / 365.25), rel=1e-3)
    assert totals.calls[-2] / totals.calls[0] == pytest.approx(
        1.1 ** ((totals.calls.size - 2) * 7 / 365.25), rel=1e-3
    )
    with pytest.raises(ValueError, match="months must be between 1 and 18, got 19"):
        forecast_totals(model=model, months=19)


def test_monthly_totals_count_declared_days_and_the_calls_a_closure_holds_back() -> None:
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-03-01"))
    weekdays = (days.astype(np.int64) + 3) % 7
    days, weekdays = days[weekdays < 5], weekdays[weekdays < 5]
    # 1000 calls a weekday, Mondays 1180: the weekend holds back 9 % of a day per day.
    calls = np.where(weekdays == 0, 295.0, 250.0)[:, None] * np.ones((1, 4))
    model = LevelShapeForecaster().fit(days=days, calls=calls)
    assert model.carryover_.rate == pytest.approx(0.09)
    plain = forecast_totals(model=model, months=2)
    declared = forecast_totals(
        model=model,
        months=2,
        special_days={date(2024, 3, 12): 0.0, date(2024, 4, 10): 1.3},
    )
    # March 2024: 4 Mondays and 17 other weekdays; April: 5 Mondays and 17.
    assert plain.calls == pytest.approx([21_720, 22_900])
    # Tuesday 12 March closed: its 1000 calls go, Wednesday brings 9 % of a day more.
    # Wednesday 10 April a campaign: 30 % more.
    assert declared.calls == pytest.approx([21_720 - 1000 + 90, 22_900 + 300])
