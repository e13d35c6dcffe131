"""Properties of add and between (hypothesis), and a brute-force cross-check.

The brute force counts working hours one UTC hour at a time by reading the local wall clock,
independently of the calendar's interval arithmetic and week jumps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kezek.engine.calendars import BusinessCalendar
from kezek.engine.tests.calendars.support import (
    ALMATY,
    ALWAYS,
    NEW_YORK,
    OFFICE_HOURS,
    SHANGHAI,
    SOFIA,
    SOFIA_HOLIDAYS_2024,
)

HAVANA = ZoneInfo("America/Havana")  # clocks change at midnight (00:00 -> 01:00, 01:00 -> 00:00)

NEW_YORK_HOURS = {
    **{d: [(time(9), time(12)), (time(13), time(17))] for d in range(5)},
    5: [(time(22), time(0))],
    6: [(time(0), time(6))],
}
CALENDARS = {
    "sofia office": BusinessCalendar("Europe/Sofia", OFFICE_HOURS, SOFIA_HOLIDAYS_2024),
    "new york shifts": BusinessCalendar(
        "America/New_York", NEW_YORK_HOURS, [date(2024, 7, 4), date(2024, 11, 28)]
    ),
    "sofia 24/7": BusinessCalendar("Europe/Sofia", ALWAYS, []),
    # Boundaries inside Sofia's repeated hour and spring gap (03:00-04:00).
    "sofia odd": BusinessCalendar(
        "Europe/Sofia",
        {0: [(time(0), time(0))], 6: [(time(1), time(3, 30)), (time(3, 45), time(5))]},
        [],
    ),
    "havana midnight": BusinessCalendar(
        "America/Havana",
        {5: [(time(23), time(0))], 6: [(time(0), time(0, 30)), (time(1), time(2))]},
    ),
    "shanghai office": BusinessCalendar("Asia/Shanghai", OFFICE_HOURS, [date(2024, 10, 1)]),
}
ZONES = [UTC, SOFIA, NEW_YORK, ALMATY, SHANGHAI, HAVANA]
# Clock changes the draws should crowd around (UTC instants, 2024).
TRANSITIONS = [
    datetime(2024, 3, 10, 7, tzinfo=UTC),  # New York spring
    datetime(2024, 11, 3, 6, tzinfo=UTC),  # New York fall
    datetime(2024, 3, 31, 1, tzinfo=UTC),  # Sofia spring
    datetime(2024, 10, 27, 1, tzinfo=UTC),  # Sofia fall
    datetime(2024, 3, 10, 5, tzinfo=UTC),  # Havana spring (00:00 CST)
    datetime(2024, 11, 3, 5, tzinfo=UTC),  # Havana fall (01:00 CDT)
]

anywhere = st.datetimes(
    min_value=datetime(2023, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive by design)
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from(ZONES),
)
near_a_change = st.builds(
    lambda instant, shift, zone: (instant + shift).astimezone(zone),
    st.sampled_from(TRANSITIONS),
    st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=3)),
    st.sampled_from(ZONES),
)
moments = st.one_of(anywhere, near_a_change)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=600))
calendars = st.sampled_from(sorted(CALENDARS))
PROPERTY = settings(max_examples=150, deadline=None, database=None)


def in_utc(moment: datetime) -> datetime:
    """The moment in UTC, for comparisons.

    Python compares two datetimes of one zone by wall clock, ignoring ``fold``, and never finds
    a moment of a repeated hour equal to one in another zone (PEP 495); UTC has neither issue.
    """
    return moment.astimezone(UTC)


@PROPERTY
@given(name=calendars, start=moments, duration=durations)
def test_between_measures_exactly_what_add_added(
    name: str, start: datetime, duration: timedelta
) -> None:
    calendar = CALENDARS[name]

    deadline = calendar.add(start, duration)

    assert calendar.between(start, deadline) == duration
    assert in_utc(deadline) >= in_utc(start)
    assert deadline is start if not duration else deadline.tzinfo is calendar.zone
    if duration:
        # The deadline is the earliest such moment: one microsecond earlier falls short.
        assert calendar.between(start, deadline - timedelta(microseconds=1)) < duration


@PROPERTY
@given(name=calendars, start=moments, first=durations, second=durations)
def test_add_is_monotone_in_the_duration(
    name: str, start: datetime, first: timedelta, second: timedelta
) -> None:
    calendar = CALENDARS[name]
    shorter, longer = sorted((first, second))

    assert in_utc(calendar.add(start, shorter)) <= in_utc(calendar.add(start, longer))


@PROPERTY
@given(name=calendars, first=moments, second=moments, duration=durations)
def test_add_is_monotone_in_the_start(
    name: str, first: datetime, second: datetime, duration: timedelta
) -> None:
    calendar = CALENDARS[name]
    earlier, later = sorted((first, second), key=in_utc)

    assert in_utc(calendar.add(earlier, duration)) <= in_utc(calendar.add(later, duration))


@PROPERTY
@given(name=calendars, a=moments, b=moments, c=moments)
def test_between_is_additive_and_antisymmetric(
    name: str, a: datetime, b: datetime, c: datetime
) -> None:
    calendar = CALENDARS[name]

    assert calendar.between(a, b) + calendar.between(b, c) == calendar.between(a, c)
    assert calendar.between(b, a) == -calendar.between(a, b)


@PROPERTY
@given(start=moments, duration=durations)
def test_a_24_7_calendar_is_real_time(start: datetime, duration: timedelta) -> None:
    calendar = CALENDARS["sofia 24/7"]
    # Real time: add in UTC (aware arithmetic within one zone is wall-clock arithmetic).
    later = start.astimezone(UTC) + duration

    assert in_utc(calendar.add(start, duration)) == later
    assert calendar.between(start, later) == duration


def brute_force_hours(
    calendar_hours: dict[int, list[tuple[time, time]]],
    holidays: set[date],
    zone: ZoneInfo,
    start: datetime,
    hours: int,
) -> int:
    """Working hours among ``hours`` whole UTC hours from ``start``, read off the wall clock.

    Valid for windows on whole hours in zones with whole-hour offsets whose window bounds
    avoid the repeated hour (then "the wall clock reads a working time" is the definition).
    """
    count = 0
    for step in range(hours):
        wall = (start + timedelta(hours=step)).astimezone(zone)
        if wall.date() in holidays:
            continue
        for lo, hi in calendar_hours.get(wall.weekday(), []):
            if lo <= wall.time() and (hi == time(0) or wall.time() < hi):
                count += 1
                break
    return count


@pytest.mark.parametrize(
    ("name", "hours", "holidays", "zone"),
    [
        ("sofia office", OFFICE_HOURS, set(SOFIA_HOLIDAYS_2024), SOFIA),
        ("new york shifts", NEW_YORK_HOURS, {date(2024, 7, 4), date(2024, 11, 28)}, NEW_YORK),
    ],
)
@settings(max_examples=60, deadline=None, database=None)
@given(
    start_hour=st.integers(min_value=0, max_value=366 * 24 - 1),
    span_hours=st.integers(min_value=0, max_value=45 * 24),
)
def test_between_matches_a_brute_force_count_of_wall_clock_hours(
    name: str,
    hours: dict[int, list[tuple[time, time]]],
    holidays: set[date],
    zone: ZoneInfo,
    start_hour: int,
    span_hours: int,
) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=start_hour)

    expected = brute_force_hours(hours, holidays, zone, start, span_hours)

    assert CALENDARS[name].between(start, start + timedelta(hours=span_hours)) == timedelta(
        hours=expected
    )
