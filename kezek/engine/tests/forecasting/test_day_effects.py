from __future__ import annotations

import numpy as np
import pytest

from kezek.engine.forecasting.day_effects import day_classes, fit_day_effects
from kezek.engine.forecasting.models import LevelShapeForecaster

WEEKDAYS = (0, 1, 2, 3, 4)
SHAPE = np.array([1.0, 2.0, 3.0, 2.0]) / 8.0


def weekdays(first: str, last: str) -> np.ndarray:
    days = np.arange(np.datetime64(first), np.datetime64(last))
    return days[np.is_busday(days)]


def test_working_days_of_the_month_count_rows_and_a_closure_is_seen() -> None:
    # 2003 calendar (fpp3 bank_calls has no rows on Memorial Day, Monday 2003-05-26).
    history = weekdays("2003-04-01", "2003-06-03")
    history = history[history != np.datetime64("2003-05-26")]
    days = np.array(["2003-04-01", "2003-04-02", "2003-04-30", "2003-05-27"], dtype="datetime64[D]")
    classes = day_classes(days=days, history_days=history, worked_weekdays=WEEKDAYS)
    assert classes.astype(int).tolist() == [
        [1, 0, 0, 0, 0],  # first working day of April
        [0, 1, 0, 0, 0],
        [0, 0, 0, 1, 0],  # last working day of April
        [0, 0, 0, 0, 1],  # Tuesday after the closed Monday
    ]


def test_days_after_the_history_are_classed_from_the_worked_weekdays() -> None:
    history = weekdays("2003-05-01", "2003-05-24")  # up to Friday 2003-05-23
    # Forecast from Tuesday 05-27: Monday 05-26 had no rows before the origin: closed.
    target = np.array(["2003-05-27", "2003-05-30", "2003-06-02"], dtype="datetime64[D]")
    classes = day_classes(
        days=target, history_days=history, worked_weekdays=WEEKDAYS, known_until=target[0]
    )
    assert classes.astype(int).tolist() == [[0, 0, 0, 0, 1], [0, 0, 0, 1, 0], [1, 0, 0, 0, 0]]
    # A centre open every day: the last day of the month is the 31st, whatever its weekday.
    every_day = np.arange(np.datetime64("2024-03-01"), np.datetime64("2024-03-29"))
    last = day_classes(
        days=np.array(["2024-03-31"], dtype="datetime64[D]"),
        history_days=every_day,
        worked_weekdays=tuple(range(7)),
    )
    assert last.astype(int).tolist() == [[0, 0, 0, 1, 0]]


def test_a_history_starting_mid_month_has_no_working_day_number_that_month() -> None:
    history = weekdays("2003-03-05", "2003-04-04")
    classes = day_classes(days=history[:2], history_days=history, worked_weekdays=WEEKDAYS)
    assert not classes.any()


def month_start_centre(uplift: float) -> tuple[np.ndarray, np.ndarray]:
    """Weekdays Jan-May 2024, 1000 calls a day, ``uplift`` more on each month's first working day."""
    days = weekdays("2024-01-01", "2024-05-31")
    first = np.r_[True, days[1:].astype("datetime64[M]") != days[:-1].astype("datetime64[M]")]
    totals = 1000.0 * np.where(first, 1.0 + uplift, 1.0)
    return days, totals[:, None] * SHAPE[None, :]


def test_a_month_start_uplift_is_learnt_shrunk_by_the_ridge_penalty() -> None:
    days, calls = month_start_centre(0.2)
    classes = day_classes(days=days, history_days=days, worked_weekdays=WEEKDAYS)
    effects = fit_day_effects(days=days, totals=calls.sum(axis=1), classes=classes, penalty=1.0)
    # Five month starts, log ratio ln 1.2 each, ridge penalty 1: 5 ln 1.2 / (5 + 1).
    assert effects[0] == pytest.approx(5 * np.log(1.2) / 6)
    assert effects[1:].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_the_forecast_of_a_month_start_carries_the_learnt_uplift() -> None:
    days, calls = month_start_centre(0.2)
    model = LevelShapeForecaster().fit(days=days, calls=calls)
    june = model.predict(days=np.array(["2024-05-31", "2024-06-03"], dtype="datetime64[D]"))
    # The shrunk effect leaves a little of each uplift in the level (within 0.5 %).
    assert june[0].sum() == pytest.approx(1000.0, rel=5e-3)
    assert june[1].sum() == pytest.approx(1000.0 * 1.2 ** (5 / 6), rel=5e-3)
    plain = LevelShapeForecaster(day_effects=False).fit(days=days, calls=calls)
    assert plain.day_effect_.tolist() == [1.0] * 5


def test_a_centre_without_calendar_effects_gets_none() -> None:
    days, calls = month_start_centre(0.0)
    model = LevelShapeForecaster().fit(days=days, calls=calls)
    assert model.day_effect_.tolist() == [1.0] * 5
