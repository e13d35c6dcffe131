"""Shift templates, the break rule and candidate expansion on the grid."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from kezek.engine.scheduling import (
    BreakRule,
    RequirementGrid,
    ShiftTemplate,
    break_segments_per_shift,
    expand_candidates,
    parse_hhmm,
    uncovered_required_intervals,
)

from .conftest import day_grid


def test_parse_hhmm_reads_minutes_after_midnight() -> None:
    assert parse_hhmm("07:30", field="earliest_start") == 450
    assert parse_hhmm("23:59", field="x") == 1439


@pytest.mark.parametrize("text", ["24:00", "7.30", "", "07:60", "ab:cd"])
def test_parse_hhmm_rejects_malformed_times_naming_the_field(text: str) -> None:
    with pytest.raises(ValueError, match="earliest_start must be a time HH:MM"):
        parse_hhmm(text, field="earliest_start")


def test_five_minutes_per_full_paid_hour_gives_seven_segments_for_seven_and_a_half_hours() -> None:
    # 8 h shift with a 30-minute unpaid lunch: 7.5 paid hours -> 7 full hours -> 35 min.
    template = ShiftTemplate("day", 480, 480, 15, 480, 30)
    assert break_segments_per_shift(template=template, rule=BreakRule()) == 7


def test_template_rejects_a_lunch_as_long_as_the_shift() -> None:
    with pytest.raises(ValueError, match="shift template 'x': lunch_minutes"):
        ShiftTemplate("x", 480, 480, 15, 240, 240)


def test_default_lunch_window_is_an_hour_either_side_of_the_centre() -> None:
    template = ShiftTemplate("day", 480, 480, 15, 510, 30)
    # Centre start (510 - 30) / 2 = 240 min; window 180..300 min after the start.
    assert template.lunch_window() == (180, 300)


def test_a_latest_start_before_the_earliest_wraps_past_midnight() -> None:
    template = ShiftTemplate("night", 22 * 60, 1 * 60, 60, 480, 0)
    assert template.start_minutes() == [1320, 1380, 1440, 1500]


def test_expansion_places_every_start_on_every_day_of_the_grid() -> None:
    grid = day_grid([1] * 48, interval_minutes=60)  # two days of hours
    template = ShiftTemplate("d", 8 * 60, 10 * 60, 60, 240, 0)
    candidates = expand_candidates(templates=(template,), grid=grid)
    assert candidates.start_interval.tolist() == [8, 9, 10, 32, 33, 34]


def test_templates_off_the_grid_are_rejected_naming_the_template_and_field() -> None:
    grid = day_grid([1] * 96, interval_minutes=15)
    with pytest.raises(
        ValueError, match="'odd': earliest_start \\(490 min\\) is not on the 15-minute grid"
    ):
        expand_candidates(templates=(ShiftTemplate("odd", 490, 490, 15, 240, 0),), grid=grid)


def test_required_intervals_no_template_reaches_are_reported() -> None:
    grid = day_grid([1] * 24)
    candidates = expand_candidates(templates=(ShiftTemplate("d", 480, 480, 60, 480, 0),), grid=grid)
    assert uncovered_required_intervals(candidates=candidates, grid=grid).tolist() == [
        *range(8),
        *range(16, 24),
    ]


def _local_grid(day: dt.date, zone: str, interval_minutes: int) -> RequirementGrid:
    tz = ZoneInfo(zone)
    start = dt.datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(dt.UTC)
    end = (dt.datetime(day.year, day.month, day.day, tzinfo=tz) + dt.timedelta(days=1)).astimezone(
        dt.UTC
    )
    n = int((end - start).total_seconds() // 60 // interval_minutes)
    local = [(start + dt.timedelta(minutes=interval_minutes * k)).astimezone(tz) for k in range(n)]
    return RequirementGrid(
        interval_minutes=interval_minutes,
        required_agents=np.ones(n, dtype=np.int64),
        wall_days=np.array([t.date().toordinal() for t in local], dtype=np.int64),
        wall_minutes=np.array([t.hour * 60 + t.minute for t in local], dtype=np.int64),
    )


def test_spring_forward_day_has_23_hours_and_a_start_in_the_gap_moves_after_it() -> None:
    # Europe/Berlin skips 02:00-03:00 on 2024-03-31.
    grid = _local_grid(dt.date(2024, 3, 31), "Europe/Berlin", 15)
    assert grid.n_intervals == 92
    template = ShiftTemplate("n", 2 * 60 + 30, 2 * 60 + 30, 15, 120, 0)
    candidates = expand_candidates(templates=(template,), grid=grid)
    # Interval 8 is 03:00 local, the first after the skipped hour.
    assert candidates.start_interval.tolist() == [8]


def test_fall_back_day_has_25_hours_and_a_start_in_the_repeated_hour_takes_the_first() -> None:
    # Europe/Berlin repeats 02:00-03:00 on 2024-10-27.
    grid = _local_grid(dt.date(2024, 10, 27), "Europe/Berlin", 15)
    assert grid.n_intervals == 100
    template = ShiftTemplate("n", 2 * 60 + 30, 2 * 60 + 30, 15, 120, 0)
    candidates = expand_candidates(templates=(template,), grid=grid)
    assert candidates.start_interval.tolist() == [10]
    late = expand_candidates(
        templates=(ShiftTemplate("l", 20 * 60, 20 * 60, 15, 240, 0),), grid=grid
    )
    # 20:00 is 21 elapsed hours after midnight on a 25-hour day.
    assert late.start_interval.tolist() == [21 * 4]


def test_a_template_limited_to_weekdays_offers_no_weekend_starts() -> None:
    # Friday 2026-11-27 to Sunday 2026-11-29, one 60-minute interval at 09:00 each day.
    days = [dt.date(2026, 11, 27), dt.date(2026, 11, 28), dt.date(2026, 11, 29)]
    grid = RequirementGrid(
        interval_minutes=60,
        required_agents=np.array([1, 1, 1], dtype=np.int64),
        wall_days=np.array([d.toordinal() for d in days], dtype=np.int64),
        wall_minutes=np.array([540, 540, 540], dtype=np.int64),
    )
    office = ShiftTemplate(
        name="Office",
        earliest_start_minute=540,
        latest_start_minute=540,
        start_step_minutes=60,
        length_minutes=60,
        weekdays=frozenset(range(5)),
    )

    candidates = expand_candidates(templates=(office,), grid=grid)

    assert candidates.start_interval.tolist() == [0]  # Friday only
    assert uncovered_required_intervals(candidates=candidates, grid=grid).tolist() == [1, 2]


def test_weekdays_outside_monday_to_sunday_are_refused() -> None:
    with pytest.raises(ValueError, match="weekdays must be 0"):
        ShiftTemplate(
            name="Bad",
            earliest_start_minute=0,
            latest_start_minute=0,
            start_step_minutes=60,
            length_minutes=60,
            weekdays=frozenset({7}),
        )
