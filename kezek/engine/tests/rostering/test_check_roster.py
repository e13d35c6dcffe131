"""check_roster names every broken hard rule of a hand-made roster, across DST and midnight."""

from __future__ import annotations

import datetime as dt

import pytest

from kezek.engine.rostering import (
    RosterRules,
    RosterShift,
    Violation,
    check_roster,
    parse_availability,
)
from kezek.engine.scheduling import ShiftTemplate

from .conftest import DAY, LATE, MONDAY, NIGHT, agent, hourly_grid, solve, zoned_grid

WEEK = hourly_grid([[(0, 24, 0)]] * 7)
H = 60


def _shift(agent_id: str, template: str, day: int, hour: int, hours: int = 8) -> RosterShift:
    start = (day * 24 + hour) * H
    return RosterShift(agent_id, template, start, start + hours * H)


def _rules(violations: tuple[Violation, ...]) -> list[tuple[str, str, dt.date | None]]:
    return [(v.agent_id, v.rule, v.date) for v in violations]


def test_a_clean_roster_has_no_violations() -> None:
    shifts = [_shift("a", "day", d, 9) for d in range(5)]
    assert check_roster(shifts=shifts, agents=[agent("a")], templates=(DAY,), grid=WEEK) == ()


def test_every_rule_broken_is_listed_with_agent_and_date() -> None:
    a = agent(
        "a",
        low=0,
        high=40,
        availability=parse_availability("Mon-Sun 06:00-23:00"),
        unavailable_dates=frozenset({MONDAY + dt.timedelta(days=2)}),
        templates=frozenset({"day", "late"}),
    )
    shifts = [
        _shift("a", "day", 0, 9),
        _shift("a", "late", 0, 14),  # overlaps the day shift
        _shift("a", "day", 1, 9),  # 11 h after the late shift's 22:00 end: enough rest
        _shift("a", "day", 2, 9),  # on leave
        _shift("a", "night", 3, 22),  # not an allowed template, outside the window
        _shift("a", "day", 4, 9),  # 3 h after the night shift ends; the sixth day in a row
        _shift("a", "day", 5, 9),
        _shift("a", "day", 6, 9),
        _shift("ghost", "day", 0, 9),
    ]
    found = check_roster(
        shifts=shifts, agents=[a], templates=(DAY, LATE, NIGHT), grid=WEEK, rules=RosterRules()
    )
    day = [MONDAY + dt.timedelta(days=k) for k in range(7)]
    # Weekly rules are dated on the week's Monday; the list runs by agent, date, rule.
    assert _rules(found) == [
        ("a", "overlap", day[0]),
        ("a", "weekly_rest", day[0]),
        ("a", "max_hours_per_week", day[0]),
        ("a", "unavailable_date", day[2]),
        ("a", "template", day[3]),
        ("a", "availability", day[3]),
        ("a", "min_rest", day[4]),
        ("a", "max_consecutive_days", day[5]),
        ("ghost", "agent", day[0]),
    ]
    assert found[1].message == "the week of 2024-03-04 has no 2 consecutive days off"
    assert "2024-03-07 22:00" in found[4].message


def test_rest_is_elapsed_time_across_the_dst_changes() -> None:
    # Europe/Berlin: clocks go back on 2024-10-27 (03:00 -> 02:00), forward on 2024-03-31.
    late = ShiftTemplate("late", 14 * H, 14 * H, H, 8 * H)
    early = ShiftTemplate("early", 9 * H, 9 * H, H, 8 * H)
    for first, rest_hours in (
        (dt.datetime(2024, 10, 25, 22, tzinfo=dt.UTC), 12),
        (dt.datetime(2024, 3, 29, 23, tzinfo=dt.UTC), 10),
    ):
        hours = 72
        grid = zoned_grid(first, hours, [0] * hours, "Europe/Berlin")
        # Saturday late 14:00-22:00 local, Sunday early 09:00 local: 11 h on the wall clock.
        start_late = _elapsed_hour(grid, day_offset=0, hour=14)
        start_early = _elapsed_hour(grid, day_offset=1, hour=9)
        shifts = [
            RosterShift("a", "late", start_late * H, (start_late + 8) * H),
            RosterShift("a", "early", start_early * H, (start_early + 8) * H),
        ]
        assert start_early - (start_late + 8) == rest_hours
        found = check_roster(shifts=shifts, agents=[agent("a")], templates=(late, early), grid=grid)
        assert [v.rule for v in found] == ([] if rest_hours >= 11 else ["min_rest"])


def _elapsed_hour(grid: object, *, day_offset: int, hour: int) -> int:
    days = grid.wall_days  # type: ignore[attr-defined]
    minutes = grid.wall_minutes  # type: ignore[attr-defined]
    target = int(days[0]) + day_offset
    return next(i for i in range(days.size) if days[i] == target and minutes[i] == hour * H)


def test_a_week_across_the_fall_back_counts_elapsed_paid_hours() -> None:
    # The ISO week 2024-10-21..27 holds the 25-hour Sunday; a night shift from Saturday 22:00
    # lasts 8 elapsed hours (until 05:00 on the wall clock) and counts on Saturday.
    first = dt.datetime(2024, 10, 20, 22, tzinfo=dt.UTC)  # Monday 00:00 in Berlin
    hours = 7 * 24 + 1
    required = [0] * hours
    grid = zoned_grid(first, hours, required, "Europe/Berlin")
    saturday_22 = _elapsed_hour(grid, day_offset=5, hour=22)
    night = RosterShift("a", "night", saturday_22 * H, (saturday_22 + 8) * H)
    weekly = agent("a", low=0, high=8, unavailable_dates=frozenset({dt.date(2024, 10, 27)}))
    assert check_roster(shifts=[night], agents=[weekly], templates=(NIGHT,), grid=grid) == ()
    too_few = agent("a", low=0, high=7)
    found = check_roster(shifts=[night], agents=[too_few], templates=(NIGHT,), grid=grid)
    assert _rules(found) == [("a", "max_hours_per_week", dt.date(2024, 10, 21))]


def test_a_shift_past_midnight_belongs_to_the_day_it_starts() -> None:
    friday_night = _shift("a", "night", 4, 22)
    window = parse_availability("Fri 22:00-06:00")
    leave_saturday = agent(
        "a", availability=window, unavailable_dates=frozenset({MONDAY + dt.timedelta(days=5)})
    )
    assert (
        check_roster(shifts=[friday_night], agents=[leave_saturday], templates=(NIGHT,), grid=WEEK)
        == ()
    )
    leave_friday = agent(
        "a", availability=window, unavailable_dates=frozenset({MONDAY + dt.timedelta(days=4)})
    )
    found = check_roster(
        shifts=[friday_night], agents=[leave_friday], templates=(NIGHT,), grid=WEEK
    )
    assert _rules(found) == [("a", "unavailable_date", MONDAY + dt.timedelta(days=4))]
    saturday_window = agent("a", availability=parse_availability("Sat 00:00-08:00"))
    found = check_roster(
        shifts=[friday_night], agents=[saturday_window], templates=(NIGHT,), grid=WEEK
    )
    assert [v.rule for v in found] == ["availability"]


def test_the_solver_rosters_night_shifts_across_the_fall_back_week() -> None:
    first = dt.datetime(2024, 10, 20, 22, tzinfo=dt.UTC)
    hours = 7 * 24 + 1
    grid = zoned_grid(first, hours, [0] * hours, "Europe/Berlin")
    required = grid.required_agents.copy()
    for d in range(7):
        start = _elapsed_hour(grid, day_offset=d, hour=22)
        required[start : start + 8] = 1
    grid = type(grid)(60, required[:hours], grid.wall_days, grid.wall_minutes)
    roster = solve([agent("a", high=40), agent("b", high=40)], (NIGHT,), grid)
    assert roster.violations == ()
    assert roster.shortfall_agent_intervals == 0
    assert len(roster.shifts) == 7


@pytest.mark.parametrize(("rest_hours", "broken"), [(11, []), (12, ["min_rest"])])
def test_check_roster_uses_the_rest_given(rest_hours: int, broken: list[str]) -> None:
    shifts = [_shift("a", "late", 0, 14), _shift("a", "day", 1, 9)]  # 11 h apart
    rules = RosterRules(min_rest_minutes=rest_hours * H)
    found = check_roster(
        shifts=shifts, agents=[agent("a")], templates=(DAY, LATE), grid=WEEK, rules=rules
    )
    assert [v.rule for v in found] == broken
