from __future__ import annotations

import numpy as np

from kezek.engine.forecasting.level_shifts import rescale_level_shifts
from kezek.engine.tests.forecasting.test_unusual_days import every_day


def test_an_ordinary_history_has_no_level_shift() -> None:
    days, calls = every_day(56)
    np.testing.assert_array_equal(rescale_level_shifts(days, calls), calls)


def test_the_days_before_a_lasting_step_are_rescaled_to_the_level_after_it() -> None:
    days, calls = every_day(56)
    calls[40:] *= 1.5
    rescaled = rescale_level_shifts(days, calls)
    np.testing.assert_array_equal(rescaled[40:], calls[40:])
    ratio = rescaled[:40].sum() / calls[:40].sum()
    assert abs(ratio - 1.5) < 0.03
    # Three days after a step are enough; two are not yet.
    assert rescale_level_shifts(days[:43], calls[:43])[0, 0] != calls[0, 0]
    np.testing.assert_array_equal(rescale_level_shifts(days[:42], calls[:42]), calls[:42])
