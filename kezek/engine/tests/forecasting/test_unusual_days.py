from __future__ import annotations

import numpy as np

from kezek.engine.forecasting.unusual_days import unusual_days

SHAPE = np.array([1.0, 2.0, 3.0, 2.0]) / 8.0


def every_day(n_days: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """A centre open every day, about 800 Poisson calls a day, Fridays half as busy."""
    rng = np.random.default_rng(seed)
    days = np.datetime64("2024-01-01") + np.arange(n_days).astype("timedelta64[D]")
    friday = (days.astype(np.int64) + 3) % 7 == 4
    level = np.where(friday, 400.0, 800.0)
    return days, rng.poisson(level[:, None] * SHAPE[None, :]).astype(float)


def test_a_day_of_zeros_among_fridays_is_the_only_one_left_out() -> None:
    days, calls = every_day(28)
    calls[11] = 0  # Friday 2024-01-12; the other Fridays are 01-05, 01-19 and 01-26
    found = unusual_days(days, calls)
    assert np.flatnonzero(found.left_out).tolist() == [11]
    assert np.flatnonzero(found.quiet).tolist() == [11]


def test_a_day_with_an_unusual_shape_is_left_out_but_not_counted_as_a_closure() -> None:
    days, calls = every_day(28)
    calls[15, 2:] = 0  # a half day: the afternoon closed
    calls[15, :2] *= 2.5  # with the morning busier, its total looks ordinary
    found = unusual_days(days, calls)
    assert np.flatnonzero(found.left_out).tolist() == [15]
    assert not found.quiet.any()


def test_unusual_days_in_a_row_are_left_out_until_three_make_a_change() -> None:
    days, calls = every_day(28)
    calls[-2:] *= 2.5
    assert np.flatnonzero(unusual_days(days, calls).left_out).tolist() == [26, 27]
    calls[-3] *= 2.5
    assert not unusual_days(days, calls).left_out.any()


def test_an_ordinary_history_has_no_unusual_day() -> None:
    days, calls = every_day(56)
    assert not unusual_days(days, calls).left_out.any()
