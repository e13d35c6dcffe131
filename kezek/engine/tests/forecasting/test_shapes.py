from __future__ import annotations

import numpy as np

from kezek.engine.forecasting.shapes import close_intervals, newly_closed

WEEKDAYS = np.arange(21) % 7


def test_an_interval_without_calls_where_three_were_expected_three_days_running_is_closed() -> None:
    calls = np.tile([4.0, 10.0, 10.0, 4.0, 0.5], (21, 1))
    calls[-3:, 3] = 0  # 4 calls expected each day: closed
    calls[-3:, 4] = 0  # 0.5 expected: could be chance, stays open
    assert newly_closed(calls, WEEKDAYS).tolist() == [False, False, False, True, False]
    calls[-2, 3] = 1  # one call on one of the three days: still open
    assert not newly_closed(calls, WEEKDAYS).any()


def test_closing_intervals_renormalises_each_shape_and_keeps_unseen_weekdays() -> None:
    shapes = np.array([[0.25, 0.25, 0.5], [np.nan, np.nan, np.nan]])
    closed = np.array([False, False, True])
    out = close_intervals(shapes, closed)
    np.testing.assert_allclose(out[0], [0.5, 0.5, 0.0])
    assert np.isnan(out[1]).all()
