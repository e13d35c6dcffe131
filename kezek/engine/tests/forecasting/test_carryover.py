from __future__ import annotations

import numpy as np
import pytest

from kezek.engine.forecasting.carryover import (
    Carryover,
    after_closure_prior,
    estimate_carryover,
)
from kezek.engine.forecasting.day_effects import AFTER_CLOSURE, day_classes
from kezek.engine.forecasting.models import LevelShapeForecaster

WEEKDAYS = (0, 1, 2, 3, 4)
SHAPE = np.array([1.0, 2.0, 3.0, 2.0]) / 8.0
# Monday to Friday; Mondays bring 18 % more calls, what the weekend held back.
FACTOR = np.array([1.18, 1.0, 0.98, 1.02, 1.0, 0.0, 0.0])
# Monday to Saturday with a short Saturday (the demo's week).
SHORT_SATURDAY = np.array([1.25, 1.05, 1.0, 0.95, 0.85, 0.3, 0.0])


def weekdays(first: str, last: str) -> np.ndarray:
    days = np.arange(np.datetime64(first), np.datetime64(last))
    return days[np.is_busday(days)]


def centre(days: np.ndarray, factor: np.ndarray = FACTOR) -> np.ndarray:
    weekday = (days.astype(np.int64) + 3) % 7
    return 1000.0 * factor[weekday][:, None] * SHAPE[None, :]


def test_the_rate_is_the_openers_excess_per_day_held_back() -> None:
    days = weekdays("2024-01-01", "2024-03-01")
    found = estimate_carryover(days=days, totals=centre(days).sum(axis=1), worked_weekdays=WEEKDAYS)
    # Monday 1.18 over the median of the other weekdays (1.0): 0.18 over two days off.
    assert found.rate == pytest.approx(0.09)
    np.testing.assert_allclose(found.day_share, FACTOR)


def test_a_short_saturday_holds_back_what_it_does_not_work() -> None:
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-03-01"))
    days = days[(days.astype(np.int64) + 3) % 7 != 6]
    totals = centre(days, SHORT_SATURDAY).sum(axis=1)
    found = estimate_carryover(days=days, totals=totals, worked_weekdays=(0, 1, 2, 3, 4, 5))
    # Typical day: the median 975 calls. Monday 1250 over the median full day (975): 0.282,
    # held back by Sunday (1) and the part of Saturday not worked (1 - 300/975).
    saturday = 1.0 - 300.0 / 975.0
    assert found.rate == pytest.approx((1250.0 / 975.0 - 1.0) / (1.0 + saturday))
    tuesday = np.array(["2024-05-28"], dtype="datetime64[D]")  # after a closed Monday
    prior = after_closure_prior(days=tuesday, after_closure=np.array([True]), carryover=found)
    # The closed Monday, Sunday and the short Saturday: 2.69 days held back, not 2 or 3.
    assert np.exp(prior[0]) == pytest.approx(1.0 + found.rate * (2.0 + saturday))


def test_a_sunday_to_thursday_centre_carries_over_to_its_sunday() -> None:
    days = np.arange(np.datetime64("2024-01-07"), np.datetime64("2024-03-01"))  # from a Sunday
    week = np.array([1.0, 0.98, 1.02, 1.0, 0.0, 0.0, 1.18]) * 1000.0  # Monday..Sunday
    weekday = (days.astype(np.int64) + 3) % 7
    days, totals = days[week[weekday] > 0], week[weekday][week[weekday] > 0]
    found = estimate_carryover(days=days, totals=totals, worked_weekdays=(6, 0, 1, 2, 3))
    assert found.rate == pytest.approx(0.09)  # Friday and Saturday held back 0.18
    monday = np.array(["2024-03-04"], dtype="datetime64[D]")  # after a closed Sunday
    prior = after_closure_prior(days=monday, after_closure=np.array([True]), carryover=found)
    assert np.exp(prior[0]) == pytest.approx(1.27)


def test_a_young_history_has_no_carryover_until_it_has_seen_three_openers() -> None:
    days = weekdays("2024-01-02", "2024-01-20")  # Tuesday 2 to Friday 19 January: two Mondays
    totals = centre(days).sum(axis=1)
    assert estimate_carryover(days=days, totals=totals, worked_weekdays=WEEKDAYS).rate == 0
    days = weekdays("2024-01-02", "2024-01-23")  # a third Monday
    totals = centre(days).sum(axis=1)
    assert estimate_carryover(
        days=days, totals=totals, worked_weekdays=WEEKDAYS
    ).rate == pytest.approx(0.09)


def test_a_centre_open_every_day_or_with_a_quiet_opener_has_no_carryover() -> None:
    every_day = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-03-01"))
    flat = np.full(every_day.size, 1000.0)
    assert (
        estimate_carryover(days=every_day, totals=flat, worked_weekdays=tuple(range(7))).rate == 0
    )
    days = weekdays("2024-01-01", "2024-03-01")
    quiet_monday = np.where((days.astype(np.int64) + 3) % 7 == 0, 900.0, 1000.0)
    assert estimate_carryover(days=days, totals=quiet_monday, worked_weekdays=WEEKDAYS).rate == 0


def test_the_prior_counts_the_days_held_back_against_the_weekdays_own() -> None:
    history = weekdays("2024-04-01", "2024-06-01")
    closed = np.array(["2024-05-10", "2024-05-27"], dtype="datetime64[D]")  # a Friday, a Monday
    history = history[~np.isin(history, closed)]
    after = np.array(["2024-05-13", "2024-05-28", "2024-05-29"], dtype="datetime64[D]")
    classes = day_classes(days=after, history_days=history, worked_weekdays=WEEKDAYS)
    prior = after_closure_prior(
        days=after, after_closure=classes[:, AFTER_CLOSURE], carryover=Carryover(0.09, FACTOR)
    )
    # Monday after a closed Friday: three days held back instead of two; Tuesday after a
    # closed Monday: three instead of none; the Wednesday is an ordinary day.
    np.testing.assert_allclose(np.exp(prior), [1.27 / 1.18, 1.27, 1.0])


def test_two_worked_days_without_rows_in_a_row_are_not_taken_for_a_closure() -> None:
    # The US bank file lacks Friday 4 and Monday 7 April 2003: a gap in the data, and the
    # Tuesday after it was an ordinary Tuesday.
    history = weekdays("2003-03-03", "2003-04-30")
    history = history[~np.isin(history, np.array(["2003-04-04", "2003-04-07"], "datetime64[D]"))]
    tuesday = np.array(["2003-04-08"], dtype="datetime64[D]")
    classes = day_classes(days=tuesday, history_days=history, worked_weekdays=WEEKDAYS)
    assert not classes[0, AFTER_CLOSURE]


def test_the_tuesday_after_a_closed_monday_is_forecast_busier_than_a_tuesday() -> None:
    days = weekdays("2024-01-01", "2024-05-25")  # up to Friday 2024-05-24
    model = LevelShapeForecaster(calibration_days=0).fit(days=days, calls=centre(days))
    assert model.carryover_.rate == pytest.approx(0.09)
    tuesday = np.array(["2024-05-28"], dtype="datetime64[D]")
    # Monday 05-27 had no rows before the origin: closed (Memorial Day).
    after_holiday = model.predict(days=tuesday, origin=tuesday[0])
    ordinary = model.predict(days=tuesday)
    assert ordinary.sum() == pytest.approx(1000.0)
    assert after_holiday.sum() == pytest.approx(1270.0)
    np.testing.assert_allclose(after_holiday[0] / after_holiday.sum(), SHAPE)
