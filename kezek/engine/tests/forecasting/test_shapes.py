from __future__ import annotations

import numpy as np

from kezek.engine.forecasting.shapes import NewHours, adjust_to_new_hours, new_hours

WEEKDAYS = np.arange(21) % 7


def test_an_interval_without_calls_where_nine_were_expected_is_closed_since_then() -> None:
    calls = np.tile([4.0, 10.0, 10.0, 4.0, 0.5], (21, 1))
    calls[-3:, 3] = 0  # 3 x 4 calls expected: closed
    calls[-3:, 4] = 0  # 3 x 0.5 expected: could be chance, stays open
    hours = new_hours(calls, WEEKDAYS)
    assert hours.closed.tolist() == [False, False, False, True, False]
    assert hours.since[3] == 18
    calls[-2, 3] = 1  # one call on one of the three days: still open
    assert not new_hours(calls, WEEKDAYS).closed.any()


def test_an_interval_with_calls_lately_after_a_week_without_any_is_opened() -> None:
    calls = np.tile([4.0, 10.0, 10.0, 0.0, 0.0], (21, 1))
    calls[-5:, 3] = 6  # the centre has stayed open an interval longer for five days...
    calls[-3, 3] = 0  # ...except on the weekday it still closes early
    calls[-3:, 4] = [1, 2, 1]  # a stray call or two a day: not a new interval
    hours = new_hours(calls, WEEKDAYS)
    assert hours.opened.tolist() == [False, False, False, True, False]
    assert hours.since[3] == 16
    assert not hours.closed.any()
    early_closing = WEEKDAYS[-3]
    assert hours.opened_share[early_closing, 3] == 0
    np.testing.assert_allclose(hours.opened_share[WEEKDAYS[-1], 3], 6 / 31)  # 4 + 10 + 10 + 6 + 1
    since_then = [6 / 30, 6 / 30, 0, 6 / 32, 6 / 31]  # a weekday not seen since: all days' mean
    np.testing.assert_allclose(hours.opened_share[WEEKDAYS[0], 3], np.mean(since_then))


def test_the_days_before_new_hours_are_put_on_them() -> None:
    share = np.array([[0.25, 0.25, 0.5, 0.0], [0.25, 0.25, 0.5, 0.0], [0.4, 0.4, 0.0, 0.2]])
    hours = NewHours(
        closed=np.array([False, False, True, False]),
        opened=np.array([False, False, False, True]),
        since=np.array([0, 0, 2, 2]),
        opened_share=np.tile([0.0, 0.0, 0.0, 0.2], (7, 1)),
    )
    adjusted = adjust_to_new_hours(share, np.array([0, 1, 2]), hours)
    np.testing.assert_allclose(adjusted, np.tile([0.4, 0.4, 0.0, 0.2], (3, 1)))
