from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kezek.engine.forecasting.history import parse_interval_counts, read_interval_counts
from kezek.engine.forecasting.runs import forecast_from_origin, forecast_rolling


def sunday_to_thursday_centre() -> list[list[str]]:
    """Six weeks of a centre open Sunday to Thursday, 09:00-11:00 in 30-minute intervals."""
    rows = []
    for day in np.arange(np.datetime64("2024-01-07"), np.datetime64("2024-02-18")):
        if (day.astype(np.int64) + 3) % 7 in (4, 5):  # Friday, Saturday closed
            continue
        for minute, calls in zip((0, 30, 60, 90), (10, 20, 30, 20), strict=True):
            stamp = day.astype("datetime64[m]") + np.timedelta64(9 * 60 + minute, "m")
            rows.append([str(stamp).replace("T", " "), str(calls)])
    return rows


def test_an_origin_forecast_covers_only_the_weekdays_and_hours_the_centre_works() -> None:
    history = parse_interval_counts(
        header=["timestamp", "calls"], rows=sunday_to_thursday_centre(), interval_minutes=30
    )
    rows = forecast_from_origin(history=history, origin=np.datetime64("2024-02-18"), horizon_days=7)
    days = np.unique(rows.start.astype("datetime64[D]")).astype(str).tolist()
    assert days == ["2024-02-18", "2024-02-19", "2024-02-20", "2024-02-21", "2024-02-22"]
    assert rows.start.size == 5 * 4
    assert str(rows.start[0]) == "2024-02-18T09:00"
    np.testing.assert_allclose(rows.calls[:4], [10, 20, 30, 20], atol=1e-6)
    assert np.all(rows.lower_95 <= rows.lower_80)
    assert np.all(rows.upper_80 <= rows.upper_95)


def test_special_days_close_a_day_and_scale_another() -> None:
    history = parse_interval_counts(
        header=["timestamp", "calls"], rows=sunday_to_thursday_centre(), interval_minutes=30
    )
    special = {date(2024, 2, 18): 0.0, date(2024, 2, 19): 1.5}

    plain = forecast_from_origin(
        history=history, origin=np.datetime64("2024-02-18"), horizon_days=2
    )
    rows = forecast_from_origin(
        history=history, origin=np.datetime64("2024-02-18"), horizon_days=2, special_days=special
    )

    assert np.unique(rows.start.astype("datetime64[D]")).astype(str).tolist() == ["2024-02-19"]
    np.testing.assert_allclose(rows.calls, 1.5 * plain.calls[4:])


def test_rolling_leaves_declared_days_out_of_the_fit_and_scales_a_declared_target() -> None:
    rows = sunday_to_thursday_centre()
    campaign_day = "2024-02-05"  # a Monday with 50 % more calls, declared
    busy = [[stamp, str(int(calls) * 3 // 2)] if stamp.startswith(campaign_day) else [stamp, calls]
            for stamp, calls in rows]  # fmt: skip
    history = parse_interval_counts(header=["timestamp", "calls"], rows=busy, interval_minutes=30)
    declared = {date(2024, 2, 5): 1.5, date(2024, 2, 12): 2.0}

    plain = forecast_rolling(history=history, first_day=np.datetime64("2024-02-06"))
    told = forecast_rolling(
        history=history, first_day=np.datetime64("2024-02-06"), special_days=declared
    )

    day = told.start.astype("datetime64[D]")
    ordinary = day == np.datetime64("2024-02-06")
    np.testing.assert_allclose(told.calls[ordinary], [10, 20, 30, 20], atol=1e-6)
    # Undeclared, the busy day lifts the next day (the update is clipped, but not to nothing);
    # far busier, it would be left out as unusual (test_models).
    assert plain.calls[ordinary].sum() > 1.05 * told.calls[ordinary].sum()
    doubled = day == np.datetime64("2024-02-12")
    np.testing.assert_allclose(told.calls[doubled], [20, 40, 60, 40], atol=1e-6)


def test_data_after_the_origin_changes_nothing(us_bank: Path) -> None:
    history = read_interval_counts(path=us_bank, interval_minutes=5)
    origin = np.datetime64("2003-04-01")
    before = forecast_from_origin(history=history, origin=origin, horizon_days=3)
    tampered = history.calls.copy()
    tampered[history.start >= origin.astype("datetime64[m]")] *= 10
    changed = parse_interval_counts(
        header=["timestamp", "calls"],
        rows=([str(s), str(c)] for s, c in zip(history.start, tampered, strict=True)),
        interval_minutes=5,
    )
    after = forecast_from_origin(history=changed, origin=origin, horizon_days=3)
    np.testing.assert_array_equal(before.calls, after.calls)
    np.testing.assert_array_equal(before.upper_95, after.upper_95)


def test_rolling_forecasts_exactly_the_days_and_intervals_with_rows(us_bank: Path) -> None:
    history = read_interval_counts(path=us_bank, interval_minutes=5)
    rows = forecast_rolling(history=history, first_day=np.datetime64("2003-04-03"))
    days = np.unique(rows.start.astype("datetime64[D]")).astype(str).tolist()
    # 04-04 (Good Friday... absent in the data) and 04-07 are skipped, not zero.
    assert days == [
        "2003-04-03",
        "2003-04-08",
        "2003-04-09",
        "2003-04-10",
        "2003-04-11",
        "2003-04-14",
        "2003-04-15",
    ]
    np.testing.assert_array_equal(
        rows.start, history.start[history.start >= np.datetime64("2003-04-03T00:00")]
    )


def test_a_day_forecast_in_a_rolling_run_equals_the_origin_forecast_of_that_day(
    us_bank: Path,
) -> None:
    history = read_interval_counts(path=us_bank, interval_minutes=5)
    rolling = forecast_rolling(history=history, first_day=np.datetime64("2003-04-15"))
    origin = forecast_from_origin(
        history=history, origin=np.datetime64("2003-04-15"), horizon_days=1
    )
    np.testing.assert_allclose(rolling.calls, origin.calls)


def test_too_short_a_history_or_horizon_is_refused(us_bank: Path) -> None:
    history = read_interval_counts(path=us_bank, interval_minutes=5)
    with pytest.raises(ValueError, match="has 5 days with rows; at least 7 are needed"):
        forecast_from_origin(history=history, origin=np.datetime64("2003-03-10"), horizon_days=1)
    with pytest.raises(ValueError, match="horizon_days must be between 1 and 84, got 85"):
        forecast_from_origin(history=history, origin=np.datetime64("2003-04-10"), horizon_days=85)


def monday_to_friday_centre(last: str, busier: tuple[str, float] | None = None) -> list[list[str]]:
    """A centre open Monday to Friday, 09:00-11:00; Mondays bring 18 % more calls (a weekend's)."""
    factor = (1.18, 1.0, 0.98, 1.02, 1.0)
    rows = []
    for day in np.arange(np.datetime64("2024-03-04"), np.datetime64(last)):
        weekday = int((day.astype(np.int64) + 3) % 7)
        if weekday > 4:
            continue
        scale = factor[weekday] * (busier[1] if busier and str(day) == busier[0] else 1.0)
        for minute, calls in zip((0, 30, 60, 90), (10, 20, 30, 20), strict=True):
            stamp = day.astype("datetime64[m]") + np.timedelta64(9 * 60 + minute, "m")
            rows.append([str(stamp).replace("T", " "), f"{calls * scale:.4f}"])
    return rows


def test_the_day_after_a_declared_closure_gets_the_calls_it_held_back() -> None:
    history = parse_interval_counts(
        header=["timestamp", "calls"],
        rows=monday_to_friday_centre("2024-05-25"),
        interval_minutes=30,
    )
    memorial_day = {date(2024, 5, 27): 0.0}
    plain = forecast_from_origin(
        history=history, origin=np.datetime64("2024-05-27"), horizon_days=2
    )
    told = forecast_from_origin(
        history=history,
        origin=np.datetime64("2024-05-27"),
        horizon_days=2,
        special_days=memorial_day,
    )
    assert plain.calls[4:].sum() == pytest.approx(80.0)
    # Mondays carry 9 % of a day per day off; the Tuesday after it, three days held back.
    assert str(told.start[0]) == "2024-05-28T09:00"
    assert told.calls.sum() == pytest.approx(80.0 * 1.27)


def test_a_day_declared_closed_in_the_history_counts_as_a_closure_though_it_has_rows() -> None:
    # The export has zeros for Monday 20 May, a holiday; the Tuesday after brought 27 % more.
    rows = monday_to_friday_centre("2024-05-25", busier=("2024-05-21", 1.27))
    rows = [[stamp, "0" if stamp.startswith("2024-05-20") else calls] for stamp, calls in rows]
    history = parse_interval_counts(header=["timestamp", "calls"], rows=rows, interval_minutes=30)
    told = forecast_from_origin(
        history=history,
        origin=np.datetime64("2024-05-27"),
        horizon_days=1,
        special_days={date(2024, 5, 20): 0.0},
    )
    # Its busy Tuesday is what the closure held back: the level is an ordinary week's.
    assert told.calls.sum() == pytest.approx(80.0 * 1.18)


def test_a_history_that_may_stop_short_of_the_origin_has_no_closure_in_the_gap() -> None:
    history = parse_interval_counts(
        header=["timestamp", "calls"],
        rows=monday_to_friday_centre("2024-05-25"),  # up to Friday 24 May
        interval_minutes=30,
    )
    tuesday = np.datetime64("2024-05-28")
    up_to_origin = forecast_from_origin(history=history, origin=tuesday, horizon_days=1)
    stops_short = forecast_from_origin(
        history=history, origin=tuesday, horizon_days=1, rows_until_origin=False
    )
    # Rows up to the origin: Monday had none, so it was closed and Tuesday gets its calls.
    assert up_to_origin.calls.sum() == pytest.approx(80.0 * 1.27)
    assert stops_short.calls.sum() == pytest.approx(80.0)


def test_a_history_that_stopped_weeks_before_the_origin_still_gives_every_worked_day() -> None:
    history = parse_interval_counts(
        header=["timestamp", "calls"],
        rows=monday_to_friday_centre("2024-05-25"),  # up to Friday 24 May
        interval_minutes=30,
    )
    # Eight weeks later (an import not loaded since): the centre still works Monday to Friday.
    rows = forecast_from_origin(
        history=history,
        origin=np.datetime64("2024-07-22"),
        horizon_days=7,
        rows_until_origin=False,
    )
    days = np.unique(rows.start.astype("datetime64[D]")).astype(str).tolist()
    assert days == ["2024-07-22", "2024-07-23", "2024-07-24", "2024-07-25", "2024-07-26"]
    assert rows.start.size == 5 * 4
    assert str(rows.start[0]) == "2024-07-22T09:00"
