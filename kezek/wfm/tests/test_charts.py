"""Chart series stop where the centre is closed and show a sparse export's quiet intervals as 0."""

from __future__ import annotations

from datetime import datetime, timedelta

from kezek.wfm.charts import broken_at_gaps, with_quiet_intervals

HALF_HOUR = timedelta(minutes=30)


def at(wall_clock: str) -> datetime:
    """A local wall-clock time, as the chart shows it (no time zone)."""
    return datetime.fromisoformat(wall_clock)


def test_a_line_stops_after_the_last_interval_of_a_day_and_resumes_the_next_morning() -> None:
    moments = [
        at("2026-03-06 19:00"),
        at("2026-03-06 19:30"),
        at("2026-03-09 08:00"),  # Monday, after a closed weekend
        at("2026-03-09 08:30"),
    ]

    labels, (calls, upper) = broken_at_gaps(
        moments, HALF_HOUR, [4.0, 3.0, 9.0, 12.0], [6, 5, 13, 17]
    )

    assert labels == [
        "2026-03-06 19:00",
        "2026-03-06 19:30",
        "2026-03-06 20:00",
        "2026-03-09 08:00",
        "2026-03-09 08:30",
    ]
    assert calls == [4.0, 3.0, None, 9.0, 12.0]
    assert upper == [6, 5, None, 13, 17]


def test_a_lunch_closure_within_a_day_breaks_the_line_too() -> None:
    moments = [at("2026-03-09 12:00"), at("2026-03-09 14:00")]

    labels, (calls,) = broken_at_gaps(moments, HALF_HOUR, [5.0, 7.0])

    assert labels == ["2026-03-09 12:00", "2026-03-09 12:30", "2026-03-09 14:00"]
    assert calls == [5.0, None, 7.0]


def test_intervals_a_sparse_export_left_out_within_a_day_are_zero_but_the_night_is_not() -> None:
    points = [
        (at("2026-03-09 08:00"), 2.0),
        (at("2026-03-09 09:30"), 1.0),  # 08:30 and 09:00 had no call
        (at("2026-03-10 08:00"), 3.0),
    ]

    filled = with_quiet_intervals(points, HALF_HOUR)

    assert filled == [
        (at("2026-03-09 08:00"), 2.0),
        (at("2026-03-09 08:30"), 0.0),
        (at("2026-03-09 09:00"), 0.0),
        (at("2026-03-09 09:30"), 1.0),
        (at("2026-03-10 08:00"), 3.0),
    ]
