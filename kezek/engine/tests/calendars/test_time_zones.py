"""BusinessCalendar across DST changes and with inputs in other zones.

Transitions used (IANA tz database):
- Europe/Sofia 2024: Sun 31 March 03:00 EET -> 04:00 EEST (01:00 UTC);
  Sun 27 October 04:00 EEST -> 03:00 EET (01:00 UTC).
- America/New_York 2024: Sun 10 March 02:00 EST -> 03:00 EDT (07:00 UTC);
  Sun 3 November 02:00 EDT -> 01:00 EST (06:00 UTC).
- Asia/Shanghai: UTC+8, no DST. Asia/Almaty: UTC+6 all through 2023 (it moved to UTC+5 on
  1 March 2024, so the tests use 2023 to hold under any tz database version).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from kezek.engine.calendars import BusinessCalendar
from kezek.engine.tests.calendars.support import (
    ALMATY,
    NEW_YORK,
    OFFICE_HOURS,
    SHANGHAI,
    SOFIA,
    sofia_always,
)

H = timedelta(hours=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def sunday_only(zone: str, start: time, end: time) -> BusinessCalendar:
    return BusinessCalendar(zone, {6: [(start, end)]}, [])


def overnight_saturday(zone: str) -> BusinessCalendar:
    # A weekend night shift: Saturday 22:00-00:00 and Sunday 00:00-06:00 (8 h on the wall).
    return BusinessCalendar(zone, {5: [(time(22), time(0))], 6: [(time(0), time(6))]}, [])


@pytest.mark.parametrize(
    ("zone", "day", "start", "end", "expected"),
    [
        # NY spring: 01:00 EST (06:00 UTC) to 03:00 EDT (07:00 UTC) is one real hour.
        ("America/New_York", date(2024, 3, 10), time(1), time(3), H),
        # NY fall: 01:00 EDT (05:00 UTC) to 03:00 EST (08:00 UTC) is three real hours.
        ("America/New_York", date(2024, 11, 3), time(1), time(3), 3 * H),
        # NY spring, start inside the gap: the window opens at the jump, 03:00 EDT, so
        # 02:30-04:00 holds 03:00-04:00 EDT = 1 h.
        ("America/New_York", date(2024, 3, 10), time(2, 30), time(4), H),
        # NY spring, a window wholly inside the gap (02:00-02:45) never happens: 0 h.
        ("America/New_York", date(2024, 3, 10), time(2), time(2, 45), timedelta(0)),
        # Sofia spring: 02:00 EET (00:00 UTC) to 05:00 EEST (02:00 UTC) = 2 h.
        ("Europe/Sofia", date(2024, 3, 31), time(2), time(5), 2 * H),
        # Sofia fall: 02:00 EEST (23:00 UTC Sat) to 05:00 EET (03:00 UTC) = 4 h.
        ("Europe/Sofia", date(2024, 10, 27), time(2), time(5), 4 * H),
        # Sofia fall, the repeated hour itself: 03:00 first reading (03:00 EEST = 00:00 UTC)
        # to 04:00 (only reading, EET = 02:00 UTC) = 2 h.
        ("Europe/Sofia", date(2024, 10, 27), time(3), time(4), 2 * H),
        # Sofia fall, a start inside the overlap opens at its first reading: 03:30 EEST
        # (00:30 UTC) to 05:00 EET (03:00 UTC) = 2.5 h.
        ("Europe/Sofia", date(2024, 10, 27), time(3, 30), time(5), timedelta(hours=2.5)),
        # Sofia's ordinary Sunday for comparison: 3 h.
        ("Europe/Sofia", date(2024, 4, 7), time(2), time(5), 3 * H),
    ],
)
def test_a_window_on_a_dst_day_lasts_its_real_elapsed_time(
    zone: str, day: date, start: time, end: time, expected: timedelta
) -> None:
    calendar = sunday_only(zone, start, end)
    tz = calendar.zone
    midnight = datetime.combine(day, time.min, tzinfo=tz)

    worked = calendar.between(
        midnight, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    )

    assert worked == expected


def test_new_york_spring_night_shift_loses_an_hour_and_lands_after_the_gap() -> None:
    calendar = overnight_saturday("America/New_York")
    start = datetime(2024, 3, 9, 22, tzinfo=NEW_YORK)  # 22:00 EST = 03:00 UTC Sunday

    # 22:00 EST (03:00 UTC) to 06:00 EDT (10:00 UTC): 7 real hours.
    assert calendar.between(start, datetime(2024, 3, 10, 6, tzinfo=NEW_YORK)) == 7 * H
    # + 4 h = 07:00 UTC = 03:00 EDT (02:00 never happens).
    deadline = calendar.add(start, 4 * H)
    assert deadline == utc(2024, 3, 10, 7)
    assert (deadline.hour, deadline.utcoffset()) == (3, -4 * H)
    # + 7 h is the window's end: 06:00 EDT.
    assert calendar.add(start, 7 * H) == datetime(2024, 3, 10, 6, tzinfo=NEW_YORK)


def test_new_york_fall_night_shift_gains_an_hour_and_reads_the_repeated_hour_right() -> None:
    calendar = overnight_saturday("America/New_York")
    start = datetime(2024, 11, 2, 22, tzinfo=NEW_YORK)  # 22:00 EDT = 02:00 UTC Sunday

    # 22:00 EDT (02:00 UTC) to 06:00 EST (11:00 UTC): 9 real hours.
    assert calendar.between(start, datetime(2024, 11, 3, 6, tzinfo=NEW_YORK)) == 9 * H
    # + 3 h = 05:00 UTC = 01:00 EDT (first reading of 01:00).
    # (Python never finds a moment inside a repeated hour equal to one in another zone,
    # PEP 495, so compare in UTC.)
    first = calendar.add(start, 3 * H)
    assert first.astimezone(UTC) == utc(2024, 11, 3, 5)
    assert (first.hour, first.utcoffset()) == (1, -4 * H)
    # + 4 h = 06:00 UTC = 01:00 EST (second reading of 01:00, fold=1).
    second = calendar.add(start, 4 * H)
    assert second.astimezone(UTC) == utc(2024, 11, 3, 6)
    assert (second.hour, second.utcoffset(), second.fold) == (1, -5 * H, 1)


def test_sofia_night_shifts_are_7_hours_in_march_and_9_in_october() -> None:
    calendar = overnight_saturday("Europe/Sofia")

    # 30 Mar 22:00 EET (20:00 UTC) to 31 Mar 06:00 EEST (03:00 UTC) = 7 h.
    spring = calendar.between(
        datetime(2024, 3, 30, 12, tzinfo=SOFIA), datetime(2024, 3, 31, 12, tzinfo=SOFIA)
    )
    # 26 Oct 22:00 EEST (19:00 UTC) to 27 Oct 06:00 EET (04:00 UTC) = 9 h.
    fall = calendar.between(
        datetime(2024, 10, 26, 12, tzinfo=SOFIA), datetime(2024, 10, 27, 12, tzinfo=SOFIA)
    )

    assert (spring, fall) == (7 * H, 9 * H)
    # 30 Mar 22:00 EET (20:00 UTC) + 5 h = 01:00 UTC = 04:00 EEST (03:00 never happens).
    assert calendar.add(datetime(2024, 3, 30, 22, tzinfo=SOFIA), 5 * H) == utc(2024, 3, 31, 1)


def test_a_24_7_calendar_has_23_and_25_hour_days_in_sofia() -> None:
    calendar = sofia_always()

    # Sat 30 Mar 00:00 to Mon 1 Apr 00:00: 24 h + 23 h.
    assert (
        calendar.between(datetime(2024, 3, 30, tzinfo=SOFIA), datetime(2024, 4, 1, tzinfo=SOFIA))
        == 47 * H
    )
    # Sat 26 Oct 00:00 to Mon 28 Oct 00:00: 24 h + 25 h.
    assert (
        calendar.between(datetime(2024, 10, 26, tzinfo=SOFIA), datetime(2024, 10, 28, tzinfo=SOFIA))
        == 49 * H
    )
    # Sat 30 Mar 12:00 EET (10:00 UTC) + 24 h = 10:00 UTC Sunday = 13:00 EEST.
    assert calendar.add(datetime(2024, 3, 30, 12, tzinfo=SOFIA), 24 * H) == datetime(
        2024, 3, 31, 13, tzinfo=SOFIA
    )
    # Sat 26 Oct 12:00 EEST (09:00 UTC) + 24 h = 09:00 UTC Sunday = 11:00 EET.
    assert calendar.add(datetime(2024, 10, 26, 12, tzinfo=SOFIA), 24 * H) == datetime(
        2024, 10, 27, 11, tzinfo=SOFIA
    )


def test_office_hours_keep_their_wall_clock_across_the_change() -> None:
    sofia_office = BusinessCalendar("Europe/Sofia", OFFICE_HOURS, [])
    new_york_office = BusinessCalendar(
        "America/New_York", {d: [(time(9), time(17))] for d in range(5)}, []
    )

    # Fri 29 Mar 17:00 EET + 2 h: 1 h Friday, Mon 1 Apr 09:00-10:00 EEST (= 07:00 UTC).
    assert sofia_office.add(datetime(2024, 3, 29, 17, tzinfo=SOFIA), 2 * H) == utc(2024, 4, 1, 7)
    # Fri 8 Mar 16:00 EST + 2 h: 1 h Friday, Mon 11 Mar 09:00-10:00 EDT (= 14:00 UTC).
    assert new_york_office.add(datetime(2024, 3, 8, 16, tzinfo=NEW_YORK), 2 * H) == utc(
        2024, 3, 11, 14
    )
    # Fri 8 Mar 09:00 EST to Mon 11 Mar 17:00 EDT: two full 8 h days.
    assert (
        new_york_office.between(
            datetime(2024, 3, 8, 9, tzinfo=NEW_YORK), datetime(2024, 3, 11, 17, tzinfo=NEW_YORK)
        )
        == 16 * H
    )


def test_inputs_in_other_zones_are_converted_and_results_are_in_the_calendar_zone() -> None:
    calendar = BusinessCalendar("Europe/Sofia", OFFICE_HOURS, [])

    # 15:00 UTC Fri 29 Mar 2024 = 17:00 EET; + 2 h -> Mon 1 Apr 10:00 EEST.
    deadline = calendar.add(utc(2024, 3, 29, 15), 2 * H)
    assert deadline == datetime(2024, 4, 1, 10, tzinfo=SOFIA)
    assert deadline.tzinfo == SOFIA
    assert (deadline.hour, deadline.utcoffset()) == (10, 3 * H)

    # Fri 2 Jun 2023 21:00 in Almaty (UTC+6) = 15:00 UTC = 18:00 EEST: the Sofia day is over,
    # so + 1 h -> Mon 5 Jun 2023 10:00 EEST.
    assert calendar.add(datetime(2023, 6, 2, 21, tzinfo=ALMATY), H) == datetime(
        2023, 6, 5, 10, tzinfo=SOFIA
    )
    # Mon 5 Jun 2023 12:00 Almaty = 06:00 UTC = 09:00 EEST, to 18:00 UTC = 21:00 EEST: 8 h.
    assert calendar.between(datetime(2023, 6, 5, 12, tzinfo=ALMATY), utc(2023, 6, 5, 18)) == 8 * H


def test_shanghai_golden_week_and_make_up_working_days() -> None:
    # China 2024 National Day: 1-7 October off, Sun 29 Sep and Sat 12 Oct are working days
    # (State Council holiday notice for 2024). Hours 09:00-12:00 and 13:00-18:00.
    hours = {d: [(time(9), time(12)), (time(13), time(18))] for d in range(5)}
    make_up = {date(2024, 9, 29): hours[0], date(2024, 10, 12): hours[0]}
    golden_week = [date(2024, 10, 1) + timedelta(days=n) for n in range(7)]
    calendar = BusinessCalendar("Asia/Shanghai", hours, golden_week, special_days=make_up)

    # Mon 30 Sep 17:00 + 3 h: 1 h Monday, 1-7 Oct off, Tue 8 Oct 09:00-11:00.
    assert calendar.add(datetime(2024, 9, 30, 17, tzinfo=SHANGHAI), 3 * H) == datetime(
        2024, 10, 8, 11, tzinfo=SHANGHAI
    )
    # Fri 27 Sep 17:00 CST given as 09:00 UTC; + 2 h: 1 h Friday, Sunday 29 Sep 09:00-10:00.
    deadline = calendar.add(utc(2024, 9, 27, 9), 2 * H)
    assert deadline == datetime(2024, 9, 29, 10, tzinfo=SHANGHAI)
    assert deadline.tzinfo == SHANGHAI
    # Mon 30 Sep 00:00 to Mon 14 Oct 00:00: Mon 30 Sep, Tue 8 - Fri 11 Oct and Sat 12 Oct:
    # 6 days x 8 h = 48 h.
    assert (
        calendar.between(
            datetime(2024, 9, 30, tzinfo=SHANGHAI), datetime(2024, 10, 14, tzinfo=SHANGHAI)
        )
        == 48 * H
    )


def test_a_utc_calendar_needs_no_conversion() -> None:
    calendar = BusinessCalendar("UTC", OFFICE_HOURS, [])

    assert calendar.add(utc(2024, 3, 29, 17), H) == utc(2024, 3, 29, 18)
    # An input in New York: Fri 29 Mar 13:00 EDT = 17:00 UTC.
    assert calendar.add(datetime(2024, 3, 29, 13, tzinfo=NEW_YORK), 2 * H) == utc(2024, 4, 1, 10)
