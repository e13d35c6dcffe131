"""BusinessCalendar: lunch breaks, weekends, holidays, window ends, midnight, 24/7, validation.

Expected values are worked out by hand in the comments; dates were checked against a printed
2024 calendar (15 April 2024 is a Monday).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from kezek.engine.calendars import MAX_SEARCH_DAYS, BusinessCalendar
from kezek.engine.calendars.business import BusinessCalendar as CalendarClass
from kezek.engine.tests.calendars.support import (
    ALWAYS,
    OFFICE_HOURS,
    SOFIA,
    sofia_always,
    sofia_office,
)

H = timedelta(hours=1)


def sofia(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SOFIA)


@pytest.mark.parametrize(
    ("start", "duration", "deadline"),
    [
        # 12:00 + 2 h: 12:00-13:00 is 1 h, lunch, 14:00-15:00 is the 2nd hour.
        (sofia(2024, 4, 15, 12), 2 * H, sofia(2024, 4, 15, 15)),
        # 11:00 + 2 h ends exactly as lunch starts: 13:00, not 14:00.
        (sofia(2024, 4, 15, 11), 2 * H, sofia(2024, 4, 15, 13)),
        # 17:00 + 1 h ends exactly at closing: Monday 18:00, not Tuesday 09:00.
        (sofia(2024, 4, 15, 17), H, sofia(2024, 4, 15, 18)),
        # 17:00 + 1 h 1 min rolls over to Tuesday 09:01.
        (sofia(2024, 4, 15, 17), timedelta(minutes=61), sofia(2024, 4, 16, 9, 1)),
        # Started during lunch (13:30): the clock starts at 14:00, so 30 min -> 14:30.
        (sofia(2024, 4, 15, 13, 30), timedelta(minutes=30), sofia(2024, 4, 15, 14, 30)),
        # Started before opening (07:00): 1 h -> 10:00.
        (sofia(2024, 4, 15, 7), H, sofia(2024, 4, 15, 10)),
        # Friday 17:00 + 2 h: 1 h on Friday, weekend, Monday 09:00-10:00.
        (sofia(2024, 4, 19, 17), 2 * H, sofia(2024, 4, 22, 10)),
        # Saturday 10:00 + 30 min: Monday 09:30.
        (sofia(2024, 4, 20, 10), timedelta(minutes=30), sofia(2024, 4, 22, 9, 30)),
        # Tue 30 Apr 17:00 + 3 h: 1 h Tuesday, 1 May holiday, Thursday 09:00-11:00.
        (sofia(2024, 4, 30, 17), 3 * H, sofia(2024, 5, 2, 11)),
        # Thu 2 May 17:00 + 2 h: 1 h Thursday, Fri 3 May (Good Friday), weekend and
        # Mon 6 May (St George's Day) off, Tuesday 7 May 09:00-10:00.
        (sofia(2024, 5, 2, 17), 2 * H, sofia(2024, 5, 7, 10)),
        # A full working week: Monday 09:00 + 40 h is Friday 18:00 (window end).
        (sofia(2024, 4, 15, 9), 40 * H, sofia(2024, 4, 19, 18)),
    ],
)
def test_add_walks_windows_lunch_weekends_and_holidays(
    start: datetime, duration: timedelta, deadline: datetime
) -> None:
    result = sofia_office().add(start, duration)

    assert result == deadline
    assert result.tzinfo == SOFIA
    assert result.utcoffset() == deadline.utcoffset()


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Monday 08:00 to Friday 20:00 covers the whole week: 5 x 8 h.
        (sofia(2024, 4, 15, 8), sofia(2024, 4, 19, 20), 40 * H),
        # Fri 12:00-13:00 (1 h) + 14:00-18:00 (4 h) + Mon 09:00-10:00 (1 h) = 6 h.
        (sofia(2024, 4, 19, 12), sofia(2024, 4, 22, 10), 6 * H),
        # Lunch only: nothing.
        (sofia(2024, 4, 15, 13), sofia(2024, 4, 15, 14), timedelta(0)),
        # Tue 30 Apr 09:00 to Tue 7 May 09:00: Tue 30 Apr and Thu 2 May are the only working
        # days (1, 3 and 6 May are holidays): 16 h.
        (sofia(2024, 4, 30, 9), sofia(2024, 5, 7, 9), 16 * H),
        # Reversed: the negative of the forward value (used for overdue time).
        (sofia(2024, 4, 22, 10), sofia(2024, 4, 19, 12), -6 * H),
        (sofia(2024, 4, 15, 10), sofia(2024, 4, 15, 10), timedelta(0)),
    ],
)
def test_between_counts_working_time_only(
    start: datetime, end: datetime, expected: timedelta
) -> None:
    assert sofia_office().between(start, end) == expected


def test_500_working_hours_skip_whole_weeks_and_land_after_the_dst_change() -> None:
    # No holidays. Mon 8 Jan 2024 09:00 + 500 h = 12 weeks (480 h) -> Mon 1 Apr 09:00, then
    # 20 h: Monday 8 h, Tuesday 8 h, Wednesday 09:00-13:00 4 h -> Wed 3 Apr 13:00, now summer
    # time (EEST, UTC+3) since Sunday 31 March.
    calendar = BusinessCalendar("Europe/Sofia", OFFICE_HOURS, [])
    start = sofia(2024, 1, 8, 9)

    deadline = calendar.add(start, 500 * H)

    assert deadline == sofia(2024, 4, 3, 13)
    assert deadline.utcoffset() == 3 * H
    assert calendar.between(start, deadline) == 500 * H


def test_adding_500_hours_computes_only_a_few_days(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whole weeks are jumped arithmetically: only the days around the start, the DST change
    # week and the final week are built window by window (not ~90 days, not minute by minute).
    calendar = BusinessCalendar("Europe/Sofia", OFFICE_HOURS, [])
    built: list[date] = []
    original = CalendarClass._compute_day

    def spy(self: BusinessCalendar, day: date) -> object:
        built.append(day)
        return original(self, day)

    monkeypatch.setattr(CalendarClass, "_compute_day", spy)

    calendar.add(sofia(2024, 1, 8, 9), 500 * H)

    assert len(built) <= 25


def test_zero_duration_returns_start_itself_even_outside_hours() -> None:
    start = datetime(2024, 4, 20, 3, 0, tzinfo=SOFIA)  # Saturday night

    result = sofia_office().add(start, timedelta(0))
    in_utc = start.astimezone(UTC)

    assert result is start
    assert sofia_office().add(in_utc, timedelta(0)) is in_utc


def test_windows_ending_at_midnight_run_to_the_end_of_the_day() -> None:
    # Evening shift Mon-Fri 18:00-00:00 (time(0, 0) = midnight at the end of the day).
    calendar = BusinessCalendar("Europe/Sofia", {d: [(time(18), time(0))] for d in range(5)})
    monday_23 = sofia(2024, 4, 15, 23)

    # 23:00 + 1 h is the window's end: midnight that ends Monday, i.e. Tuesday 00:00.
    assert calendar.add(monday_23, H) == sofia(2024, 4, 16, 0)
    # + 2 h: 1 h on Monday, then Tuesday's window 18:00-19:00.
    assert calendar.add(monday_23, 2 * H) == sofia(2024, 4, 16, 19)
    # Monday 18:00 to Tuesday 18:00 holds one full evening: 6 h.
    assert calendar.between(sofia(2024, 4, 15, 18), sofia(2024, 4, 16, 18)) == 6 * H
    assert calendar.week_working_time == 30 * H


def test_a_night_shift_across_midnight_is_continuous() -> None:
    # Mon-Fri 22:00-00:00 and Tue-Sat 00:00-06:00: Monday 23:00 + 2 h = Tuesday 01:00.
    hours: dict[int, list[tuple[time, time]]] = {d: [(time(22), time(0))] for d in range(5)}
    for d in range(1, 6):
        hours[d] = [(time(0), time(6)), *hours.get(d, [])]
    calendar = BusinessCalendar("Europe/Sofia", hours)

    assert calendar.add(sofia(2024, 4, 15, 23), 2 * H) == sofia(2024, 4, 16, 1)
    # Friday 22:00 + 9 h: Fri 22-24 (2 h), Sat 00-06 (6 h), Monday has no morning window,
    # Monday 22:00-23:00 is the 9th hour.
    assert calendar.add(sofia(2024, 4, 19, 22), 9 * H) == sofia(2024, 4, 22, 23)


def test_a_24_7_calendar_counts_real_time() -> None:
    calendar = sofia_always()
    start = sofia(2024, 4, 15, 10)

    assert calendar.add(start, 72 * H) == sofia(2024, 4, 18, 10)
    assert calendar.between(start, sofia(2024, 4, 22, 10)) == 168 * H
    assert calendar.week_working_time == 168 * H


def test_a_24_7_calendar_adds_1000_days_through_the_week_jumps() -> None:
    # 2024-01-01 00:00 EET = 2023-12-31 22:00 UTC; + 1000 real days = 2026-09-26 22:00 UTC
    # (366 days to 2025-01-01, 365 to 2026-01-01, 269 more to 27 Sep), which is
    # 2026-09-27 01:00 local because Sofia is on summer time (UTC+3) then.
    start = sofia(2024, 1, 1)

    deadline = sofia_always().add(start, timedelta(days=1000))

    assert deadline == datetime(2026, 9, 26, 22, tzinfo=UTC)
    assert (deadline.year, deadline.month, deadline.day, deadline.hour) == (2026, 9, 27, 1)
    assert deadline.utcoffset() == 3 * H


def test_special_days_replace_the_weekday_and_holidays() -> None:
    # Shortened Friday (09:00-12:00) and a make-up Saturday (09:00-13:00).
    calendar = BusinessCalendar(
        "Europe/Sofia",
        OFFICE_HOURS,
        [date(2024, 4, 19)],
        special_days={
            date(2024, 4, 19): [(time(9), time(12))],
            date(2024, 4, 20): [(time(9), time(13))],
        },
    )

    # Friday 11:00 + 2 h: 1 h Friday (to 12:00), Saturday 09:00-10:00.
    assert calendar.add(sofia(2024, 4, 19, 11), 2 * H) == sofia(2024, 4, 20, 10)
    # Mon 15 Apr 09:00 to Mon 22 Apr 09:00: 4 x 8 h + 3 h + 4 h = 39 h.
    assert calendar.between(sofia(2024, 4, 15, 9), sofia(2024, 4, 22, 9)) == 39 * H


def test_is_working_includes_window_start_and_excludes_window_end() -> None:
    calendar = sofia_office()

    assert calendar.is_working(sofia(2024, 4, 15, 9))
    assert not calendar.is_working(sofia(2024, 4, 15, 13))
    assert not calendar.is_working(sofia(2024, 5, 1, 10))  # Labour Day


def test_a_calendar_without_working_hours_refuses_to_add() -> None:
    calendar = BusinessCalendar("Europe/Sofia", {}, [])

    with pytest.raises(ValueError, match="no working hours"):
        calendar.add(sofia(2024, 4, 15, 9), H)
    assert calendar.between(sofia(2024, 4, 15), sofia(2024, 5, 15)) == timedelta(0)
    assert calendar.add(sofia(2024, 4, 15, 9), timedelta(0)) == sofia(2024, 4, 15, 9)


def test_holidays_covering_ten_years_stop_the_search_instead_of_looping() -> None:
    # Only Mondays work, and every Monday of the next 11 years is a holiday.
    mondays = [date(2024, 4, 15) + timedelta(weeks=n) for n in range(11 * 53)]
    calendar = BusinessCalendar("Europe/Sofia", {0: [(time(9), time(17))]}, mondays)

    with pytest.raises(ValueError, match="ten years"):
        calendar.add(sofia(2024, 4, 15, 9), H)


def test_a_holiday_far_in_the_future_changes_nothing_nearby() -> None:
    calendar = BusinessCalendar("Europe/Sofia", OFFICE_HOURS, [date(2999, 1, 1)])

    assert calendar.add(sofia(2024, 4, 19, 17), 2 * H) == sofia(2024, 4, 22, 10)


def test_a_deadline_beyond_the_search_horizon_is_refused() -> None:
    # 40 h a week: 40 * 53 * 11 hours need about 11 years of calendar days.
    with pytest.raises(ValueError, match=f"{MAX_SEARCH_DAYS} days"):
        sofia_office().add(sofia(2024, 4, 15, 9), 40 * 53 * 11 * H)


def test_a_bare_pair_is_read_as_one_window() -> None:
    calendar = BusinessCalendar("UTC", {0: (time(9), time(17))})  # type: ignore[dict-item]

    assert calendar.week_working_time == 8 * H


def test_touching_windows_are_merged() -> None:
    calendar = BusinessCalendar("UTC", {0: [(time(12), time(18)), (time(9), time(12))]})

    assert calendar.week_working_time == 9 * H


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("start", datetime(2024, 4, 15, 9), r"start must be an aware datetime .* naive"),  # noqa: DTZ001
        ("start", date(2024, 4, 15), "start must be an aware datetime, got date"),
    ],
)
def test_naive_or_non_datetime_start_is_refused(name: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sofia_office().add(value, H)  # type: ignore[arg-type]


def test_naive_end_is_refused_by_name() -> None:
    naive = datetime(2024, 4, 15, 18)  # noqa: DTZ001 (the point of the test)

    with pytest.raises(ValueError, match="end must be an aware datetime"):
        sofia_office().between(sofia(2024, 4, 15, 9), naive)


def test_negative_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="duration must be a timedelta of zero or more"):
        sofia_office().add(sofia(2024, 4, 15, 9), -H)


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ({7: []}, r"weekday must be an integer from 0 \(Monday\) to 6 \(Sunday\), got 7"),
        ({-1: []}, "weekday must be an integer .* got -1"),
        ({True: []}, "weekday must be an integer"),
        (
            {0: [(time(18), time(9))]},
            r"hours\[0\] \(Monday\): window 18:00-09:00 must start before",
        ),
        ({2: [(time(9), time(9))]}, r"hours\[2\] \(Wednesday\): window 09:00-09:00"),
        (
            {4: [(time(9), time(13)), (time(12), time(18))]},
            r"hours\[4\] \(Friday\): windows 09:00-13:00 and 12:00-18:00 overlap",
        ),
        (
            {6: [(time(20), time(0)), (time(22), time(23))]},
            r"hours\[6\] \(Sunday\): windows 20:00-00:00 and 22:00-23:00 overlap",
        ),
        ({0: [(time(9),)]}, r"hours\[0\] \(Monday\): window .* must be a \(start, end\) pair"),
        ({0: [(9, 17)]}, r"hours\[0\] \(Monday\): window .* got int"),
        ({0: [(time(9, tzinfo=SOFIA), time(17))]}, r"hours\[0\] \(Monday\): .* local wall-clock"),
        ([(time(9), time(17))], "hours must be a mapping"),
    ],
)
def test_invalid_hours_are_refused_naming_weekday_and_window(hours: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar("Europe/Sofia", hours, [])  # type: ignore[arg-type]


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time_zone must be an IANA time zone name"):
        BusinessCalendar("Mars/Olympus_Mons", OFFICE_HOURS, [])


def test_holidays_must_be_dates_not_datetimes() -> None:
    with pytest.raises(ValueError, match=r"holidays must contain datetime\.date values"):
        BusinessCalendar("Europe/Sofia", OFFICE_HOURS, [sofia(2024, 5, 1)])


def test_whole_day_windows_are_accepted() -> None:
    calendar = BusinessCalendar("UTC", ALWAYS, [])

    assert calendar.time_zone == "UTC"
    assert calendar.week_working_time == 168 * H
